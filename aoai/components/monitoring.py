"""Monitoring: the stack's action group (or an existing one) and its Azure Service Health alert, at subscription
scope for the stack's regions. The alerts on an account's metrics belong to the account (`OpenAIAccount`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import authorization, monitor

from aoai.azure import catalog
from aoai.components import arm
from aoai.spec.monitoring import MonitoringSpec


@dataclass(frozen=True)
class MonitoringArgs:
    spec: MonitoringSpec
    environment: str
    resource_group_name: pulumi.Input[str]
    regions: Sequence[str]
    """The stack's account regions (programmatic names)."""
    tags: Mapping[str, str] = field(default_factory=dict)


class Monitoring(pulumi.ComponentResource):
    action_group: monitor.ActionGroup | None
    service_health: monitor.ActivityLogAlert | None
    action_group_id: pulumi.Output[str]

    def __init__(self, name: str, args: MonitoringArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("aoai:index:Monitoring", name, None, opts)
        created, existing = args.spec.action_group, args.spec.action_group_id
        self.action_group = None
        if created is not None:
            self.action_group = monitor.ActionGroup(
                f"{name}-action-group",
                **arm.action_group(created, args.resource_group_name, args.tags),
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.action_group_id = self.action_group.id
        else:
            self.action_group_id = pulumi.Output.from_input(existing or "")

        self.service_health = None
        health = args.spec.alerts.service_health
        if health.enabled:
            subscription = authorization.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
            regions = ", ".join(catalog.REGION_DISPLAY_NAMES[r] for r in sorted(set(args.regions)))
            self.service_health = monitor.ActivityLogAlert(
                f"{name}-service-health",
                activity_log_alert_name=f"aoai-{args.environment}-service-health",
                resource_group_name=args.resource_group_name,
                location=catalog.ACTIVITY_LOG_ALERT_LOCATION,
                description=f"Azure Service Health events in {regions} (aoai stack {args.environment}).",
                enabled=True,
                scopes=[subscription.subscription_id.apply(lambda sub: f"/subscriptions/{sub}")],
                condition=arm.service_health_condition(health, list(args.regions)),
                actions=monitor.ActionListArgs(
                    action_groups=[monitor.ActionGroupArgs(action_group_id=self.action_group_id)]
                ),
                tags=dict(args.tags),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self.register_outputs({"actionGroupId": self.action_group_id})
