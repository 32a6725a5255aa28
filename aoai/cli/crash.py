"""An internal error: one line that says it is a bug and where its traceback was written, never a verdict."""

from __future__ import annotations

import datetime
import os
import tempfile
import traceback
from pathlib import Path

CRASH_DIR_VARIABLE = "AOAI_CRASH_DIR"


def write_report(error: BaseException, argv: list[str]) -> Path | None:
    """Write the traceback and the command line to a new file; None when no file can be written."""
    folder = Path(os.environ.get(CRASH_DIR_VARIABLE) or tempfile.gettempdir())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [f"aoai {' '.join(argv)}\n", "\n", *traceback.format_exception(error)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f"aoai-crash-{stamp}-", suffix=".txt", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(lines)
    except OSError:
        return None
    return Path(name)


def message(error: BaseException, report: Path | None) -> str:
    where = f"the traceback is in {report}" if report is not None else "no traceback file could be written"
    return (
        f"aoai: internal error ({type(error).__name__}): this is a bug in aoai, not a verdict on your input; "
        f"{where}: please attach it to a bug report"
    )
