"""The shapes of the ARM bodies aoai reads back, checked once as they arrive (`aoai.adopt.live`), so that nothing after
the reader meets a list where the REST spec promises an object.

Only what aoai reads is described; every key is optional and may be null, and keys not described are kept as they
are (they are compared as writable properties, never interpreted). A body of another shape is Azure answering
wrongly: the read fails with the request, the key path and what was expected there.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final


@dataclass(frozen=True)
class MapOf:
    """A JSON object whose keys are free (tags, user-assigned identities) and whose values all have one shape."""

    value: Any


Shape = Any
"""`str`, `bool`, `int`, `Any` (anything), a list of one shape, a dict of key → shape, or a `MapOf`."""

_TEXT_MAP: Final = MapOf(str)
_NAMED: Final = {"id": str, "name": str, "type": str}

RESOURCE_GROUP: Final = {**_NAMED, "location": str}
ACCOUNT: Final = {
    **_NAMED,
    "kind": str,
    "location": str,
    "tags": _TEXT_MAP,
    "sku": {"name": str},
    "identity": {"type": str, "userAssignedIdentities": MapOf({"clientId": str, "principalId": str})},
    "properties": {
        "customSubDomainName": str,
        "publicNetworkAccess": str,
        "networkAcls": {
            "defaultAction": str,
            "bypass": str,
            "ipRules": [{"value": str}],
            "virtualNetworkRules": [{"id": str}],
        },
        "disableLocalAuth": bool,
        "restrictOutboundNetworkAccess": bool,
        "allowedFqdnList": [str],
        "encryption": {
            "keySource": str,
            "keyVaultProperties": {"keyVaultUri": str, "keyName": str, "keyVersion": str, "identityClientId": str},
        },
        "privateEndpointConnections": [{"properties": {"privateEndpoint": {"id": str}}}],
    },
}
DEPLOYMENT: Final = {
    **_NAMED,
    "tags": _TEXT_MAP,
    "sku": {"name": str, "capacity": int},
    "properties": {
        "model": {"format": str, "name": str, "version": str},
        "raiPolicyName": str,
        "versionUpgradeOption": str,
        "spilloverDeploymentName": str,
    },
}
RAI_POLICY: Final = {
    **_NAMED,
    "properties": {
        "type": str,
        "mode": str,
        "basePolicyName": str,
        "contentFilters": [{"name": str, "source": str, "enabled": bool, "blocking": bool, "severityThreshold": str}],
        "customBlocklists": [{"blocklistName": str, "source": str, "blocking": bool}],
    },
}
BLOCKLIST: Final = {**_NAMED, "properties": {"description": str}}
BLOCKLIST_ITEM: Final = {**_NAMED, "properties": {"pattern": str, "isRegex": bool}}
PRIVATE_ENDPOINT: Final = {
    **_NAMED,
    "location": str,
    "tags": _TEXT_MAP,
    "properties": {
        "subnet": {"id": str},
        "privateLinkServiceConnections": [
            {"name": str, "properties": {"privateLinkServiceId": str, "groupIds": [str]}}
        ],
        "manualPrivateLinkServiceConnections": [Any],
        "customNetworkInterfaceName": str,
    },
}
ZONE_GROUP: Final = {
    **_NAMED,
    "properties": {"privateDnsZoneConfigs": [{"name": str, "properties": {"privateDnsZoneId": str}}]},
}
DIAGNOSTIC_SETTING: Final = {
    **_NAMED,
    "properties": {
        "workspaceId": str,
        "storageAccountId": str,
        "eventHubAuthorizationRuleId": str,
        "serviceBusRuleId": str,
        "marketplacePartnerId": str,
        "logs": [{"category": str, "categoryGroup": str, "enabled": bool}],
        "metrics": [{"category": str, "enabled": bool}],
    },
}


def problem(value: Any, shape: Shape, path: str = "") -> str | None:
    """Where `value` departs from `shape` and how, or None."""
    if value is None or shape is Any:
        return _non_finite(value, path)
    expected = _expected(value, shape)
    if expected is not None:
        return f"{path or 'the body'} is {_kind(value)}, expected {expected}"
    return next((found for found in _inner_problems(value, shape, path) if found), None)


def _inner_problems(value: Any, shape: Shape, path: str) -> Iterator[str | None]:
    if isinstance(shape, dict):
        yield from (problem(value.get(key), inner, f"{path}.{key}" if path else key) for key, inner in shape.items())
        yield _non_finite(value, path)
    elif isinstance(shape, MapOf):
        yield from (problem(value[key], shape.value, f"{path}.{key}") for key in value)
    elif isinstance(shape, list):
        yield from (problem(item, shape[0], f"{path}[{i}]") for i, item in enumerate(value))


def _expected(value: Any, shape: Shape) -> str | None:
    if isinstance(shape, dict | MapOf):
        fits, what = isinstance(value, Mapping), "an object"
    elif isinstance(shape, list):
        fits, what = isinstance(value, list), "a list"
    elif shape is bool:
        fits, what = isinstance(value, bool), "true or false"
    elif shape is int:
        fits, what = isinstance(value, int) and not isinstance(value, bool), "an integer"
    else:
        fits, what = isinstance(value, str), "text"
    return None if fits else what


def _non_finite(value: Any, path: str) -> str | None:
    """NaN and infinities anywhere (JSON has none; Python's parser lets them through)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{path or 'the body'} is {value}, which JSON cannot hold"
    if isinstance(value, Mapping):
        return next((p for k, v in value.items() if (p := _non_finite(v, f"{path}.{k}" if path else str(k)))), None)
    if isinstance(value, list):
        return next((p for i, v in enumerate(value) if (p := _non_finite(v, f"{path}[{i}]"))), None)
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"
