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

from aoai import resource_types as types
from aoai.errors import ConfigError, Issue
from aoai.files import load_json
from aoai.plan import PLAN_FORMAT_VERSION

Action = Literal["create", "update", "replace", "delete"]

_SCOPE = ("resourceGroupName",)
_ACCOUNT_CHILD = (*_SCOPE, "accountName")
# Inputs whose change makes Azure (and so azure-native) delete and recreate the resource. Entries are dotted paths;
# a change at or below one forces replacement.
REPLACED_BY: Mapping[str, tuple[str, ...]] = {
    types.RESOURCE_GROUP: ("resourceGroupName", "location"),
    types.ACCOUNT: (
        *_SCOPE,
        "accountName",
        "location",
        "kind",
        "properties.customSubDomainName",  # UpdatingCustomDomainNotAllowed (FACTS §2)
    ),
    types.DEPLOYMENT: (
        *_ACCOUNT_CHILD,
        "deploymentName",
        "properties.model.format",
        "properties.model.name",  # a deployment serves one model; only its version can move in place
    ),
    types.RAI_POLICY: (*_ACCOUNT_CHILD, "raiPolicyName"),
    types.RAI_BLOCKLIST: (*_ACCOUNT_CHILD, "raiBlocklistName"),
    types.RAI_BLOCKLIST_ITEM: (*_ACCOUNT_CHILD, "raiBlocklistName", "raiBlocklistItemName"),
    types.PRIVATE_ENDPOINT: (
        *_SCOPE,
        "privateEndpointName",
        "location",
        "subnet.id",
        "customNetworkInterfaceName",
    ),
    types.PRIVATE_DNS_ZONE_GROUP: (*_SCOPE, "privateEndpointName", "privateDnsZoneGroupName"),
    types.PRIVATE_ZONE: (*_SCOPE, "privateZoneName"),
    types.VIRTUAL_NETWORK_LINK: (
        *_SCOPE,
        "privateZoneName",
        "virtualNetworkLinkName",
        "virtualNetwork.id",
    ),
    types.DIAGNOSTIC_SETTING: ("name", "resourceUri"),
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
    data = load_json(path, "plan")
    if not isinstance(data, dict) or data.get("version") != PLAN_FORMAT_VERSION or "resources" not in data:
        message = f"not a plan of format version {PLAN_FORMAT_VERSION}: write it with `aoai plan --format json`"
        raise ConfigError(str(path), [Issue("", message)])
    return data


# Keys that identify an element of a list of objects (content filters by name and source, blocklists by name and
# source, network rules by value or id): such lists are compared element by element, so a change reads as
# `properties.contentFilters[Hate/Prompt].severityThreshold` rather than as two whole lists.
_ELEMENT_KEYS = ("name", "blocklistName", "categoryGroup", "category", "source", "id", "value")


def _element_key(element: Any) -> str | None:
    if not isinstance(element, dict):
        return None
    parts = [element[k] for k in _ELEMENT_KEYS if isinstance(element.get(k), str)]
    return "/".join(parts) if parts else None


def _keyed(value: Any) -> dict[str, Any] | None:
    """A list of identifiable objects by identity; None for anything else."""
    if value is _MISSING or value == []:
        return {}
    if not isinstance(value, list):
        return None
    keys = [_element_key(item) for item in value]
    if None in keys or len(set(keys)) != len(keys):
        return None
    return {f"[{key}]": item for key, item in zip(keys, value, strict=True)}


def _leaves(before: Any, after: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """(path, before, after) for every differing leaf; `_MISSING` stands for an absent side. Objects are compared
    key by key and lists of identifiable objects element by element (an element only one side has is one leaf);
    other lists are leaves, compared whole (ARM replaces lists whole)."""
    if before == after:
        return
    objects = [v for v in (before, after) if v is not _MISSING]
    if objects and all(isinstance(v, dict) for v in objects):
        old, new = (v if isinstance(v, dict) else {} for v in (before, after))
        if not old and not new:  # {} against nothing: the empty object is the change
            yield path, before, after
            return
        for key in sorted(set(old) | set(new)):
            yield from _leaves(old.get(key, _MISSING), new.get(key, _MISSING), f"{path}.{key}" if path else key)
        return
    old_items, new_items = _keyed(before), _keyed(after)
    if old_items is not None and new_items is not None and (old_items or new_items):
        for key in sorted(set(old_items) | set(new_items)):
            was, now = old_items.get(key, _MISSING), new_items.get(key, _MISSING)
            if was is _MISSING or now is _MISSING:
                if was != now:
                    yield path + key, was, now
            else:
                yield from _leaves(was, now, path + key)
        return
    yield path, before, after


def _forces(type_: str, path: str) -> bool:
    return any(path == p or path.startswith(p + ".") for p in REPLACED_BY.get(type_, ()))


def property_changes(type_: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[PropertyChange]:
    return [
        PropertyChange(
            path=path,
            before=None if was is _MISSING else was,
            after=None if now is _MISSING else now,
            forces_replacement=_forces(type_, path),
        )
        for path, was, now in _leaves(dict(before), dict(after), "")
    ]


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
