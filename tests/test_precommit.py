"""pre-commit runs the Makefile's targets, never commands of its own: the checks a commit passes are `make test`'s."""

from __future__ import annotations

import re
from typing import Any

import yaml
from conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"


def hooks() -> list[dict[str, Any]]:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [hook for repo in data["repos"] for hook in repo["hooks"] if repo["repo"] == "local"]


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


def test_every_hook_is_a_local_make_target() -> None:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in data["repos"]] == ["local"]
    for hook in hooks():
        command = hook["entry"].split()
        assert command[0] == "make", hook["id"]
        assert len(command) == 2, hook["id"]
        assert command[1] in make_targets(), hook["id"]
        assert hook["language"] == "system", hook["id"]
        assert hook["pass_filenames"] is False, hook["id"]


def test_the_hooks_cover_what_make_test_runs() -> None:
    test_target = re.search(r"^test: (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert test_target is not None
    covered = {hook["entry"].split()[1] for hook in hooks()}
    assert set(test_target.group(1).split()) <= covered
