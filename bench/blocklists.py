"""Blocklists at scale (issue #12): the whole `aoai plan` command on one account whose blocklist holds 1,000, 5,000
and 10,000 items (Azure's limit), and on an account at the per-account maxima. `python -m bench.blocklists` writes
its section of bench/RESULTS.md; `make bench` (bench/run.py) includes it.

Each size is a fresh `aoai plan` process (stack file reading, validation, the program under mocks, the policy pack
and the rendered tree); wall time is measured around it and peak RSS is that process's (`os.wait4`). Time should grow
linearly with the items: the 10,000-item plan should take about 10 times the 1,000-item one, not 100 times as the
chain of one resource per item did.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from aoai.azure import catalog
from bench.estate import synthetic_stack, write_stack_file
from bench.process import Run, fastest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
ITEM_COUNTS: Final = tuple(int(n) for n in os.environ.get("BENCH_BLOCKLIST_ITEMS", "1000,5000,10000").split(","))
REPEAT: Final = int(os.environ.get("BENCH_REPEAT", "3"))
LINEAR_LIMIT: Final = 1.25  # the cost of an added item, most ÷ least across sizes: linear within 25 %
BEGIN, END = "<!-- blocklists: written by bench/blocklists.py -->", "<!-- /blocklists -->"


def items(count: int) -> dict[str, Any]:
    """`count` items: every seventh a regular expression, patterns of realistic length."""
    return {
        f"term-{index:05d}": {"pattern": rf"internal-term-{index}\b" if index % 7 == 0 else f"Project {index:05d}"}
        | ({"regex": True} if index % 7 == 0 else {})
        for index in range(count)
    }


def stack(item_count: int, deployments: int = 4) -> dict[str, Any]:
    """One account of the synthetic estate, its blocklist holding `item_count` items."""
    raw = synthetic_stack(1, deployments)
    raw["blocklists"]["banned-terms"]["items"] = items(item_count)
    return raw


def maxima_stack(item_count: int) -> dict[str, Any]:
    """One account at the per-account maxima: Azure's most deployments and a blocklist of `item_count` items."""
    return stack(item_count, catalog.MAX_DEPLOYMENTS_PER_ACCOUNT)


def measure(stack_file: Path, repeat: int = REPEAT) -> Run:
    """The whole `aoai plan --stack-file` command; the JSON plan goes to a file so that printing does not count."""
    out = stack_file.with_suffix(".plan.json")
    arguments = ["-m", "aoai", "plan", "--stack-file", str(stack_file), "--project-dir", str(ROOT)]
    return fastest([*arguments, "--format", "json", "--out", str(out)], repeat, allowed=(0, 1))  # 1: a verdict


@dataclass(frozen=True)
class Row:
    label: str
    items: int
    deployments: int
    run: Run


def run(item_counts: tuple[int, ...] = ITEM_COUNTS, repeat: int = REPEAT, *, maxima: bool = True) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for count in item_counts:
            path = write_stack_file(Path(folder), f"items{count}", stack(count))
            rows.append(Row(f"{count:,} items", count, 4, measure(path, repeat)))
            print(f"blocklist of {count} items measured", file=sys.stderr)
        if not maxima:
            return rows
        path = write_stack_file(Path(folder), "maxima", maxima_stack(max(item_counts)))
        rows.append(
            Row("account at the maxima", max(item_counts), catalog.MAX_DEPLOYMENTS_PER_ACCOUNT, measure(path, repeat))
        )
    return rows


def growth(rows: list[Row]) -> tuple[float, list[float], float]:
    """Over the item sizes: the time ratio largest ÷ smallest, the milliseconds each added item costs between
    consecutive sizes (constant when growth is linear; the process's fixed cost cancels out), and their spread."""
    sized = [r for r in rows if r.deployments == 4]
    ratio = sized[-1].run.cpu_seconds / sized[0].run.cpu_seconds
    slopes = [
        1000 * (b.run.cpu_seconds - a.run.cpu_seconds) / (b.items - a.items) for a, b in itertools.pairwise(sized)
    ]
    spread = max(slopes) / min(slopes) if slopes and min(slopes) > 0 else float("inf")
    return ratio, slopes, spread


def report(rows: list[Row]) -> tuple[str, bool]:
    ratio, slopes, spread = growth(rows)
    sized = [r for r in rows if r.deployments == 4]
    items_ratio = sized[-1].items / sized[0].items
    lines = [
        BEGIN,
        "## Blocklist items at scale",
        "",
        "`python -m bench.blocklists` (also run by `make bench`): the whole `aoai plan` command, one fresh process",
        "per run (the run with the least CPU time counts), on one account of the synthetic estate whose blocklist",
        "holds the items; the last row is an account at the per-account maxima",
        f"({catalog.MAX_DEPLOYMENTS_PER_ACCOUNT} deployments, a blocklist of {max(r.items for r in rows):,} items;"
        " no per-account limit on RAI policies or blocklists was found in Microsoft's documentation). CPU time is",
        "user plus system time of the process, which other work on the machine does not inflate as it does the wall",
        "clock.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} · {os.cpu_count()} CPUs · load average"
        f" {os.getloadavg()[0]:.1f} when written",
        "",
        "| Estate | Items | Deployments | aoai plan, CPU (s) | aoai plan, wall (s) | peak RSS (MB) | exit |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.label} | {row.items:,} | {row.deployments} | {row.run.cpu_seconds:.2f} | {row.run.seconds:.2f} |"
            f" {row.run.peak_rss_kb / 1024:.0f} | {row.run.exit_code} |"
        )
    ok = spread <= LINEAR_LIMIT
    lines += [
        "",
        f"{items_ratio:.0f}× the items take {ratio:.2f}× the CPU time (the process's fixed cost included)."
        f" Each added item costs {' and '.join(f'{s:.3f}' for s in slopes)} ms of CPU between consecutive sizes:"
        f" spread {spread:.2f}"
        f" (linear within {LINEAR_LIMIT}) {'✅' if ok else '❌'}.",
        END,
        "",
    ]
    return "\n".join(lines), ok


def with_section(document: str, section: str, begin: str = BEGIN, end: str = END) -> str:
    """`document` with the section between `begin` and `end` (the blocklist section by default) replaced by
    `section`, or `section` added before the profiles' notes."""
    if begin in document and end in document:
        head, rest = document.split(begin, 1)
        _, tail = rest.split(end, 1)
        return head + section.rstrip("\n") + tail
    marker = "\n## What the profiles showed"
    if marker in document:
        head, tail = document.split(marker, 1)
        return head.rstrip("\n") + "\n\n" + section + marker + tail
    return document.rstrip("\n") + "\n\n" + section


def main() -> int:
    section, ok = report(run())
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    RESULTS.write_text(with_section(existing, section), encoding="utf-8")
    print(section)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
