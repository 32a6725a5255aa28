# The one place project commands are defined; CI (.ci/run) and the docs call these targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STACK  ?= dev
OUT    ?= build/plan-$(STACK).json
# For `make review`: a checkout of the target branch, and where the review is written.
BASE_DIR   ?=
REVIEW_DIR ?= build/review
# The policy pack's own virtualenv, from policies/requirements.txt alone: the Pulumi CLI runs a local pack in it
# but does not create it.
PACK_VENV  := policies/venv
PACK_STAMP := $(PACK_VENV)/.installed

.PHONY: help venv pack-venv plan plan-json review check preflight drift bench test fuzz lint format typecheck pytest docs catalog clean

help:
	@echo "make plan [STACK=dev]  plan a stack offline and judge it with the policy pack (creates .venv on first run)"
	@echo "make check [STACK=dev] only the policy verdicts; exits 1 on a mandatory violation"
	@echo "make preflight [STACK=dev] check the stack against Azure (models, quota, capacity, names); needs az login"
	@echo "make drift [STACK=dev] [DRIFT_OUT=build/drift/<stack>.md]  what changed in Azure since the stack was"
	@echo "                       applied (read-only; needs az login); exits 1 on drift, 3 with a blocking risk"
	@echo "make plan-json [STACK=dev] [OUT=build/plan-dev.json]  write the plan file aoai diff reads"
	@echo "make review BASE_DIR=<checkout of the target branch> [STACK=dev]  review the change offline; exits 3 when"
	@echo "                       it needs approval (writes build/review/<stack>.md, .full.md and .json)"
	@echo "make test              lint, type-check and run the test suite"
	@echo "make fuzz              the property-based tests with a large budget (minutes)"
	@echo "make format            format the code with ruff"
	@echo "make bench             scale benchmarks against a plain azure-native baseline (writes bench/RESULTS.md)"
	@echo "make docs              regenerate the generated parts of docs/ (configuration, policies, Azure sources, plan schema)"
	@echo "make catalog           regenerate the model availability matrix (policies/aoai_policies/model_catalog.py)"
	@echo "                       from the Learn pages saved in catalog/sources"

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

# Policy violations are recorded in the plan file, so they do not fail this target (aoai exits 1 for them); invalid
# input still does (exit 2).
plan-json: $(STAMP)
	@mkdir -p $(dir $(OUT))
	$(BIN)/aoai plan --stack $(STACK) --format json --out $(OUT) || [ $$? -eq 1 ]

# The target branch is planned with its own code. A target branch without the stack's file is a new stack: the
# review compares against nothing. make itself can only exit 0 or 2, so the code of `aoai diff` (0 ok, 3 needs
# approval, 2 invalid plan, 70 a bug) is written to <stack>.exit; the target fails unless it is 0.
review: $(STAMP)
	@test -n "$(BASE_DIR)" || { echo "usage: make review BASE_DIR=<checkout of the target branch> [STACK=dev]" >&2; exit 2; }
	@mkdir -p $(REVIEW_DIR)
	@rm -f $(REVIEW_DIR)/$(STACK).exit $(REVIEW_DIR)/$(STACK).md $(REVIEW_DIR)/$(STACK).full.md $(REVIEW_DIR)/$(STACK).json
	$(MAKE) --no-print-directory plan-json STACK=$(STACK) OUT=$(REVIEW_DIR)/$(STACK).head.json
	@if [ -f $(BASE_DIR)/stacks/Pulumi.$(STACK).yaml ]; then \
	  $(MAKE) --no-print-directory -C $(BASE_DIR) plan-json STACK=$(STACK) OUT=$(abspath $(REVIEW_DIR))/$(STACK).base.json \
	  && echo $(REVIEW_DIR)/$(STACK).base.json > $(REVIEW_DIR)/$(STACK).base; \
	else echo --no-base > $(REVIEW_DIR)/$(STACK).base; fi
	@code=0; $(BIN)/aoai diff $$(cat $(REVIEW_DIR)/$(STACK).base) $(REVIEW_DIR)/$(STACK).head.json --format json \
	  --out $(REVIEW_DIR)/$(STACK).json || code=$$?; \
	echo $$code > $(REVIEW_DIR)/$(STACK).exit; \
	if [ $$code -eq 0 ] || [ $$code -eq 3 ]; then \
	  $(BIN)/aoai diff $$(cat $(REVIEW_DIR)/$(STACK).base) $(REVIEW_DIR)/$(STACK).head.json --format markdown \
	    --out $(REVIEW_DIR)/$(STACK).md || [ $$? -eq $$code ] || { echo "aoai diff: the Markdown review failed" >&2; exit 2; }; \
	  $(BIN)/aoai diff $$(cat $(REVIEW_DIR)/$(STACK).base) $(REVIEW_DIR)/$(STACK).head.json --format markdown --full \
	    --out $(REVIEW_DIR)/$(STACK).full.md || [ $$? -eq $$code ] || { echo "aoai diff: the full Markdown review failed" >&2; exit 2; }; \
	fi; \
	exit $$code

check: $(STAMP)
	$(BIN)/aoai check --stack $(STACK)

# Read-only checks against Azure before `pulumi up`: needs credentials (az login, a service principal, OIDC).
preflight: $(STAMP)
	$(BIN)/aoai preflight --stack $(STACK)

# What changed in Azure since the stack was applied, as Markdown (read-only; needs credentials).
DRIFT_OUT ?= build/drift/$(STACK).md
drift: $(STAMP)
	@mkdir -p "$(dir $(DRIFT_OUT))"
	$(BIN)/aoai drift --stack $(STACK) --format markdown --out "$(DRIFT_OUT)"

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

# The property-based tests with a much larger budget (minutes; not part of `make test`).
fuzz: $(STAMP) $(PACK_STAMP)
	AOAI_HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -k property

# Scale benchmarks (minutes; not part of `make test`): writes bench/RESULTS.md, exits 1 when a target is missed.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# The generated parts of docs/: tests/test_docs.py fails when they are stale.
docs: $(STAMP)
	$(BIN)/python -m aoai.reference
	$(BIN)/python -m aoai.plan.document

# The model availability matrix, from the Learn pages saved in catalog/sources (catalog/sources/README.md); a test
# fails when the committed module is stale.
catalog: $(STAMP)
	$(BIN)/python -m aoai.azure.model_matrix

clean:
	rm -rf $(VENV) $(PACK_VENV) build *.egg-info .pytest_cache .ruff_cache
