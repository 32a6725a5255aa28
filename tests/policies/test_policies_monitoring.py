"""Monitoring policies: the shipped prod plan (alerts on both accounts, a Service Health alert, one action group)
passes; one mutated output or one dropped alert per failing case yields the exact message."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_kit import found, shipped_plan, with_outputs
from review_kit import dropped

PTU = "aoai-sweden-deployment-chat-ptu"
UTILIZATION = "aoai-sweden-alert-utilization-chat-ptu"
HEALTH = "aoai-monitoring-service-health"
NO_ALERT = (
    PTU,
    "provisioned deployment 'chat-ptu' of account 'aoai-prod-swc' has no utilisation alert: nobody hears that it is"
    " saturated until calls are throttled.",
)
POLICIES = ["stack-provisioned-utilization-alert", "stack-service-health-alert", "stack-alerts-have-action-group"]


@pytest.mark.parametrize("policy", POLICIES)
def test_prod_baseline_passes(policy: str) -> None:
    assert found(shipped_plan("prod"), policy) == []


def _dimensions(values: list[str] | None) -> dict[str, Any]:
    dimensions = [] if values is None else [{"name": "ModelDeploymentName", "operator": "Include", "values": values}]
    return {"criteria.allOf": [{"metricName": "AzureOpenAIProvisionedManagedUtilizationV2", "dimensions": dimensions}]}


def test_a_provisioned_deployment_needs_a_utilization_alert_on_it() -> None:
    assert found(dropped(shipped_plan("prod"), UTILIZATION), "stack-provisioned-utilization-alert") == [NO_ALERT]
    other = with_outputs(shipped_plan("prod"), UTILIZATION, _dimensions(["chat"]))
    assert found(other, "stack-provisioned-utilization-alert") == [NO_ALERT]
    for covering in (["chat-ptu"], ["*"], None):
        plan = with_outputs(shipped_plan("prod"), UTILIZATION, _dimensions(covering))
        assert found(plan, "stack-provisioned-utilization-alert") == []
    elsewhere = with_outputs(shipped_plan("prod"), UTILIZATION, {"scopes": ["/subscriptions/x/other"]})
    assert found(elsewhere, "stack-provisioned-utilization-alert") == [NO_ALERT]


def test_the_stack_needs_a_service_health_alert() -> None:
    missing = [
        (
            None,
            "the stack has no Azure Service Health alert: an Azure OpenAI incident or planned maintenance in its"
            " regions reaches nobody.",
        )
    ]
    assert found(dropped(shipped_plan("prod"), HEALTH), "stack-service-health-alert") == missing
    other = with_outputs(shipped_plan("prod"), HEALTH, {"condition.allOf": [{"field": "category", "equals": "Policy"}]})
    assert found(other, "stack-service-health-alert") == missing
    lower = with_outputs(
        shipped_plan("prod"), HEALTH, {"condition.allOf": [{"field": "category", "equals": "servicehealth"}]}
    )
    assert found(lower, "stack-service-health-alert") == []


def test_every_alert_sends_to_an_action_group() -> None:
    plan = with_outputs(shipped_plan("prod"), UTILIZATION, {"actions": []})
    plan = with_outputs(plan, HEALTH, {"actions.actionGroups": []})
    assert found(plan, "stack-alerts-have-action-group") == [
        (HEALTH, "alert 'aoai-prod-service-health' sends to no action group: when it fires, nobody is told."),
        (
            UTILIZATION,
            "alert 'aoai-prod-swc-chat-ptu-utilization' sends to no action group: when it fires, nobody is told.",
        ),
    ]


@given(st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3)))
def test_monitoring_policies_are_total(value: object) -> None:
    plan = with_outputs(shipped_plan("prod"), UTILIZATION, {"criteria": value, "scopes": value, "actions": value})
    plan = with_outputs(plan, HEALTH, {"condition": value, "actions": value})
    assert len(found(plan, "stack-provisioned-utilization-alert")) <= 1
    assert len(found(plan, "stack-service-health-alert")) <= 1
    assert len(found(plan, "stack-alerts-have-action-group")) <= 2
