"""`python -m bench.adopt` (also run by `make bench`): `aoai import` and `aoai drift` as a user runs them, against the
loopback ARM server of the tests (tests/arm_server.py, answering from the official REST examples), on estates of
growing size: each account at Azure's most deployments (32), with a content filter and a blocklist of 100 items.

Each command runs in a fresh process, the fastest (least CPU) of REPEAT runs counts; the server runs in this process,
so its work is not in the figures. The target: the commands grow linearly with the estate (the CPU time each added
account costs varies by at most LINEAR_LIMIT between consecutive sizes).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from bench.blocklists import RESULTS, with_section
from bench.process import Run, fastest

if TYPE_CHECKING:
    from arm_server import Azure

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SIZES: Final = tuple(int(n) for n in os.environ.get("BENCH_ADOPT_ACCOUNTS", "1,5,10").split(","))
REPEAT: Final = int(os.environ.get("BENCH_REPEAT", "3"))
DEPLOYMENTS: Final = 32
ITEMS: Final = 100
LINEAR_LIMIT: Final = 1.25
BEGIN, END = "<!-- adopt: begin -->", "<!-- adopt: end -->"
SUBSCRIPTION: Final = "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30"


@dataclass(frozen=True)
class Row:
    accounts: int
    resources: int
    properties: int
    calls: int
    imported: Run
    drifted: Run


def _estate(accounts: int) -> Azure:
    from arm_server import Azure  # noqa: PLC0415 - the tests' server, only for this benchmark
    from live_estates import LiveEstate  # noqa: PLC0415

    azure = Azure(SUBSCRIPTION)
    estate = LiveEstate(azure, "rg-bench")
    for n in range(accounts):
        name = f"aoai-bench-{n:03d}"
        estate.account(
            name,
            "swedencentral",
            publicNetworkAccess="Disabled",
            disableLocalAuth=True,
            networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"},
        )
        estate.blocklist(name, "terms", "bench", {f"item-{i:05d}": (f"term {i}", False) for i in range(ITEMS)})
        estate.policy(name, "strict", blocklists=[("terms", "Prompt", True), ("terms", "Completion", True)])
        for d in range(DEPLOYMENTS):
            estate.deployment(
                name, f"chat-{d:02d}", "gpt-5.1", "2025-11-13", "GlobalStandard", 10,
                raiPolicyName="strict", versionUpgradeOption="OnceCurrentVersionExpired",
            )  # fmt: skip
    return azure


def measure(accounts: int, folder: Path, repeat: int = REPEAT) -> Row:
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))  # the tests' server and estates, only for this benchmark
    from arm_server import ArmServer  # noqa: PLC0415

    from aoai.azure.client import TOKEN_VARIABLE  # noqa: PLC0415

    project = folder / f"estate-{accounts}"
    project.mkdir()
    (project / "Pulumi.yaml").write_text("name: aoai\nruntime: python\nstackConfigDir: stacks\n", encoding="utf-8")
    with ArmServer(_estate(accounts), project) as server:
        env: dict[str, Any] = {TOKEN_VARIABLE: "bench-token", "REQUESTS_CA_BUNDLE": str(server.certificate)}
        common = ["--project-dir", str(project), "--arm-endpoint", server.url, "--format", "json"]
        imported = fastest(
            ["-m", "aoai", "import", "--subscription", SUBSCRIPTION, "--resource-group", "rg-bench",
             "--environment", "bench", "--force", *common],
            repeat,
            **env,
        )  # fmt: skip
        drifted = fastest(["-m", "aoai", "drift", "--stack", "bench", *common], repeat, **env)
    report = json.loads(imported.stdout)
    if report["changes"] or json.loads(drifted.stdout)["drifted"]:
        raise SystemExit(f"{accounts} accounts: the bench estate should import and drift cleanly")
    return Row(accounts, report["resourcesCompared"], report["propertiesCompared"], report["calls"], imported, drifted)


def run(sizes: tuple[int, ...] = SIZES, repeat: int = REPEAT) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        rows = []
        for accounts in sizes:
            rows.append(measure(accounts, Path(folder), repeat))
            print(f"import and drift of {accounts} accounts measured", file=sys.stderr)
        return rows


def spread(rows: list[Row], command: str) -> tuple[list[float], float]:
    """The CPU seconds each added account costs between consecutive sizes, and most ÷ least."""
    slopes = [
        (getattr(b, command).cpu_seconds - getattr(a, command).cpu_seconds) / (b.accounts - a.accounts)
        for a, b in itertools.pairwise(rows)
    ]
    return slopes, (max(slopes) / min(slopes) if slopes and min(slopes) > 0 else 1.0)


def report(rows: list[Row], repeat: int = REPEAT) -> tuple[str, bool]:
    lines = [
        BEGIN,
        "## Adopting and watching an estate",
        "",
        "`python -m bench.adopt` (also run by `make bench`): `aoai import` and `aoai drift` as a user runs them, each",
        "in a fresh process, against the tests' loopback ARM server (answers built from the official REST examples;",
        f"the server's work is not counted). Each account: {DEPLOYMENTS} deployments (Azure's most), a content filter",
        f"and a blocklist of {ITEMS} items. CPU time (user plus system) of the command's process, fastest of {repeat}",
        "runs.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} · {os.cpu_count()} CPUs · load average"
        f" {os.getloadavg()[0]:.1f} when written",
        "",
        "| Accounts | Azure resources compared | properties compared | GET requests | aoai import, CPU (s) |"
        " aoai drift, CPU (s) | peak RSS import / drift (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.accounts} | {row.resources:,} | {row.properties:,} | {row.calls:,} |"
            f" {row.imported.cpu_seconds:.2f} | {row.drifted.cpu_seconds:.2f} |"
            f" {row.imported.peak_rss_kb / 1024:.0f} / {row.drifted.peak_rss_kb / 1024:.0f} |"
        )
    ok = True
    for command in ("imported", "drifted"):
        slopes, ratio = spread(rows, command)
        met = ratio <= LINEAR_LIMIT
        ok = ok and met
        shown = "aoai import" if command == "imported" else "aoai drift"
        lines += [
            "",
            f"{shown}: each added account costs {' and '.join(f'{s:.2f}' for s in slopes)} s of CPU between"
            f" consecutive sizes: most ÷ least {ratio:.2f} (linear within {LINEAR_LIMIT}) {'✅' if met else '❌'}.",
        ]
    lines += [END, ""]
    return "\n".join(lines), ok


def main() -> int:
    section, ok = report(run())
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(with_section(existing, section, BEGIN, END), encoding="utf-8")
    print(section)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
