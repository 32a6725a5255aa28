"""Writable properties of live resources against the inputs a plan gives them, property by property.

A live ARM body holds more than anyone can write (provisioning state, endpoints, capabilities, system data); a plan's
inputs hold the path parameters that name the resource. Both are turned into one shape, azure-native's inputs
without the names, keeping only what a PUT of that type can set (SPEC for Microsoft.CognitiveServices, and the API
versions azure-native uses for the network and diagnostic-setting types), and flattened into dotted paths:
`properties.networkAcls.ipRules`, `properties.contentFilters[Hate/Prompt].blocking`. Lists of things with a name
compare by that name, lists of values as sets, and resource ids ignoring case, as ARM compares them. A property that
is empty (absent, null, false, an empty list or map) on both sides is the same on both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from aoai.azure import catalog, types

Flat = dict[str, Any]


@dataclass(frozen=True)
class Difference:
    path: str
    live: Any
    """The live value (None: Azure does not state it)."""
    planned: Any
    """What the plan sets (None: the plan does not set it)."""

    @property
    def values(self) -> str:
        return f"live {_shown(self.live)}, stack {_shown(self.planned)}"

    def __str__(self) -> str:
        return f"{self.path}: {self.values}"


def _shown(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, tuple):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


# The writable `properties` of each Microsoft.CognitiveServices type (SPEC 2025-06-01: every property not marked
# readOnly). `currentCapacity` is left out: Azure reports the capacity in effect there, which `sku.capacity` sets. Of
# a sku, an account's name and a deployment's name and capacity are compared: what aoai and the portal set.
ACCOUNT_PROPERTIES: Final = (
    "customSubDomainName",
    "networkAcls",
    "encryption",
    "userOwnedStorage",
    "amlWorkspace",
    "publicNetworkAccess",
    "apiProperties",
    "dynamicThrottlingEnabled",
    "restrictOutboundNetworkAccess",
    "allowedFqdnList",
    "disableLocalAuth",
    "locations",
    "raiMonitorConfig",
    "networkInjections",
    "allowProjectManagement",
    "defaultProject",
    "associatedProjects",
)
DEPLOYMENT_PROPERTIES: Final = (
    "model",
    "scaleSettings",
    "raiPolicyName",
    "versionUpgradeOption",
    "capacitySettings",
    "parentDeploymentName",
    "spilloverDeploymentName",
)
MODEL_PROPERTIES: Final = ("publisher", "format", "name", "version", "source", "sourceAccount")
RAI_POLICY_PROPERTIES: Final = ("mode", "basePolicyName", "contentFilters", "customBlocklists")
DIAGNOSTIC_PROPERTIES: Final = (
    "workspaceId",
    "storageAccountId",
    "eventHubAuthorizationRuleId",
    "eventHubName",
    "logAnalyticsDestinationType",
    "serviceBusRuleId",
    "marketplacePartnerId",
    "logs",
    "metrics",
)
ENDPOINT_PROPERTIES: Final = (
    "subnet",
    "privateLinkServiceConnections",
    "manualPrivateLinkServiceConnections",
    "customNetworkInterfaceName",
    "ipConfigurations",
    "applicationSecurityGroups",
)
CONNECTION_PROPERTIES: Final = ("privateLinkServiceId", "groupIds", "requestMessage")

# The inputs that name a resource (path parameters): the id the plan and Azure share says it already.
_PLANNED_NAMING: Final = {
    types.ACCOUNT: ("accountName", "resourceGroupName"),
    types.DEPLOYMENT: ("accountName", "deploymentName", "resourceGroupName"),
    types.RAI_POLICY: ("accountName", "raiPolicyName", "resourceGroupName"),
    types.RAI_BLOCKLIST: ("accountName", "raiBlocklistName", "resourceGroupName"),
    types.PRIVATE_ENDPOINT: ("privateEndpointName", "resourceGroupName"),
    types.PRIVATE_DNS_ZONE_GROUP: ("privateDnsZoneGroupName", "privateEndpointName", "resourceGroupName"),
    types.DIAGNOSTIC_SETTING: ("name", "resourceUri"),
}

# Lists whose entries have a name: compared entry by entry under that name (the last path segment picks the rule).
_ENTRY_KEYS: Final[dict[str, Callable[[Mapping[str, Any]], str]]] = {
    "contentFilters": lambda e: f"{e.get('name')}/{e.get('source')}",
    "customBlocklists": lambda e: f"{e.get('blocklistName')}/{e.get('source')}",
    "ipRules": lambda e: str(e.get("value")),
    "virtualNetworkRules": lambda e: str(e.get("id")).lower(),
    "privateLinkServiceConnections": lambda e: str(e.get("name")),
    "manualPrivateLinkServiceConnections": lambda e: str(e.get("name")),
    "privateDnsZoneConfigs": lambda e: str(e.get("name")),
    "logs": lambda e: str(e.get("categoryGroup") or e.get("category")),
    "metrics": lambda e: str(e.get("category")),
}


def _pick(source: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: source[k] for k in keys if k in source}


def _props(body: Mapping[str, Any]) -> dict[str, Any]:
    found = body.get("properties")
    return found if isinstance(found, dict) else {}


def _account(body: Mapping[str, Any]) -> dict[str, Any]:
    identity = body.get("identity") or {}
    properties = _pick(_props(body), ACCOUNT_PROPERTIES)
    acls = properties.get("networkAcls")
    if isinstance(acls, Mapping) and isinstance(acls.get("virtualNetworkRules"), list):
        # a rule's `state` is what Azure reports of it ("Gets the state of virtual network rule", SPEC)
        rules = [_pick(r, ("id", "ignoreMissingVnetServiceEndpoint")) for r in acls["virtualNetworkRules"]]
        properties["networkAcls"] = {**acls, "virtualNetworkRules": rules}
    return {
        **_pick(body, ("location", "kind", "tags")),
        "sku": _pick(body.get("sku") or {}, ("name",)),
        "identity": {
            # SPEC `ResourceIdentityType` "None": an account without an identity, however Azure reports it
            "type": identity.get("type") or "None",
            "userAssignedIdentities": sorted((identity.get("userAssignedIdentities") or {}).keys()),
        },
        "properties": properties,
    }


def _deployment(body: Mapping[str, Any]) -> dict[str, Any]:
    picked = _pick(_props(body), DEPLOYMENT_PROPERTIES)
    if isinstance(picked.get("model"), dict):
        picked["model"] = _pick(picked["model"], MODEL_PROPERTIES)
    return {
        **_pick(body, ("tags",)),
        "sku": _pick(body.get("sku") or {}, ("name", "capacity")),
        "properties": picked,
    }


def _private_endpoint(body: Mapping[str, Any]) -> dict[str, Any]:
    picked = _pick(_props(body), ENDPOINT_PROPERTIES)
    for kind in ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections"):
        if isinstance(picked.get(kind), list):
            picked[kind] = [{"name": c.get("name"), **_pick(_props(c), CONNECTION_PROPERTIES)} for c in picked[kind]]
    if isinstance(picked.get("subnet"), dict):
        picked["subnet"] = _pick(picked["subnet"], ("id",))
    return {**_pick(body, ("location", "tags")), **picked}


def _zone_group(body: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "privateDnsZoneConfigs": [
            {"name": c.get("name"), **_pick(_props(c), ("privateDnsZoneId",))}
            for c in _props(body).get("privateDnsZoneConfigs") or []
        ]
    }


def _diagnostic_setting(body: Mapping[str, Any]) -> dict[str, Any]:
    picked = _pick(_props(body), DIAGNOSTIC_PROPERTIES)
    for kind in ("logs", "metrics"):
        if isinstance(picked.get(kind), list):
            # A category listed as not enabled is not sent, as one left out is not: Azure lists every category.
            picked[kind] = [
                _without_idle_retention(entry)
                for entry in picked[kind]
                if not (isinstance(entry, Mapping) and entry.get("enabled") is False)
            ]
            if not picked[kind] and kind == "metrics":
                del picked[kind]
    return picked


_LIVE_SHAPES: Final[dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    types.ACCOUNT: _account,
    types.DEPLOYMENT: _deployment,
    types.RAI_POLICY: lambda body: {**_pick(body, ("tags",)), "properties": _pick(_props(body), RAI_POLICY_PROPERTIES)},
    types.RAI_BLOCKLIST: lambda body: {**_pick(body, ("tags",)), "properties": _pick(_props(body), ("description",))},
    types.PRIVATE_ENDPOINT: _private_endpoint,
    types.PRIVATE_DNS_ZONE_GROUP: _zone_group,
    types.DIAGNOSTIC_SETTING: _diagnostic_setting,
}


def live_inputs(type_: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """A live ARM body in the shape of azure-native's inputs for `type_`, writable properties only; a location by its
    programmatic name."""
    shape = _LIVE_SHAPES.get(type_)
    if shape is None:
        raise ValueError(f"aoai does not compare {type_}")
    inputs = shape(body)
    if isinstance(inputs.get("location"), str):
        inputs["location"] = catalog.region_name(inputs["location"])
    return inputs


def _without_idle_retention(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A log or metric entry without a retention policy that is off (what Azure reports when none was set)."""
    retention = entry.get("retentionPolicy")
    if isinstance(retention, dict) and not retention.get("enabled"):
        return {k: v for k, v in entry.items() if k != "retentionPolicy"}
    return dict(entry)


