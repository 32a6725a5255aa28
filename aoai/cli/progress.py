"""Progress on long runs: a live line on a terminal while a large estate is planned, judged or compared.

Only on an interactive terminal: CI logs and pipes get nothing (a redrawn line is noise in a log, and a CI runner
may claim to be a terminal, hence the `CI` variable that GitHub Actions, Azure Pipelines and GitLab all set).
The line is transient: when a stage ends it disappears, so the report that follows reads as it does without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from rich.console import Console

Advance = Callable[[], None]
"""Called once per unit of work done (a resource registered, judged or compared)."""

OFF_SWITCH = "AOAI_NO_PROGRESS"


def wanted(console: Console, environ: Mapping[str, str]) -> bool:
    """Whether to show progress on `console`: a terminal, not CI, and not switched off."""
    if environ.get("CI", "").strip().lower() not in ("", "0", "false"):
        return False
    if environ.get(OFF_SWITCH, "").strip() not in ("", "0"):
        return False
    return console.is_terminal and not console.is_dumb_terminal


def _ignore() -> None:
    return None


class Reporter:
    """Stages of one command; each shows a spinner, a count and (when the total is known) a bar."""

    def __init__(self, console: Console, *, active: bool) -> None:
        self._console = console
        self.active = active

    @contextmanager
    def stage(self, description: str, total: int | None = None) -> Iterator[Advance]:
        if not self.active:
            yield _ignore
            return
        # rich.progress is imported by a run that shows progress, not by every command.
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = [SpinnerColumn(), TextColumn("{task.description}")]
        if total is None:
            columns.append(TextColumn("{task.completed}"))
        else:
            columns += [BarColumn(), MofNCompleteColumn()]
        columns.append(TimeElapsedColumn())
        with Progress(*columns, console=self._console, transient=True) as progress:
            task = progress.add_task(description, total=total)

            def advance() -> None:
                progress.advance(task)

            yield advance


SILENT = Reporter(Console(quiet=True), active=False)
