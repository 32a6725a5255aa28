"""The benchmark's pieces at a small size: the synthetic estate is valid and plans, and the azure-native baseline
registers exactly the same Azure resources (types, inputs, dependencies), so the measured ratio compares equal work."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import ROOT

from aoai.plan import Plan, run_program
from aoai.spec import parse_stack
from bench.estate import synthetic_stack
from bench.measure import _config
from bench.run import Size, report


def names(plan: Plan, urns: list[str]) -> list[str]:
    custom = {r.urn: r.name for r in plan.resources if r.custom}
    return sorted(custom[u] for u in urns if u in custom)


def test_the_synthetic_estate_is_valid_and_plans(tmp_path: Path) -> None:
    raw = synthetic_stack(3, 8)
    spec = parse_stack(raw, "bench")
    assert [len(a.deployments) for a in spec.accounts.values()] == [8, 8, 8]
    assert len({a.region for a in spec.accounts.values()}) == 3
    plan = run_program(ROOT / "__main__.py", _config(raw), stack="bench", project="aoai")
    kinds = Counter(r.type.rsplit(":", 1)[-1] for r in plan.resources if r.custom)
    assert kinds["Deployment"] == 24
    assert kinds["Account"] == kinds["PrivateEndpoint"] == kinds["DiagnosticSetting"] == kinds["RaiPolicy"] == 3


def test_the_baseline_registers_the_same_resources_with_the_same_inputs_and_dependencies(tmp_path: Path) -> None:
    ours = run_program(ROOT / "__main__.py", _config(synthetic_stack(2, 8)), stack="bench", project="aoai")
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(ours.to_json()), encoding="utf-8")
    baseline = run_program(
        ROOT / "bench" / "baseline_program.py", {"bench:plan": str(plan_file)}, stack="bench", project="aoai"
    )

    def described(plan: Plan) -> dict[str, object]:
        return {
            r.name: (
                r.type,
                r.inputs,
                names(plan, r.dependencies),
                {key: names(plan, urns) for key, urns in r.property_dependencies.items() if names(plan, urns)},
                r.protect,
            )
            for r in plan.resources
            if r.custom
        }

    assert described(baseline) == described(ours)
    assert not [r for r in baseline.resources if not r.custom]


def _size(accounts: int, *, ours: float, baseline: float, policies: float, resources: int, rss_mb: int) -> Size:
    common = {"custom": resources, "types": {}, "rss_before_kb": 100_000, "registrations": resources}
    return Size(
        accounts,
        {"seconds": ours, "peak_rss_kb": rss_mb * 1024, **common},
        {"seconds": baseline, "peak_rss_kb": 0, **common},
        {"seconds": policies, "peak_rss_kb": 0, **common},
    )


def small() -> Size:
    return _size(1, ours=1.1, baseline=1.0, policies=0.01, resources=100, rss_mb=110)


def test_the_report_checks_every_target() -> None:
    met = [small(), _size(10, ours=11.0, baseline=10.0, policies=0.1, resources=1000, rss_mb=200)]
    text, ok = report(met)
    assert ok
    assert text.count("✅") == 4
    missed = [small(), _size(10, ours=13.0, baseline=10.0, policies=0.9, resources=1000, rss_mb=200)]
    text, ok = report(missed)
    assert not ok
    assert [line.split("|")[1].strip() for line in text.splitlines() if line.endswith("❌ |")] == [
        "aoai plan ÷ baseline, at every size",
        "policy evaluation ÷ plan time, at every size",
    ]
