"""A review of the change between two plans: resource changes, their risks, capacity and policy deltas, a verdict.

This is what `aoai diff` reports, as text, Markdown (a pull-request comment) or JSON (`Review.to_json`, stable and
documented in docs/reviewing.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from aoai.azure import catalog
from aoai.plan.document import PlanDocument
from aoai.review.diff import ResourceChange, counts, custom_changes, diff_plans
from aoai.review.risks import PlannedEstate, Risk, capacity_of, risks_of, text_of

REVIEW_FORMAT_VERSION: Final = 1


@dataclass(frozen=True)
class CapacityDelta:
    sku: str
    region: str
    unit: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before

    def describe(self) -> str:
        return f"{self.sku} in {self.region}: {self.before} → {self.after} {self.unit} ({self.delta:+d})"

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "region": self.region,
            "unit": self.unit,
            "before": self.before,
            "after": self.after,
            "delta": self.delta,
        }


@dataclass(frozen=True)
class PolicyDelta:
    change: Literal["introduced", "fixed"]
    policy: str
    enforcement: str
    resource: str | None
    urn: str | None
    message: str

    def describe(self) -> str:
        return f"{self.change}: {self.policy} ({self.enforcement}): {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "policy": self.policy,
            "enforcement": self.enforcement,
            "resource": self.resource,
            "urn": self.urn,
            "message": self.message,
        }


def _totals(estate: PlannedEstate) -> Counter[tuple[str, str]]:
    totals: Counter[tuple[str, str]] = Counter()
    for deployments in estate.deployments.values():
        for deployment in deployments:
            sku = deployment["inputs"].get("sku")
            name = text_of(sku.get("name")) if isinstance(sku, dict) else None
            totals[(str(name), estate.region_of(deployment))] += capacity_of(deployment)
    return totals


def capacity_deltas(base: PlannedEstate, head: PlannedEstate) -> list[CapacityDelta]:
    """Deployed capacity that changes, per sku and region; provisioned (PTU) first."""
    before, after = _totals(base), _totals(head)
    deltas = []
    for sku, region in set(before) | set(after):
        if before[(sku, region)] != after[(sku, region)]:
            facts = catalog.DEPLOYMENT_SKUS.get(sku)
            unit = catalog.CAPACITY_UNITS[facts.billing] if facts else "units"
            deltas.append(CapacityDelta(sku, region, unit, before[(sku, region)], after[(sku, region)]))
    return sorted(deltas, key=lambda d: (d.unit != "PTU", d.sku, d.region))


def _urn_name(urn: str | None) -> str | None:
    return urn.rsplit("::", 1)[-1] if urn else None


def policy_deltas(
    base: PlanDocument, head: PlanDocument, renamed: Mapping[str, str] | None = None
) -> list[PolicyDelta] | None:
    """Verdicts only one plan has (None when either plan was written without policy verdicts). A verdict on a
    renamed resource (`renamed`: old URN → new URN) is the same verdict under its new name."""
    if base.policies is None or head.policies is None:
        return None
    moved = renamed or {}

    def keyed(policies: list[dict[str, Any]]) -> dict[tuple[str, str | None, str], Mapping[str, Any]]:
        return {(v["policy"], _urn_name(moved.get(v["urn"], v["urn"])), v["message"]): v for v in policies}

    old, new = keyed(base.policies), keyed(head.policies)
    deltas = []
    sides: tuple[tuple[Literal["introduced", "fixed"], dict[Any, Mapping[str, Any]], dict[Any, Any]], ...] = (
        ("introduced", new, old),
        ("fixed", old, new),
    )
    for change, side, other in sides:
        for key in sorted(set(side) - set(other), key=lambda k: (k[0], k[1] or "", k[2])):
            verdict = side[key]
            deltas.append(
                PolicyDelta(change, verdict["policy"], verdict["enforcement"], key[1], verdict.get("urn"), key[2])
            )
    return deltas


@dataclass(frozen=True)
class CostDelta:
    """The monthly cost before and after, from the plans' cost summaries (known parts only)."""

    before: float
    after: float
    currency: str
    label: str
    deployments: list[tuple[str, float | None, float | None]]
    """(account/deployment, before, after) for each deployment whose monthly cost changes."""

    @property
    def delta(self) -> float:
        return self.after - self.before

    def describe(self) -> str:
        return f"Monthly cost {self.before:,.2f} → {self.after:,.2f} {self.currency} ({self.delta:+,.2f}), {self.label}"

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "delta": round(self.delta, 2),
            "currency": self.currency,
            "label": self.label,
            "deployments": [{"deployment": d, "before": b, "after": a} for d, b, a in self.deployments],
        }


