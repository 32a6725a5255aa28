"""The GitHub workflows: valid against GitHub's schema, clean under zizmor, pinned, least-privileged, and wired to
make targets, stacks and policy configurations that exist. `make review` itself runs here, on this checkout."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))
STACKS = sorted(p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in (ROOT / "stacks").glob("Pulumi.*.yaml"))
TOOLS = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+){0,2}$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def jobs(path: Path) -> dict[str, dict[str, Any]]:
    return load(path)["jobs"]


def steps(path: Path) -> Iterator[dict[str, Any]]:
    data = load(path)
    for job in data.get("jobs", {}).values():
        yield from job.get("steps", [])
    yield from data.get("runs", {}).get("steps", [])


def run(*command: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], check=False, capture_output=True, text=True, cwd=ROOT)


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "deploy.yml",
        "drift.yml",
        "pulumi-up.yml",
        "review-comment.yml",
        "review.yml",
    ]


def test_workflows_match_githubs_schema() -> None:
    for schema, files in (("vendor.github-workflows", WORKFLOWS), ("vendor.github-actions", ACTIONS)):
        result = run(TOOLS / "check-jsonschema", "--builtin-schema", schema, *files)
        assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = run(TOOLS / "zizmor", "--offline", "--format", "json", GITHUB)
    assert (result.returncode, json.loads(result.stdout)) == (0, []), result.stderr


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.name)
def test_remote_actions_are_pinned_by_commit(path: Path) -> None:
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    remote = [line for line in uses if "uses: ./" not in line]
    assert [line for line in remote if not PINNED.match(line)] == []


def test_one_version_of_each_action() -> None:
    pins: dict[str, set[str]] = {}
    for path in [*WORKFLOWS, *ACTIONS]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := PINNED.match(line):
                pins.setdefault(match.group(1), set()).add(match.group(2))
    assert {action: len(shas) for action, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_granted_per_job(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}
    assert [name for name, job in data["jobs"].items() if "permissions" not in job] == []


def test_write_permissions_are_where_they_are_needed() -> None:
    granted = {
        (path.name, name, scope)
        for path in WORKFLOWS
        for name, job in jobs(path).items()
        for scope, level in job["permissions"].items()
        if level == "write"
    }
    assert granted == {
        ("review.yml", "live", "id-token"),
        ("review.yml", "live", "pull-requests"),
        ("review-comment.yml", "comment", "pull-requests"),
        ("deploy.yml", "dev", "id-token"),
        ("deploy.yml", "staging", "id-token"),
        ("deploy.yml", "prod", "id-token"),
        ("pulumi-up.yml", "up", "id-token"),
        ("drift.yml", "drift", "id-token"),
    }


def test_checkouts_do_not_persist_credentials() -> None:
    checkouts = [s for p in WORKFLOWS for s in steps(p) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert len(checkouts) == 5
    assert [s for s in checkouts if s.get("with", {}).get("persist-credentials") is not False] == []


def test_commands_name_existing_make_targets() -> None:
    runs = [s["run"] for p in [*WORKFLOWS, *ACTIONS] for s in steps(p) if "run" in s]
    used = {target for run in runs for call in re.findall(r"\bmake ([a-z -]+)", run) for target in call.split()}
    assert used == {"venv", "pack-venv", "review", "check", "preflight", "drift"}
    assert used <= make_targets()


def test_the_comment_workflow_never_checks_out_code() -> None:
    uses = [str(s.get("uses", "")) for s in steps(GITHUB / "workflows" / "review-comment.yml")]
    assert [u.split("@")[0] for u in uses if u] == [
        "actions/download-artifact",
        "marocchino/sticky-pull-request-comment",
    ]


def test_every_stack_is_reviewed_previewed_and_deployed() -> None:
    review, comment = jobs(GITHUB / "workflows" / "review.yml"), jobs(GITHUB / "workflows" / "review-comment.yml")
    assert sorted(review["offline"]["strategy"]["matrix"]["stack"]) == STACKS
    assert sorted(review["live"]["strategy"]["matrix"]["stack"]) == STACKS
    assert sorted(comment["comment"]["strategy"]["matrix"]["stack"]) == STACKS
    assert sorted(jobs(GITHUB / "workflows" / "drift.yml")["drift"]["strategy"]["matrix"]["stack"]) == STACKS
    deploy = jobs(GITHUB / "workflows" / "deploy.yml")
    assert [(name, job["with"]["stack"], job.get("needs")) for name, job in deploy.items()] == [
        ("dev", "dev", None),
        ("staging", "staging", "dev"),
        ("prod", "prod", "staging"),
    ]


def test_deployments_run_preflight_after_signing_in_and_before_pulumi_up() -> None:
    names = [s.get("name", s.get("uses", "")) for s in steps(GITHUB / "workflows" / "pulumi-up.yml")]
    order = [next(i for i, n in enumerate(names) if key in n) for key in ("Azure login", "Preflight", "pulumi up")]
    assert order == sorted(order)


def test_pulumi_runs_with_the_policy_pack_and_each_stacks_configuration() -> None:
    for path in (GITHUB / "workflows" / "review.yml", GITHUB / "workflows" / "pulumi-up.yml"):
        [pulumi] = [s for s in steps(path) if str(s.get("uses", "")).startswith("pulumi/actions@")]
        assert (ROOT / pulumi["with"]["policyPacks"] / "PulumiPolicy.yaml").is_file()
        template = pulumi["with"]["policyPackConfigs"]
        assert all((ROOT / re.sub(r"\$\{\{ [a-z.]+ \}\}", stack, template)).is_file() for stack in STACKS)
    assert load(GITHUB / "workflows" / "pulumi-up.yml")["jobs"]["up"]["environment"] == "${{ inputs.stack }}"


def test_the_review_uploads_what_make_review_writes(tmp_path: Path) -> None:
    [upload] = [s for s in steps(GITHUB / "workflows" / "review.yml") if "upload-artifact" in str(s.get("uses"))]
    uploaded = [line.strip() for line in upload["with"]["path"].splitlines()]
    assert uploaded == [
        "head/build/review/${{ matrix.stack }}.md",
        "head/build/review/${{ matrix.stack }}.full.md",
        "head/build/review/${{ matrix.stack }}.json",
        "head/build/review/pull-request",
    ]
    review = tmp_path / "review"
    result = run("make", "--no-print-directory", "review", f"BASE_DIR={ROOT}", "STACK=prod", f"REVIEW_DIR={review}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✅ **No changes to Azure resources.**" in (review / "prod.md").read_text(encoding="utf-8")
    assert json.loads((review / "prod.json").read_text(encoding="utf-8"))["verdict"] == "no-changes"
    assert (review / "prod.exit").read_text(encoding="utf-8") == "0\n"
    assert "✅ **No changes to Azure resources.**" in (review / "prod.full.md").read_text(encoding="utf-8")


def test_make_review_of_a_new_stack_needs_approval_when_it_is_public(tmp_path: Path) -> None:
    empty_branch = tmp_path / "base"
    empty_branch.mkdir()
    review = tmp_path / "review"
    result = run(
        "make", "--no-print-directory", "review", f"BASE_DIR={empty_branch}", "STACK=dev", f"REVIEW_DIR={review}"
    )
    assert result.returncode == 2  # make's own code when a recipe fails; aoai diff exited 3
    assert "Error 3" in result.stderr
    assert (review / "dev.exit").read_text(encoding="utf-8") == "3\n"  # what the workflow reads: needs approval
    assert (review / "dev.md").is_file()
    assert json.loads((review / "dev.json").read_text(encoding="utf-8"))["baseMissing"] is True
