"""`make bench`: plan synthetic estates of growing size with aoai and with a plain azure-native baseline, evaluate
the policy pack, and write bench/RESULTS.md with the ratios and the targets of issue #7; then the blocklist
benchmark of issue #12 (bench/blocklists.py).

Each measurement runs in a fresh process (`bench/measure.py`) and is taken REPEAT times; the fastest run counts
(the usual way to remove noise from other work on the machine) and peak memory is that run's.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from bench import blocklists

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SIZES: Final = tuple(int(a) for a in os.environ.get("BENCH_ACCOUNTS", "1,10,50").split(","))
DEPLOYMENTS: Final = int(os.environ.get("BENCH_DEPLOYMENTS", "20"))
REPEAT: Final = int(os.environ.get("BENCH_REPEAT", "3"))
TARGETS: Final = {
    "overhead": 1.15,  # ours ÷ baseline wall time, at every size
    "policies": 0.05,  # policy evaluation ÷ plan time, at every size
    "linear": 1.25,  # time per resource, largest ÷ smallest size
    "memory": 0.25,  # spread of memory per resource across sizes
}


def measure(kind: str, accounts: int, plan: Path) -> dict[str, Any]:
    runs = []
    for _ in range(REPEAT):
        command = [sys.executable, "-m", "bench.measure", kind, str(accounts), str(DEPLOYMENTS), str(plan)]
        output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["seconds"])


@dataclass(frozen=True)
class Size:
    accounts: int
    ours: dict[str, Any]
    baseline: dict[str, Any]
    policies: dict[str, Any]

    @property
    def resources(self) -> int:
        return self.ours["custom"]

    @property
    def overhead(self) -> float:
        return self.ours["seconds"] / self.baseline["seconds"]

    @property
    def policy_share(self) -> float:
        return self.policies["seconds"] / self.ours["seconds"]

    @property
    def ms_per_resource(self) -> float:
        return 1000 * self.ours["seconds"] / self.resources

    @property
    def baseline_ms_per_resource(self) -> float:
        return 1000 * self.baseline["seconds"] / self.resources

    def kb_per_resource(self, smallest: Size) -> float:
        """Memory each resource beyond the smallest estate adds: the slope of peak RSS against resources, so that the
        interpreter's and the libraries' fixed footprint does not count."""
        if self is smallest:
            return (self.ours["peak_rss_kb"] - self.ours["rss_before_kb"]) / self.resources
        grown = self.ours["peak_rss_kb"] - smallest.ours["peak_rss_kb"]
        return grown / (self.resources - smallest.resources)


def run() -> list[Size]:
    sizes = []
    with tempfile.TemporaryDirectory() as folder:
        for accounts in SIZES:
            plan = Path(folder) / f"plan-{accounts}.json"
            ours = measure("ours", accounts, plan)
            baseline = measure("baseline", accounts, plan)
            if (ours["custom"], ours["types"]) != (baseline["custom"], baseline["types"]):
                raise SystemExit(f"baseline and aoai registered different resources at {accounts} accounts")
            sizes.append(Size(accounts, ours, baseline, measure("policies", accounts, plan)))
            print(f"{accounts} accounts: {ours['custom']} resources measured", file=sys.stderr)
    return sizes


def _machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    cpu = models[0] if models else platform.processor() or "unknown"
    packages = ("pulumi", "pulumi-azure-native", "pulumi-policy", "pydantic")
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    return [
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {platform.system()} {platform.release()} · {os.cpu_count()} CPUs · {cpu}",
        f"- Python {platform.python_version()} · {versions}",
        f"- Sizes: {', '.join(str(a) for a in SIZES)} accounts × {DEPLOYMENTS} deployments; fastest of {REPEAT} runs",
    ]


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def report(sizes: list[Size]) -> tuple[str, bool]:
    first, last = sizes[0], sizes[-1]
    growth = last.ms_per_resource / first.ms_per_resource
    memory = [s.kb_per_resource(first) for s in sizes[1:]] or [first.kb_per_resource(first)]
    spread = max(memory) / min(memory) - 1
    checks = {
        "overhead": (max(s.overhead for s in sizes), max(s.overhead for s in sizes) <= TARGETS["overhead"]),
        "policies": (max(s.policy_share for s in sizes), max(s.policy_share for s in sizes) <= TARGETS["policies"]),
        "linear": (growth, growth <= TARGETS["linear"]),
        "memory": (spread, spread <= TARGETS["memory"]),
    }
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand. Synthetic estates from `bench/estate.py`;",
        "the baseline (`bench/baseline_program.py`) registers the same Azure resources with the same inputs and",
        "dependencies as plain azure-native code, under the same mocks.",
        "",
        *_machine(),
        "",
        "| Accounts | Azure resources | aoai plan (s) | baseline (s) | ours ÷ baseline | policies (s) |"
        " policies ÷ plan | ms per resource (aoai / baseline) | peak RSS (MB) | KB per added resource |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        lines.append(
            f"| {s.accounts} | {s.resources} | {s.ours['seconds']:.2f} | {s.baseline['seconds']:.2f} |"
            f" {s.overhead:.3f} | {s.policies['seconds']:.2f} | {s.policy_share:.1%} |"
            f" {s.ms_per_resource:.1f} / {s.baseline_ms_per_resource:.1f} | {s.ours['peak_rss_kb'] / 1024:.0f} |"
            f" {s.kb_per_resource(first):.0f} |"
        )
    lines += [
        "",
        "| Target | Limit | Measured | |",
        "|---|---:|---:|---|",
        f"| aoai plan ÷ baseline, at every size | ≤ {TARGETS['overhead']} | {checks['overhead'][0]:.3f} |"
        f" {_mark(checks['overhead'][1])} |",
        f"| policy evaluation ÷ plan time, at every size | ≤ {TARGETS['policies']:.0%} | {checks['policies'][0]:.1%} |"
        f" {_mark(checks['policies'][1])} |",
        f"| time per resource, largest ÷ smallest size | ≤ {TARGETS['linear']} | {checks['linear'][0]:.3f} |"
        f" {_mark(checks['linear'][1])} |",
        f"| memory per added resource, spread across sizes | ≤ {TARGETS['memory']:.0%} | {checks['memory'][0]:.1%} |"
        f" {_mark(checks['memory'][1])} |",
        "",
    ]
    return "\n".join(lines), all(ok for _, ok in checks.values())


def main() -> int:
    text, met = report(run())
    section, linear = blocklists.report(blocklists.run())
    text = blocklists.with_section(text, section)
    met = met and linear
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text(encoding="utf-8")
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
