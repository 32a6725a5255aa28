"""`aoai drift`, after the reading: what changed in Azure since the stack was applied, in the review's terms.

The stack is planned offline (its program under mocks) and every planned resource is matched to the live resource
of the same id. From what matched, a second plan document is made: the stack's own, with the live value wherever a
writable property differs (`compare.overlay`), without what is missing in Azure, and with what was made in Azure
beside it (a deployment in a managed account that the stack does not declare). aoai's review then judges the drift
as if it were a change to the stack (a filter loosened in the portal is a safety risk, public access turned on an
exposure risk, a global sku in a data-zone estate a residency risk), and judges applying the stack over the drift
for what it would destroy (a property that forces replacement, a resource recreated).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from aoai.adopt import compare
from aoai.adopt.importer import described, live_bodies
from aoai.adopt.live import LiveEstate
from aoai.azure import types
from aoai.plan.document import PlanDocument
from aoai.review.deltas import review
from aoai.review.risks import Risk

State = Literal["changed", "missing", "unmanaged"]
JUDGED_UNMANAGED: Final = {
    types.DEPLOYMENT: "deploymentName",
    types.RAI_POLICY: "raiPolicyName",
    types.RAI_BLOCKLIST: "raiBlocklistName",
}
"""Unmanaged resources the review judges (as if the stack added them), with the input that names them."""
COUNTED_UNMANAGED: Final = frozenset({types.DEPLOYMENT, types.PRIVATE_ENDPOINT})
ACCOUNT_SEGMENT: Final = "/providers/microsoft.cognitiveservices/accounts/"


@dataclass(frozen=True)
class Drifted:
    resource: str
    """"<type> <Azure name>", e.g. "Deployment aoai-prod-swc/gpt-4o"."""
    state: State
    differences: list[compare.Difference] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "resource": self.resource,
            "state": self.state,
            "changes": [
                {"path": d.path, "live": _jsonable(d.live), "stack": _jsonable(d.planned)} for d in self.differences
            ],
            "notes": self.notes,
        }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass
class Drift:
    stack: str
    drifted: list[Drifted]
    risks: list[Risk]
    """The drift's risks (as a change to the stack) and, as `destructive`, what applying the stack would destroy."""
    beside: list[Drifted] = field(default_factory=list)
    """Content filters, blocklists and diagnostic settings in the stack's accounts that the stack does not declare
    (e.g. left alone when the estate was adopted): listed, not counted as drift. Deployments and private endpoints
    made beside the stack are drift: they carry traffic or open a network path."""
    resources_compared: int = 0
    properties_compared: int = 0
    calls: int = 0

    @property
    def blocking(self) -> list[Risk]:
        return [r for r in self.risks if r.blocking]


