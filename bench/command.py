"""`python -m bench.command <aoai arguments>`: the `aoai` command exactly as its executable runs it
(`aoai.cli.entry`), with one addition for the benchmark: the CPU seconds spent judging the plan with the policy pack
(`aoai.plan.build.evaluate`, the plan's heap alive around it) are written to the file `$BENCH_POLICY_SECONDS` names.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def _timed_evaluation(record: Path) -> None:
    from aoai.plan import build  # noqa: PLC0415 - what the command would import first anyway

    evaluate = build.evaluate

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return evaluate(*args, **kwargs)
        finally:
            record.write_text(f"{time.process_time() - started:.6f}\n", encoding="utf-8")

    build.evaluate = timed


if __name__ == "__main__":
    if "BENCH_POLICY_SECONDS" in os.environ:
        _timed_evaluation(Path(os.environ["BENCH_POLICY_SECONDS"]))
    from aoai.cli import entry

    sys.argv[0] = "aoai"
    entry()
