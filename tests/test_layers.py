"""Dependencies inside `aoai` run one way: each capability imports only the layers below it, and nothing imports the
command line. Read from the source with `ast` (imports inside functions count too: a lazy import is still a
dependency)."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "aoai"

# Lower layers first. A module may import modules of a lower layer, and of its own package.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("aoai.errors",),
    ("aoai.files", "aoai.validation"),
    ("aoai.yaml_reader",),
    ("aoai.azure",),
    ("aoai.capacity",),
    ("aoai.spec",),
    ("aoai.components",),
    ("aoai.program",),
    ("aoai.plan",),
    ("aoai.policy",),
    ("aoai.plan.build", "aoai.review", "aoai.preflight", "aoai.reference"),
    ("aoai.adopt",),
    ("aoai.cli",),
    ("aoai.__main__", "aoai"),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imported(path: Path) -> Iterator[str]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            # `from aoai.azure import catalog` depends on the module aoai.azure.catalog (and the package's __init__,
            # which is only a namespace here); `from aoai.spec import StackSpec` depends on aoai.spec itself.
            submodules = [f"{target}.{alias.name}" for alias in node.names if existing(f"{target}.{alias.name}")]
            yield from submodules or [target]


def layer_of(name: str) -> tuple[int, str] | None:
    """(layer, unit) of an aoai module: the longest listed prefix decides (aoai.plan.build is above aoai.plan)."""
    best: tuple[int, str] | None = None
    for rank, units in enumerate(LAYERS):
        for unit in units:
            if (name == unit or name.startswith(unit + ".")) and (best is None or len(unit) > len(best[1])):
                best = (rank, unit)
    return best


def existing(name: str) -> bool:
    relative = Path(*name.split("."))
    return (ROOT / relative).with_suffix(".py").is_file() or (ROOT / relative / "__init__.py").is_file()


def edges() -> Iterator[tuple[str, str]]:
    for path in modules():
        source = module_name(path)
        for target in imported(path):
            if target.split(".")[0] == "aoai" and existing(target) and target != source:
                yield source, target


def test_every_module_has_a_layer() -> None:
    assert [module_name(p) for p in modules() if layer_of(module_name(p)) is None] == []


def test_imports_run_down_the_layers() -> None:
    upward = []
    for source, target in edges():
        source_layer, target_layer = layer_of(source), layer_of(target)
        assert source_layer is not None
        assert target_layer is not None
        if target_layer[0] > source_layer[0] or (
            target_layer[0] == source_layer[0] and target_layer[1] != source_layer[1]
        ):
            upward.append(f"{source} -> {target}")
    assert upward == []


def test_nothing_imports_the_command_line() -> None:
    assert [
        f"{s} -> {t}"
        for s, t in edges()
        if t.startswith("aoai.cli") and not s.startswith(("aoai.cli", "aoai.__main__"))
    ] == []


@pytest.mark.parametrize("root", ["aoai.capacity", "aoai.validation", "aoai.azure"])
def test_lower_layers_never_read_the_stack_spec(root: str) -> None:
    assert [f"{s} -> {t}" for s, t in edges() if s.startswith(root) and t.startswith("aoai.spec")] == []


def test_there_are_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for source, target in edges():
        graph.setdefault(source, set()).add(target)
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ re-exporting its modules is not a cycle of behaviour: drop edges into a parent package.
    real = [
        c
        for c in cycles
        if not any(b == a.rpartition(".")[0] or a == b.rpartition(".")[0] for a, b in itertools.pairwise(c))
    ]
    assert real == []
