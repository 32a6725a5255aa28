"""`python -m bench.measure A D PLAN`: the baseline in a fresh process. It replays PLAN's Azure resources (a plan of
the synthetic estate of A accounts × D deployments, written by `aoai plan`) as plain azure-native code
(bench/baseline_program.py) under the mocks `aoai plan` uses, and prints what it registered as JSON. The process is
measured from outside (`bench.process`), so its imports and its exit count, as they do for `aoai plan`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _config(raw: dict[str, Any]) -> dict[str, str]:
    """What the Pulumi CLI hands the program for these `aoai:` keys (objects as JSON, booleans lower-case)."""
    return {f"aoai:{key}": _config_value(value) for key, value in raw.items()}


def _config_value(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def registered(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """How many Azure resources of which types a plan's resources hold (the check that both did the same work)."""
    custom = [r for r in resources if r["custom"]]
    return {"custom": len(custom), "types": dict(sorted(Counter(r["type"] for r in custom).items()))}


def baseline(plan_path: Path) -> dict[str, Any]:
    from aoai.plan.engine import run_program  # noqa: PLC0415 - measured: the mock engine both programs run under

    program = ROOT / "bench" / "baseline_program.py"
    plan = run_program(program, {"bench:plan": str(plan_path)}, stack="bench", project="aoai")
    return registered([{"custom": r.custom, "type": r.type} for r in plan.resources])


if __name__ == "__main__":
    print(json.dumps(baseline(Path(sys.argv[1]))))
