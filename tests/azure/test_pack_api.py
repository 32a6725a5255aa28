"""aoai uses only the pack's declared-public modules: `aoai_policies.api`, `.pack` and `.facts`."""

from __future__ import annotations

import ast
from pathlib import Path

from aoai_policies import api
from conftest import ROOT

PUBLIC = {"aoai_policies.api", "aoai_policies.pack", "aoai_policies.facts"}


def _pack_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of the pack in `path`; `from aoai_policies import x` imports module x."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "aoai_policies"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "aoai_policies":
            if node.module == "aoai_policies":
                found += [(node.lineno, f"aoai_policies.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def test_aoai_imports_only_public_pack_modules() -> None:
    private = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for path in sorted((ROOT / "aoai").rglob("*.py"))
        for line, module in _pack_imports(path)
        if module not in PUBLIC
    ]
    assert private == []


def test_the_check_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import aoai_policies.props\n"
        "from aoai_policies import pack, define\n"
        "from aoai_policies.content_filter import filters\n"
        "def f():\n    from aoai_policies.api import get\n",
        encoding="utf-8",
    )
    assert _pack_imports(sample) == [
        (1, "aoai_policies.props"),
        (2, "aoai_policies.pack"),
        (2, "aoai_policies.define"),
        (3, "aoai_policies.content_filter"),
        (5, "aoai_policies.api"),
    ]


def test_the_api_declares_what_it_exports() -> None:
    assert sorted(api.__all__) == ["Filter", "RESOURCE_TYPES", "filters", "get", "items", "strictness"]
    assert all(hasattr(api, name) for name in api.__all__)
