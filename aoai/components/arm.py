"""The one place where spec values become azure-native 3.x inputs (API 2025-06-01).

Only fields that exist in 2025-06-01 are set: azure-native shares input types across API versions, and e.g.
`RaiPolicyContentFilterArgs.action` or `RaiPolicyPropertiesArgs.safety_providers` would be rejected (SPEC 2025-06-01
`RaiPolicy` has neither).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi_azure_native import authorization, monitor, network
from pulumi_azure_native import cognitiveservices as cs

from aoai.azure import catalog
from aoai.components.blocklist_items import item_inputs, subscription_of
from aoai.spec import AccountSpec, BlocklistSpec, ContentFilterSpec, DeploymentSpec
from aoai.spec.account import DiagnosticsSpec, IdentitySpec, NetworkInjectionSpec, ProjectSpec
from aoai.spec.content_filter import FilterLevel
from aoai.spec.monitoring import ActionGroupSpec, MetricAlertSettings, ServiceHealthAlertSpec


def identity(spec: IdentitySpec) -> cs.IdentityArgs:
    assigned = [
        kind for kind, on in (("SystemAssigned", spec.system_assigned), ("UserAssigned", spec.user_assigned_ids)) if on
    ]
    identity_type = ", ".join(assigned) or "None"
    return cs.IdentityArgs(
        type=cs.ResourceIdentityType(identity_type), user_assigned_identities=list(spec.user_assigned_ids) or None
    )


def account_properties(spec: AccountSpec) -> cs.AccountPropertiesArgs:
    acls = spec.network_acls
    cmk = spec.customer_managed_key
    encryption = None
    if cmk is not None:
        encryption = cs.EncryptionArgs(
            key_source="Microsoft.KeyVault",
            key_vault_properties=cs.KeyVaultPropertiesArgs(
                key_vault_uri=cmk.key_vault_uri,
                key_name=cmk.key_name,
                key_version=cmk.key_version,
                identity_client_id=cmk.identity_client_id,
            ),
        )
    return cs.AccountPropertiesArgs(
        custom_sub_domain_name=spec.custom_subdomain,
        public_network_access="Enabled" if spec.public_network_access_enabled else "Disabled",
        network_acls=cs.NetworkRuleSetArgs(
            default_action=acls.default_action,
            bypass=acls.bypass,
            ip_rules=[cs.IpRuleArgs(value=rule) for rule in acls.ip_rules],
            virtual_network_rules=[cs.VirtualNetworkRuleArgs(id=subnet) for subnet in acls.subnet_ids],
        ),
        disable_local_auth=not spec.local_auth_enabled,
        restrict_outbound_network_access=spec.outbound.restricted,
        allowed_fqdn_list=list(spec.outbound.allowed_fqdns) if spec.outbound.restricted else None,
        encryption=encryption,
        # Sent only when used, so that accounts without them keep the request they always had.
        dynamic_throttling_enabled=True if spec.dynamic_throttling_enabled else None,
        allow_project_management=True if spec.projects else None,
        default_project=spec.the_default_project,
        network_injections=[network_injection(spec.network_injection)] if spec.network_injection else None,
    )


def network_injection(spec: NetworkInjectionSpec) -> cs.NetworkInjectionArgs:
    return cs.NetworkInjectionArgs(
        scenario=spec.scenario,
        subnet_arm_id=spec.subnet_id,
        use_microsoft_managed_network=spec.microsoft_managed_network,
    )


def project_args(
    name: str, spec: ProjectSpec, account: AccountSpec, resource_group_name: pulumi.Input[str], tags: Mapping[str, str]
) -> cs.ProjectArgs:
    """A Foundry project of `account`, in the account's region (SPEC: a project is a tracked child resource)."""
    return cs.ProjectArgs(
        account_name=account.name,
        resource_group_name=resource_group_name,
        project_name=name,
        location=account.region,
        identity=identity(spec.identity),
        properties=cs.ProjectPropertiesArgs(display_name=spec.display_name, description=spec.description),
        tags=dict(tags),
    )


def account_args(spec: AccountSpec, resource_group_name: pulumi.Input[str], tags: Mapping[str, str]) -> cs.AccountArgs:
    return cs.AccountArgs(
        account_name=spec.name,
        resource_group_name=resource_group_name,
        location=spec.region,
        kind=spec.kind,
        sku=cs.SkuArgs(name=catalog.ACCOUNT_SKU),
        identity=identity(spec.identity),
        properties=account_properties(spec),
        tags=dict(tags),
    )


def deployment_properties(
    spec: DeploymentSpec, rai_policy_name: str, spillover_name: str | None
) -> cs.DeploymentPropertiesArgs:
    """`spillover_name`: the Azure name of the `spillover_to` deployment."""
    return cs.DeploymentPropertiesArgs(
        model=cs.DeploymentModelArgs(format=spec.model.format, name=spec.model.name, version=spec.model.version),
        rai_policy_name=rai_policy_name,
        version_upgrade_option=spec.version_upgrade_option,
        spillover_deployment_name=spillover_name,
    )


