"""`make bench`: the commands a user runs, measured against the floor Pulumi sets, at growing estate sizes; writes
bench/RESULTS.md with the ratios and the targets (issues #7 and #13), then the blocklist benchmark of issue #12
(bench/blocklists.py) and `aoai import` and `aoai drift` at growing sizes (issue #15, bench/adopt.py).

- **aoai plan**: the whole command (`aoai plan --stack-file … --format json --out …`: reading the YAML stack file,
  validation, the program under mocks, the policy pack, writing the JSON plan, the process's start and exit) on the
  synthetic estate of each size, in a fresh process (`bench.command`, which also records the CPU time of the policy
  evaluation inside it).
- **baseline**: the same Azure resources registered by plain azure-native code (`bench.measure`), in a fresh
  process under the same mocks: what hand-written code for the same estate costs.
- **start-up**: `aoai --help` and `aoai diff` of two plans of 50 accounts, beside `python -c pass`.

Every figure is CPU time (user plus system) of the process, from `os.wait4`: other work on the machine inflates the
wall clock but hardly this. Each is the fastest of REPEAT runs; peak RSS is that run's.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Final

from bench import adopt, blocklists
from bench.estate import synthetic_stack, write_stack_file
from bench.measure import registered
from bench.process import Run, fastest, run_once

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SIZES: Final = tuple(int(a) for a in os.environ.get("BENCH_ACCOUNTS", "1,10,50,100").split(","))
DEPLOYMENTS: Final = int(os.environ.get("BENCH_DEPLOYMENTS", "20"))
REPEAT: Final = int(os.environ.get("BENCH_REPEAT", "3"))
STARTUP_REPEAT: Final = int(os.environ.get("BENCH_STARTUP_REPEAT", "7"))
DIFF_ACCOUNTS: Final = 50
"""`aoai diff` is measured on plans of this many accounts (of the largest size measured when it is smaller)."""
TARGETS: Final = {
    "overhead": 1.10,  # the whole aoai plan ÷ the baseline program, at every size
    "policies": 0.05,  # policy evaluation ÷ the whole aoai plan, at every size
    "linear": 1.25,  # CPU time per resource, largest ÷ smallest size
    "memory": 0.25,  # spread of the memory each added resource costs, across sizes
    "startup": 0.35,  # CPU seconds of `aoai --help` and of `aoai diff` of two 50-account plans
}


@dataclass(frozen=True)
class Size:
    accounts: int
    resources: int
    ours: Run
    baseline: Run
    policy_seconds: float

    @property
    def overhead(self) -> float:
        return self.ours.cpu_seconds / self.baseline.cpu_seconds

    @property
    def policy_share(self) -> float:
        return self.policy_seconds / self.ours.cpu_seconds

    @property
    def ms_per_resource(self) -> float:
        return 1000 * self.ours.cpu_seconds / self.resources

    @property
    def baseline_ms_per_resource(self) -> float:
        return 1000 * self.baseline.cpu_seconds / self.resources

    def kb_per_resource(self, previous: Size) -> float:
        """Memory each resource beyond the previous size adds: the slope of peak RSS against resources, so that the
        interpreter's and the libraries' fixed footprint does not count."""
        return (self.ours.peak_rss_kb - previous.ours.peak_rss_kb) / (self.resources - previous.resources)


@dataclass(frozen=True)
class Startup:
    label: str
    run: Run


def plan_size(accounts: int, folder: Path, repeat: int = REPEAT) -> tuple[Size, Path]:
    """Both commands at one size; the plan file is kept for the baseline (which replays it) and for `aoai diff`."""
    (folder / f"a{accounts}").mkdir()
    stack_file = write_stack_file(folder / f"a{accounts}", "bench", synthetic_stack(accounts, DEPLOYMENTS))
    plan, record = folder / f"plan-{accounts}.json", folder / f"policies-{accounts}.txt"
    arguments = ["-m", "bench.command", "plan", "--stack-file", str(stack_file), "--project-dir", str(ROOT)]
    arguments += ["--format", "json", "--out", str(plan)]
    runs = []
    for _ in range(repeat):
        run = run_once(arguments, allowed=(0, 1), BENCH_POLICY_SECONDS=str(record))  # 1: a verdict, still a plan
        runs.append((run, float(record.read_text(encoding="utf-8"))))
    ours, policy_seconds = min(runs, key=lambda pair: pair[0].cpu_seconds)
    baseline = fastest(["-m", "bench.measure", str(plan)], repeat)
    planned = registered(json.loads(plan.read_text(encoding="utf-8"))["resources"])
    if json.loads(baseline.stdout.strip().splitlines()[-1]) != planned:
        raise SystemExit(f"the baseline and aoai registered different resources at {accounts} accounts")
    return Size(accounts, planned["custom"], ours, baseline, policy_seconds), plan


def changed_plan(plan: Path, accounts: int) -> Path:
    """The plan after a typical change: the last account removed with its children, a deployment of another account
    given one more unit of capacity (so the estate needs at least two accounts)."""
    if accounts < 2:
        raise SystemExit("aoai diff is measured on an estate of at least 2 accounts: set BENCH_ACCOUNTS")
    data = json.loads(plan.read_text(encoding="utf-8"))
    removed = f"account-{accounts - 1:03d}"
    data["resources"] = [r for r in data["resources"] if removed not in r["urn"]]
    deployment = next(r for r in data["resources"] if r["type"].endswith(":Deployment"))
    deployment["inputs"]["sku"]["capacity"] += 1
    head = plan.with_name(f"{plan.stem}-changed.json")
    head.write_text(json.dumps(data), encoding="utf-8")
    return head


def startup(diff_plan: Path, accounts: int, repeat: int = STARTUP_REPEAT) -> list[Startup]:
    head = changed_plan(diff_plan, accounts)
    resources = len(json.loads(diff_plan.read_text(encoding="utf-8"))["resources"])
    return [
        Startup("`python -c pass`", fastest(["-c", "pass"], repeat)),
        Startup("`aoai --help`", fastest(["-m", "aoai", "--help"], repeat)),
        Startup(
            f"`aoai diff` of two plans of {accounts} accounts ({resources:,} resources each, about)",
            fastest(["-m", "aoai", "diff", str(diff_plan), str(head)], repeat, allowed=(0, 3)),  # 3: needs approval
        ),
    ]


def run() -> tuple[list[Size], list[Startup]]:
    sizes = []
    with tempfile.TemporaryDirectory() as folder:
        plans = {}
        for accounts in SIZES:
            size, plans[accounts] = plan_size(accounts, Path(folder))
            sizes.append(size)
            print(f"{accounts} accounts: {size.resources} resources measured", file=sys.stderr)
        diff_accounts = DIFF_ACCOUNTS if DIFF_ACCOUNTS in plans else max(plans)
        return sizes, startup(plans[diff_accounts], diff_accounts)


def _machine() -> list[str]:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    cpu = models[0] if models else platform.processor() or "unknown"
    packages = ("pulumi", "pulumi-azure-native", "pulumi-policy", "pydantic")
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    return [
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} · load average {os.getloadavg()[0]:.1f}"
        " when written",
        f"- Machine: {platform.system()} {platform.release()} · {os.cpu_count()} CPUs · {cpu}",
        f"- Python {platform.python_version()} · {versions}",
        f"- Sizes: {', '.join(str(a) for a in SIZES)} accounts × {DEPLOYMENTS} deployments; fastest of {REPEAT} runs"
        f" (start-up: of {STARTUP_REPEAT})",
    ]


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


@dataclass(frozen=True)
class Check:
    what: str
    limit: str
    measured: str
    met: bool


def _check(what: str, key: str, value: float, shown: str) -> Check:
    limit = TARGETS[key]
    return Check(what, f"≤ {limit:.0%}" if key in ("policies", "memory") else f"≤ {limit}", shown, value <= limit)


def checks(sizes: list[Size], startups: list[Startup]) -> list[Check]:
    first, last = sizes[0], sizes[-1]
    growth = last.ms_per_resource / first.ms_per_resource
    slopes = [b.kb_per_resource(a) for a, b in itertools.pairwise(sizes)]
    spread = max(slopes) / min(slopes) - 1 if len(slopes) > 1 and min(slopes) > 0 else 0.0
    overhead = max(s.overhead for s in sizes)
    share = max(s.policy_share for s in sizes)
    found = [
        _check("whole aoai plan ÷ baseline, at every size", "overhead", overhead, f"{overhead:.3f}"),
        _check("policy evaluation ÷ whole aoai plan, at every size", "policies", share, f"{share:.1%}"),
        _check("CPU time per resource, largest ÷ smallest size", "linear", growth, f"{growth:.3f}"),
        _check("memory per added resource, spread across sizes", "memory", spread, f"{spread:.1%}"),
    ]
    found += [
        _check(f"{e.label}, CPU seconds", "startup", e.run.cpu_seconds, f"{e.run.cpu_seconds:.2f}")
        for e in startups[1:]
    ]
    return found


def report(sizes: list[Size], startups: list[Startup]) -> tuple[str, bool]:
    first = sizes[0]
    found = checks(sizes, startups)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand. Synthetic estates from `bench/estate.py`;",
        "the baseline (`bench/baseline_program.py`) registers the same Azure resources with the same inputs and",
        "dependencies as plain azure-native code, under the same mocks. Every figure is the CPU time of a whole",
        "process (user plus system): `aoai plan` reads the stack file, validates it, runs the program, judges the plan",
        "with the policy pack and writes the JSON plan; the baseline runs its program. Both include start and exit.",
        "",
        *_machine(),
        "",
        "| Accounts | Azure resources | aoai plan, CPU (s) | baseline, CPU (s) | aoai ÷ baseline | policies, CPU (s) |"
        " policies ÷ aoai plan | ms per resource (aoai / baseline) | peak RSS (MB) | KB per added resource |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous = None
    for s in sizes:
        added = "—" if previous is None else f"{s.kb_per_resource(previous):.0f}"
        lines.append(
            f"| {s.accounts} | {s.resources:,} | {s.ours.cpu_seconds:.2f} | {s.baseline.cpu_seconds:.2f} |"
            f" {s.overhead:.3f} | {s.policy_seconds:.2f} | {s.policy_share:.1%} |"
            f" {s.ms_per_resource:.1f} / {s.baseline_ms_per_resource:.1f} | {s.ours.peak_rss_kb / 1024:.0f} |"
            f" {added} |"
        )
        previous = s
    base = startups[0].run.cpu_seconds
    lines += ["", "| Command | CPU (s) | ÷ `python -c pass` | peak RSS (MB) |", "|---|---:|---:|---:|"]
    lines += [
        f"| {e.label} | {e.run.cpu_seconds:.3f} | {e.run.cpu_seconds / base:.1f} | {e.run.peak_rss_kb / 1024:.0f} |"
        for e in startups
    ]
    lines += ["", "| Target | Limit | Measured | |", "|---|---:|---:|---|"]
    lines += [f"| {c.what} | {c.limit} | {c.measured} | {_mark(c.met)} |" for c in found]
    lines += [
        "",
        f"Memory: the interpreter, Pulumi and azure-native hold about {first.ours.peak_rss_kb / 1024:.0f} MB at"
        f" {first.accounts} account{'s' if first.accounts != 1 else ''}; KB per added resource is the slope of peak"
        " RSS between consecutive sizes.",
        "",
    ]
    return "\n".join(lines), all(c.met for c in found)


def main() -> int:
    text, met = report(*run())
    section, linear = blocklists.report(blocklists.run())
    text = blocklists.with_section(text, section)
    adopted, adopt_linear = adopt.report(adopt.run())
    text = blocklists.with_section(text, adopted, adopt.BEGIN, adopt.END)
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text(encoding="utf-8")
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if met and linear and adopt_linear else 1


if __name__ == "__main__":
    sys.exit(main())
