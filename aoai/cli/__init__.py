"""The `aoai` command line: offline tools over the same program and stack files `pulumi up` uses."""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from aoai.cli.app import main as run  # noqa: PLC0415 - each command imports what it needs

    return run(argv)
