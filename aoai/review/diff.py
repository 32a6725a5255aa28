"""Compare two offline plans: what each resource change is (create, update, replace, delete) and which properties move.

Resources are matched by URN; a resource whose URN changed only because its parent did (same type and logical
name) is the same resource moved, which Pulumi replaces. Replacement is predicted from the inputs azure-native
replaces on (`REPLACEMENTS`, each row with its sources; `REPLACED_BY` per type): a changed physical name, resource
group or parent resource, an account's or private endpoint's location, an endpoint's subnet. Inputs azure-native
updates in place but Azure may refuse or that change what the resource is (an account's kind or custom subdomain, a
deployment's model name or format) carry a `caution` the review reports.

A resource deleted under one URN and created under another with the same Azure identity (ARM id, or type, physical
name and scope) is a **rename** of its logical name (e.g. an account's key in the stack file): Pulumi would delete
the live resource and create it again, unless the new resource carries an alias of the old name (`alias`). A
component whose children are renamed with it is renamed too, so the alias goes on the top-most renamed resource and
its children follow it (Pulumi derives a child's alias from its parent's when the child's name starts with the
parent's).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from aoai.azure import catalog, types
from aoai.plan.document import PlanDocument

Action = Literal["create", "update", "replace", "delete", "rename"]
ACTIONS: Final[tuple[Action, ...]] = ("create", "update", "replace", "delete", "rename")

_SCOPE = ("resourceGroupName",)
_ACCOUNT_CHILD = (*_SCOPE, "accountName")

Effect = Literal["replaces", "may replace", "refused", "in place, flagged", "in place"]
"""What a change to an input does to the live resource: `replaces` (azure-native deletes and recreates it); `may
replace` (azure-native updates it in place, which Azure may refuse: to be safe, recreate it under a new name);
`refused` (azure-native updates it in place and Azure refuses: `pulumi up` fails); `in place, flagged` (an in-place
update the review names, as its outcome depends on the values); `in place` (a plain update, listed because another
tool or an assumption says otherwise)."""

_PATH_PARAMETER = "a path parameter of the resource's ARM id: azure-native replaces on any change to it"


@dataclass(frozen=True)
class Replacement:
    """One input of one resource type whose change is more than a plain update, why, and where that was read."""

    type: str
    path: str
    """A dotted input path; a change at or below it counts."""
    effect: Effect
    sources: tuple[str, ...]
    """Ids of `aoai_policies.facts.SOURCES`."""
    why: str


def _named(type_: str, *paths: str) -> list[Replacement]:
    return [Replacement(type_, p, "replaces", ("PULUMI-AZURE-NATIVE-REPLACE",), _PATH_PARAMETER) for p in paths]


# Checked against pulumi-azure-native's replacement rules (PULUMI-AZURE-NATIVE-REPLACE: x-ms-mutability create
# without update, its forceNewMap, path parameters) and the REST specs it is generated from, not assumed.
REPLACEMENTS: tuple[Replacement, ...] = (
    *_named(types.RESOURCE_GROUP, "resourceGroupName"),
    Replacement(
        types.RESOURCE_GROUP,
        "location",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE",),
        "azure-native's forceNewMap lists ResourceGroup location",
    ),
    *_named(types.ACCOUNT, *_SCOPE, "accountName"),
    Replacement(
        types.ACCOUNT,
        "location",
        "replaces",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE"),
        "x-ms-mutability read, create in the 2025-06-01 spec: no update",
    ),
    Replacement(
        types.ACCOUNT,
        "kind",
        "in place, flagged",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-FOUNDRY-UPGRADE", "ARM-UPDATE-KIND"),
        "no x-ms-mutability and no forceNew, so azure-native updates it in place; Azure upgrades OpenAI → AIServices"
        " in place and refuses other changes of kind (UpdateKindNotAllowed), a downgrade while the account has"
        " projects",
    ),
    Replacement(
        types.ACCOUNT,
        "properties.customSubDomainName",
        "refused",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-CUSTOM-SUBDOMAIN"),
        "azure-native updates it in place (no x-ms-mutability, no forceNew); Azure refuses a new subdomain once one"
        " is set (UpdatingCustomDomainNotAllowed): the subdomain is the endpoint, so a new one needs a new account",
    ),
    *_named(types.DEPLOYMENT, *_ACCOUNT_CHILD, "deploymentName"),
    *_named(types.PROJECT, *_ACCOUNT_CHILD, "projectName"),
    Replacement(
        types.DEPLOYMENT,
        "properties.model.format",
        "may replace",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-MODEL-UPDATES"),
        "azure-native sends a PUT in place (no x-ms-mutability, no forceNew); whether Azure accepts another model"
        " on an existing deployment cannot be settled offline",
    ),
    Replacement(
        types.DEPLOYMENT,
        "properties.model.name",
        "may replace",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-MODEL-UPDATES"),
        "azure-native sends a PUT in place (no x-ms-mutability, no forceNew); Learn documents a model family change"
        " in place only for provisioned deployments that keep their deployment type (the review then reports none),"
        " so Azure may refuse it on others (Terraform's azurerm forces new on it)",
    ),
    Replacement(
        types.DEPLOYMENT,
        "properties.model.version",
        "in place",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-MODEL-UPDATES"),
        "no x-ms-mutability, no forceNew; Learn documents version upgrades of a deployment in place",
    ),
    Replacement(
        types.DEPLOYMENT,
        "sku",
        "in place",
        ("SPEC", "PULUMI-AZURE-NATIVE-REPLACE", "LEARN-MODEL-UPDATES"),
        "no x-ms-mutability, no forceNew: azure-native updates name and capacity in place (Terraform's azurerm forces"
        " new on it; the review judges released PTU as a capacity risk)",
    ),
    *_named(types.RAI_POLICY, *_ACCOUNT_CHILD, "raiPolicyName"),
    *_named(types.RAI_BLOCKLIST, *_ACCOUNT_CHILD, "raiBlocklistName"),
    # A different blocklist; its items then move with it (components/blocklist_items.py replaces on the same keys).
    # Plans made before it hold one RaiBlocklistItem per item: those can only be deleted now (risk.py judges that).
    *(
        Replacement(
            types.BLOCKLIST_ITEMS,
            p,
            "replaces",
            ("PULUMI-AZURE-NATIVE-REPLACE",),
            "aoai's blocklist-items component replaces on the blocklist it writes to (its path parameters)",
        )
        for p in ("subscriptionId", *_ACCOUNT_CHILD, "raiBlocklistName")
    ),
    *_named(types.PRIVATE_ENDPOINT, *_SCOPE, "privateEndpointName"),
    Replacement(
        types.PRIVATE_ENDPOINT,
        "location",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE",),
        "an endpoint lives in its subnet's region; a new region is a new endpoint",
    ),
    Replacement(
        types.PRIVATE_ENDPOINT,
        "subnet.id",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE",),
        "azure-native's forceNewMap lists PrivateEndpoint subnet (Azure cannot move an endpoint to another subnet)",
    ),
    Replacement(
        types.PRIVATE_ENDPOINT,
        "customNetworkInterfaceName",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE",),
        "the endpoint's network interface is named once, when it is created",
    ),
    *_named(types.PRIVATE_DNS_ZONE_GROUP, *_SCOPE, "privateEndpointName", "privateDnsZoneGroupName"),
    *_named(types.PRIVATE_ZONE, *_SCOPE, "privateZoneName"),
    *_named(types.VIRTUAL_NETWORK_LINK, *_SCOPE, "privateZoneName", "virtualNetworkLinkName"),
    Replacement(
        types.VIRTUAL_NETWORK_LINK,
        "virtualNetwork.id",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE",),
        "a link joins one zone to one virtual network; another network is another link",
    ),
    *_named(types.DIAGNOSTIC_SETTING, "name", "resourceUri"),
    # Azure does not update a role assignment's principal or role (RoleAssignmentUpdateNotPermitted); aoai's name for
    # it is derived from both, so a change is a new assignment and the old one's removal.
    *_named(types.ROLE_ASSIGNMENT, "scope", "roleAssignmentName"),
    Replacement(
        types.ROLE_ASSIGNMENT,
        "principalId",
        "replaces",
        ("PULUMI-AZURE-NATIVE-REPLACE", "SPEC-AUTHORIZATION"),
        "azure-native's forceNewMap lists RoleAssignment principalId (RoleAssignmentUpdateNotPermitted)",
    ),
    *(
        Replacement(
            types.ROLE_ASSIGNMENT,
            p,
            "replaces",
            ("SPEC-AUTHORIZATION",),
            "Azure does not update an assignment's role or principal (RoleAssignmentUpdateNotPermitted); aoai's"
            " name for it derives from them",
        )
        for p in ("roleDefinitionId", "principalType")
    ),
    *_named(types.MANAGEMENT_LOCK, "scope", "lockName"),
    *_named(types.METRIC_ALERT, *_SCOPE, "ruleName"),
    *_named(types.ACTIVITY_LOG_ALERT, *_SCOPE, "activityLogAlertName"),
    *_named(types.ACTION_GROUP, *_SCOPE, "actionGroupName"),
)

# Inputs whose change makes azure-native delete and recreate the resource (the `replaces` rows of REPLACEMENTS), per
# type. Entries are dotted paths; a change at or below one forces replacement.
REPLACED_BY: Mapping[str, tuple[str, ...]] = {
    type_: tuple(r.path for r in REPLACEMENTS if r.type == type_ and r.effect == "replaces")
    for type_ in dict.fromkeys(r.type for r in REPLACEMENTS)
}


def _row(type_: str, path: str) -> Replacement | None:
    return next(
        (r for r in REPLACEMENTS if r.type == type_ and (path == r.path or path.startswith(r.path + "."))), None
    )


_SAFE = "to be safe, create a new deployment under a new name and move traffic"


def _kind_caution(change: str, before: Any, after: Any) -> str:
    if (before, after) == ("OpenAI", "AIServices"):
        return (
            f"{change}: upgraded in place to Microsoft Foundry (endpoint, keys and configuration are kept; the"
            " account gains the Foundry surface: projects and agents)"
        )
    if (before, after) == ("AIServices", "OpenAI"):
        return f"{change}: an in-place update that may fail: Azure refuses a downgrade while the account has projects"
    return f"{change}: an in-place update that may fail: Azure changes kind only from OpenAI to AIServices"


def caution(type_: str, path: str, before: Any, after: Any, *, provisioned_migration: bool = False) -> str | None:
    """What a change to an input that azure-native updates in place may still do, for the review to say; None when it
    is a plain update (or a replacement). `provisioned_migration`: the change is to a provisioned deployment that keeps
    its sku, which Azure migrates to another model in place (LEARN-MODEL-UPDATES)."""
    row = _row(type_, path)
    if row is None or row.effect in ("replaces", "in place"):
        return None
    if provisioned_migration and type_ == types.DEPLOYMENT and row.path.startswith("properties.model."):
        return None
    change = f"{path} changes ({_show(before)} → {_show(after)})"
    if row.path == "kind":
        return _kind_caution(change, before, after)
    if row.effect == "refused":
        return (
            f"{change}: an in-place update Azure refuses once a subdomain is set (UpdatingCustomDomainNotAllowed),"
            " so `pulumi up` fails; a new subdomain needs a new account"
        )
    if type_ == types.DEPLOYMENT:
        return f"{change} may replace it: Azure may refuse the change in place; {_SAFE}"
    return f"{change} may replace it: {row.why}"


_MISSING = object()


@dataclass(frozen=True)
class PropertyChange:
    path: str
    before: Any
    after: Any
    forces_replacement: bool
    caution: str | None = None
    """Said when Azure may refuse, or reshape the resource with, an in-place change (see `caution`)."""


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
    renamed_from: str | None = None
    """A rename: the URN the resource had in the base plan (its logical name there is `before["name"]`)."""
    alias: Alias | None = None
    """A rename: the alias that keeps the live resource, on the resource that must carry it."""
    cautions: list[str] = field(default_factory=list)
    """The property changes' cautions: in-place updates Azure may refuse or that change what the resource is."""


