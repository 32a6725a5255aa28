"""The documentation is true: generated sections are current, links and paths resolve, commands exist, the README is a
front page, and the composition example runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aoai_policies import pack
from conftest import ROOT

from aoai import reference
from aoai.plan.engine import run_program
from aoai.spec.load import read_stack_file

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
COMMANDS = ("plan", "check", "diff", "size", "preflight", "import", "drift", "policy-config")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _prose(page: Path) -> str:
    """The page without its code blocks."""
    return _FENCE.sub("", _text(page))


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", _prose(page), re.M):
        slug = _slug(heading)
        count = 0
        while (slug if count == 0 else f"{slug}-{count}") in found:
            count += 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


@pytest.mark.parametrize("name", sorted(reference.GENERATED))
def test_the_generated_sections_are_current(name: str) -> None:
    page = ROOT / "docs" / reference.GENERATED[name][0]
    assert reference.regenerated(name, _text(page)) == _text(page), f"{page.name} is stale: run `make docs`"


def test_the_reference_is_deterministic() -> None:
    assert reference.configuration_reference() == reference.configuration_reference()
    assert reference.policy_list() == reference.policy_list()


def test_the_configuration_reference_names_every_key_with_its_requirement() -> None:
    generated = reference.configuration_reference()
    rows = [line for line in generated.splitlines() if line.startswith("| `")]
    assert "| `accounts` | map: ARM name → object (`accounts.<key>`) | Required | — |" in generated
    assert "| `resource_group.location` | region | Conditional | none |" in generated
    assert "| `capacity` | integer | Conditional | none |" in generated
    assert "| `kind` | `OpenAI` or `AIServices` | Optional | `OpenAI` |" in generated
    assert "| `private_endpoint.subnet_id` | subnet id | Conditional | none |" in generated
    assert "### `accounts.<key>.deployments.<name>`" in generated
    assert len(rows) > 90


def test_the_policy_list_holds_every_policy_of_the_pack() -> None:
    generated = reference.policy_list()
    names = [policy.name for policy in pack.POLICIES]
    assert [n for n in names if f"### `{n}`" not in generated] == []
    assert "| `account-disallow-local-auth` | high | M | M | M | M |" in generated
    assert "| `allowFirewalledPublicAccess` | boolean, default `false` |" in generated


def test_a_missing_marker_names_the_page_and_the_markers() -> None:
    with pytest.raises(ValueError, match=r"docs/policies.md must hold the markers <!-- generated:policies:start -->"):
        reference.regenerated("policies", "no markers here")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_points_to_an_existing_file_and_heading(page: Path) -> None:
    broken: list[str] = []
    for target in _LINK.findall(_prose(page)):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        resolved = (page.parent / file).resolve() if file else page
        missing_heading = bool(anchor) and resolved.suffix == ".md" and anchor not in _anchors(resolved)
        if not resolved.exists() or missing_heading:
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_repository_path_named_exists(page: Path) -> None:
    named = re.findall(r"`((?:aoai|policies|tests|bench|stacks|docs|\.github|\.ci)/[^`\s]*)`", _text(page))
    concrete = {p.rstrip(".,;:") for p in named if not set(p) & set("<*{")}
    assert sorted(p for p in concrete if not (ROOT / p).exists()) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_make_target_named_exists(page: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"(?:`|^)make ([a-z][a-z-]*)", _text(page), re.M))
    assert sorted(named - targets) == []


def test_every_documented_command_exists() -> None:
    named = {c for page in PAGES for c in re.findall(r"\baoai ([a-z][a-z-]+)", _text(page)) if c in COMMANDS}
    assert named == set(COMMANDS)
    for command in sorted(named):
        result = subprocess.run(
            [sys.executable, "-m", "aoai", command, "--help"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, command


def test_the_readme_is_a_front_page_with_the_two_commands_first() -> None:
    readme = _text(ROOT / "README.md")
    assert len(readme.encode("utf-8")) <= 12 * 1024
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.splitlines()] == ["make plan", "make test"]
    assert readme.index("make plan") < readme.index("## Documentation")


def test_no_page_or_source_cites_a_file_users_do_not_have() -> None:
    word = re.compile(r"\b" + "FAC" + r"TS\b")  # the name of a private notes file, spelt so this test passes
    roots = [ROOT / "README.md", *(ROOT / d for d in ("docs", "aoai", "policies/aoai_policies", "tests", "bench"))]
    files = [f for r in roots for f in ([r] if r.is_file() else r.rglob("*")) if f.suffix in {".md", ".py", ".json"}]
    assert [str(f.relative_to(ROOT)) for f in files if word.search(f.read_text(encoding="utf-8"))] == []


# --- the composition example ---------------------------------------------------------------------------------------

APP_PRINCIPAL = "00000000-0000-0000-0000-000000000001"


def _composition_example() -> str:
    page = _text(ROOT / "docs" / "composition.md")
    start, end = "<!-- composition-example:start -->\n```python\n", "```\n<!-- composition-example:end -->"
    return page[page.index(start) + len(start) : page.index(end)]


def test_the_composition_example_adds_a_role_assignment_per_account_scoped_by_the_estate() -> None:
    code = compile(_composition_example(), str(ROOT / "docs" / "composition.md"), "exec")

    def program() -> None:
        exec(code, {"__name__": "__main__"})  # the documented example, run as a user's program

    config = {**read_stack_file(ROOT / "stacks" / "Pulumi.prod.yaml"), "app:principal_id": APP_PRINCIPAL}
    plan = run_program(program, config, stack="prod", project="aoai")
    accounts = {r.urn: r for r in plan.resources if r.type == "azure-native:cognitiveservices:Account"}
    grants = [
        r for r in plan.resources if r.type == "azure-native:authorization:RoleAssignment" and r.name.startswith("app-")
    ]
    assert sorted(g.name for g in grants) == ["app-openai-user-france", "app-openai-user-sweden"]
    for grant in grants:
        [account_urn] = grant.property_dependencies["scope"]
        account: Any = accounts[account_urn]
        assert grant.inputs["scope"] == account.id
        assert grant.inputs["principalId"] == APP_PRINCIPAL
        assert grant.inputs["roleDefinitionId"] == (
            f"/subscriptions/{account.id.split('/')[2]}/providers/Microsoft.Authorization/roleDefinitions/"
            "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
        )
    assert sorted(plan.outputs) == ["accountIds", "appEndpoints", "endpoints", "principalIds", "routing"]


def test_the_configuration_example_prints_the_errors_shown(tmp_path: Path) -> None:
    page = _text(ROOT / "docs" / "configuration.md")
    stack_file = page.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = page.split('$ .venv/bin/aoai plan --stack-file /tmp/Pulumi.broken.yaml; echo "exit code: $?"\n', 1)[1]
    expected = shown.split("exit code: 2\n", 1)[0].replace(
        "/tmp/Pulumi.broken.yaml", str(tmp_path / "Pulumi.broken.yaml")
    )
    (tmp_path / "Pulumi.broken.yaml").write_text(stack_file, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aoai", "plan", "--stack-file", str(tmp_path / "Pulumi.broken.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (2, expected)


def test_the_source_tree_names_the_modules_each_package_holds() -> None:
    rows = re.findall(r"^\| `(aoai/[a-z_]+/)` \| (.*) \|$", _text(ROOT / "docs" / "development.md"), re.M)
    assert len(rows) >= 8
    named = {(folder, module) for folder, text in rows for module in re.findall(r"`([a-z_]+\.py)`", text)}
    assert sorted(f"{folder}{module}" for folder, module in named if not (ROOT / folder / module).is_file()) == []
    listed = {folder for folder, _ in rows}
    packages = {f"aoai/{p.name}/" for p in (ROOT / "aoai").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert sorted(packages - listed) == []
