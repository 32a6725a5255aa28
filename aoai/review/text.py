"""A review for a terminal: the verdict line, the risks, the cost delta and each change with its properties."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aoai.review.deltas import Review
from aoai.review.markdown import NO_BASE, short_value, summary_line


def text(review: Review) -> Group:
    """The review for a terminal."""
    style = "bold red" if review.verdict == "needs-approval" else "bold green"
    parts: list[Any] = [Text(f"aoai diff · {review.stack}: {summary_line(review)}", style=style)]
    if review.base_missing:
        parts.append(Text(NO_BASE))
    if review.stack_mismatch:
        parts.append(Text(f"The plans are of different stacks: base {review.base_stack}, head {review.stack}."))
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
            shown = change.changes if change.action in ("update", "replace", "rename") else []
            changes.add_row(change.action, change.name, "", "", "")
            if change.alias is not None and change.before is not None:
                changes.add_row("", "", "(renamed from)", change.before["name"], change.alias.code())
            for prop in shown:
                mark = " (forces replacement)" if prop.forces_replacement else ""
                changes.add_row("", "", prop.path + mark, short_value(prop.before), short_value(prop.after))
        parts.append(changes)
    return Group(*parts)
