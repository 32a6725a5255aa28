"""The preflight report: each check's result as a table and a tally (text), or as JSON-ready data."""

from __future__ import annotations

from collections import Counter
from typing import Any, Final

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aoai.preflight.checks import CheckResult

_STYLE: Final = {"pass": "green", "warn": "yellow", "fail": "red bold", "error": "red"}


def preflight_report(found: list[CheckResult], subscription: str) -> Group:
    table = Table("check", "target", "status", "detail", title=f"Preflight · subscription {subscription}")
    for result in found:
        table.add_row(result.check, result.target, Text(result.status, style=_STYLE[result.status]), result.detail)
    tally = Counter(r.status for r in found)
    summary = ", ".join(f"{tally[s]} {s}" for s in ("pass", "warn", "fail", "error") if tally[s])
    return Group(table, Text(summary))


def preflight_json(found: list[CheckResult], subscription: str) -> dict[str, Any]:
    return {"subscription": subscription, "checks": [r.to_json() for r in found]}


def failed(found: list[CheckResult]) -> bool:
    """Whether a check failed or could not run (exit 1)."""
    return any(r.status in ("fail", "error") for r in found)
