"""The shipped stacks plan exactly as recorded: same resources, URNs, inputs, dependencies, options and outputs.

The recordings in golden/ were written before the code moved into one package (issue #13); a restructuring must leave
them unchanged, so a difference here is a change users would see in `pulumi preview`. When a change is meant to
alter a plan, rewrite the recording in the same commit and let the review show why:

    PYTHONPATH=tests .venv/bin/python tests/plan/test_golden_plans.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from aoai.plan.build import plan_stack
from aoai.spec.project import read_project

GOLDEN = Path(__file__).resolve().parent / "golden"
STACKS = ("dev", "staging", "prod")


def recorded(stack: str) -> dict[str, Any]:
    project = read_project(ROOT)
    plan = plan_stack(project.stack_file(stack), stack=stack, project=project).document.to_json()
    return {key: plan[key] for key in ("stack", "project", "resources", "outputs")}


def text(plan: dict[str, Any]) -> str:
    return json.dumps(plan, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("stack", STACKS)
def test_the_stack_plans_as_recorded(stack: str) -> None:
    expected = json.loads((GOLDEN / f"{stack}.json").read_text(encoding="utf-8"))
    actual = json.loads(text(recorded(stack)))
    assert [r["urn"] for r in actual["resources"]] == [r["urn"] for r in expected["resources"]]
    for got, want in zip(actual["resources"], expected["resources"], strict=True):
        assert got == want, got["urn"]
    assert actual == expected


def test_the_recordings_cover_every_shipped_stack() -> None:
    shipped = sorted(p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in (ROOT / "stacks").glob("*.yaml"))
    assert shipped == sorted(STACKS)


if __name__ == "__main__":
    for name in STACKS:
        (GOLDEN / f"{name}.json").write_text(text(recorded(name)), encoding="utf-8")
