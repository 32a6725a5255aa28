"""Stack policies on an estate's alerts: saturated PTU deployments and Azure incidents must reach someone.

Read from outputs, as stack policies read everything: a metric alert's `scopes` and `criteria.allOf[]`, an
activity-log alert's `condition.allOf[]`, and where each sends its notifications (`actions`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import PolicyResource, Severity, StackValidationArgs

from aoai_policies import facts
from aoai_policies.define import Settings, stack_policy
from aoai_policies.estate import estate, known, name_of
from aoai_policies.props import items, text, texts

_ALL = "*"  # a dimension value that stands for every value


def _watched(alerts: list[PolicyResource]) -> set[tuple[str, str]]:
    """(account id in lower case, deployment name or `*`) for each utilisation alert's scope and deployment."""
    watched: set[tuple[str, str]] = set()
    for alert in alerts:
        for criterion in items(alert.props, "criteria", "allOf"):
            if text(criterion, "metricName") != facts.PTU_UTILIZATION_METRIC:
                continue
            names = [
                value
                for dimension in items(criterion, "dimensions")
                if text(dimension, "name") == facts.DEPLOYMENT_DIMENSION and text(dimension, "operator") == "Include"
                for value in texts(dimension, "values")
            ]
            for scope in texts(alert.props, "scopes"):
                watched |= {(scope.lower(), name) for name in names or [_ALL]}
    return watched


def _utilization_alerts(args: StackValidationArgs, _: Settings) -> Iterator[tuple[str, str | None]]:
    alerts = [r for r in args.resources if r.resource_type == facts.METRIC_ALERT_TYPE]
    watched = _watched(alerts)
    for account in estate(args.resources).accounts:
        account_id = (known(account.resource.props, "id") or "").lower()
        for deployment in account.deployments:
            if text(deployment.props, "sku", "name") not in facts.PROVISIONED_SKUS:
                continue
            name = name_of(deployment)
            if not {(account_id, name), (account_id, _ALL)} & watched:
                yield (
                    f"provisioned deployment '{name}' of account '{account.name}' has no utilisation alert: nobody"
                    " hears that it is saturated until calls are throttled.",
                    deployment.urn,
                )


def _is_service_health(alert: PolicyResource) -> bool:
    return any(
        text(condition, "field") == "category"
        and (text(condition, "equals") or "").lower() == facts.SERVICE_HEALTH_CATEGORY.lower()
        for condition in items(alert.props, "condition", "allOf")
    )


def _service_health_alert(args: StackValidationArgs, _: Settings) -> Iterator[tuple[str, str | None]]:
    alerts = [r for r in args.resources if r.resource_type == facts.ACTIVITY_LOG_ALERT_TYPE]
    accounts = [r for r in args.resources if r.resource_type == facts.ACCOUNT_TYPE]
    if accounts and not any(_is_service_health(a) for a in alerts):
        yield (
            "the stack has no Azure Service Health alert: an Azure OpenAI incident or planned maintenance in its"
            " regions reaches nobody.",
            None,
        )


def _action_groups(alert: PolicyResource) -> list[str]:
    if alert.resource_type == facts.METRIC_ALERT_TYPE:
        return [g for action in items(alert.props, "actions") if (g := text(action, "actionGroupId"))]
    return [g for group in items(alert.props, "actions", "actionGroups") if (g := text(group, "actionGroupId"))]


def _alerts_have_action_group(args: StackValidationArgs, _: Settings) -> Iterator[tuple[str, str | None]]:
    for alert in args.resources:
        if alert.resource_type in (facts.METRIC_ALERT_TYPE, facts.ACTIVITY_LOG_ALERT_TYPE) and not _action_groups(
            alert
        ):
            yield (f"alert '{name_of(alert)}' sends to no action group: when it fires, nobody is told.", alert.urn)


POLICIES = [
    stack_policy(
        name="stack-provisioned-utilization-alert",
        description="Every provisioned deployment must have an alert on its Provisioned-managed Utilization V2.",
        severity=Severity.MEDIUM,
        remediation=(
            "Add a metric alert on AzureOpenAIProvisionedManagedUtilizationV2 for the deployment (aoai: set"
            " `monitoring`; `alerts.ptu_utilization` is on by default)."
        ),
        check=_utilization_alerts,
        tags=["monitoring", "ptu"],
    ),
    stack_policy(
        name="stack-service-health-alert",
        description="The stack must have an Azure Service Health alert.",
        severity=Severity.MEDIUM,
        remediation=(
            "Add an activity-log alert on category ServiceHealth (aoai: set `monitoring`;"
            " `alerts.service_health` is on by default)."
        ),
        check=_service_health_alert,
        tags=["monitoring", "resilience"],
    ),
    stack_policy(
        name="stack-alerts-have-action-group",
        description="Every metric and activity-log alert must send to an action group.",
        severity=Severity.MEDIUM,
        remediation="Give each alert an action group (aoai: `monitoring.action_group` or `action_group_id`).",
        check=_alerts_have_action_group,
        tags=["monitoring"],
    ),
]
