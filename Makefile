# The one place project commands are defined; CI (.ci/run) and the README call these targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STACK  ?= dev
# The policy pack's own virtualenv, built from policies/requirements.txt alone, as the Pulumi CLI builds it.
PACK_VENV  := policies/venv
PACK_STAMP := $(PACK_VENV)/.installed

.PHONY: help venv pack-venv plan check test lint format typecheck pytest clean

help:
	@echo "make plan [STACK=dev]  plan a stack offline and judge it with the policy pack (creates .venv on first run)"
	@echo "make check [STACK=dev] only the policy verdicts; exits 1 on a mandatory violation"
	@echo "make test              lint, type-check and run the test suite"
	@echo "make format            format the code with ruff"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

$(PACK_STAMP): policies/requirements.txt
	$(PYTHON) -m venv $(PACK_VENV)
	$(PACK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PACK_VENV)/bin/python -m pip install --quiet -r policies/requirements.txt
	@touch $(PACK_STAMP)

pack-venv: $(PACK_STAMP)

plan: $(STAMP)
	$(BIN)/aoai plan --stack $(STACK)

check: $(STAMP)
	$(BIN)/aoai check --stack $(STACK)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)
	$(BIN)/pyright

pytest: $(STAMP) $(PACK_STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) $(PACK_VENV) build *.egg-info .pytest_cache .ruff_cache
