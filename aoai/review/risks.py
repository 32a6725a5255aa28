"""What a change between two plans puts at risk, each risk with a one-line reason a reviewer can act on.

Risk kinds, in the order a reviewer should read them:
- destructive: an account, deployment or resource group is deleted or replaced; provisioned capacity is released;
  `protect` is removed; a resource is renamed without an alias (Pulumi deletes and recreates it); a resource of a
  type aoai does not know is deleted.
- safety: a content filter is loosened, a blocklist is detached or emptied, a deployment moves to a looser filter.
- exposure: public network access or local (key) auth is turned on, the network ACL or outbound rules are opened,
  a private endpoint is removed, a role is granted (a new grant, or one that now gives another principal or role).
- residency: an account leaves the configured data zone (or, with none configured, its region's zone), or a
  deployment starts using a sku that processes data in any region.
- monitoring: an alert or action group is removed or an alert switched off (nobody hears of a saturated PTU
  deployment, throttling, server errors or an Azure incident any more).
- capacity: the change in deployed capacity per sku and region (informational).
- policy: policy violations the change introduces or fixes (informational; `aoai plan` already fails on mandatory
  ones).
The first five are blocking: `aoai diff` exits 3 so that CI can require an explicit approval.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal

from aoai_policies.api import filters, strictness
from aoai_policies.api import get as _get
from aoai_policies.api import items as _items

from aoai.azure import catalog, types
from aoai.review.diff import REPLACED_BY, ResourceChange

if TYPE_CHECKING:
    from aoai.plan.document import PlanDocument

RiskKind = Literal["destructive", "safety", "exposure", "residency", "monitoring", "capacity", "policy"]
RISK_KINDS: Final[tuple[RiskKind, ...]] = (
    "destructive",
    "safety",
    "exposure",
    "residency",
    "monitoring",
    "capacity",
    "policy",
)
BLOCKING: Final[frozenset[RiskKind]] = frozenset({"destructive", "safety", "exposure", "residency", "monitoring"})

AccountKey = tuple[str | None, str | None]


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    resource: str | None
    """The logical (Pulumi) name of the resource at risk; None for stack-wide risks."""
    urn: str | None
    reason: str

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "resource": self.resource, "urn": self.urn, "reason": self.reason}


class PlannedEstate:
    """A plan's Azure resources joined as Azure joins them: children to their account by resource group and name."""

    def __init__(self, plan: PlanDocument) -> None:
        self.data_zone: str | None = plan.data_zone
        resources = [r for r in plan.resources if r.get("custom", True)]
        self.accounts: dict[AccountKey, dict[str, Any]] = {
            self.key(r): r for r in resources if r["type"] == types.ACCOUNT
        }
        self.deployments: dict[AccountKey, list[dict[str, Any]]] = defaultdict(list)
        self.policies: dict[tuple[AccountKey, str], dict[str, Any]] = {}
        self.live_accounts: set[tuple[str, str]] = {
            (group.lower(), name) for group, name in self.accounts if group is not None and name is not None
        }
        """The plan's accounts, as (resource group in lower case, account name)."""
        self.locked: set[tuple[str, str]] = set()
        """Accounts with a management lock, as (resource group in lower case, account name)."""
        for resource in resources:
            if resource["type"] == types.DEPLOYMENT:
                self.deployments[self.key(resource)].append(resource)
            elif resource["type"] == types.RAI_POLICY:
                self.policies[(self.key(resource), str(resource["inputs"].get("raiPolicyName")))] = resource
            elif resource["type"] == types.MANAGEMENT_LOCK:
                scope = _ACCOUNT_ID.match(text_of(resource["inputs"].get("scope")) or "")
                if scope is not None:
                    self.locked.add((scope[1].lower(), scope[2]))

    @staticmethod
    def key(resource: Mapping[str, Any]) -> AccountKey:
        inputs = resource.get("inputs", {})
        return text_of(inputs.get("resourceGroupName")), text_of(inputs.get("accountName"))

    def region_of(self, resource: Mapping[str, Any]) -> str:
        account = self.accounts.get(self.key(resource))
        return text_of(_get(account, "inputs", "location")) or "unknown region"

    def filter_of(self, deployment: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
        """The name and inputs of the content filter a deployment runs (a built-in when it names none of ours)."""
        name = text_of(_get(deployment, "inputs", "properties", "raiPolicyName"))
        policy = self.policies.get((self.key(deployment), name)) if name else None
        if name is not None and policy is not None:
            return name, policy["inputs"]
        builtin = name if name in catalog.BUILTIN_RAI_POLICIES else "the default built-in filter"
        return builtin, {"properties": {"basePolicyName": catalog.BUILTIN_RAI_POLICIES[-1]}}


def text_of(value: Any) -> str | None:
    """A name or region from a plan's inputs: only a string is one (inputs hold any JSON)."""
    return value if isinstance(value, str) else None


def objects_at(props: Mapping[str, Any] | None, *path: str) -> list[Mapping[str, Any]]:
    """The objects of the list at `path` ([] when there is no list there)."""
    return [item for item in _items(props, *path) if isinstance(item, Mapping)]


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def _sku(resource: Mapping[str, Any] | None) -> catalog.SkuFacts | None:
    return catalog.DEPLOYMENT_SKUS.get(text_of(_get(resource, "inputs", "sku", "name")) or "")


def capacity_of(resource: Mapping[str, Any] | None) -> int:
    value = _get(resource, "inputs", "sku", "capacity")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _names(resources: list[dict[str, Any]]) -> str:
    return ", ".join(sorted(str(r["inputs"].get("deploymentName")) for r in resources))


# --- destructive ------------------------------------------------------------------------------------------------


def _account_lost(change: ResourceChange, base: PlannedEstate, _: PlannedEstate) -> Iterator[str]:
    if change.action not in ("delete", "replace"):
        return
    account = change.before or {}
    name = _get(account, "inputs", "accountName")
    deployments = base.deployments.get(base.key(account), [])
    held = (
        f"Azure keeps the name {name} and its subdomain in soft delete for {catalog.ACCOUNT_SOFT_DELETE_HOURS} h"
        " (purge it to reuse them)"
    )
    verb = "deleted" if change.action == "delete" else f"replaced ({'; '.join(change.reasons)})"
    lost = f", and with it its {len(deployments)} deployments ({_names(deployments)})" if deployments else ""
    reason = f"account {name} is {verb}{lost}; {held}"
    if any((_sku(d) or catalog.DEPLOYMENT_SKUS["Standard"]).provisioned for d in deployments):
        reason += "; provisioned deployments keep billing until the account is purged"
    yield reason


def _project_lost(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    name = _get(change.before, "inputs", "projectName")
    account = _get(change.before, "inputs", "accountName")
    lost = "its agents, threads, files and connections go with it"
    if change.action == "delete":
        yield f"Foundry project {name} of account {account} is deleted: {lost}"
    elif change.action == "replace":
        yield f"Foundry project {name} of account {account} is replaced ({'; '.join(change.reasons)}): {lost}"


def _deployment_lost(change: ResourceChange, base: PlannedEstate, _: PlannedEstate) -> Iterator[str]:
    before = change.before
    sku = _sku(before)
    name = _get(before, "inputs", "deploymentName")
    released = ""
    if sku is not None and sku.provisioned:
        released = (
            f"; its {capacity_of(before)} PTU of {sku.name} in {base.region_of(before or {})} are released and may not"
            " be available again"
        )
    if change.action == "delete":
        yield f"deployment {name} is deleted: clients calling it fail{released}"
    elif change.action == "replace":
        yield f"deployment {name} is replaced ({'; '.join(change.reasons)}): calls fail until it is recreated{released}"
    elif change.action == "update" and sku is not None and sku.provisioned:
        after_sku, after_capacity = _sku(change.after), capacity_of(change.after)
        region = base.region_of(before or {})
        if after_sku is not None and after_sku.name != sku.name:
            yield (
                f"deployment {name} moves from {sku.name} to {after_sku.name}: its {capacity_of(before)} PTU of"
                f" {sku.name} in {region} are released and may not be available again"
            )
        elif after_capacity < capacity_of(before):
            yield (
                f"deployment {name} shrinks from {capacity_of(before)} to {after_capacity} PTU: the"
                f" {capacity_of(before) - after_capacity} PTU of {sku.name} released in {region} are not guaranteed"
                " back"
            )


def _group_lost(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action in ("delete", "replace"):
        name = _get(change.before, "inputs", "resourceGroupName")
        yield f"resource group {name} is {change.action}d: Azure deletes everything in it, not only what aoai manages"


def _stopped_by_lock(change: ResourceChange, base: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    """A deletion the account's CanNotDelete lock refuses: the lock is there before and after the change (a lock the
    change removes goes first, since it depends on everything in its account)."""
    if change.action not in ("delete", "replace") or change.before is None:
        return
    group, account = base.key(change.before)
    if change.type == types.ACCOUNT:
        group, account = (
            text_of(change.before["inputs"].get("resourceGroupName")),
            text_of(change.before["inputs"].get("accountName")),
        )
    locked = {(g.lower(), a) for g, a in base.locked} & {(g.lower(), a) for g, a in head.locked}
    if group is not None and (group.lower(), account) in locked:
        yield (
            f"{change.name} is {change.action}d, but account {account} has a CanNotDelete lock that stops the deletion:"
            " `pulumi up` fails there; remove the account's `lock` in a change of its own first"
        )


def _unprotected(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action != "delete" and _get(change.before, "protect") and not _get(change.after, "protect"):
        yield "protect is removed: a deletion in code or `pulumi destroy` no longer stops at it"


# --- safety -----------------------------------------------------------------------------------------------------


def loosened(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """How the content filter `after` lets through what `before` blocked (both RaiPolicy inputs)."""
    return [*_categories_loosened(before, after), *_mode_loosened(before, after), *_blocklists_loosened(before, after)]


def _categories_loosened(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    old, new = filters(before), filters(after)
    for key in sorted(old):
        was, now = old[key], new.get(key)
        label = f"{was.name} on {was.source}"
        if not was.enabled:
            continue
        if now is None or not now.enabled:
            yield f"{label} is turned off"
        elif was.blocking and not now.blocking:
            yield f"{label} annotates instead of blocking"
        elif was.threshold is not None and strictness(now.threshold) > strictness(was.threshold):
            yield f"{label} threshold is raised from {was.threshold} to {now.threshold} (blocks less)"


def _mode_loosened(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    mode_before, mode_after = _get(before, "properties", "mode"), _get(after, "properties", "mode")
    if mode_after in catalog.ASYNC_RAI_MODES and mode_before not in catalog.ASYNC_RAI_MODES:
        yield f"mode becomes {mode_after}: completions stream back before the filter has seen them"


def _blocklists_loosened(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    applied = {
        (_hashable(b.get("blocklistName")), _hashable(b.get("source"))): b.get("blocking") is True
        for b in objects_at(after, "properties", "customBlocklists")
    }
    for entry in objects_at(before, "properties", "customBlocklists"):
        key = (_hashable(entry.get("blocklistName")), _hashable(entry.get("source")))
        if entry.get("blocking") is not True:
            continue
        if key not in applied:
            yield f"blocklist {key[0]} is detached from {key[1]}"
        elif not applied[key]:
            yield f"blocklist {key[0]} annotates {key[1]} instead of blocking"


def _filter_loosened(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action in ("update", "replace") and change.before and change.after:
        name = change.after["inputs"].get("raiPolicyName")
        for reason in loosened(change.before["inputs"], change.after["inputs"]):
            yield f"content filter {name}: {reason}"


def _deployment_refiltered(change: ResourceChange, base: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    if change.action not in ("update", "replace") or not change.before or not change.after:
        return
    old_name, old = base.filter_of(change.before)
    new_name, new = head.filter_of(change.after)
    if old_name == new_name:
        return
    reasons = loosened(old, new)
    if reasons:
        name = change.after["inputs"].get("deploymentName")
        yield f"deployment {name} moves from filter {old_name} to {new_name}, which is looser: {'; '.join(reasons)}"


def _blocklist_item_removed(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action == "delete":
        inputs = change.before["inputs"] if change.before else {}
        pattern = _get(inputs, "properties", "pattern")
        yield f"blocklist {inputs.get('raiBlocklistName')} no longer blocks {pattern!r}"


def _blocklist_items_removed(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    """Each pattern the blocklist blocked before and no longer does: an item removed or its pattern or regex flag
    changed (the old pattern is gone); every item when the resource is deleted."""
    old_items = _get(change.before, "inputs", "items")
    if not isinstance(old_items, Mapping):
        return
    new_items = _get(change.after, "inputs", "items") if change.action != "delete" else None
    kept: Mapping[str, Any] = new_items if isinstance(new_items, Mapping) else {}
    name = _get(change.before, "inputs", "raiBlocklistName")
    for item_name in sorted(old_items, key=str):
        if kept.get(item_name) != old_items[item_name]:
            yield f"blocklist {name} no longer blocks {_get(old_items[item_name], 'pattern')!r}"


_ACCOUNT_ID: Final = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.CognitiveServices/accounts/([^/]+)$", re.I
)


def account_of_id(arm_id: str) -> tuple[str, str] | None:
    """(resource group, account name) of an account's ARM id, or None for any other id."""
    found = _ACCOUNT_ID.match(arm_id)
    return (found[1], found[2]) if found is not None else None


def private_link_accounts(endpoint_inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(resource group, account name) of each account a private endpoint connects to, from its ARM ids."""
    found = []
    for connection in objects_at(endpoint_inputs, "privateLinkServiceConnections"):
        target = _ACCOUNT_ID.match(str(connection.get("privateLinkServiceId", "")))
        if target is not None:
            found.append((target[1], target[2]))
    return found


# --- exposure ---------------------------------------------------------------------------------------------------

_CLOSED_ACCOUNT: Final = {"properties": {"publicNetworkAccess": "Disabled", "disableLocalAuth": True}}


def _public(inputs: Mapping[str, Any] | None) -> bool:
    # ARM's default for an account that does not say is Enabled.
    return _get(inputs, "properties", "publicNetworkAccess") in (None, "Enabled")


def _account_opened(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action == "delete" or change.after is None:
        return
    before = change.before["inputs"] if change.before else _CLOSED_ACCOUNT
    after = change.after["inputs"]
    name = after.get("accountName")
    if _public(after) and not _public(before):
        yield f"account {name} accepts traffic from public networks (publicNetworkAccess Enabled)"
    if _get(before, "properties", "disableLocalAuth") is True and not _get(after, "properties", "disableLocalAuth"):
        yield f"account {name} accepts API keys (disableLocalAuth is no longer true)"
    if change.before is None:
        return
    yield from _acl_opened(str(name), before, after)
    yield from _outbound_opened(str(name), before, after)


def _acl_opened(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    acl_before, acl_after = _get(before, "properties", "networkAcls"), _get(after, "properties", "networkAcls")
    if _get(acl_before, "defaultAction") == "Deny" and _get(acl_after, "defaultAction") != "Deny":
        yield f"account {name}: the network ACL now allows every network (defaultAction is no longer Deny)"
    for rules, field in (("ipRules", "value"), ("virtualNetworkRules", "id")):
        known = {_hashable(rule.get(field)) for rule in objects_at(acl_before, rules)}
        for rule in objects_at(acl_after, rules):
            if _hashable(rule.get(field)) not in known:
                yield f"account {name}: the network ACL admits {rule.get(field)}"
    if _get(acl_before, "bypass") == "None" and _get(acl_after, "bypass") not in (None, "None"):
        yield f"account {name}: trusted Azure services may now bypass the network ACL"


def _outbound_opened(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[str]:
    restricted_before = _get(before, "properties", "restrictOutboundNetworkAccess") is True
    if restricted_before and _get(after, "properties", "restrictOutboundNetworkAccess") is not True:
        yield f"account {name} may call any outbound destination (restrictOutboundNetworkAccess lifted)"
    elif restricted_before:
        allowed = {_hashable(f) for f in _items(before, "properties", "allowedFqdnList")}
        for fqdn in _items(after, "properties", "allowedFqdnList"):
            if _hashable(fqdn) not in allowed:
                yield f"account {name} may now send data to {fqdn}"


def _endpoint_removed(change: ResourceChange, _: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    if change.action != "delete" or change.before is None:
        return
    inputs = change.before["inputs"]
    for group, account in private_link_accounts(inputs):
        if any(g.lower() == group.lower() and a == account for g, a in head.accounts if g and a):
            yield (
                f"private endpoint {inputs.get('privateEndpointName')} is removed: account {account} is no longer"
                " reachable privately from its virtual network"
            )


def _grant(inputs: Mapping[str, Any] | None) -> tuple[str, str, str] | None:
    """(principal, role, scope) of a role assignment's inputs, as a reviewer reads them."""
    if inputs is None:
        return None
    role_guid = (text_of(inputs.get("roleDefinitionId")) or "").rsplit("/", 1)[-1]
    role = catalog.role_name(role_guid) or f"custom role {role_guid}"
    principal = f"{text_of(inputs.get('principalType')) or 'principal'} {text_of(inputs.get('principalId'))}"
    scope = (text_of(inputs.get("scope")) or "its scope").rstrip("/").rsplit("/", 1)[-1]
    return principal, role, scope


def _access_granted(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    after = _grant(_get(change.after, "inputs"))
    if change.action == "delete" or after is None:
        return
    before = _grant(_get(change.before, "inputs"))
    principal, role, scope = after
    if before is None:
        yield f"{principal} is granted {role} on {scope}"
    elif before != after:
        yield f"{principal} is granted {role} on {scope}, instead of {before[0]} holding {before[1]} on {before[2]}"


# --- residency --------------------------------------------------------------------------------------------------


def _zone_label(region: str | None) -> str:
    zone = catalog.data_zone_of(region or "")
    return f"{region} ({zone.upper()} data zone)" if zone else f"{region} (no data zone)"


def _account_moved(change: ResourceChange, base: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    if change.after is None:
        return
    region = text_of(change.after["inputs"].get("location"))
    previous = text_of(_get(change.before, "inputs", "location"))
    if change.before is not None and region == previous:
        return
    name = change.after["inputs"].get("accountName")
    zone = head.data_zone or base.data_zone
    if zone is not None:
        if region not in catalog.DATA_ZONE_STANDARD_REGIONS.get(zone, ()):
            where = "is created in" if change.before is None else f"moves from {previous} to"
            yield f"account {name} {where} {region}, outside the {zone.upper()} data zone the stack requires"
    elif change.before is not None and catalog.data_zone_of(region or "") != catalog.data_zone_of(previous or ""):
        yield f"account {name} moves from {_zone_label(previous)} to {_zone_label(region)}"


def _global_sku(change: ResourceChange, _: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    sku, previous = _sku(change.after), _sku(change.before)
    if sku is None or sku.processing != "global" or (previous is not None and previous.processing == "global"):
        return
    name = _get(change.after, "inputs", "deploymentName")
    zone = f", which the stack's {head.data_zone.upper()} data zone forbids" if head.data_zone else ""
    yield f"deployment {name} uses {sku.name}: prompts and completions may be processed in any Azure region{zone}"


# --- monitoring -------------------------------------------------------------------------------------------------

_ALERT_NAMES: Final = {
    types.METRIC_ALERT: ("alert", "ruleName"),
    types.ACTIVITY_LOG_ALERT: ("Service Health alert", "activityLogAlertName"),
    types.ACTION_GROUP: ("action group", "actionGroupName"),
}


def _monitoring_lost(change: ResourceChange, _: PlannedEstate, head: PlannedEstate) -> Iterator[str]:
    """An alert or action group deleted, or an alert switched off. A metric alert deleted with its account is not
    named again: the account's deletion already is."""
    what, name_key = _ALERT_NAMES[change.type]
    name = _get(change.before, "inputs", name_key)
    if change.action == "delete":
        scopes = [text_of(s) or "" for s in _items(change.before, "inputs", "scopes")]
        targets = [_ACCOUNT_ID.match(s) for s in scopes]
        gone = [t for t in targets if t is not None and (t[1].lower(), t[2]) not in head.live_accounts]
        if change.type == types.METRIC_ALERT and targets and len(gone) == len(targets):
            return
        yield f"{what} {name} is deleted: nobody is told any more of what it watched"
    elif _get(change.before, "inputs", "enabled") is True and _get(change.after, "inputs", "enabled") is False:
        yield f"{what} {name} is switched off (enabled: false)"


# --- assembly ---------------------------------------------------------------------------------------------------


Rule = Callable[[ResourceChange, PlannedEstate, PlannedEstate], Iterator[str]]
# The rules for each type, applied to every change of a resource of that type (with both estates for context).
RULES: Final[Mapping[str, tuple[tuple[RiskKind, Rule], ...]]] = {
    types.ACCOUNT: (
        ("destructive", _account_lost),
        ("destructive", _stopped_by_lock),
        ("exposure", _account_opened),
        ("residency", _account_moved),
    ),
    types.DEPLOYMENT: (
        ("destructive", _deployment_lost),
        ("destructive", _stopped_by_lock),
        ("safety", _deployment_refiltered),
        ("residency", _global_sku),
    ),
    types.PROJECT: (("destructive", _project_lost), ("destructive", _stopped_by_lock)),
    types.RESOURCE_GROUP: (("destructive", _group_lost),),
    types.RAI_POLICY: (("safety", _filter_loosened), ("destructive", _stopped_by_lock)),
    types.RAI_BLOCKLIST: (("destructive", _stopped_by_lock),),
    types.RAI_BLOCKLIST_ITEM: (("safety", _blocklist_item_removed),),
    types.BLOCKLIST_ITEMS: (("safety", _blocklist_items_removed),),
    types.PRIVATE_ENDPOINT: (("exposure", _endpoint_removed),),
    types.ROLE_ASSIGNMENT: (("exposure", _access_granted),),
    types.METRIC_ALERT: (("monitoring", _monitoring_lost),),
    types.ACTIVITY_LOG_ALERT: (("monitoring", _monitoring_lost),),
    types.ACTION_GROUP: (("monitoring", _monitoring_lost),),
}


def _may_fail(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    """In-place updates Azure may refuse (`pulumi up` fails) or that may need the resource recreated."""
    for caution in change.cautions:
        if not caution.startswith(_UPGRADE):
            yield f"{_what(change)}: {caution}"


def _upgraded(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    """An account upgraded in place to Microsoft Foundry: nothing is lost, but its surface grows."""
    for caution in change.cautions:
        if caution.startswith(_UPGRADE):
            yield f"{_what(change)}: {caution}"


_UPGRADE = "kind changes (OpenAI → AIServices)"


def _what(change: ResourceChange) -> str:
    inputs = (change.after or change.before or {}).get("inputs", {})
    if change.type == types.ACCOUNT:
        return f"account {inputs.get('accountName')}"
    if change.type == types.DEPLOYMENT:
        return f"deployment {inputs.get('deploymentName')}"
    return f"{_short(change.type)} {change.name}"


_EVERY_TYPE: Final[tuple[tuple[RiskKind, Rule], ...]] = (
    ("destructive", _unprotected),
    ("destructive", _may_fail),
    ("exposure", _upgraded),
)


def _key_names(old: str, new: str) -> tuple[str, str]:
    """The part of two logical names that differs, word by word: `aoai-sweden-account`, `aoai-se-account` →
    (`sweden`, `se`), the key renamed in the stack file."""
    old_words, new_words = old.split("-"), new.split("-")
    start = 0
    while start < min(len(old_words), len(new_words)) - 1 and old_words[start] == new_words[start]:
        start += 1
    end = 0
    while end < min(len(old_words), len(new_words)) - start - 1 and old_words[-1 - end] == new_words[-1 - end]:
        end += 1
    return "-".join(old_words[start : len(old_words) - end]), "-".join(new_words[start : len(new_words) - end])


def _physical_name(resource: Mapping[str, Any]) -> str:
    """The Azure name: the last segment of the ARM id, else the logical name."""
    arm_id = resource.get("id")
    if isinstance(arm_id, str) and arm_id.strip("/"):
        return arm_id.rstrip("/").rsplit("/", 1)[-1]
    return str(resource.get("name"))


def _rename_risk(group: list[ResourceChange], base: PlannedEstate) -> tuple[ResourceChange, str]:
    """One destructive risk for the resources one alias keeps (renamed together, e.g. with an account's key): the
    change to file it under and its reason."""
    first = group[0]
    alias = first.alias
    assert alias is not None  # only renames with an alias are grouped
    assert first.before is not None
    carrier = f" to `{alias.resource}` ({_short(alias.type)}; its children follow)"
    keep = f"add `{alias.code()}`{'' if alias.resource == first.name else carrier}"
    account = next((c for c in group if c.type == types.ACCOUNT and c.before is not None), None)
    if account is not None and account.before is not None:
        old, new = _key_names(alias.old_name, alias.resource)
        deployments = base.deployments.get(base.key(account.before), [])
        held = f" ({_names(deployments)})" if deployments else ""
        return account, (
            f"renaming key `{old}` to `{new}` deletes and recreates the live account"
            f" `{_physical_name(account.before)}`: its endpoint, keys and deployments{held}; to keep it, {keep}"
        )
    live = ", ".join(f"{_short(c.type)} `{_physical_name(c.before or {})}`" for c in group)
    return first, (
        f"renaming `{first.before['name']}` to `{first.name}` deletes and recreates the live {live}; to keep"
        f" {'it' if len(group) == 1 else 'them'}, {keep}"
    )


def _rename_risks(changes: list[ResourceChange], base: PlannedEstate) -> Iterator[Risk]:
    """Without an alias, Pulumi deletes each renamed resource under its old name and creates it under the new one."""
    groups: dict[tuple[str, str], list[ResourceChange]] = defaultdict(list)
    for change in changes:
        if change.action == "rename" and change.alias is not None and change.before is not None:
            groups[(change.alias.type, change.alias.resource)].append(change)
    for group in groups.values():
        change, reason = _rename_risk(group, base)
        yield Risk("destructive", change.name, change.urn, reason)


def _short(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


def _unknown_deleted(change: ResourceChange, *_: PlannedEstate) -> Iterator[str]:
    if change.action == "delete" and change.type not in REPLACED_BY and change.type not in RULES:
        yield f"{_short(change.type)} {change.name} is deleted: aoai does not know this type; check what goes with it"


def _as_judged(change: ResourceChange) -> ResourceChange:
    """A rename judged by the other rules as what it does to the resource's inputs (an update or a replacement), so
    the new name's phantom create raises no exposure or residency risk."""
    if change.action != "rename":
        return change
    return replace(change, action="replace" if change.reasons else "update")


def risks_of(changes: list[ResourceChange], base: PlannedEstate, head: PlannedEstate) -> list[Risk]:
    """Every risk of the changes, ordered by kind (see RISK_KINDS), then as the changes are ordered."""
    azure = [c for c in changes if (c.after or c.before or {}).get("custom", True)]
    found = [*_rename_risks(azure, base)]
    found += [
        Risk("destructive", change.name, change.urn, reason) for change in azure for reason in _unknown_deleted(change)
    ]
    found += [
        Risk(kind, change.name, change.urn, reason)
        for change in map(_as_judged, azure)
        for kind, rule in (*_EVERY_TYPE, *RULES.get(change.type, ()))
        for reason in rule(change, base, head)
    ]
    return sorted(found, key=lambda risk: RISK_KINDS.index(risk.kind))