def cost_delta(base: PlanDocument, head: PlanDocument) -> CostDelta | None:
    """None when either plan has no cost summary (written by an older aoai)."""
    old, new = base.cost, head.cost
    if not old or not new:
        return None
    before, after = old["deployments"], new["deployments"]
    changed = [
        (name, before.get(name, {}).get("monthly"), after.get(name, {}).get("monthly"))
        for name in sorted(set(before) | set(after))
        if before.get(name, {}).get("monthly") != after.get(name, {}).get("monthly")
    ]
    label = new["label"] if new["label"] == old["label"] else f"{new['label']} (base plan: {old['label']})"
    return CostDelta(old["monthly"], new["monthly"], new["currency"], label, changed)


@dataclass(frozen=True)
class Review:
    stack: str
    base_stack: str
    changes: list[ResourceChange]
    risks: list[Risk]
    capacity: list[CapacityDelta]
    policies: list[PolicyDelta] | None
    """None when a plan carries no policy verdicts (written by an older aoai)."""
    base: PlanDocument
    head: PlanDocument
    cost: CostDelta | None = None
    base_missing: bool = False
    """True when the target branch had no plan of the stack: every resource shows as created."""

    @property
    def stack_mismatch(self) -> bool:
        """The plans are of different stacks (compared only with --allow-stack-mismatch)."""
        return self.stack != self.base_stack

    @property
    def blocking(self) -> list[Risk]:
        return [r for r in self.risks if r.blocking]

    @property
    def azure_changes(self) -> list[ResourceChange]:
        return list(custom_changes(self.changes))

    @property
    def verdict(self) -> Literal["needs-approval", "ok", "no-changes"]:
        if self.blocking:
            return "needs-approval"
        return "ok" if self.azure_changes or self.policies else "no-changes"

    def to_json(self) -> dict[str, Any]:
        return {
            "version": REVIEW_FORMAT_VERSION,
            "stack": self.stack,
            "baseStack": self.base_stack,
            "baseMissing": self.base_missing,
            "stackMismatch": self.stack_mismatch,
            "verdict": self.verdict,
            "summary": counts(self.azure_changes),
            "risks": [r.to_json() for r in self.risks],
            "capacity": [c.to_json() for c in self.capacity],
            "policies": None if self.policies is None else [p.to_json() for p in self.policies],
            "cost": None if self.cost is None else self.cost.to_json(),
            "changes": [_change_json(c) for c in self.azure_changes],
        }


def _change_json(change: ResourceChange) -> dict[str, Any]:
    return {
        "urn": change.urn,
        "type": change.type,
        "name": change.name,
        "action": change.action,
        "replacementReasons": change.reasons,
        "renamedFrom": change.renamed_from,
        "alias": change.alias.code() if change.alias else None,
        "properties": [
            {"path": p.path, "before": p.before, "after": p.after, "forcesReplacement": p.forces_replacement}
            for p in change.changes
        ],
    }


def stack_mismatch(base: PlanDocument, head: PlanDocument) -> str | None:
    """Why two plans should not be compared, or None when they are plans of one stack."""
    if base.stack == head.stack:
        return None
    return (
        f"the base plan is of stack `{base.stack}` and the head plan of stack `{head.stack}`: compare two plans"
        " of one stack, or pass --allow-stack-mismatch to compare them anyway"
    )


def review(base: PlanDocument | None, head: PlanDocument) -> Review:
    """Compare the plan `base` (e.g. of the target branch; None for a new stack) with `head` (of the pull request)."""
    base_missing = base is None
    base = PlanDocument.empty(head) if base is None else base
    changes = diff_plans(base, head)
    old, new = PlannedEstate(base), PlannedEstate(head)
    capacity = capacity_deltas(old, new)
    renamed = {c.renamed_from: c.urn for c in changes if c.renamed_from is not None}
    policies = policy_deltas(base, head, renamed)
    risks = [
        *risks_of(changes, old, new),
        *(Risk("capacity", None, None, c.describe()) for c in capacity),
        *(Risk("policy", p.resource, p.urn, p.describe()) for p in policies or []),
    ]
    cost = cost_delta(base, head)
    return Review(head.stack, base.stack, changes, risks, capacity, policies, base, head, cost, base_missing)
