"""The benchmark's pieces at a small size: the synthetic estate is valid and plans, and the azure-native baseline
registers exactly the same Azure resources (types, inputs, dependencies), so the measured ratio compares equal work."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from aoai.azure import catalog
from aoai.plan.engine import Plan, run_program
from aoai.program import main
from aoai.spec import parse_stack
from bench import adopt, blocklists
from bench.estate import REGIONS, synthetic_stack
from bench.measure import _config, registered
from bench.process import Run
from bench.run import Size, Startup, changed_plan, plan_size, report, startup


def names(plan: Plan, urns: list[str]) -> list[str]:
    custom = {r.urn: r.name for r in plan.resources if r.custom}
    return sorted(custom[u] for u in urns if u in custom)


def test_the_synthetic_estate_is_valid_and_plans(tmp_path: Path) -> None:
    raw = synthetic_stack(3, 8)
    spec = parse_stack(raw, "bench")
    assert [len(a.deployments) for a in spec.accounts.values()] == [8, 8, 8]
    assert {a.region for a in spec.accounts.values()} == set(REGIONS) == {"francecentral", "swedencentral"}
    plan = run_program(main, _config(raw), stack="bench", project="aoai")
    kinds = Counter(r.type.rsplit(":", 1)[-1] for r in plan.resources if r.custom)
    assert kinds["Deployment"] == 24
    assert kinds["Account"] == kinds["PrivateEndpoint"] == kinds["DiagnosticSetting"] == kinds["RaiPolicy"] == 3


def test_the_baseline_registers_the_same_resources_with_the_same_inputs_and_dependencies(tmp_path: Path) -> None:
    ours = run_program(main, _config(synthetic_stack(2, 8)), stack="bench", project="aoai")
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
    return Size(accounts, resources, Run(ours, ours, rss_mb * 1024, 0), Run(baseline, baseline, 0, 0), policies)


STARTUPS = [
    Startup("`python -c pass`", Run(0.03, 0.03, 9_000, 0)),
    Startup("`aoai --help`", Run(0.1, 0.1, 30_000, 0)),
    Startup("`aoai diff`", Run(0.3, 0.3, 90_000, 3)),
]


def sizes(ours_at_100: float = 110.0, policies_at_100: float = 1.0) -> list[Size]:
    """Three sizes that meet every target: 10 % over the baseline, 1 % policies, 100 KB per added resource."""
    return [
        _size(1, ours=1.1, baseline=1.0, policies=0.011, resources=100, rss_mb=110),
        _size(10, ours=11.0, baseline=10.0, policies=0.11, resources=1000, rss_mb=110 + 900 * 100 // 1024),
        _size(100, ours=ours_at_100, baseline=100.0, policies=policies_at_100, resources=10000, rss_mb=1089),
    ]


def test_the_report_checks_every_target() -> None:
    text, ok = report(sizes(), STARTUPS)
    assert ok
    assert text.count("✅") == 6
    assert "| `aoai diff` | 0.300 | 10.0 | 88 |" in text
    text, ok = report(sizes(ours_at_100=140.0, policies_at_100=9.0), STARTUPS)
    assert not ok
    assert [line.split("|")[1].strip() for line in text.splitlines() if line.endswith("❌ |")] == [
        "whole aoai plan ÷ baseline, at every size",
        "policy evaluation ÷ whole aoai plan, at every size",
        "CPU time per resource, largest ÷ smallest size",
    ]


def test_the_report_judges_start_up_in_cpu_seconds() -> None:
    slow = [*STARTUPS[:2], Startup("`aoai diff`", Run(0.3, 0.36, 90_000, 3))]
    text, ok = report(sizes(), slow)
    assert not ok
    assert "| `aoai diff`, CPU seconds | ≤ 0.35 | 0.36 | ❌ |" in text


def test_the_commands_are_measured_whole_at_a_tiny_size(tmp_path: Path) -> None:
    size, plan = plan_size(2, tmp_path, repeat=1)
    assert size.resources == registered(json.loads(plan.read_text(encoding="utf-8"))["resources"])["custom"] > 20
    assert size.ours.exit_code in (0, 1)
    assert 0 < size.policy_seconds < size.ours.cpu_seconds
    assert size.baseline.cpu_seconds > 0
    assert size.ours.peak_rss_kb > 50_000
    found = startup(plan, 2, repeat=1)
    assert [e.label.split(" ")[0] for e in found] == ["`python", "`aoai", "`aoai"]
    assert found[2].run.exit_code == 3  # an account removed: destructive, needs approval
    assert all(e.run.cpu_seconds > 0 for e in found)
    # aoai diff's second plan: the last account removed, one capacity raised
    with pytest.raises(SystemExit, match="at least 2 accounts"):
        changed_plan(plan, 1)
    before = json.loads(plan.read_text(encoding="utf-8"))["resources"]
    after = json.loads(changed_plan(plan, 2).read_text(encoding="utf-8"))["resources"]
    assert {r["urn"] for r in after} < {r["urn"] for r in before}
    assert not [r for r in after if "account-001" in r["urn"]]
    capacities = [
        (b["inputs"]["sku"]["capacity"], a["inputs"]["sku"]["capacity"])
        for b, a in zip([r for r in before if r["urn"] in {x["urn"] for x in after}], after, strict=True)
        if b["type"].endswith(":Deployment") and b != a
    ]
    assert [after_ - before_ for before_, after_ in capacities] == [1]


def test_the_blocklist_benchmark_runs_the_plan_command_at_a_tiny_size() -> None:
    rows = blocklists.run(item_counts=(1, 3), repeat=1, maxima=False)
    assert [(r.label, r.items, r.deployments) for r in rows] == [("1 items", 1, 4), ("3 items", 3, 4)]
    assert all(r.run.exit_code in (0, 1) and r.run.cpu_seconds > 0 and r.run.peak_rss_kb > 0 for r in rows)
    section, _ = blocklists.report(rows)
    assert section.startswith(blocklists.BEGIN)
    assert section.rstrip().endswith(blocklists.END)
    assert "| 3 items | 3 | 4 |" in section


def test_the_benchmark_stacks_are_valid_and_the_maxima_account_is_at_azures_limits() -> None:
    spec = parse_stack(blocklists.maxima_stack(catalog.MAX_BLOCKLIST_ITEMS), "bench")
    (account,) = spec.accounts.values()
    assert len(account.deployments) == catalog.MAX_DEPLOYMENTS_PER_ACCOUNT
    assert len(spec.blocklists["banned-terms"].items) == catalog.MAX_BLOCKLIST_ITEMS
    assert spec.blocklists["banned-terms"].items["term-00007"].regex is True


def _row(items: int, cpu: float) -> blocklists.Row:
    return blocklists.Row(f"{items} items", items, 4, blocklists.Run(cpu, cpu, 200_000, 0))


def test_the_blocklist_report_judges_linear_growth_by_the_cost_of_an_added_item() -> None:
    linear = [_row(1000, 3.0), _row(5000, 7.0), _row(10000, 12.0)]  # 1 ms per added item throughout
    text, ok = blocklists.report(linear)
    assert ok
    assert "10× the items take 4.00× the CPU time" in text
    assert "costs 1.000 and 1.000 ms of CPU between consecutive sizes: spread 1.00 (linear within 1.25) ✅." in text
    quadratic = [_row(1000, 3.0), _row(5000, 27.0), _row(10000, 102.0)]
    assert not blocklists.report(quadratic)[1]


def test_the_blocklist_section_replaces_its_previous_version() -> None:
    section, _ = blocklists.report([_row(1000, 3.0), _row(5000, 7.0)])
    document = "# Benchmark results\n\n| table |\n\n## What the profiles showed\n\nnotes\n"
    once = blocklists.with_section(document, section)
    assert once.index("| table |") < once.index(blocklists.BEGIN) < once.index("## What the profiles showed")
    newer, _ = blocklists.report([_row(1000, 3.0), _row(5000, 8.0)])
    twice = blocklists.with_section(once, newer)
    assert twice.count(blocklists.BEGIN) == 1
    assert newer.rstrip("\n") in twice
    assert section.rstrip("\n") not in twice


def test_import_and_drift_are_measured_as_commands_against_the_loopback_server() -> None:
    rows = adopt.run((1, 2), repeat=1)
    assert [(r.accounts, r.resources, r.calls) for r in rows] == [(1, 36, 7), (2, 72, 12)]
    assert all(r.imported.exit_code == 0 and r.drifted.exit_code == 0 for r in rows)
    text, _ = adopt.report(rows, repeat=1)
    assert text.startswith(adopt.BEGIN)
    assert text.rstrip().endswith(adopt.END)
    assert "| 2 | 72 | 800 | 12 |" in text
    document = adopt.with_section("# Benchmark results\n\n## What the profiles showed\n", text, adopt.BEGIN, adopt.END)
    assert document.index(adopt.BEGIN) < document.index("## What the profiles showed")
