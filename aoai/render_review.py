"""A review as a pull-request comment (GitHub-flavoured Markdown with a Mermaid diagram) or as terminal text.

Risk first, then detail: a one-line verdict, the risk table, capacity and policy deltas, a per-resource change table
whose property diffs fold away, and the estate after the change. GitHub caps a comment at 65,536 characters; a
review that would exceed `COMMENT_LIMIT` drops the property details first, then the diagram, and says so.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import replace
from typing import Any, Final

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aoai.diff import PropertyChange, ResourceChange, counts, property_changes
from aoai.mermaid import estate_diagram
from aoai.review import Review
from aoai.risk import BLOCKING, RISK_KINDS

COMMENT_LIMIT: Final = 60_000
VALUE_LIMIT: Final = 120
NO_BASE: Final = "The target branch has no plan of this stack (a new stack?): every resource shows as created."
_ACTION_MARK: Final = {"create": "🟢 create", "update": "🟡 update", "replace": "🔴 replace", "delete": "❌ delete"}
_KIND_MARK: Final = {kind: ("⛔" if kind in BLOCKING else "ℹ️") for kind in RISK_KINDS}


def marker(stack: str) -> str:
    """An invisible line that identifies the comment of one stack, for tools that update it in place."""
    return f"<!-- aoai-diff:{stack} -->"


def _short_type(type_: str) -> str:
    return type_.rsplit(":", 1)[-1]


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    if len(text) > VALUE_LIMIT:
        text = text[: VALUE_LIMIT - 1] + "…"
    return text


def _code(value: Any) -> str:
    """A table-safe inline code cell: HTML-escaped, pipes as entities (a raw | would split the cell)."""
    if value is None:
        return "—"
    return "<code>" + html.escape(_value(value)).replace("|", "&#124;") + "</code>"


def _cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(review: Review) -> str:
    changes = " · ".join(f"{n} to {action}" for action, n in counts(review.azure_changes).items())
    if review.verdict == "needs-approval":
        kinds = Counter(r.kind for r in review.blocking)
        found = ", ".join(f"{kinds[k]} {k}" for k in RISK_KINDS if kinds[k])
        return f"Needs approval: {found} risk{'s' if len(review.blocking) != 1 else ''}. {changes}."
    if review.verdict == "no-changes":
        return "No changes to Azure resources."
    return f"No destructive, safety, exposure or residency risk. {changes}."


def property_rows(change: ResourceChange) -> list[PropertyChange]:
    """The property diff of a change; for a created or deleted resource, every input it has."""
    if change.action in ("create", "delete"):
        before, after = ((change.before or {}).get("inputs", {}), (change.after or {}).get("inputs", {}))
        return [replace(p, forces_replacement=False) for p in property_changes(change.type, before, after)]
    return change.changes


def _risk_table(review: Review) -> list[str]:
    if not review.risks:
        return []
    rows = ["### Risks", "", "| | Kind | Resource | Reason |", "|---|---|---|---|"]
    for risk in review.risks:
        resource = f"<code>{html.escape(risk.resource)}</code>" if risk.resource else ""
        rows.append(f"| {_KIND_MARK[risk.kind]} | {risk.kind} | {resource} | {_cell(risk.reason)} |")
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


def _change_tables(review: Review, details: bool) -> list[str]:
    changes = review.azure_changes
    if not changes:
        return []
    rows = ["### Changes", "", "| Action | Resource | Type | Properties |", "|---|---|---|---|"]
    for change in changes:
        forced = sum(1 for p in change.changes if p.forces_replacement)
        count = len(property_rows(change)) if change.action in ("update", "replace") else ""
        note = f" ({forced} force{'s' if forced == 1 else ''} replacement)" if forced else ""
        rows.append(
            f"| {_ACTION_MARK[change.action]} | <code>{html.escape(change.name)}</code> | {_short_type(change.type)} |"
            f" {count}{note} |"
        )
    rows.append("")
    if not details:
        return [
            *rows,
            "_Property details are left out to keep this comment within GitHub's size limit; run"
            " `aoai diff` or read the JSON artifact for them._",
            "",
        ]
    for change in changes:
        rows += [
            f"<details><summary>{_ACTION_MARK[change.action]} <code>{html.escape(change.name)}</code>"
            f" ({_short_type(change.type)})</summary>",
            "",
        ]
        if change.reasons:
            rows += [f"Replaced because {_cell('; '.join(change.reasons))}.", ""]
        rows += ["| Property | Before | After |", "|---|---|---|"]
        for prop in property_rows(change):
            flag = " ⚠️ forces replacement" if prop.forces_replacement else ""
            rows.append(f"| <code>{html.escape(prop.path)}</code>{flag} | {_code(prop.before)} | {_code(prop.after)} |")
        rows += ["", "</details>", ""]
    return rows


def _cost_lines(review: Review) -> list[str]:
    cost = review.cost
    if cost is None or (not cost.deployments and cost.delta == 0):
        return []
    rows = ["### Cost", "", f"{_cell(cost.describe())}.", ""]
    if cost.deployments:
        rows += ["| Deployment | Before | After |", "|---|---:|---:|"]
        rows += [f"| {_cell(name)} | {_amount(b)} | {_amount(a)} |" for name, b, a in cost.deployments]
        rows.append("")
    return rows


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


def _diagram(review: Review) -> list[str]:
    source = estate_diagram(review.head, review.base, review.changes)
    return ["### Estate after this change", "", "```mermaid", source, "```", ""]


def markdown(review: Review) -> str:
    """The pull-request comment for one stack."""
    icon = "⛔" if review.verdict == "needs-approval" else "✅"
    stacks = review.stack if review.stack == review.base_stack else f"{review.base_stack} → {review.stack}"
    head = [marker(review.stack), f"## aoai diff · `{stacks}`", "", f"{icon} **{summary_line(review)}**", ""]
    if review.base_missing:
        head += [f"_{NO_BASE}_", ""]
    body = [*_risk_table(review), *_capacity_table(review), *_cost_lines(review), *_policy_table(review)]
    for details, diagram in ((True, True), (False, True), (False, False)):
        text = "\n".join([*head, *body, *_change_tables(review, details), *(_diagram(review) if diagram else [])])
        if len(text) <= COMMENT_LIMIT:
            return text
    return text[: COMMENT_LIMIT - 80] + "\n\n_…cut to fit GitHub's comment size limit; run `aoai diff` for all._\n"


def text(review: Review) -> Group:
    """The review for a terminal."""
    style = "bold red" if review.verdict == "needs-approval" else "bold green"
    parts: list[Any] = [Text(f"aoai diff · {review.stack}: {summary_line(review)}", style=style)]
    if review.base_missing:
        parts.append(Text(NO_BASE))
    if review.risks:
        risks = Table("kind", "resource", "reason", title="Risks", title_justify="left", expand=False)
        for risk in review.risks:
            risks.add_row(Text(risk.kind, style="red" if risk.blocking else ""), risk.resource or "", risk.reason)
        parts.append(risks)
    if review.cost is not None and review.cost.delta:
        parts.append(Text(review.cost.describe()))
    if review.azure_changes:
        changes = Table("action", "resource", "property", "before", "after", title="Changes", title_justify="left")
        for change in review.azure_changes:
            shown = change.changes if change.action in ("update", "replace") else []
            changes.add_row(change.action, change.name, "", "", "")
            for prop in shown:
                mark = " (forces replacement)" if prop.forces_replacement else ""
                changes.add_row("", "", prop.path + mark, _value(prop.before), _value(prop.after))
        parts.append(changes)
    return Group(*parts)
