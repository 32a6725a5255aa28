"""The stack's Azure OpenAI resources joined together, from what stack policies can see: outputs and dependencies.

Children are joined to their account by the dependency the engine records for the input that names the account
(`accountName`, `resourceUri`, ...) or, failing that, by ARM id: a deployment's id extends its account's id.
Input-only fields such as `accountName` are not in a resource's outputs, so they are never used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from aoai_policies import facts
from aoai_policies.props import items, text


def known(props: Any, *path: str) -> str | None:
    """The string at `path`, or None while it is unknown (during a preview, outputs such as `id` are not yet known).

    Only for joining resources and naming them in messages: a check that needs the value itself must let the
    engine's unknown-value error through, so the CLI reports the policy as not runnable during preview.
    """
    try:
        return text(props, *path)
    except UnknownValueError:
        return None


@dataclass
class Account:
    resource: PolicyResource
    deployments: list[PolicyResource] = field(default_factory=list)
    rai_policies: list[PolicyResource] = field(default_factory=list)
    private_endpoints: list[PolicyResource] = field(default_factory=list)
    diagnostic_settings: list[PolicyResource] = field(default_factory=list)

    @property
    def name(self) -> str:
        return known(self.resource.props, "name") or self.resource.name

    @property
    def urn(self) -> str:
        return self.resource.urn


@dataclass
class Estate:
    accounts: list[Account]
    zone_groups: dict[str, list[PolicyResource]]
    """Private DNS zone groups by the URN of their private endpoint."""


def _id(resource: PolicyResource) -> str:
    """The ARM id in lower case (ARM ids are case-insensitive), or "" while it is not known (a preview)."""
    return (known(resource.props, "id") or "").lower()


def _owner(
    resource: PolicyResource, inputs: Sequence[str], candidates: Sequence[PolicyResource], separator: str
) -> PolicyResource | None:
    """The candidate that `resource` names through one of `inputs`, else the one whose id its own id extends."""
    urns = {c.urn for c in candidates}
    linked = {dep.urn: dep for key in inputs for dep in resource.property_dependencies.get(key, []) if dep.urn in urns}
    if len(linked) == 1:
        return next(iter(linked.values()))
    child_id = _id(resource)
    return next((c for c in candidates if _id(c) and child_id.startswith(_id(c) + separator)), None)


_CONNECTIONS = ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections")


def _endpoint_target(endpoint: PolicyResource, accounts: Sequence[PolicyResource]) -> PolicyResource | None:
    """The account a private endpoint connects to: by dependency, else by the connection's privateLinkServiceId."""
    urns = {a.urn for a in accounts}
    linked = {
        dep.urn: dep for key in _CONNECTIONS for dep in endpoint.property_dependencies.get(key, []) if dep.urn in urns
    }
    if len(linked) == 1:
        return next(iter(linked.values()))
    targets = {
        (known(connection, "privateLinkServiceId") or "").lower()
        for key in _CONNECTIONS
        for connection in items(endpoint.props, key)
    }
    return next((a for a in accounts if _id(a) and _id(a) in targets), None)


# The children an account holds: their type, the input that names the account, what follows the account's id in
# theirs, and the account's list of them.
_CHILDREN: tuple[tuple[str, str, str, Callable[[Account], list[PolicyResource]]], ...] = (
    (facts.DEPLOYMENT_TYPE, "accountName", "/deployments/", lambda account: account.deployments),
    (facts.RAI_POLICY_TYPE, "accountName", "/raipolicies/", lambda account: account.rai_policies),
    (
        facts.DIAGNOSTIC_SETTING_TYPE,
        "resourceUri",
        "/providers/microsoft.insights/",
        lambda account: account.diagnostic_settings,
    ),
)


def estate(resources: Iterable[PolicyResource]) -> Estate:
    by_type: dict[str, list[PolicyResource]] = {}
    for resource in resources:
        by_type.setdefault(resource.resource_type, []).append(resource)
    account_resources = by_type.get(facts.ACCOUNT_TYPE, [])
    accounts = {a.urn: Account(a) for a in account_resources}

    # A child of an account outside the stack has no owner here: no policy can judge it.
    for resource_type, account_input, separator, children_of in _CHILDREN:
        for child in by_type.get(resource_type, []):
            if (found := _owner(child, [account_input], account_resources, separator)) is not None:
                children_of(accounts[found.urn]).append(child)
    endpoints = by_type.get(facts.PRIVATE_ENDPOINT_TYPE, [])
    for endpoint in endpoints:
        target = _endpoint_target(endpoint, account_resources)
        if target is not None:
            accounts[target.urn].private_endpoints.append(endpoint)

    zone_groups: dict[str, list[PolicyResource]] = {}
    for group in by_type.get(facts.PRIVATE_DNS_ZONE_GROUP_TYPE, []):
        endpoint = _owner(group, ["privateEndpointName"], endpoints, "/privatednszonegroups/")
        if endpoint is not None:
            zone_groups.setdefault(endpoint.urn, []).append(group)
    return Estate(list(accounts.values()), zone_groups)


def name_of(resource: PolicyResource) -> str:
    """The Azure name of a resource (its `name` output); raises the engine's unknown-value error during a preview."""
    return text(resource.props, "name") or resource.name


def zone_names(group: PolicyResource) -> set[str]:
    """The private DNS zones a zone group registers in, named by the last segment of each zone id."""
    zones = set()
    for config in items(group.props, "privateDnsZoneConfigs"):
        zone_id = text(config, "privateDnsZoneId")
        if zone_id:
            zones.add(zone_id.rstrip("/").rsplit("/", 1)[-1].lower())
    return zones
