"""Every policy is total: whatever JSON-shaped properties the engine hands over, it returns a verdict or "not
applicable" and never raises (under `pulumi preview --policy-pack` an exception is a pack error, not a verdict).

Properties travel as they do from the engine: through protobuf `Struct`s into the pack's own analyzer, with
Pulumi's unknown-value sentinels where a preview does not know a value yet (the analyzer turns an unknown a policy
needs into its "can't run during preview" advisory, which is a verdict). Non-finite numbers are left out: the
analyzer's own `MessageToDict` refuses them before any policy runs, so no policy can see one.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from aoai_policies import facts, pack
from aoai_policies.define import RESOURCE_TYPES
from hypothesis import given
from hypothesis import strategies as st
from policy_kit import found, judge, shipped_config, shipped_plan, with_inputs, with_outputs
from pulumi_policy import Policy
from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
)

from aoai.plan.engine import Plan

UNKNOWNS = (
    UNKNOWN_STRING_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_OBJECT_VALUE,
)
STACK_TYPES = (
    facts.ACCOUNT_TYPE,
    facts.DEPLOYMENT_TYPE,
    facts.RAI_POLICY_TYPE,
    facts.PRIVATE_ENDPOINT_TYPE,
    facts.PRIVATE_DNS_ZONE_GROUP_TYPE,
    facts.DIAGNOSTIC_SETTING_TYPE,
)
CONFIGS = ("dev", "staging", "prod")
"""Between them the shipped configurations make every policy applicable and take both sides of each switch."""


def _paths(value: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _words(value: Any) -> Iterator[str]:
    """The keys and string values of a resource: replacing one value by another's keeps the shapes plausible."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _words(child)
    elif isinstance(value, list):
        for child in value:
            yield from _words(child)
    elif isinstance(value, str):
        yield value


PLAN = shipped_plan("prod")
WORDS = sorted({word for r in PLAN.resources for side in (r.inputs, r.outputs) for word in _words(side)})

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(WORDS)
    | st.sampled_from(UNKNOWNS)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=4), children, max_size=3)
    ),
    max_leaves=8,
)


def _fits(node: Any, step: str | int) -> bool:
    """Whether `step` addresses an entry of `node`: a key of an object, an index of a list."""
    if isinstance(step, str):
        return isinstance(node, dict)
    return isinstance(node, list) and step < len(node)


def _replaced(values: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Put `value` at `path` when its parent still exists (an earlier replacement may have removed it)."""
    node: Any = values
    for step in path[:-1]:
        if not _fits(node, step) or (isinstance(step, str) and step not in node):
            return
        node = node[step]
    if _fits(node, path[-1]):
        node[path[-1]] = value


@st.composite
def properties(draw: st.DrawFn, baseline: dict[str, Any]) -> dict[str, Any]:
    """Arbitrary JSON under the baseline's keys, or the baseline with each value (at any depth) replaced by
    arbitrary JSON one time in eight: shapes close enough to the real ones to reach every branch."""
    if draw(st.integers(0, 3)) == 3:
        return draw(st.dictionaries(st.sampled_from(WORDS), json_values, max_size=6))
    values = copy.deepcopy(baseline)
    for path in _paths(baseline):
        if draw(st.integers(0, 7)) == 7:
            _replaced(values, path, draw(json_values))
    return values


@st.composite
def plans(draw: st.DrawFn, policy: Policy) -> Plan:
    """The prod plan with drawn properties: for a resource policy, the inputs of every resource of its type (the
    plan holds only those); for a stack policy, the outputs of every resource of a type the policies read."""
    resource_type = RESOURCE_TYPES.get(policy.name)
    if resource_type is not None:
        chosen = [r for r in PLAN.resources if r.type == resource_type]
        return replace(PLAN, resources=[replace(r, inputs=draw(properties(r.inputs))) for r in chosen])
    return replace(
        PLAN,
        resources=[
            replace(r, outputs=draw(properties(r.outputs))) if r.type in STACK_TYPES else r for r in PLAN.resources
        ],
    )


@pytest.mark.parametrize("policy", pack.POLICIES, ids=lambda p: p.name)
@given(data=st.data())
def test_property_every_policy_is_total(policy: Policy, data: st.DataObject) -> None:
    plan = data.draw(plans(policy))
    evaluation = judge(plan, policy.name, shipped_config(data.draw(st.sampled_from(CONFIGS))))
    assert all(v.policy == policy.name for v in evaluation.verdicts)
    for verdict in evaluation.verdicts:
        assert "object at 0x" not in verdict.message  # a message shows values, never a Python object's address


# --- the shapes that raised before the typed accessors, one per policy ---------------------------------------------

ACCOUNT = "aoai-sweden-account"
PTU = "aoai-sweden-deployment-chat-ptu"
RAI = "aoai-sweden-policy-strict"
ALL_TAGS = "missing required tags: owner, cost-center, data-classification."
ODD = {"a": 1}
"""An object where a string belongs: unhashable, so it raised wherever a raw value was looked up."""


@pytest.mark.parametrize(
    ("policy", "side", "name", "changes", "expected"),
    [
        ("account-require-tags", "inputs", ACCOUNT, {"tags": ["owner"]}, [(ACCOUNT, ALL_TAGS)]),
        (
            "deployment-allowed-models",
            "inputs",
            PTU,
            {"properties.model.name": ODD},
            [(PTU, "model 'None' is not allowed; allowed models: gpt-5.1, gpt-5.4, text-embedding-3-large.")],
        ),
        (
            "deployment-provisioned-capacity-bounds",
            "inputs",
            PTU,
            {"sku.capacity": [15]},
            [(PTU, "sku.capacity is not set on a DataZoneProvisionedManaged deployment: state the PTUs to buy.")],
        ),
        (
            "content-filter-require-blocklists",
            "inputs",
            RAI,
            {"properties.customBlocklists": [{"blocklistName": ODD, "source": "Prompt", "blocking": True}]},
            [
                (RAI, "blocklist 'banned-terms' is not applied to Prompt."),
                (RAI, "blocklist 'banned-terms' is not applied to Completion."),
            ],
        ),
        ("stack-spillover-target-valid", "outputs", PTU, {"properties.spilloverDeploymentName": ODD}, []),
        ("stack-deployment-filter-exists", "outputs", PTU, {"properties.raiPolicyName": ODD}, []),
        ("stack-account-private-endpoint", "outputs", ACCOUNT, {"kind": ODD}, []),
        ("stack-provisioned-capacity-budget", "outputs", PTU, {"sku.name": ODD}, []),
        ("stack-provisioned-capacity-budget", "outputs", PTU, {"sku.capacity": "75"}, []),
    ],
)
def test_a_shape_that_raised_is_judged(
    policy: str, side: str, name: str, changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    """A value of the wrong type reads as absent: judged as Azure judges an absent property, never a pack error."""
    plan = (with_inputs if side == "inputs" else with_outputs)(shipped_plan("prod"), name, changes)
    assert found(plan, policy) == expected
