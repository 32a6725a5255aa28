"""A review as a pull-request comment: GitHub-flavoured Markdown with a Mermaid diagram (`aoai.review.text` is the
terminal's view of it).

Risk first, then detail: a one-line verdict, the risk table, capacity and cost deltas, policy deltas, a per-resource
change table whose property diffs fold away, and the estate after the change. GitHub caps a comment at 65,536
characters: the verdict, every risk and the capacity and cost deltas always come first and whole, and the details
shrink to fit `COMMENT_LIMIT` (`DETAIL_LEVELS`: everything → no property diffs → no diagram → changes grouped by
account and type → counts only), ending with a pointer to the full review the workflow uploads. `full=True` writes
everything, for that artifact.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Final, Literal

from aoai.review.deltas import PolicyDelta, Review
from aoai.review.diff import ACTIONS, PropertyChange, ResourceChange, counts, property_changes
from aoai.review.mermaid import estate_diagram
from aoai.review.risks import BLOCKING, RISK_KINDS, PlannedEstate, Risk

DetailLevel = Literal["full", "no-properties", "no-diagram", "grouped", "counts"]
DETAIL_LEVELS: Final[tuple[DetailLevel, ...]] = ("full", "no-properties", "no-diagram", "grouped", "counts")

COMMENT_LIMIT: Final = 60_000
"""GitHub refuses a comment over 65,536 characters; the margin leaves room for what the workflow adds."""
VALUE_LIMIT: Final = 120
REASON_LIMIT: Final = 400
"""A risk's reason in the compact risk list, used only when the risks alone would not fit."""
NO_BASE: Final = "The target branch has no plan of this stack (a new stack?): every resource shows as created."
_ACTION_MARK: Final = {
    "create": "🟢 create",
    "update": "🟡 update",
    "replace": "🔴 replace",
    "delete": "❌ delete",
    "rename": "🟠 rename",
}
_KIND_MARK: Final = {kind: ("⛔" if kind in BLOCKING else "ℹ️") for kind in RISK_KINDS}


def marker(stack: str) -> str:
    """An invisible line that identifies the comment of one stack, for tools that update it in place."""
    return f"<!-- aoai-diff:{stack} -->"


