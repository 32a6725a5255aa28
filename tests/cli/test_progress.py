"""Progress on long runs: shown on a terminal, never in CI logs or pipes, gone when the stage ends."""

from __future__ import annotations

import io
import os
import pty
import subprocess
from pathlib import Path

import pytest
from aoai_policies import pack
from conftest import ROOT
from rich.console import Console

from aoai.cli.progress import Reporter, wanted


def _terminal(buffer: io.StringIO) -> Console:
    return Console(file=buffer, force_terminal=True, width=100)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, True),
        ({"CI": "true"}, False),
        ({"CI": "1"}, False),
        ({"CI": "false"}, True),
        ({"AOAI_NO_PROGRESS": "1"}, False),
        ({"TERM": "dumb"}, False),
    ],
)
def test_progress_is_wanted_only_on_a_terminal_outside_ci(environ: dict[str, str], expected: bool) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, _environ=environ)
    assert wanted(console, environ) is expected


def test_progress_is_never_wanted_in_a_pipe() -> None:
    assert wanted(Console(file=io.StringIO()), {}) is False


def test_a_stage_counts_on_a_terminal_and_ends_transient() -> None:
    buffer = io.StringIO()
    reporter = Reporter(_terminal(buffer), active=True)
    with reporter.stage("judging", total=3) as advance:
        for _ in range(3):
            advance()
    written = buffer.getvalue()
    assert "judging" in written
    assert "3/3" in written
    assert written.endswith("\x1b[?25h\r\x1b[1A\x1b[2K")  # cursor shown again, the line erased: nothing stays


def test_an_inactive_reporter_writes_nothing() -> None:
    buffer = io.StringIO()
    reporter = Reporter(_terminal(buffer), active=False)
    with reporter.stage("planning") as advance:
        advance()
    assert buffer.getvalue() == ""


def _on_terminal(environ: dict[str, str], *arguments: str) -> tuple[str, str]:
    """`aoai <arguments>` with standard error on a pseudo-terminal, as a user at a shell has it."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "AOAI_NO_PROGRESS")} | environ
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "aoai"), *arguments],
        cwd=ROOT,
        env=env | {"TERM": "xterm"},
        stdout=subprocess.PIPE,
        stderr=follower,
        check=False,
        timeout=300,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal reports EIO once it is drained and closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert result.returncode in (0, 3), result.stdout
    return result.stdout.decode(), b"".join(chunks).decode(errors="replace")


def test_a_check_on_a_terminal_shows_each_stage_and_leaves_the_report_unchanged() -> None:
    report, terminal = _on_terminal({}, "check", "--stack", "dev")
    assert "planning dev: resources registered" in terminal
    assert "judging with the policy pack" in terminal
    assert report.lstrip().startswith(f"Policies: {len(pack.POLICIES)} checked with policies/config/dev.json")
    quiet_report, quiet_terminal = _on_terminal({"CI": "true"}, "check", "--stack", "dev")
    assert quiet_report == report
    assert "planning" not in quiet_terminal
    assert "judging" not in quiet_terminal


def test_a_diff_on_a_terminal_shows_its_stages(tmp_path: Path) -> None:
    plan = tmp_path / "dev.json"
    _on_terminal({"CI": "true"}, "plan", "--stack", "dev", "--format", "json", "--out", str(plan))
    report, terminal = _on_terminal({}, "diff", str(plan), str(plan))
    assert "reading plans" in terminal
    assert "comparing plans" in terminal
    assert _on_terminal({"CI": "true"}, "diff", str(plan), str(plan)) == (report, "")