def deployment_sku(spec: DeploymentSpec, capacity: int) -> cs.SkuArgs:
    return cs.SkuArgs(name=spec.sku, capacity=capacity)


def _level(name: str, source: str, level: FilterLevel) -> cs.RaiPolicyContentFilterArgs:
    return cs.RaiPolicyContentFilterArgs(
        name=name, source=source, enabled=level.enabled, blocking=level.blocking, severity_threshold=level.threshold
    )


def _switch(name: str, source: str, on: bool) -> cs.RaiPolicyContentFilterArgs:
    return cs.RaiPolicyContentFilterArgs(name=name, source=source, enabled=on, blocking=on)


def content_filters(spec: ContentFilterSpec) -> list[cs.RaiPolicyContentFilterArgs]:
    """Every filter of the policy, stated explicitly (nothing left to the base policy's defaults)."""
    filters: list[cs.RaiPolicyContentFilterArgs] = []
    for key, name in catalog.HARM_CATEGORIES.items():
        category = getattr(spec.categories, key)
        filters.append(_level(name, "Prompt", category.prompt))
        filters.append(_level(name, "Completion", category.completion))
    for key, name in catalog.PROMPT_SHIELDS.items():
        filters.append(_switch(name, "Prompt", getattr(spec.prompt_shields, key)))
    for key, name in catalog.PROTECTED_MATERIAL.items():
        filters.append(_switch(name, "Completion", getattr(spec.protected_material, key)))
    filters.extend(_switch(catalog.PROFANITY, source, spec.profanity) for source in catalog.CONTENT_SOURCES)
    return filters


def custom_blocklists(spec: ContentFilterSpec) -> list[cs.CustomBlocklistConfigArgs]:
    configs: list[cs.CustomBlocklistConfigArgs] = []
    for name in sorted(spec.blocklists):
        use = spec.blocklists[name]
        for source, on in (("Prompt", use.prompt), ("Completion", use.completion)):
            if on:
                configs.append(cs.CustomBlocklistConfigArgs(blocklist_name=name, blocking=use.blocking, source=source))
    return configs


def rai_policy_properties(spec: ContentFilterSpec) -> cs.RaiPolicyPropertiesArgs:
    return cs.RaiPolicyPropertiesArgs(
        base_policy_name=spec.base_policy,
        mode=spec.mode,
        content_filters=content_filters(spec),
        custom_blocklists=custom_blocklists(spec),
    )


def blocklist_properties(spec: BlocklistSpec) -> cs.RaiBlocklistPropertiesArgs:
    return cs.RaiBlocklistPropertiesArgs(description=spec.description)


def blocklist_items(spec: BlocklistSpec) -> dict[str, dict[str, Any]]:
    """The `items` input of `BlocklistItems`: item name → its ARM properties, sorted by name."""
    return {name: item_inputs(spec.items[name].pattern, spec.items[name].regex) for name in sorted(spec.items)}


def diagnostic_setting(spec: DiagnosticsSpec, resource_uri: pulumi.Input[str]) -> monitor.DiagnosticSettingArgs:
    """Every chosen log category (or group) and the metrics, to each destination the spec names."""
    event_hub = spec.event_hub
    return monitor.DiagnosticSettingArgs(
        name=spec.name,
        resource_uri=resource_uri,
        workspace_id=spec.workspace_id,
        storage_account_id=spec.storage_account_id,
        event_hub_authorization_rule_id=event_hub.authorization_rule_id if event_hub else None,
        event_hub_name=event_hub.name if event_hub else None,
        logs=[
            monitor.DiagnosticsLogSettingsArgs(category_group=log, enabled=True)
            if log in catalog.DIAGNOSTIC_LOG_CATEGORY_GROUPS
            else monitor.DiagnosticsLogSettingsArgs(category=log, enabled=True)
            for log in spec.logs
        ],
        metrics=[monitor.DiagnosticsMetricSettingsArgs(category=catalog.DIAGNOSTIC_METRIC_CATEGORY, enabled=True)]
        if spec.metrics
        else None,
    )


def private_link_connection(name: str, account_id: pulumi.Input[str]) -> network.PrivateLinkServiceConnectionArgs:
    return network.PrivateLinkServiceConnectionArgs(
        name=name, private_link_service_id=account_id, group_ids=[catalog.PRIVATE_ENDPOINT_GROUP_ID]
    )


def zone_configs(zone_ids: Mapping[str, pulumi.Input[str]]) -> list[network.PrivateDnsZoneConfigArgs]:
    return [
        network.PrivateDnsZoneConfigArgs(name=zone.replace(".", "-"), private_dns_zone_id=zone_ids[zone])
        for zone in sorted(zone_ids)
    ]


# Role assignment names are GUIDs unique in the tenant; aoai derives each from what it grants (like Bicep's
# `guid(scope, principalId, roleDefinitionId)`), so the same grant has the same name on every run and machine.
ROLE_ASSIGNMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "aoai:role-assignment")  # never change: it renames them