def _inputs_of(type_: str, planned: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    """The planned inputs with the live value wherever a writable property differs (a property the comparison reads
    in part, e.g. a private endpoint's subnet by its id, stays as planned when that part is the same)."""
    compared = compare.planned_inputs(type_, planned)
    merged = compare.overlay(compare.live_inputs(type_, body), compared)
    inputs = {k: v for k, v in planned.items() if k not in merged or merged[k] == compared.get(k)}
    return {**inputs, **{k: v for k, v in merged.items() if k not in inputs}}


def _upgrade_note(difference: compare.Difference) -> str | None:
    """Azure moved a deployment to a newer model version than the stack pins (auto-upgrade)."""
    if difference.path != "properties.model.version":
        return None
    live, pinned = str(difference.live or ""), str(difference.planned or "")
    if live > pinned:
        return f"Azure upgraded the model from {pinned} to {live}: applying this stack pins it back to {pinned}"
    return None


def _capacity_note(
    difference: compare.Difference, sizing: Mapping[str, Any], resource: Mapping[str, Any]
) -> str | None:
    if difference.path != "sku.capacity":
        return None
    inputs = resource.get("inputs") or {}
    sized = sizing.get(f"{inputs.get('accountName')}/{inputs.get('deploymentName')}")
    how = "sizes from its workload" if sized else "states"
    return (
        f"live capacity {difference.live}, the stack {how} {difference.planned}: applying it sets {difference.planned}"
    )


def drift(plan: PlanDocument, live: LiveEstate, sizing: Mapping[str, Any]) -> Drift:
    """The drift of `live` from the stack whose plan is `plan`."""
    bodies = live_bodies(live)
    matched: set[str] = set()
    live_resources: list[dict[str, Any]] = []
    result = Drift(plan.stack, [], [], calls=live.calls)
    for resource in plan.resources:
        entry = _live_entry(resource, bodies, live, result, sizing)
        if entry is not None:
            live_resources.append(entry)
            if resource.get("custom"):
                matched.add(str(resource.get("id") or "").lower().rstrip("/"))
    unmanaged = _unmanaged(bodies, matched, live, plan, result)
    drifted_doc = replace(plan, resources=sorted(live_resources + unmanaged, key=lambda r: r["urn"]))
    as_change = review(plan, drifted_doc)
    # Judged as a change to the stack, a property that forces replacement reads "replaced"; in Azure nothing was
    # replaced (the property changed in place, or the resource would be missing): what applying the stack then
    # destroys is judged below, in the direction it would happen.
    replaced = {c.urn for c in as_change.changes if c.action == "replace"}
    result.risks += [r for r in as_change.risks if not (r.kind == "destructive" and r.urn in replaced)]
    applied = review(replace(drifted_doc, resources=sorted(live_resources, key=lambda r: r["urn"])), plan)
    result.risks += [
        Risk("destructive", r.resource, r.urn, f"applying the stack: {r.reason}")
        for r in applied.risks
        if r.kind == "destructive"
    ]
    return result


def _live_entry(
    resource: Mapping[str, Any],
    bodies: Mapping[str, tuple[str, dict[str, Any]]],
    live: LiveEstate,
    result: Drift,
    sizing: Mapping[str, Any],
) -> dict[str, Any] | None:
    """The resource as Azure has it (None when it is missing there), recording its drift in `result`."""
    type_ = resource["type"]
    if not resource.get("custom"):
        return dict(resource)
    if type_ == types.BLOCKLIST_ITEMS:
        inputs = resource["inputs"]
        items = live.blocklist_items(str(inputs.get("accountName")), str(inputs.get("raiBlocklistName")))
        if items is None:
            return None  # its blocklist is missing, which is reported
        live_items = {
            str(i.get("name")): {
                "pattern": (i.get("properties") or {}).get("pattern"),
                "isRegex": bool((i.get("properties") or {}).get("isRegex")),
            }
            for i in items
        }
        found = compare.item_differences(items, inputs.get("items") or {})
        result.resources_compared += 1
        result.properties_compared += len(compare.flatten({"items": inputs.get("items") or {}}))
        if found:
            result.drifted.append(Drifted(described(resource), "changed", found))
        return {**resource, "inputs": {**inputs, "items": dict(sorted(live_items.items()))}}
    if type_ not in compare.COMPARED_TYPES:
        return dict(resource)  # what aoai does not read (alerts, locks, role assignments) is taken as planned
    key = str(resource.get("id") or "").lower().rstrip("/")
    if key not in bodies:
        result.drifted.append(Drifted(described(resource), "missing"))
        return None
    _, body = bodies[key]
    found, compared = compare.resource_differences(type_, resource["inputs"], body)
    result.resources_compared += 1
    result.properties_compared += compared
    if found:
        notes = [n for d in found for n in (_upgrade_note(d), _capacity_note(d, sizing, resource)) if n]
        result.drifted.append(Drifted(described(resource), "changed", found, notes))
    return {**copy.deepcopy(dict(resource)), "inputs": _inputs_of(type_, resource["inputs"], body)}


def _unmanaged(
    bodies: Mapping[str, tuple[str, dict[str, Any]]],
    matched: set[str],
    live: LiveEstate,
    plan: PlanDocument,
    result: Drift,
) -> list[dict[str, Any]]:
    """Resources made in Azure beside the stack's, in its accounts: reported, and judged as if the stack added them
    (a hand-made global deployment in a data-zone estate is a residency risk). Applying the stack leaves them."""
    builtin = {"microsoft.default", "microsoft.defaultv2"}
    accounts = {a.name.lower(): a for a in live.accounts}
    parents = {str(r["inputs"].get("accountName", "")).lower(): r for r in plan.resources if r["type"] == types.ACCOUNT}
    found: list[dict[str, Any]] = []
    for key, (type_, body) in sorted(bodies.items()):
        if key in matched or type_ == types.ACCOUNT:
            continue
        if type_ == types.RAI_POLICY and (
            str(body.get("name", "")).lower() in builtin
            or (body.get("properties") or {}).get("type") == "SystemManaged"
        ):
            continue
        account = key.split(ACCOUNT_SEGMENT, 1)[-1].split("/", 1)[0] if ACCOUNT_SEGMENT in key else None
        if account is not None and account not in accounts:
            continue
        shown = described({"type": type_, "id": body.get("id"), "urn": ""})
        item = Drifted(shown, "unmanaged", notes=["not in the stack: applying it leaves it as it is"])
        (result.drifted if type_ in COUNTED_UNMANAGED else result.beside).append(item)
        if type_ in JUDGED_UNMANAGED and account in parents:
            found.append(_unmanaged_entry(type_, body, account, parents[account], plan))
    return found


def _unmanaged_entry(
    type_: str, body: Mapping[str, Any], account: str, account_resource: Mapping[str, Any], plan: PlanDocument
) -> dict[str, Any]:
    """The resource as the program would declare it beside the account's own (same parent, same scope inputs)."""
    name, parent = str(body.get("name", "")), str(account_resource["parent"])
    scope = {k: account_resource["inputs"].get(k) for k in ("accountName", "resourceGroupName")}
    parent_type = parent.rsplit("::", 2)[-2].rsplit("$", 1)[-1] if "::" in parent else ""
    inputs = {**scope, JUDGED_UNMANAGED[type_]: name, **compare.live_inputs(type_, body)}
    return {
        "urn": f"urn:pulumi:{plan.stack}::{plan.project}::{parent_type}${type_}::unmanaged-{account}-{name}",
        "type": type_,
        "name": f"unmanaged-{account}-{name}",
        "parent": parent,
        "custom": True,
        "id": body.get("id"),
        "inputs": inputs,
        "outputs": {},
        "dependencies": [],
        "propertyDependencies": {},
        "protect": False,
        "hooks": {},
    }
