"""Compare two offline plans: what each resource change is (create, update, replace, delete) and which properties move.

Resources are matched by URN; a resource whose URN changed only because its parent did (same type and logical
name) is the same resource moved, which Pulumi replaces. Replacement is predicted from the inputs Azure cannot
change in place (`REPLACED_BY`): a changed physical name, resource group or parent resource, location, account kind
or custom subdomain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aoai.errors import ConfigError, Issue
from aoai.plan import PLAN_FORMAT_VERSION

Action = Literal["create", "update", "replace", "delete"]

_SCOPE = ("resourceGroupName",)
_ACCOUNT_CHILD = (*_SCOPE, "accountName")
# Inputs whose change makes Azure (and so azure-native) delete and recreate the resource. Entries are dotted paths;
# a change at or below one forces replacement.
REPLACED_BY: Mapping[str, tuple[str, ...]] = {
    "azure-native:resources:ResourceGroup": ("resourceGroupName", "location"),
    "azure-native:cognitiveservices:Account": (
        *_SCOPE,
        "accountName",
        "location",
        "kind",
        "properties.customSubDomainName",  # UpdatingCustomDomainNotAllowed (FACTS §2)
    ),
    "azure-native:cognitiveservices:Deployment": (
        *_ACCOUNT_CHILD,
        "deploymentName",
        "properties.model.format",
        "properties.model.name",  # a deployment serves one model; only its version can move in place
    ),
    "azure-native:cognitiveservices:RaiPolicy": (*_ACCOUNT_CHILD, "raiPolicyName"),
    "azure-native:cognitiveservices:RaiBlocklist": (*_ACCOUNT_CHILD, "raiBlocklistName"),
    "azure-native:cognitiveservices:RaiBlocklistItem": (*_ACCOUNT_CHILD, "raiBlocklistName", "raiBlocklistItemName"),
    "azure-native:network:PrivateEndpoint": (
        *_SCOPE,
        "privateEndpointName",
        "location",
        "subnet.id",
        "customNetworkInterfaceName",
    ),
    "azure-native:network:PrivateDnsZoneGroup": (*_SCOPE, "privateEndpointName", "privateDnsZoneGroupName"),
    "azure-native:privatedns:PrivateZone": (*_SCOPE, "privateZoneName"),
    "azure-native:privatedns:VirtualNetworkLink": (
        *_SCOPE,
        "privateZoneName",
        "virtualNetworkLinkName",
        "virtualNetwork.id",
    ),
    "azure-native:monitor:DiagnosticSetting": ("name", "resourceUri"),
}

_MISSING = object()


@dataclass(frozen=True)
class PropertyChange:
    path: str
    before: Any
    after: Any
    forces_replacement: bool


@dataclass(frozen=True)
class ResourceChange:
    urn: str
    type: str
    name: str
    action: Action
    changes: list[PropertyChange] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    """Why the resource is replaced (empty for other actions)."""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    """The whole resource as each plan has it (None where it does not exist)."""


def read_plan(path: Path) -> dict[str, Any]:
    """A plan file written by `aoai plan --format json`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(str(path), [Issue("", f"cannot read the plan: {error.strerror}")]) from None
    except json.JSONDecodeError as error:
        raise ConfigError(str(path), [Issue("", f"not valid JSON: {error.msg} (line {error.lineno})")]) from None
    if not isinstance(data, dict) or data.get("version") != PLAN_FORMAT_VERSION or "resources" not in data:
        message = f"not a plan of format version {PLAN_FORMAT_VERSION}: write it with `aoai plan --format json`"
        raise ConfigError(str(path), [Issue("", message)])
    return data


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by dotted path; lists are leaves, compared whole (ARM replaces lists whole)."""
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key in sorted(value):
            flat.update(_flatten(value[key], f"{prefix}.{key}" if prefix else key))
        return flat
    return {prefix: value}


def _forces(type_: str, path: str) -> bool:
    return any(path == p or path.startswith(p + ".") for p in REPLACED_BY.get(type_, ()))


def property_changes(type_: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[PropertyChange]:
    old, new = _flatten(dict(before)), _flatten(dict(after))
    changes = []
    for path in sorted(set(old) | set(new)):
        was, now = old.get(path, _MISSING), new.get(path, _MISSING)
        if was != now:
            changes.append(
                PropertyChange(
                    path=path,
                    before=None if was is _MISSING else was,
                    after=None if now is _MISSING else now,
                    forces_replacement=_forces(type_, path),
                )
            )
    return changes


def _compare(urn: str, base: dict[str, Any], head: dict[str, Any], moved: bool) -> ResourceChange | None:
    changes = property_changes(head["type"], base.get("inputs", {}), head.get("inputs", {}))
    if base.get("protect") != head.get("protect"):
        changes.append(PropertyChange("(protect)", base.get("protect"), head.get("protect"), False))
    reasons = [f"{c.path} changes ({_show(c.before)} → {_show(c.after)})" for c in changes if c.forces_replacement]
    if moved:
        reasons.insert(0, "its parent changed, so its URN changed")
    if not changes and not moved:
        return None
    action: Action = "replace" if reasons else "update"
    return ResourceChange(urn, head["type"], head["name"], action, changes, reasons, base, head)


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


def diff_plans(base: Mapping[str, Any], head: Mapping[str, Any]) -> list[ResourceChange]:
    """Every resource that differs between the two plans, in head order then deletions, by URN."""
    before = {r["urn"]: r for r in base["resources"]}
    after = {r["urn"]: r for r in head["resources"]}
    by_identity = {(r["type"], r["name"]): r for urn, r in before.items() if urn not in after}
    matched: set[str] = set()
    result: list[ResourceChange] = []
    for urn in sorted(after):
        resource = after[urn]
        previous = before.get(urn)
        moved = False
        if previous is None:
            previous = by_identity.get((resource["type"], resource["name"]))
            moved = previous is not None
        if previous is None:
            result.append(ResourceChange(urn, resource["type"], resource["name"], "create", after=resource))
            continue
        matched.add(previous["urn"])
        change = _compare(urn, previous, resource, moved)
        if change is not None:
            result.append(change)
    for urn in sorted(set(before) - set(after) - matched):
        resource = before[urn]
        result.append(ResourceChange(urn, resource["type"], resource["name"], "delete", before=resource))
    return result


def counts(changes: list[ResourceChange]) -> dict[str, int]:
    tally: dict[str, int] = dict.fromkeys(("create", "update", "replace", "delete"), 0)
    for change in changes:
        tally[change.action] += 1
    return tally


def custom_changes(changes: list[ResourceChange]) -> Iterator[ResourceChange]:
    """Changes to Azure resources (components carry no Azure state of their own)."""
    for change in changes:
        resource = change.after or change.before or {}
        if resource.get("custom", True):
            yield change
