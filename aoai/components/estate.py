"""Estate: the whole environment — resource group, shared private DNS zones, accounts and their private access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi_azure_native import privatedns, resources

from aoai.azure import catalog
from aoai.components.account import AccountAlerts, OpenAIAccount, OpenAIAccountArgs
from aoai.components.monitoring import Monitoring, MonitoringArgs
from aoai.components.private_access import PrivateAccess, PrivateAccessArgs
from aoai.components.retry import RetryPolicy, error_hook
from aoai.spec import StackSpec

DNS_ZONE_LOCATION = "global"


@dataclass(frozen=True)
class EstateArgs:
    spec: StackSpec


def routing_table(spec: StackSpec) -> dict[str, list[dict[str, Any]]]:
    """For gateways: every deployment name with the accounts that serve it (deterministic, no secrets)."""
    table: dict[str, list[dict[str, Any]]] = {}
    for key in sorted(spec.accounts):
        account = spec.accounts[key]
        endpoint = catalog.OPENAI_ENDPOINT_TEMPLATE.format(subdomain=account.custom_subdomain)
        capacities = spec.capacities(key)
        for name in sorted(account.deployments):
            deployment = account.deployments[name]
            table.setdefault(deployment.physical_name(name), []).append(
                {
                    "region": account.region,
                    "account": account.name,
                    "endpoint": endpoint,
                    "sku": deployment.sku,
                    "capacity": capacities[name].value,
                    "spillover": (
                        account.deployments[deployment.spillover_to].physical_name(deployment.spillover_to)
                        if deployment.spillover_to
                        else None
                    ),
                }
            )
    return table


class Estate(pulumi.ComponentResource):
    accounts: dict[str, OpenAIAccount]
    private_access: dict[str, PrivateAccess]
    dns_zones: dict[str, privatedns.PrivateZone]
    resource_group: resources.ResourceGroup | None
    monitoring: Monitoring | None

    def __init__(self, name: str, args: EstateArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("aoai:index:Estate", name, None, opts)
        spec = args.spec
        rg_spec = spec.resource_group
        self.resource_group = None
        rg_name: pulumi.Input[str] = rg_spec.name
        if rg_spec.create:
            self.resource_group = resources.ResourceGroup(
                f"{name}-rg",
                resource_group_name=rg_spec.name,
                location=rg_spec.location,
                tags=spec.stack_tags(),
                opts=pulumi.ResourceOptions(parent=self, protect=spec.production),
            )
            rg_name = self.resource_group.name

        zone_ids = self._dns_zones(name, spec, rg_name)
        retries = spec.retries
        hooks = None
        if retries.attempts:
            policy = RetryPolicy(retries.attempts, retries.first_delay_seconds, retries.max_delay_seconds)
            hooks = pulumi.ResourceHookBinding(on_error=[error_hook(policy)])

        self.monitoring = None
        if spec.monitoring is not None:
            self.monitoring = Monitoring(
                f"{name}-monitoring",
                MonitoringArgs(
                    spec=spec.monitoring,
                    environment=spec.environment,
                    resource_group_name=rg_name,
                    regions=[a.region for a in spec.accounts.values()],
                    tags=spec.stack_tags(),
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
        alerts = (
            AccountAlerts(spec.monitoring.alerts, self.monitoring.action_group_id)
            if spec.monitoring is not None and self.monitoring is not None
            else None
        )

        self.accounts = {}
        self.private_access = {}
        for key in sorted(spec.accounts):
            account_spec = spec.accounts[key]
            filters = spec.filters_used_by(key)
            workspace = spec.diagnostics_for(key)
            account = OpenAIAccount(
                f"{name}-{key}",
                OpenAIAccountArgs(
                    account=account_spec,
                    resource_group_name=rg_name,
                    tags=spec.account_tags(key),
                    protect=spec.protects(key),
                    content_filters={f: spec.content_filters[f] for f in filters},
                    blocklists={b: spec.blocklists[b] for b in spec.blocklists_used_by(key)},
                    capacities={name: planned.value for name, planned in spec.capacities(key).items()},
                    diagnostics=workspace,
                    grants=spec.grants_for(key),
                    retry_hooks=hooks,
                    lock=spec.lock_for(key),
                    alerts=alerts,
                ),
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.accounts[key] = account
            subnet = spec.private_endpoint_subnet(key)
            endpoint = account_spec.private_endpoint
            if endpoint is not None and subnet is not None:
                self.private_access[key] = PrivateAccess(
                    f"{name}-{key}-private",
                    PrivateAccessArgs(
                        account_id=account.id,
                        endpoint_name=endpoint.physical_name(account_spec.name),
                        resource_group_name=endpoint.resource_group or rg_name,
                        subnet_id=subnet,
                        location=endpoint.location or account_spec.region,
                        zone_ids={z: zone_ids[z] for z in catalog.PRIVATE_DNS_ZONES[account_spec.kind]},
                        tags=spec.account_tags(key),
                        created_after=[account],
                        retry_hooks=hooks,
                    ),
                    opts=pulumi.ResourceOptions(parent=self),
                )

        self.endpoints = {k: a.endpoint for k, a in self.accounts.items()}
        self.account_ids = {k: a.id for k, a in self.accounts.items()}
        self.principal_ids = {k: a.principal_id for k, a in self.accounts.items()}
        self.routing = routing_table(spec)
        self.register_outputs(
            {
                "endpoints": self.endpoints,
                "accountIds": self.account_ids,
                "principalIds": self.principal_ids,
                "routing": self.routing,
            }
        )

    def _dns_zones(self, name: str, spec: StackSpec, rg_name: pulumi.Input[str]) -> dict[str, pulumi.Input[str]]:
        """Zone ids by zone name: the stack's own zones (created once, linked to the listed VNets) or existing ones."""
        self.dns_zones = {}
        access = spec.private_access
        if access is None:
            return {}
        if not access.dns_zones.create:
            return dict(access.dns_zones.existing)
        kinds = {a.kind for a in spec.accounts.values() if a.private_endpoint is not None}
        needed = sorted({zone for kind in kinds for zone in catalog.PRIVATE_DNS_ZONES[kind]})
        for zone in needed:
            suffix = zone.replace(".", "-")
            private_zone = privatedns.PrivateZone(
                f"{name}-zone-{suffix}",
                private_zone_name=zone,
                location=DNS_ZONE_LOCATION,
                resource_group_name=rg_name,
                tags=spec.stack_tags(),
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.dns_zones[zone] = private_zone
            for link_key in sorted(access.dns_zones.vnet_links):
                privatedns.VirtualNetworkLink(
                    f"{name}-zone-{suffix}-link-{link_key}",
                    virtual_network_link_name=link_key,
                    private_zone_name=private_zone.name,
                    resource_group_name=rg_name,
                    location=DNS_ZONE_LOCATION,
                    registration_enabled=False,
                    virtual_network=privatedns.SubResourceArgs(id=access.dns_zones.vnet_links[link_key]),
                    tags=spec.stack_tags(),
                    opts=pulumi.ResourceOptions(parent=self),
                )
        return {zone: z.id for zone, z in self.dns_zones.items()}
