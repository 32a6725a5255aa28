"""One command in a fresh process, measured from outside: wall time, CPU time (user plus system, which other work on
the machine does not inflate as it does the wall clock) and peak RSS, from `os.wait4`.

Byte-code caching is switched on for the measured processes (this machine's environment may switch it off): an
installed aoai has its `.pyc` files, so the first run writes them and the runs after it are what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    exit_code: int
    stdout: str = ""


def environment(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CI")}
    return {**kept, "AOAI_NO_PROGRESS": "1", **extra}


def run_once(arguments: list[str], *, allowed: tuple[int, ...] = (0,), **extra: str) -> Run:
    """`python <arguments>` in a fresh process; SystemExit naming the command when it exits with another code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *arguments], cwd=ROOT, stdout=out, stderr=err, env=environment(**extra)
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code not in allowed:
        raise SystemExit(f"{' '.join(arguments)} exited {code}: {stderr.strip()[-2000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, stdout)


def fastest(arguments: list[str], repeat: int, *, allowed: tuple[int, ...] = (0,), **extra: str) -> Run:
    """The run with the least CPU time of `repeat` runs (the usual way to remove noise from other work)."""
    return min((run_once(arguments, allowed=allowed, **extra) for _ in range(repeat)), key=lambda r: r.cpu_seconds)
