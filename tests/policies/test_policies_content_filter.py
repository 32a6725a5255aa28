"""Content-filter policies on RaiPolicy inputs, including filters left out and inherited from the base policy."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import DELETE
from policy_kit import found, named, not_applicable, shipped_plan, with_inputs

from aoai.plan.engine import Plan

SWEDEN = "aoai-sweden-policy-strict"
FRANCE = "aoai-france-policy-strict"

CONTENT_FILTER_POLICIES = [
    "content-filter-minimum-severity",
    "content-filter-require-prompt-shields",
    "content-filter-require-protected-material",
    "content-filter-disallow-async-mode",
    "content-filter-require-blocklists",
]


def filters_of(plan: Plan, name: str = SWEDEN) -> list[dict[str, Any]]:
    return named(plan, name).inputs["properties"]["contentFilters"]


def edited(name: str, source: str, **fields: Any) -> Plan:
    """The prod plan with one filter entry of the Sweden policy changed (DELETE removes a field)."""
    plan = shipped_plan("prod")
    entry = next(f for f in filters_of(plan) if (f["name"], f["source"]) == (name, source))
    for key, value in fields.items():
        if value is DELETE:
            entry.pop(key, None)
        else:
            entry[key] = value
    return plan


def dropped(*names: str) -> Plan:
    """The prod plan with the Sweden policy no longer stating the named filters (they fall back to the base)."""
    plan = shipped_plan("prod")
    properties = named(plan, SWEDEN).inputs["properties"]
    properties["contentFilters"] = [f for f in properties["contentFilters"] if f["name"] not in names]
    return plan


@pytest.mark.parametrize("policy", CONTENT_FILTER_POLICIES)
def test_prod_baseline_passes(policy: str) -> None:
    assert found(shipped_plan("prod"), policy) == []


CASES = [
    (
        "content-filter-minimum-severity",
        edited("Hate", "Prompt", severityThreshold="Medium"),
        "Hate on Prompt blocks at 'Medium', looser than the required 'Low' (Low blocks the most).",
    ),
    (
        "content-filter-minimum-severity",
        edited("Violence", "Completion", enabled=False),
        "Violence on Completion is disabled.",
    ),
    (
        "content-filter-minimum-severity",
        edited("Sexual", "Prompt", blocking=False),
        "Sexual on Prompt annotates but does not block.",
    ),
    (
        "content-filter-minimum-severity",
        edited("Selfharm", "Prompt", blocking=DELETE),
        "Selfharm on Prompt annotates but does not block.",
    ),
    (
        "content-filter-minimum-severity",
        edited("Selfharm", "Completion", severityThreshold=DELETE),
        "Selfharm on Completion has no severityThreshold.",
    ),
    (
        "content-filter-require-prompt-shields",
        edited("Jailbreak", "Prompt", enabled=False),
        "Jailbreak on Prompt is disabled.",
    ),
    (
        "content-filter-require-prompt-shields",
        edited("Indirect Attack", "Prompt", blocking=False),
        "Indirect Attack on Prompt annotates but does not block.",
    ),
    (
        "content-filter-require-prompt-shields",
        dropped("Indirect Attack"),
        "Indirect Attack on Prompt is disabled (inherited from the base policy).",
    ),
    (
        "content-filter-require-protected-material",
        edited("Protected Material Code", "Completion", enabled=False),
        "Protected Material Code on Completion is disabled.",
    ),
    (
        "content-filter-require-protected-material",
        edited("Protected Material Text", "Completion", blocking=False),
        "Protected Material Text on Completion annotates but does not block.",
    ),
    (
        "content-filter-disallow-async-mode",
        with_inputs(shipped_plan("prod"), SWEDEN, {"properties.mode": "Asynchronous_filter"}),
        "mode is 'Asynchronous_filter': completions stream back before the filter has seen them, so harmful content"
        " can reach the caller.",
    ),
    (
        "content-filter-disallow-async-mode",
        with_inputs(shipped_plan("prod"), SWEDEN, {"properties.mode": "Deferred"}),
        "mode is 'Deferred': completions stream back before the filter has seen them, so harmful content can reach"
        " the caller.",
    ),
]


@pytest.mark.parametrize(("policy", "plan", "message"), CASES)
def test_violation(policy: str, plan: Plan, message: str) -> None:
    assert found(plan, policy) == [(SWEDEN, message)]


def test_left_out_harm_filters_inherit_medium_from_the_base_policy() -> None:
    plan = dropped("Hate")
    policy = "content-filter-minimum-severity"
    assert found(plan, policy, {policy: {"maximumThreshold": "Medium"}}) == []
    assert found(plan, policy) == [
        (
            SWEDEN,
            "Hate on Prompt blocks at 'Medium' (inherited from the base policy), looser than the required 'Low' (Low"
            " blocks the most).",
        ),
        (
            SWEDEN,
            "Hate on Completion blocks at 'Medium' (inherited from the base policy), looser than the required 'Low'"
            " (Low blocks the most).",
        ),
    ]


def test_left_out_filters_without_a_built_in_base_are_reported() -> None:
    plan = with_inputs(dropped("Jailbreak"), SWEDEN, {"properties.basePolicyName": "my-own-base"})
    assert found(plan, "content-filter-require-prompt-shields") == [
        (SWEDEN, "Jailbreak on Prompt is not configured and the base policy is not a built-in that supplies it.")
    ]


def test_inherited_jailbreak_and_protected_material_are_on() -> None:
    plan = dropped("Jailbreak", "Protected Material Text", "Protected Material Code")
    assert found(plan, "content-filter-require-prompt-shields") == []
    assert found(plan, "content-filter-require-protected-material") == []


def test_indirect_attack_is_required_only_when_configured() -> None:
    plan = edited("Indirect Attack", "Prompt", enabled=False)
    assert found(plan, "content-filter-require-prompt-shields", {}) == []


def test_protected_material_annotation_accepted_when_blocking_not_required() -> None:
    plan = edited("Protected Material Code", "Completion", blocking=False)
    policy = "content-filter-require-protected-material"
    assert found(plan, policy, {policy: {"requireBlocking": False}}) == []


def test_threshold_setting_changes_the_verdict() -> None:
    plan = edited("Hate", "Prompt", severityThreshold="High")
    policy = "content-filter-minimum-severity"
    assert found(plan, policy, {policy: {"maximumThreshold": "High"}}) == []
    assert found(plan, policy, {policy: {"maximumThreshold": "Medium"}}) == [
        (SWEDEN, "Hate on Prompt blocks at 'High', looser than the required 'Medium' (Low blocks the most).")
    ]


def test_required_blocklists() -> None:
    policy = "content-filter-require-blocklists"
    plan = shipped_plan("prod")
    lists = named(plan, SWEDEN).inputs["properties"]["customBlocklists"]
    assert {(b["blocklistName"], b["source"]) for b in lists} == {
        ("banned-terms", "Prompt"),
        ("banned-terms", "Completion"),
    }
    only_prompt = copy.deepcopy(plan)
    named(only_prompt, SWEDEN).inputs["properties"]["customBlocklists"] = [
        {**b, "blocking": False} for b in lists if b["source"] == "Prompt"
    ]
    assert found(only_prompt, policy) == [
        (SWEDEN, "blocklist 'banned-terms' annotates Prompt but does not block."),
        (SWEDEN, "blocklist 'banned-terms' is not applied to Completion."),
    ]
    assert found(only_prompt, policy, {policy: {"requiredBlocklists": ["banned-terms"], "sources": []}}) == []
    assert found(plan, policy, {policy: {"requiredBlocklists": ["pii"]}}) == [
        (FRANCE, "blocklist 'pii' is not applied to Prompt."),
        (FRANCE, "blocklist 'pii' is not applied to Completion."),
        (SWEDEN, "blocklist 'pii' is not applied to Prompt."),
        (SWEDEN, "blocklist 'pii' is not applied to Completion."),
    ]
    assert not_applicable(plan, policy, {}) == "no requiredBlocklists configured"


def test_absent_mode_is_synchronous() -> None:
    plan = with_inputs(shipped_plan("prod"), SWEDEN, {"properties.mode": DELETE})
    assert found(plan, "content-filter-disallow-async-mode") == []
