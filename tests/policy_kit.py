"""Helpers for policy tests: the shipped prod plan as a compliant baseline, one-field mutations of a resource's
inputs or outputs, and judging through the same analyzer protocol `aoai plan` (and the engine) uses."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from aoai_policies import pack
from conftest import DELETE, ROOT

from aoai.plan.engine import Plan, PlannedResource, run_program
from aoai.policy.evaluate import Evaluation, evaluate_with
from aoai.program import main
from aoai.spec.load import read_stack_file

CONFIG_DIR = ROOT / "policies" / "config"
POLICIES = {p.name: p for p in pack.POLICIES}


@functools.cache
def _shipped(stack: str) -> Plan:
    config = read_stack_file(ROOT / "stacks" / f"Pulumi.{stack}.yaml")
    return run_program(main, config, stack=stack, project="aoai")


def shipped_plan(stack: str) -> Plan:
    """A fresh copy of the plan of a shipped stack (planned once per test session)."""
    return copy.deepcopy(_shipped(stack))


def shipped_config(stack: str) -> dict[str, Any]:
    return json.loads((CONFIG_DIR / f"{stack}.json").read_text(encoding="utf-8"))


def set_path(values: dict[str, Any], path: str, value: Any) -> None:
    """Set (or with DELETE remove) the value at a dotted path, creating objects on the way."""
    *parents, last = path.split(".")
    node = values
    for part in parents:
        node = node.setdefault(part, {})
    if value is DELETE:
        node.pop(last, None)
    else:
        node[last] = value


def named(plan: Plan, name: str) -> PlannedResource:
    return next(r for r in plan.resources if r.name == name)


def _changed(plan: Plan, name: str, side: str, changes: Mapping[str, Any]) -> Plan:
    plan = copy.deepcopy(plan)
    values = getattr(named(plan, name), side)
    for path, value in changes.items():
        set_path(values, path, value)
    return plan


def with_inputs(plan: Plan, name: str, changes: Mapping[str, Any]) -> Plan:
    """A copy of the plan with `changes` (dotted path → value) applied to one resource's inputs."""
    return _changed(plan, name, "inputs", changes)


def with_outputs(plan: Plan, name: str, changes: Mapping[str, Any]) -> Plan:
    """A copy of the plan with `changes` applied to one resource's outputs."""
    return _changed(plan, name, "outputs", changes)


def without(plan: Plan, *types: str) -> Plan:
    return replace(plan, resources=[r for r in plan.resources if r.type not in types])


def judge(plan: Plan, policy: str, config: Mapping[str, Any] | None = None) -> Evaluation:
    """Evaluate one policy of the pack on `plan` under `config` (the prod configuration by default)."""
    given = shipped_config("prod") if config is None else config
    return evaluate_with(plan, {k: v for k, v in given.items() if k in {policy, "all"}}, "test", [POLICIES[policy]])


def found(plan: Plan, policy: str, config: Mapping[str, Any] | None = None) -> list[tuple[str | None, str]]:
    """(resource name or None for the stack, message) of each violation, in report order."""
    by_urn = plan.by_urn()
    evaluation = judge(plan, policy, config)
    return [(by_urn[v.urn].name if v.urn else None, v.message) for v in evaluation.verdicts]


def not_applicable(plan: Plan, policy: str, config: Mapping[str, Any]) -> str | None:
    return judge(plan, policy, config).not_applicable.get(policy)
