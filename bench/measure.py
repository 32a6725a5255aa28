"""One measurement in a fresh process, printed as JSON: `python -m bench.measure ours|baseline|policies A D PLAN`.

- ours: plan the synthetic estate with aoai's program under mocks (no policies); writes the plan to PLAN.
- baseline: replay PLAN's resources with plain azure-native (bench/baseline_program.py) under the same mocks.
- policies: evaluate the policy pack on PLAN (the plan is loaded first and not timed).
Wall time covers running the program, its imports included; peak RSS is the process's.
"""

from __future__ import annotations

import json
import resource
import sys
import time
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


# Imports are local: each kind of measurement loads only what it needs, so that one process's memory is not
# counted against another's.


def _plan_from_file(path: Path) -> Any:
    from aoai.plan.engine import Plan, PlannedResource  # noqa: PLC0415

    data = json.loads(path.read_text(encoding="utf-8"))
    resources = [
        PlannedResource(**{("property_dependencies" if k == "propertyDependencies" else k): v for k, v in r.items()})
        for r in data["resources"]
    ]
    return Plan(data["stack"], data["project"], resources)


def main(kind: str, accounts: int, deployments: int, plan_path: Path) -> dict[str, Any]:
    from aoai.plan.engine import run_program  # noqa: PLC0415

    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if kind == "policies":
        from aoai.policy.evaluate import evaluate  # noqa: PLC0415

        plan = _plan_from_file(plan_path)
        started = time.perf_counter()
        evaluate(plan, None)
        seconds = time.perf_counter() - started
    else:
        if kind == "ours":
            from aoai.program import main as program_main  # noqa: PLC0415
            from bench.estate import synthetic_stack  # noqa: PLC0415

            program, config = program_main, _config(synthetic_stack(accounts, deployments))
        else:
            program, config = ROOT / "bench" / "baseline_program.py", {"bench:plan": str(plan_path)}
        started = time.perf_counter()
        plan = run_program(program, config, stack="bench", project="aoai")
        seconds = time.perf_counter() - started
        if kind == "ours":
            plan_path.write_text(json.dumps(plan.to_json()), encoding="utf-8")
    return {
        "kind": kind,
        "seconds": seconds,
        "rss_before_kb": before_kb,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "registrations": len(plan.resources),
        "custom": sum(1 for r in plan.resources if r.custom),
        "types": dict(sorted(Counter(r.type for r in plan.resources if r.custom).items())),
    }


if __name__ == "__main__":
    kind, accounts, deployments, plan_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    print(json.dumps(main(kind, accounts, deployments, plan_path)))
