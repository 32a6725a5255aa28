"""PrivateAccess: a private endpoint (groupId `account`) to one account, with a DNS zone group over its zones.

It is created after every child of the account: an account is briefly `Accepted` after each child write, and a
private endpoint created then fails (AVM Bicep issue #5957). The caller passes the account component as
`created_after`; a component's own `depends_on` would not hold back its children. Both carry the retry hook
(components/retry.py): the network provider still answers `AccountProvisioningStateInvalid` or
`AnotherOperationInProgress` now and then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import network

from aoai.components import arm

ZONE_GROUP_NAME = "default"


@dataclass(frozen=True)
class PrivateAccessArgs:
    account_id: pulumi.Input[str]
    endpoint_name: str
    """The endpoint's name in Azure; its network interface is `<endpoint_name>-nic`."""
    resource_group_name: pulumi.Input[str]
    subnet_id: str
    location: str
    zone_ids: Mapping[str, pulumi.Input[str]]
    """Private DNS zone id by zone name: the zones the account's kind needs."""
    tags: Mapping[str, str] = field(default_factory=dict)
    created_after: Sequence[pulumi.Resource] = ()
    """The account component: the endpoint waits for every one of its children."""
    retry_hooks: pulumi.ResourceHookBinding | None = None
    """The error hook the endpoint and its zone group carry (components/retry.py), or None not to retry."""


class PrivateAccess(pulumi.ComponentResource):
    endpoint: network.PrivateEndpoint
    zone_group: network.PrivateDnsZoneGroup

    def __init__(self, name: str, args: PrivateAccessArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("aoai:index:PrivateAccess", name, None, opts)
        endpoint_name = args.endpoint_name
        self.endpoint = network.PrivateEndpoint(
            f"{name}-endpoint",
            private_endpoint_name=endpoint_name,
            custom_network_interface_name=f"{endpoint_name}-nic",
            resource_group_name=args.resource_group_name,
            location=args.location,
            subnet=network.SubnetArgs(id=args.subnet_id),
            private_link_service_connections=[arm.private_link_connection(endpoint_name, args.account_id)],
            tags=dict(args.tags),
            opts=pulumi.ResourceOptions(parent=self, depends_on=list(args.created_after), hooks=args.retry_hooks),
        )
        self.zone_group = network.PrivateDnsZoneGroup(
            f"{name}-dns",
            private_dns_zone_group_name=ZONE_GROUP_NAME,
            private_endpoint_name=self.endpoint.name,
            resource_group_name=args.resource_group_name,
            private_dns_zone_configs=arm.zone_configs(args.zone_ids),
            opts=pulumi.ResourceOptions(parent=self, hooks=args.retry_hooks),
        )
        self.register_outputs({"endpointId": self.endpoint.id, "zoneGroupId": self.zone_group.id})
