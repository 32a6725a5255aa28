"""The pack's version: PulumiPolicy.yaml states it for the Pulumi CLI, pyproject.toml for the distribution (its
metadata), and they agree; no Python module states it."""

from __future__ import annotations

import ast
import tomllib
from importlib import metadata

import yaml
from aoai_policies import pack
from conftest import ROOT

MANIFEST = yaml.safe_load((ROOT / "policies" / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_and_the_pack_have_one_version() -> None:
    assert "version" not in PROJECT.get("dynamic", [])
    assert PROJECT["version"] == MANIFEST["version"] == pack.VERSION
    assert metadata.version("aoai") == MANIFEST["version"]


def test_the_version_is_read_from_the_manifest_in_a_checkout() -> None:
    assert pack.MANIFEST == ROOT / "policies" / "PulumiPolicy.yaml"


def test_no_python_module_states_the_version() -> None:
    version = MANIFEST["version"]
    files = [
        *sorted((ROOT / "aoai").rglob("*.py")),
        *sorted((ROOT / "policies" / "aoai_policies").rglob("*.py")),
        ROOT / "policies" / "__main__.py",
    ]
    stated = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in files
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == version
    ]
    assert stated == []
