"""Monitoring under Pulumi mocks: the action group (created or existing), a utilisation alert per provisioned
deployment, throttling and availability alerts per account and the Service Health alert, with bodies of the shape
the Microsoft.Insights API versions pulumi-azure-native 3.x uses accept (SPEC-MONITOR), and every refusal."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from conftest import SUB, baseline, errors, mutate, plan_of, second_account, valid

from aoai.azure import catalog
from aoai.plan.engine import Plan, PlannedResource
from aoai.spec import monitoring

METRIC_ALERT = "azure-native:monitor:MetricAlert"
HEALTH = "azure-native:monitor:ActivityLogAlert"
GROUP = "azure-native:monitor:ActionGroup"
ACTION_GROUP = {"name": "ag-aoai-test", "short_name": "aoai-test", "emails": {"oncall": "oncall@contoso.com"}}
EXISTING = f"{SUB}/rg-obs/providers/Microsoft.Insights/actionGroups/ag-platform"


def with_monitoring(**changes: Any) -> dict[str, Any]:
    raw = mutate(baseline(), ("accounts", "france"), second_account())
    settings = {"action_group": ACTION_GROUP} | changes
    return mutate(raw, ("monitoring",), {k: v for k, v in settings.items() if v is not None})


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_of(with_monitoring())


def of_type(plan: Plan, type_: str) -> dict[str, PlannedResource]:
    return {r.name: r for r in plan.resources if r.type == type_}


def test_the_literals_are_the_catalogs() -> None:
    assert typing.get_args(monitoring.Window) == catalog.METRIC_ALERT_WINDOWS
    assert typing.get_args(monitoring.Frequency) == catalog.METRIC_ALERT_FREQUENCIES
    assert typing.get_args(monitoring.Severity) == catalog.ALERT_SEVERITIES
    assert typing.get_args(monitoring.IncidentType) == catalog.SERVICE_HEALTH_INCIDENT_TYPES
    for metric in (catalog.PTU_UTILIZATION_METRIC, catalog.REQUESTS_METRIC, catalog.AVAILABILITY_METRIC):
        assert metric in catalog.OPENAI_METRICS


def test_one_utilization_alert_per_provisioned_deployment_and_two_per_account(plan: Plan) -> None:
    assert sorted(of_type(plan, METRIC_ALERT)) == [
        "aoai-france-alert-availability",
        "aoai-france-alert-throttling",
        "aoai-sweden-alert-availability",
        "aoai-sweden-alert-throttling",
        "aoai-sweden-alert-utilization-gpt-4o-ptu",
    ]


def check_metric_alert(inputs: dict[str, Any]) -> None:
    """What SPEC-MONITOR metricAlert 2018-03-01 requires, as azure-native names the fields."""
    required = {"location", "description", "severity", "enabled", "scopes", "evaluationFrequency", "windowSize"}
    assert required | {"criteria", "ruleName", "resourceGroupName"} <= set(inputs)
    assert inputs["location"] == "global"
    assert inputs["severity"] in (0, 1, 2, 3, 4)
    assert inputs["windowSize"] in catalog.METRIC_ALERT_WINDOWS
    assert inputs["evaluationFrequency"] in catalog.METRIC_ALERT_FREQUENCIES
    criteria = inputs["criteria"]
    assert criteria["odataType"] == "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"
    for criterion in criteria["allOf"]:
        assert {"criterionType", "name", "metricName", "timeAggregation", "operator", "threshold"} <= set(criterion)
        assert criterion["criterionType"] == "StaticThresholdCriterion"
        assert criterion["timeAggregation"] in catalog.OPENAI_METRICS[criterion["metricName"]][1]
        dimensions = catalog.OPENAI_METRICS[criterion["metricName"]][2]
        assert all(
            d["name"] in dimensions and d["operator"] == "Include" and d["values"] for d in criterion["dimensions"]
        )
    assert len(inputs["ruleName"]) <= 260


def test_metric_alert_bodies(plan: Plan) -> None:
    alerts = of_type(plan, METRIC_ALERT)
    for alert in alerts.values():
        check_metric_alert(alert.inputs)
    account = next(r for r in plan.resources if r.name == "aoai-sweden-account")
    group = next(iter(of_type(plan, GROUP).values()))
    utilization = alerts["aoai-sweden-alert-utilization-gpt-4o-ptu"].inputs
    assert utilization["scopes"] == [account.id]
    assert utilization["actions"] == [{"actionGroupId": group.id}]
    assert utilization["criteria"]["allOf"] == [
        {
            "criterionType": "StaticThresholdCriterion",
            "name": "AzureOpenAIProvisionedManagedUtilizationV2",
            "metricName": "AzureOpenAIProvisionedManagedUtilizationV2",
            "metricNamespace": "Microsoft.CognitiveServices/accounts",
            "operator": "GreaterThan",
            "threshold": 80,
            "timeAggregation": "Average",
            "dimensions": [{"name": "ModelDeploymentName", "operator": "Include", "values": ["gpt-4o-ptu"]}],
        }
    ]
    assert (utilization["severity"], utilization["windowSize"], utilization["evaluationFrequency"]) == (
        2,
        "PT5M",
        "PT1M",
    )
    throttling = alerts["aoai-sweden-alert-throttling"].inputs["criteria"]["allOf"][0]
    assert (throttling["metricName"], throttling["timeAggregation"], throttling["dimensions"]) == (
        "AzureOpenAIRequests",
        "Total",
        [{"name": "StatusCode", "operator": "Include", "values": ["429"]}],
    )
    availability = alerts["aoai-sweden-alert-availability"].inputs["criteria"]["allOf"][0]
    assert (availability["metricName"], availability["operator"], availability["threshold"]) == (
        "AzureOpenAIAvailabilityRate",
        "LessThan",
        99,
    )


def test_the_action_group_and_the_service_health_alert(plan: Plan) -> None:
    (group,) = of_type(plan, GROUP).values()
    assert {k: v for k, v in group.inputs.items() if k != "tags"} == {
        "actionGroupName": "ag-aoai-test",
        "resourceGroupName": "rg-aoai-test",
        "location": "Global",
        "groupShortName": "aoai-test",
        "enabled": True,
        "emailReceivers": [{"name": "oncall", "emailAddress": "oncall@contoso.com", "useCommonAlertSchema": True}],
        "webhookReceivers": [],
    }
    (health,) = of_type(plan, HEALTH).values()
    assert health.inputs["scopes"] == ["/subscriptions/00000000-0000-0000-0000-000000000000"]
    assert health.inputs["location"] == "Global"
    assert health.inputs["actions"] == {"actionGroups": [{"actionGroupId": group.id}]}
    assert health.inputs["condition"] == {
        "allOf": [
            {"field": "category", "equals": "ServiceHealth"},
            {
                "anyOf": [
                    {"field": "properties.incidentType", "equals": t} for t in catalog.SERVICE_HEALTH_INCIDENT_TYPES
                ]
            },
            {
                "field": "properties.impactedServices[*].ImpactedRegions[*].RegionName",
                "containsAny": ["France Central", "Sweden Central", "Global"],
            },
        ]
    }


def test_an_existing_action_group_and_switched_off_alerts() -> None:
    alerts = {
        "ptu_utilization": {"enabled": False},
        "availability": {"enabled": False},
        "service_health": {"incident_types": ["Incident"], "service_names": ["Azure OpenAI Service"]},
    }
    plan = plan_of(with_monitoring(action_group=None, action_group_id=EXISTING, alerts=alerts))
    assert of_type(plan, GROUP) == {}
    assert sorted(of_type(plan, METRIC_ALERT)) == ["aoai-france-alert-throttling", "aoai-sweden-alert-throttling"]
    assert all(a.inputs["actions"] == [{"actionGroupId": EXISTING}] for a in of_type(plan, METRIC_ALERT).values())
    (health,) = of_type(plan, HEALTH).values()
    assert health.inputs["condition"]["allOf"][1] == {
        "anyOf": [{"field": "properties.incidentType", "equals": "Incident"}]
    }
    assert health.inputs["condition"]["allOf"][3] == {
        "field": "properties.impactedServices[*].ServiceName",
        "containsAny": ["Azure OpenAI Service"],
    }
    assert [r for r in plan_of(baseline()).resources if r.type in (METRIC_ALERT, HEALTH, GROUP)] == []


def test_exactly_one_action_group() -> None:
    message = "give exactly one of action_group (the stack creates it) and action_group_id (an existing one)"
    assert errors(with_monitoring(action_group_id=EXISTING)) == [("monitoring.action_group", message)]
    assert errors(with_monitoring(action_group=None)) == [("monitoring.action_group", message)]
    assert errors(with_monitoring(action_group=None, action_group_id="ag-platform")) == [
        (
            "monitoring.action_group_id",
            "'ag-platform' is not an action group resource id: expected"
            " /subscriptions/<subscription-guid>/resourceGroups/<rg>/providers/Microsoft.Insights/actionGroups/"
            "<action group>",
        )
    ]


def test_receivers_and_alert_settings_are_checked() -> None:
    too_long = {**ACTION_GROUP, "short_name": "a-much-too-long-name"}
    assert errors(with_monitoring(action_group=too_long)) == [
        ("monitoring.action_group.short_name", "short name must be 1 to 12 characters long, got 20")
    ]
    no_receiver = {"name": "ag-x", "short_name": "x"}
    found = errors(with_monitoring(action_group=no_receiver))
    assert (
        "monitoring.action_group.emails",
        "an action group needs at least one receiver: add an email or a webhook",
    ) in found
    twice = {**ACTION_GROUP, "webhooks": {"oncall": "https://hooks.example.com/x"}}
    assert (
        "monitoring.action_group.webhooks.oncall",
        "'oncall' is also an email receiver: Azure needs each receiver name once in an action group",
    ) in errors(with_monitoring(action_group=twice))
    bad = {**ACTION_GROUP, "emails": {"oncall": "not-an-address"}, "webhooks": {"hook": "http://insecure.example.com"}}
    assert [p for p, _ in errors(with_monitoring(action_group=bad))] == [
        "monitoring.action_group.emails.oncall",
        "monitoring.action_group.webhooks.hook",
    ]
    assert errors(with_monitoring(alerts={"throttling": {"window": "PT1M", "frequency": "PT5M"}})) == [
        (
            "monitoring.alerts.throttling.frequency",
            "PT5M is longer than the window PT1M: data between evaluations would be missed; use a frequency of at"
            " most the window",
        )
    ]
    assert errors(with_monitoring(alerts={"ptu_utilization": {"threshold": 150, "severity": 5}})) == [
        ("monitoring.alerts.ptu_utilization.severity", "must be one of 0, 1, 2, 3 or 4 (got 5)"),
        ("monitoring.alerts.ptu_utilization.threshold", "must be at most 100 (got 150)"),
    ]
    spec = valid(with_monitoring(action_group=None, action_group_id=EXISTING))
    assert spec.monitoring is not None
    assert spec.monitoring.action_group_id == EXISTING
    assert re.fullmatch(r"\d+", catalog.THROTTLED_STATUS_CODE)