def _short_type(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


def short_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    if len(text) > VALUE_LIMIT:
        text = text[: VALUE_LIMIT - 1] + "…"
    return text


def _code(value: Any) -> str:
    """A table-safe inline code cell: HTML-escaped, pipes as entities (a raw | would split the cell)."""
    if value is None:
        return "—"
    return "<code>" + html.escape(short_value(value)).replace("|", "&#124;") + "</code>"


def _cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def artifact_pointer(stack: str) -> str:
    return (
        "_Shortened to fit GitHub's comment size limit. The whole review is in this workflow run's artifact"
        f" `aoai-review-{stack}` (`{stack}.full.md`, `{stack}.json`), or run `aoai diff --full --format markdown`._"
    )


def summary_line(review: Review) -> str:
    tally = counts(review.azure_changes)
    changes = " · ".join(f"{n} to {action}" for action, n in tally.items() if n or action != "rename")
    if review.verdict == "needs-approval":
        kinds = Counter(r.kind for r in review.blocking)
        found = ", ".join(f"{kinds[k]} {k}" for k in RISK_KINDS if kinds[k])
        return f"Needs approval: {found} risk{'s' if len(review.blocking) != 1 else ''}. {changes}."
    if review.verdict == "no-changes":
        return "No changes to Azure resources."
    return f"No destructive, safety, exposure, residency or monitoring risk. {changes}."


def property_rows(change: ResourceChange) -> list[PropertyChange]:
    """The property diff of a change; for a created or deleted resource, every input it has."""
    if change.action in ("create", "delete"):
        before, after = ((change.before or {}).get("inputs", {}), (change.after or {}).get("inputs", {}))
        return [replace(p, forces_replacement=False) for p in property_changes(change.type, before, after)]
    return change.changes


def _risk_table(risks: list[Risk]) -> list[str]:
    if not risks:
        return []
    rows = ["### Risks", "", "| | Kind | Resource | Reason |", "|---|---|---|---|"]
    for risk in risks:
        resource = f"<code>{html.escape(risk.resource)}</code>" if risk.resource else ""
        rows.append(f"| {_KIND_MARK[risk.kind]} | {risk.kind} | {resource} | {_cell(risk.reason)} |")
    return [*rows, ""]


def _risk_list(risks: list[Risk], limit: int) -> list[str]:
    """The risks when even their table would not fit: one short line each, as many as `limit` characters allow
    (blocking ones first, as risks are ordered), then how many more the artifact has."""
    rows = ["### Risks", ""]
    used = 0
    for index, risk in enumerate(risks):
        reason = risk.reason if len(risk.reason) <= REASON_LIMIT else risk.reason[: REASON_LIMIT - 1] + "…"
        line = f"- {_KIND_MARK[risk.kind]} {risk.kind}: {_cell(reason)}"
        if used + len(line) + 1 > limit:
            rows.append(f"- … and {len(risks) - index} more risks: see the full review")
            break
        rows.append(line)
        used += len(line) + 1
    return [*rows, ""]


def _capacity_table(review: Review) -> list[str]:
    if not review.capacity:
        return []
    rows = ["### Capacity", "", "| Sku | Region | Before | After | Change |", "|---|---|---:|---:|---:|"]
    for delta in review.capacity:
        rows.append(
            f"| {delta.sku} | {delta.region} | {delta.before} {delta.unit} | {delta.after} {delta.unit} |"
            f" {delta.delta:+d} |"
        )
    return [*rows, ""]


def _account_of(change: ResourceChange) -> str:
    """The Azure account a change belongs to (its name), or `(stack)` for the stack's own resources."""
    resource = change.after or change.before or {}
    _, account = PlannedEstate.key(resource)
    return account or "(stack)"


def _grouped_changes(changes: list[ResourceChange]) -> list[str]:
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for change in changes:
        groups[(_account_of(change), _short_type(change.type))][change.action] += 1
    shown = [a for a in ACTIONS if any(tally[a] for tally in groups.values())]
    rows = [
        "### Changes by account and type",
        "",
        f"| Account | Type | {' | '.join(shown)} |",
        f"|---|---|{'---:|' * len(shown)}",
    ]
    for (account, type_), tally in sorted(groups.items()):
        rows.append(f"| {_cell(account)} | {type_} | {' | '.join(str(tally[a]) for a in shown)} |")
    return [*rows, ""]


def _change_tables(review: Review, details: bool) -> list[str]:
    changes = review.azure_changes
    if not changes:
        return []
    rows = ["### Changes", "", "| Action | Resource | Type | Properties |", "|---|---|---|---|"]
    for change in changes:
        forced = sum(1 for p in change.changes if p.forces_replacement)
        count = len(property_rows(change)) if change.action in ("update", "replace", "rename") else ""
        note = f" ({forced} force{'s' if forced == 1 else ''} replacement)" if forced else ""
        rows.append(
            f"| {_ACTION_MARK[change.action]} | <code>{html.escape(change.name)}</code> | {_short_type(change.type)} |"
            f" {count}{note} |"
        )
    rows.append("")
    if not details:
        return [*rows, "_Property details are left out to keep this comment within GitHub's size limit._", ""]
    for change in changes:
        rows += [
            f"<details><summary>{_ACTION_MARK[change.action]} <code>{html.escape(change.name)}</code>"
            f" ({_short_type(change.type)})</summary>",
            "",
        ]
        if change.renamed_from is not None and change.before is not None:
            rows += [f"Renamed from <code>{html.escape(change.before['name'])}</code>.", ""]
        if change.alias is not None:
            rows += [f"To keep the live resource: <code>{html.escape(change.alias.code())}</code>.", ""]
        if change.reasons:
            rows += [f"Replaced because {_cell('; '.join(change.reasons))}.", ""]
        properties = property_rows(change)
        rows += ["| Property | Before | After |", "|---|---|---|"] if properties else ["No property changes."]
        for prop in properties:
            flag = " ⚠️ forces replacement" if prop.forces_replacement else ""
            rows.append(f"| <code>{html.escape(prop.path)}</code>{flag} | {_code(prop.before)} | {_code(prop.after)} |")
        rows += ["", "</details>", ""]
    return rows


def _cost_lines(review: Review) -> list[str]:
    cost = review.cost
    if cost is None or (not cost.deployments and cost.delta == 0):
        return []
    return ["### Cost", "", f"{_cell(cost.describe())}.", ""]


def _cost_deployments(review: Review, level: DetailLevel) -> list[str]:
    cost = review.cost
    if cost is None or not cost.deployments:
        return []
    if level in ("grouped", "counts"):
        return [f"_{_plural(len(cost.deployments), 'deployment')} change cost; the full review lists them._", ""]
    rows = ["| Deployment | Before | After |", "|---|---:|---:|"]
    rows += [f"| {_cell(name)} | {_amount(b)} | {_amount(a)} |" for name, b, a in cost.deployments]
    return [*rows, ""]


def _amount(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _policy_table(review: Review) -> list[str]:
    if review.policies is None:
        return ["_Policy deltas are unavailable: a plan was written without policy verdicts._", ""]
    if not review.policies:
        return []
    rows = ["### Policies", "", "| Change | Policy | Enforcement | Resource | Message |", "|---|---|---|---|---|"]
    for delta in review.policies:
        resource = f"<code>{html.escape(delta.resource)}</code>" if delta.resource else ""
        mark = "➕ introduced" if delta.change == "introduced" else "✅ fixed"
        rows.append(f"| {mark} | {delta.policy} | {delta.enforcement} | {resource} | {_cell(delta.message)} |")
    return [*rows, ""]


def _policies_counted(policies: list[PolicyDelta]) -> str:
    tally = Counter(p.change for p in policies)
    return f"_Policies: {tally['introduced']} violations introduced, {tally['fixed']} fixed (each is in the risks)._"


def _diagram(review: Review) -> list[str]:
    source = estate_diagram(review.head, review.base, review.changes)
    return ["### Estate after this change", "", "```mermaid", source, "```", ""]


def _stack_notes(review: Review) -> list[str]:
    notes = []
    if review.base_missing:
        notes += [f"_{NO_BASE}_", ""]
    if review.stack_mismatch:
        notes += [
            f"⚠️ **The plans are of different stacks: base `{review.base_stack}`, head `{review.stack}`"
            " (compared with `--allow-stack-mismatch`).**",
            "",
        ]
    return notes


def _details(review: Review, level: DetailLevel) -> list[str]:
    if level == "counts":
        count = len(review.azure_changes)
        return [
            f"_Per-resource changes are left out: {_plural(count, 'changed Azure resource')},"
            " counted in the verdict line._",
            "",
        ]
    policies = _policy_table(review)
    if review.policies:  # each is a `policy` risk too, so when changes are grouped the table is only counted
        policies = policies if level != "grouped" else [_policies_counted(review.policies), ""]
    if level == "grouped":
        return [*policies, *_grouped_changes(review.azure_changes)] if review.azure_changes else policies
    diagram = _diagram(review) if level in ("full", "no-properties") else []
    return [*policies, *_change_tables(review, details=level == "full"), *diagram]


def markdown(review: Review, full: bool = False) -> str:
    """The pull-request comment for one stack: within COMMENT_LIMIT characters, or everything with `full`."""
    icon = "⛔" if review.verdict == "needs-approval" else "✅"
    stacks = review.stack if review.stack == review.base_stack else f"{review.base_stack} → {review.stack}"
    head = [marker(review.stack), f"## aoai diff · `{stacks}`", "", f"{icon} **{summary_line(review)}**", ""]
    head += _stack_notes(review)
    first = [*head, *_risk_table(review.risks), *_capacity_table(review), *_cost_lines(review)]
    if full:
        return "\n".join([*first, *_cost_deployments(review, "full"), *_details(review, "full")])
    pointer = ["", artifact_pointer(review.stack)]
    for level in DETAIL_LEVELS:
        lines = [*first, *_cost_deployments(review, level), *_details(review, level)]
        text = "\n".join(lines if level == "full" else [*lines, *pointer])
        if len(text) <= COMMENT_LIMIT:
            return text
    # Even the risks, capacity and cost do not fit whole: list the risks in short lines, as many as fit.
    rest = [*_capacity_table(review), *_cost_lines(review), *_details(review, "counts"), *pointer]
    room = COMMENT_LIMIT - len("\n".join([*head, *rest])) - 200
    return "\n".join([*head, *_risk_list(review.risks, max(room, 0)), *rest])