def role_assignment_name(scope: str, principal_id: str, role_guid: str) -> str:
    """The GUID name of the assignment of `role_guid` to `principal_id` at `scope` (ARM ids compare case-blind)."""
    return str(uuid.uuid5(ROLE_ASSIGNMENT_NAMESPACE, f"{scope.lower()}|{principal_id.lower()}|{role_guid.lower()}"))


def role_assignment(
    scope: pulumi.Input[str], principal_id: str, principal_type: str, role_guid: str
) -> authorization.RoleAssignmentArgs:
    """A role assignment at `scope`; the role definition id is the built-in (or custom) role's in the subscription of
    the scope."""
    at = pulumi.Output.from_input(scope)
    return authorization.RoleAssignmentArgs(
        scope=at,
        role_assignment_name=at.apply(lambda s: role_assignment_name(s, principal_id, role_guid)),
        role_definition_id=at.apply(
            lambda s: catalog.ROLE_DEFINITION_ID_TEMPLATE.format(subscription=subscription_of(s), role=role_guid)
        ),
        principal_id=principal_id,
        principal_type=principal_type,
    )


LOCK_NAME = "aoai-do-not-delete"


def lock_args(scope: pulumi.Input[str], level: str, account_name: str) -> dict[str, Any]:
    return {
        "scope": scope,
        "lock_name": LOCK_NAME,
        "level": level,
        "notes": f"Set by aoai (the stack's `lock`): {account_name} and its deployments may not be deleted.",
    }


# --- Monitoring (SPEC-MONITOR: metricAlert 2018-03-01, activityLogAlerts 2020-10-01, actionGroups 2024-10-01-preview)


def metric_alert(
    *,
    rule_name: str,
    description: str,
    scope: pulumi.Input[str],
    resource_group_name: pulumi.Input[str],
    criterion: monitor.MetricCriteriaArgs,
    settings: MetricAlertSettings,
    action_group_id: pulumi.Input[str],
    tags: Mapping[str, str],
) -> monitor.MetricAlertArgs:
    return monitor.MetricAlertArgs(
        rule_name=rule_name,
        resource_group_name=resource_group_name,
        location=catalog.METRIC_ALERT_LOCATION,
        description=description,
        severity=settings.severity,
        enabled=True,
        scopes=[scope],
        evaluation_frequency=settings.frequency,
        window_size=settings.window,
        auto_mitigate=True,
        criteria=monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
            odata_type="Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria", all_of=[criterion]
        ),
        actions=[monitor.MetricAlertActionArgs(action_group_id=action_group_id)],
        tags=dict(tags),
    )


def metric_criterion(
    metric: str, operator: str, threshold: float, aggregation: str, dimensions: Mapping[str, str]
) -> monitor.MetricCriteriaArgs:
    return monitor.MetricCriteriaArgs(
        criterion_type="StaticThresholdCriterion",
        name=metric,
        metric_name=metric,
        metric_namespace=catalog.ACCOUNT_METRIC_NAMESPACE,
        operator=operator,
        threshold=threshold,
        time_aggregation=aggregation,
        dimensions=[
            monitor.MetricDimensionArgs(name=name, operator="Include", values=[value])
            for name, value in dimensions.items()
        ],
    )


def action_group(
    spec: ActionGroupSpec, resource_group_name: pulumi.Input[str], tags: Mapping[str, str]
) -> dict[str, Any]:
    return {
        "action_group_name": spec.name,
        "resource_group_name": resource_group_name,
        "location": catalog.ACTION_GROUP_LOCATION,
        "group_short_name": spec.short_name,
        "enabled": True,
        "email_receivers": [
            monitor.MicrosoftCommonEmailReceiverArgs(name=name, email_address=address, use_common_alert_schema=True)
            for name, address in sorted(spec.emails.items())
        ],
        "webhook_receivers": [
            monitor.WebhookReceiverArgs(name=name, service_uri=url, use_common_alert_schema=True)
            for name, url in sorted(spec.webhooks.items())
        ],
        "tags": dict(tags),
    }


def service_health_condition(spec: ServiceHealthAlertSpec, regions: list[str]) -> monitor.AlertRuleAllOfConditionArgs:
    """Service Health events of the chosen kinds that touch one of `regions` (or every region: `Global`)."""
    all_of = [
        monitor.AlertRuleAnyOfOrLeafConditionArgs(field="category", equals=catalog.SERVICE_HEALTH_CATEGORY),
        monitor.AlertRuleAnyOfOrLeafConditionArgs(
            any_of=[
                monitor.AlertRuleLeafConditionArgs(field="properties.incidentType", equals=kind)
                for kind in spec.incident_types
            ]
        ),
        monitor.AlertRuleAnyOfOrLeafConditionArgs(
            field=catalog.SERVICE_HEALTH_REGION_FIELD,
            contains_any=[*(catalog.REGION_DISPLAY_NAMES[r] for r in sorted(set(regions))), "Global"],
        ),
    ]
    if spec.service_names:
        all_of.append(
            monitor.AlertRuleAnyOfOrLeafConditionArgs(
                field=catalog.SERVICE_HEALTH_SERVICE_FIELD, contains_any=list(spec.service_names)
            )
        )
    return monitor.AlertRuleAllOfConditionArgs(all_of=all_of)