COMPARED_TYPES: Final = frozenset(_PLANNED_NAMING) & frozenset(_LIVE_SHAPES)


def planned_inputs(type_: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A planned resource's inputs without the path parameters that name it."""
    naming = _PLANNED_NAMING.get(type_)
    if naming is None:
        raise ValueError(f"aoai does not compare {type_}")
    picked = {k: v for k, v in inputs.items() if k not in naming}
    if type_ == types.PRIVATE_ENDPOINT and isinstance(picked.get("subnet"), Mapping):
        # azure-native's SubnetArgs adds its defaults for the subnet's own policies; only the id is the endpoint's
        picked["subnet"] = _pick(picked["subnet"], ("id",))
    return picked


def flatten(value: Any, prefix: str = "") -> Flat:
    """`value` as dotted paths to leaves; empty leaves are left out, lists of values become sorted tuples."""
    flat: Flat = {}
    if isinstance(value, Mapping):
        for key in value:
            flat.update(flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list | tuple):
        if not value:
            return flat
        last = prefix.rsplit(".", 1)[-1]
        if last in _ENTRY_KEYS and all(isinstance(v, Mapping) for v in value):
            for entry in value:
                flat.update(flatten(entry, f"{prefix}[{_ENTRY_KEYS[last](entry)}]"))
            return flat
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            flat[prefix] = tuple(sorted((_leaf(v) for v in value), key=repr))
            return flat
        for index, entry in enumerate(value):
            flat.update(flatten(entry, f"{prefix}[{index}]"))
        return flat
    leaf = _leaf(value)
    if leaf is not None and leaf is not False and leaf != "":
        flat[prefix] = leaf
    return flat


def _leaf(value: Any) -> Any:
    if isinstance(value, str) and value.lower().startswith("/subscriptions/"):
        return value.lower().rstrip("/")
    return value


def differences(live: Mapping[str, Any], planned: Mapping[str, Any]) -> list[Difference]:
    """Every path where the two (in `live_inputs` / `planned_inputs` shape) differ, sorted."""
    left, right = flatten(live), flatten(planned)
    found: list[Difference] = []
    for key in sorted(left.keys() | right.keys()):
        a, b = left.get(key), right.get(key)
        if not _same(a, b):
            found.append(Difference(key, a, b))
    return found


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values: `1` and `1.0` are one number (JSON does not tell them apart), `true` is not `1`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def resource_differences(
    type_: str, inputs: Mapping[str, Any], body: Mapping[str, Any]
) -> tuple[list[Difference], int]:
    """The differences between a planned resource's inputs and its live body, and how many properties were compared."""
    planned, live = planned_inputs(type_, inputs), live_inputs(type_, body)
    return differences(live, planned), len(flatten(planned).keys() | flatten(live).keys())


def item_differences(live_items: Sequence[Mapping[str, Any]], planned: Mapping[str, Any]) -> list[Difference]:
    """A blocklist's live items against the `items` input of aoai's BlocklistItems resource."""
    live = {
        str(item.get("name")): {
            "pattern": _props(item).get("pattern"),
            "isRegex": bool(_props(item).get("isRegex")),
        }
        for item in live_items
    }
    return differences({"items": live}, {"items": dict(planned)})


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def overlay(live: Any, planned: Any, key: str = "") -> Any:
    """`planned` with the live value wherever the two differ as `differences` sees it (and only there): the inputs a
    review compares with the plan's, so that it shows what drifted and nothing that is the same in other words.
    `key` is the name of the property holding the values (it picks how a list's entries are matched)."""
    if isinstance(live, Mapping) and isinstance(planned, Mapping):
        merged: dict[str, Any] = {}
        for name in list(planned) + [k for k in live if k not in planned]:
            here, there = live.get(name), planned.get(name)
            if _empty(here) and _empty(there):
                if name in planned:
                    merged[name] = there
                continue
            merged[name] = overlay(here, there, name)
        return merged
    if isinstance(live, list) and isinstance(planned, list):
        if key in _ENTRY_KEYS and all(isinstance(v, Mapping) for v in [*live, *planned]):
            theirs = {_ENTRY_KEYS[key](e): e for e in planned}
            return [overlay(e, theirs.get(_ENTRY_KEYS[key](e)), key) for e in live]
        return planned if flatten({"v": live}) == flatten({"v": planned}) else live
    if isinstance(live, list | Mapping) or isinstance(planned, list | Mapping):
        return live if not _empty(live) else planned
    return planned if _same(_leaf(live), _leaf(planned)) else live
