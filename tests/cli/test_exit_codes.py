"""Exit codes mean one thing each; a bug is never reported as a verdict (exit 1) or as invalid input (exit 2)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from aoai import cli
from aoai.cli import crash
from aoai.cli.exit_codes import ExitCode

ROOT = Path(__file__).resolve().parents[2]


def test_the_codes_are_distinct() -> None:
    assert [(code.name, int(code)) for code in ExitCode] == [
        ("OK", 0),
        ("VERDICT", 1),
        ("INVALID_INPUT", 2),
        ("NEEDS_APPROVAL", 3),
        ("INTERNAL_ERROR", 70),
    ]


def test_an_internal_error_exits_70_with_one_line_and_a_traceback_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "run", broken)
    monkeypatch.setenv(crash.CRASH_DIR_VARIABLE, str(tmp_path))
    code = cli.main(["check", "--stack", "dev"])
    [report] = list(tmp_path.glob("aoai-crash-*.txt"))
    err = capsys.readouterr().err
    assert code == ExitCode.INTERNAL_ERROR == 70
    assert err == (
        "aoai: internal error (ZeroDivisionError): this is a bug in aoai, not a verdict on your input; the traceback "
        f"is in {report}: please attach it to a bug report\n"
    )
    text = report.read_text(encoding="utf-8")
    assert text.startswith("aoai check --stack dev\n")
    assert "Traceback (most recent call last)" in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero")


def test_an_unwritable_crash_folder_still_exits_70(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")

    def broken(*_: object) -> int:
        raise KeyError("x")

    monkeypatch.setattr(cli, "run", broken)
    monkeypatch.setenv(crash.CRASH_DIR_VARIABLE, str(blocker / "under-a-file"))
    assert cli.main(["check", "--stack", "dev"]) == 70
    assert "no traceback file could be written" in capsys.readouterr().err


def test_make_plan_json_does_not_swallow_a_crash(tmp_path: Path) -> None:
    # plan-json accepts exit 1 (violations are recorded in the plan file); a crash must still fail it.
    sitecustomize = tmp_path / "sitecustomize.py"
    sitecustomize.write_text(
        "import aoai.cli.plan\ndef _broken(*_):\n    raise RuntimeError('injected')\naoai.cli.plan.planned = _broken\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(tmp_path), "AOAI_CRASH_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        ["make", "--no-print-directory", "plan-json", "STACK=dev", f"OUT={tmp_path / 'plan.json'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "aoai: internal error (RuntimeError)" in result.stderr
    assert not (tmp_path / "plan.json").exists()