@dataclass(frozen=True)
class Alias:
    """`pulumi.Alias(name=old_name)` on the resource `resource` (of type `type`), which today is called so."""

    resource: str
    type: str
    old_name: str
    parent_changed: bool
    """The top-most renamed resource also moved to another parent: the alias needs `parent=` the old one too."""

    def code(self) -> str:
        parent = ", parent=<the old parent>" if self.parent_changed else ""
        return f"aliases=[pulumi.Alias(name={json.dumps(self.old_name)}{parent})]"


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


def _provisioned_sku_kept(type_: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """A deployment on a provisioned sku that stays the same: Azure migrates it in place to another model version or
    family (LEARN-MODEL-UPDATES: only between provisioned deployments of the same deployment type)."""
    if type_ != types.DEPLOYMENT:
        return False
    skus = [sku.get("name") if isinstance(sku := inputs.get("sku"), Mapping) else None for inputs in (before, after)]
    name = skus[0]
    return (
        skus[0] == skus[1]
        and isinstance(name, str)
        and name in catalog.DEPLOYMENT_SKUS
        and (catalog.DEPLOYMENT_SKUS[name].provisioned)
    )


def property_changes(type_: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[PropertyChange]:
    migration = _provisioned_sku_kept(type_, before, after)
    return [
        PropertyChange(
            path=path,
            before=None if was is _MISSING else was,
            after=None if now is _MISSING else now,
            forces_replacement=_forces(type_, path),
            caution=caution(
                type_,
                path,
                None if was is _MISSING else was,
                None if now is _MISSING else now,
                provisioned_migration=migration,
            ),
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
    cautions = [c.caution for c in changes if c.caution]
    return ResourceChange(urn, head["type"], head["name"], action, changes, reasons, base, head, cautions=cautions)


def _show(value: Any) -> str:
    return json.dumps(value) if not isinstance(value, str) else value


def _name_inputs(type_: str) -> tuple[str, ...]:
    """The inputs that name a resource and its scope in Azure (a subset of what forces replacement)."""
    return tuple(
        p for p in REPLACED_BY.get(type_, ()) if "." not in p and (p.endswith("Name") or p in ("resourceUri", "scope"))
    )


def azure_identity(resource: Mapping[str, Any]) -> tuple[str, ...] | None:
    """What Azure knows a resource by: its type and ARM id (compared case-insensitively, as ARM does), or without an
    id its type, physical name and scope; None for components and for resources aoai cannot identify."""
    if not resource.get("custom"):
        return None
    type_, arm_id = resource["type"], resource.get("id")
    if isinstance(arm_id, str) and arm_id:
        return (type_, "id", arm_id.lower())
    names = [resource["inputs"].get(p) for p in _name_inputs(type_)]
    if not names or not all(isinstance(n, str) and n for n in names):
        return None
    return (type_, "names", *(n.lower() for n in names))


def _renames(deleted: Mapping[str, dict[str, Any]], created: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    """Old URN → new URN of each resource renamed: its Azure identity deleted and created again, then up through the
    components that hold them (an old and a new parent of one type, each gone and each new)."""
    by_identity: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for urn, resource in deleted.items():
        identity = azure_identity(resource)
        if identity is not None:
            by_identity[identity].append(urn)
    pairs: dict[str, str] = {}
    for urn, resource in created.items():
        identity = azure_identity(resource)
        candidates = by_identity.get(identity, []) if identity is not None else []
        if len(candidates) == 1:  # an identity twice in a plan is not a rename aoai can name
            pairs[candidates.pop()] = urn
    pending = list(pairs.items())
    while pending:
        old, new = pending.pop()
        old_parent, new_parent = deleted[old].get("parent"), created[new].get("parent")
        if (
            isinstance(old_parent, str)
            and isinstance(new_parent, str)
            and old_parent in deleted
            and new_parent in created
            and old_parent not in pairs
            and new_parent not in pairs.values()
            and deleted[old_parent]["type"] == created[new_parent]["type"]
        ):
            pairs[old_parent] = new_parent
            pending.append((old_parent, new_parent))
    return pairs


def _alias(new_urn: str, pairs: Mapping[str, str], base: Mapping[str, Any], head: Mapping[str, Any]) -> Alias:
    renamed_to = {new: old for old, new in pairs.items()}
    top = new_urn
    while (parent := head[top].get("parent")) in renamed_to and base[renamed_to[top]].get("parent") == renamed_to[
        parent
    ]:
        top = parent
    old = base[renamed_to[top]]
    parent_changed = old.get("parent") != head[top].get("parent") and old.get("parent") not in pairs
    return Alias(head[top]["name"], head[top]["type"], old["name"], parent_changed)


def diff_plans(base: PlanDocument, head: PlanDocument) -> list[ResourceChange]:
    """Every resource that differs between the two plans, in head order then deletions, by URN. The plans are valid
    (`aoai.plan.document.check_plan`): each URN once, each field of its type."""
    before = base.by_urn()
    after = head.by_urn()
    by_identity = {(r["type"], r["name"]): r for urn, r in before.items() if urn not in after}
    matched: set[str] = set()
    result: list[ResourceChange] = []
    created: dict[str, dict[str, Any]] = {}
    for urn in sorted(after):
        resource = after[urn]
        previous = before.get(urn)
        moved = previous is None
        if moved:
            previous = by_identity.get((resource["type"], resource["name"]))
            if previous is not None and previous["urn"] in matched:  # another resource already moved from it
                previous = None
        if previous is None:
            created[urn] = resource
            continue
        matched.add(previous["urn"])
        change = _compare(urn, previous, resource, moved)
        if change is not None:
            result.append(change)
    deleted = {urn: before[urn] for urn in sorted(set(before) - set(after) - matched)}
    pairs = _renames(deleted, created)
    renamed_to = {new: old for old, new in pairs.items()}
    for urn, resource in created.items():
        if urn in renamed_to:
            result.append(_renamed(before[renamed_to[urn]], resource, _alias(urn, pairs, before, after)))
        else:
            result.append(ResourceChange(urn, resource["type"], resource["name"], "create", after=resource))
    for urn, resource in deleted.items():
        if urn not in pairs:
            result.append(ResourceChange(urn, resource["type"], resource["name"], "delete", before=resource))
    order = {urn: i for i, urn in enumerate(sorted(after))}
    return sorted(result, key=lambda c: (c.action == "delete", order.get(c.urn, 0), c.urn))


def _renamed(old: dict[str, Any], new: dict[str, Any], alias: Alias) -> ResourceChange:
    changes = property_changes(new["type"], old["inputs"], new["inputs"])
    if old["protect"] != new["protect"]:
        changes.append(PropertyChange("(protect)", old["protect"], new["protect"], False))
    reasons = [f"{c.path} changes ({_show(c.before)} → {_show(c.after)})" for c in changes if c.forces_replacement]
    cautions = [c.caution for c in changes if c.caution]
    return ResourceChange(
        new["urn"],
        new["type"],
        new["name"],
        "rename",
        changes,
        reasons,
        old,
        new,
        renamed_from=old["urn"],
        alias=alias,
        cautions=cautions,
    )


def counts(changes: list[ResourceChange]) -> dict[str, int]:
    tally: dict[str, int] = dict.fromkeys(ACTIONS, 0)
    for change in changes:
        tally[change.action] += 1
    return tally


def custom_changes(changes: list[ResourceChange]) -> Iterator[ResourceChange]:
    """Changes to Azure resources (components carry no Azure state of their own)."""
    for change in changes:
        resource = change.after or change.before or {}
        if resource.get("custom", True):
            yield change
