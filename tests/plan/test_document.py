"""`aoai.plan.document`: the plan file's one typed owner, its published JSON Schema, `aoai diff` reading any file."""

from __future__ import annotations

import copy
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT
from hypothesis import assume, given
from hypothesis import strategies as st
from review_kit import SWEDEN

from aoai.cli import main
from aoai.cli.exit_codes import ExitCode
from aoai.cli.options import shown_path
from aoai.errors import PlanFileError
from aoai.plan.build import plan_stack
from aoai.plan.document import (
    OLD_FILE_DEFAULTS,
    PLAN_FORMAT_VERSION,
    PlanDocument,
    _conforms,
    check_plan,
    plan_issues,
    read_plan,
    schema_issues,
)
from aoai.plan.schema import SCHEMA_FILE, PlanFile, schema, schema_text
from aoai.policy.config import config_file
from aoai.review.deltas import review
from aoai.review.markdown import markdown
from aoai.review.text import text
from aoai.spec.project import read_project


@functools.cache
def _document(stack: str) -> str:
    """What `aoai plan --format json` writes for a shipped stack (exit 1 when it breaks a mandatory policy)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "plan.json"
        assert main(["plan", "--stack", stack, "--format", "json", "--out", str(out)]) in (ExitCode.OK, 1)
        return out.read_text(encoding="utf-8")


def plan_json(stack: str = "prod") -> dict[str, Any]:
    """A fresh copy of the plan document `aoai plan --format json` writes for a shipped stack."""
    return json.loads(_document(stack))


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def issues(data: Any) -> list[str]:
    return [str(i) for i in plan_issues(data)]


def index_of(plan: dict[str, Any], name: str) -> int:
    return next(i for i, r in enumerate(plan["resources"]) if r["name"] == name)


# --- the schema and its owner -------------------------------------------------------------------------------------


def test_the_published_schema_is_the_one_the_code_generates() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run `python -m aoai.plan.document`"


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_plan_aoai_writes_matches_the_schema(stack: str) -> None:
    data = plan_json(stack)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))).validate(data)
    PlanFile.model_validate(data)
    assert plan_issues(data) == []


def test_the_schema_describes_every_field_the_writer_writes() -> None:
    data = plan_json()
    described = schema()
    assert set(data) <= set(described["properties"])
    resource_fields = described["$defs"]["PlannedResourceEntry"]["properties"]
    assert [sorted(r) for r in data["resources"] if set(r) != set(resource_fields)] == []
    assert described["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_version_is_the_plan_format_version() -> None:
    assert schema()["properties"]["version"]["const"] == PLAN_FORMAT_VERSION


# --- structurally invalid plans: exit 2, naming the field -----------------------------------------------------------


def _with(change: Any) -> dict[str, Any]:
    plan = plan_json()
    change(plan)
    return plan


ACCOUNT_INDEX = index_of(plan_json(), SWEDEN)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, ["not a plan: a plan is a JSON object; write it with `aoai plan --format json`"]),
        ([], ["not a plan: a plan is a JSON object; write it with `aoai plan --format json`"]),
        ("plan", ["not a plan: a plan is a JSON object; write it with `aoai plan --format json`"]),
        ({}, ["version: is missing", "stack: is missing", "project: is missing", "resources: is missing"]),
        (
            _with(lambda p: p.update(version=2)),
            ["version: must be 1, the plan format this aoai reads: write it with `aoai plan --format json`"],
        ),
        (
            _with(lambda p: p.update(version=True)),
            ["version: must be 1, the plan format this aoai reads: write it with `aoai plan --format json`"],
        ),
        (_with(lambda p: p.update(stack="")), ["stack: must not be empty"]),
        (_with(lambda p: p.update(resources={})), ["resources: must be a list"]),
        (
            _with(lambda p: p["resources"].append(None)),
            [f"resources[{len(plan_json()['resources'])}]: must be an object"],
        ),
        (_with(lambda p: p["resources"][3].update(type=None)), ["resources[3].type: must be a string"]),
        (_with(lambda p: p["resources"][3].pop("urn")), ["resources[3].urn: is missing"]),
        (_with(lambda p: p["resources"][3].update(inputs=[])), ["resources[3].inputs: must be an object"]),
        (_with(lambda p: p["resources"][3].update(custom="yes")), ["resources[3].custom: must be true or false"]),
        (_with(lambda p: p["resources"][3].update(parent=5)), ["resources[3].parent: must be a string or null"]),
        (
            _with(lambda p: p["resources"][3].update(dependencies=[1])),
            ["resources[3].dependencies[0]: must be a string"],
        ),
        (_with(lambda p: p["cost"].update(monthly="12")), ["cost.monthly: must be a number"]),
        (_with(lambda p: p.update(cost=[])), ["cost: must be an object or null"]),
        (
            _with(lambda p: p["policies"].append({"policy": "x"})),
            [
                f"policies[{len(plan_json()['policies'])}].enforcement: is missing",
                f"policies[{len(plan_json()['policies'])}].severity: is missing",
                f"policies[{len(plan_json()['policies'])}].urn: is missing",
                f"policies[{len(plan_json()['policies'])}].message: is missing",
            ],
        ),
        (
            _with(lambda p: p["resources"][ACCOUNT_INDEX]["inputs"].update(location=float("nan"))),
            [f"resources[{ACCOUNT_INDEX}].inputs.location: must be a finite number"],
        ),
        (
            _with(lambda p: p["outputs"].update({"a\u200bb": float("inf")})),
            ['outputs."a\\u200bb": must be a finite number'],  # invisible characters are shown escaped
        ),
    ],
)
def test_structurally_invalid_plans_name_the_field(data: Any, expected: list[str]) -> None:
    assert issues(data) == expected


def test_deep_nesting_is_refused_not_recursed() -> None:
    deep: Any = "leaf"
    for _ in range(200):
        deep = {"k": deep}
    plan = _with(lambda p: p["outputs"].update(deep=deep))
    [message] = issues(plan)
    assert message.endswith(": nests deeper than 64 levels: not a plan aoai writes")
    assert message.startswith("outputs.deep.k.k.")


def test_a_duplicate_urn_names_both_positions() -> None:
    plan = plan_json()
    plan["resources"].append(copy.deepcopy(plan["resources"][ACCOUNT_INDEX]))
    last = len(plan["resources"]) - 1
    urn = plan["resources"][ACCOUNT_INDEX]["urn"]
    assert issues(plan) == [
        f"resources[{last}].urn: {urn} is also the URN of resources[{ACCOUNT_INDEX}]:"
        " each resource appears once in a plan"
    ]


def test_read_plan_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "head.json", _with(lambda p: p["resources"][3].update(type=None)))
    with pytest.raises(PlanFileError) as info:
        read_plan(path)
    assert str(info.value) == f"{path}: 1 configuration error:\n  - resources[3].type: must be a string"


# --- the defects of issue #12: a malformed head plan hid an account moved to another region -------------------------


def _moved_and_blinded(blind: Any) -> dict[str, Any]:
    plan = plan_json()
    plan["resources"][ACCOUNT_INDEX]["inputs"]["location"] = "uksouth"
    blind(plan)
    return plan


@pytest.mark.parametrize(
    ("blind", "expected"),
    [
        (
            lambda p: p["resources"][ACCOUNT_INDEX].update(type=None),
            f"resources[{ACCOUNT_INDEX}].type: must be a string",
        ),
        (
            lambda p: p["resources"].append(copy.deepcopy(plan_json()["resources"][ACCOUNT_INDEX])),
            "is also the URN of resources[",
        ),
    ],
)
def test_a_malformed_head_cannot_hide_a_move(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], blind: Any, expected: str
) -> None:
    base = write(tmp_path, "base.json", plan_json())
    moved = write(tmp_path, "moved.json", _moved_and_blinded(lambda _: None))
    assert main(["diff", str(base), str(moved)]) == ExitCode.NEEDS_APPROVAL
    capsys.readouterr()
    head = write(tmp_path, "head.json", _moved_and_blinded(blind))
    assert main(["diff", str(base), str(head)]) == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"{head}: 1 configuration error:")
    assert expected in err
    assert "Traceback" not in err


# --- stack mismatch -------------------------------------------------------------------------------------------------


def test_plans_of_two_stacks_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "base.json", plan_json("staging"))
    head = write(tmp_path, "head.json", plan_json("prod"))
    assert main(["diff", str(base), str(head)]) == ExitCode.INVALID_INPUT
    err = " ".join(capsys.readouterr().err.split())
    assert err == (
        f"{base} {head}: 1 configuration error: - stack: the base plan is of stack `staging` and the head plan of"
        " stack `prod`: compare two plans of one stack, or pass --allow-stack-mismatch to compare them anyway"
    )


def test_an_allowed_stack_mismatch_is_said_in_the_review(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", plan_json("staging"))
    head = write(tmp_path, "head.json", plan_json("prod"))
    out = tmp_path / "review.md"
    code = main(["diff", str(base), str(head), "--allow-stack-mismatch", "--format", "markdown", "--out", str(out)])
    assert code in (ExitCode.OK, ExitCode.NEEDS_APPROVAL)
    assert (
        "⚠️ **The plans are of different stacks: base `staging`, head `prod` (compared with `--allow-stack-mismatch`).**"
    ) in out.read_text(encoding="utf-8")
    assert main(["diff", str(base), str(head), "--allow-stack-mismatch", "--format", "json", "--out", str(out)]) == code
    assert json.loads(out.read_text(encoding="utf-8"))["stackMismatch"] is True


# --- properties -----------------------------------------------------------------------------------------------------


def json_values(integers: st.SearchStrategy[int]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.none() | st.booleans() | integers | st.floats() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    )


JSON_VALUES = json_values(st.integers())
# Integers a plan can hold: the strict reader refuses those the Pulumi engine cannot pass exactly.
PLAN_VALUES = json_values(st.integers(-(2**53), 2**53))
PLAN_KEYS = st.sampled_from(sorted(schema()["properties"]))
RESOURCE_KEYS = st.sampled_from(sorted(schema()["$defs"]["PlannedResourceEntry"]["properties"]))
# Edits are drawn, and applied in the test, so that a failing example prints short.
EDITS = st.one_of(
    st.tuples(st.just("value"), JSON_VALUES),
    st.tuples(st.just("plan field"), PLAN_KEYS, JSON_VALUES),
    st.tuples(st.just("resource field"), st.integers(0, 10**6), RESOURCE_KEYS, JSON_VALUES),
)


def plan_like(edit: tuple[Any, ...]) -> Any:
    """Any JSON value, or a real plan with a field replaced by any JSON value (far likelier to get deep)."""
    if edit[0] == "value":
        return edit[1]
    plan = plan_json("dev")
    if edit[0] == "plan field":
        plan[edit[1]] = edit[2]
    else:
        resources = plan["resources"]
        resources[edit[1] % len(resources)][edit[2]] = edit[3]
    return plan


def _diff_exit(base: Any, head: Any, *options: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(write(Path(folder), name, data)) for name, data in (("base.json", base), ("head.json", head))]
        return main(["diff", *paths, *options])


@given(EDITS)
def test_property_any_json_is_a_plan_or_an_error(edit: tuple[Any, ...]) -> None:
    data = plan_like(edit)
    found = plan_issues(data)
    if found:
        with pytest.raises(PlanFileError) as info:
            check_plan(data, "head.json")
        assert (info.value.source, info.value.issues) == ("head.json", found)
        assert all(issue.message for issue in found)
    else:
        assert check_plan(data, "head.json") is data
    if isinstance(data, dict) and _conforms(data):  # the fast check accepts nothing the schema refuses
        assert schema_issues(data) == []
    assert _diff_exit(plan_json("dev"), data, "--format", "json") in (
        ExitCode.OK,
        ExitCode.INVALID_INPUT,
        ExitCode.NEEDS_APPROVAL,
    )


OPERATIONS = st.tuples(
    st.sampled_from(["drop", "rename", "retype", "input", "protect", "id"]),
    st.integers(0, 10**6),
    st.sampled_from(["location", "sku", "properties", "accountName", "resourceGroupName", "deploymentName", "tags"]),
    PLAN_VALUES,
    st.text("abc-", min_size=1, max_size=3),
)
TYPES = sorted({r["type"] for r in json.loads(_document("prod"))["resources"]})


def mutated(operations: list[tuple[Any, ...]]) -> dict[str, Any]:
    """The prod plan with valid mutations: resources dropped, renamed or re-typed, inputs set to any JSON, protect
    toggled, ids changed."""
    plan = plan_json()
    resources = plan["resources"]
    for operation, index, key, value, suffix in operations:
        if not resources:
            break
        resource = resources[index % len(resources)]
        if operation == "drop":
            resources.remove(resource)
        elif operation == "rename":
            resource["urn"] += suffix
            resource["name"] += suffix
        elif operation == "retype":
            resource["type"] = TYPES[index % len(TYPES)]
        elif operation == "input":
            resource["inputs"][key] = value
        elif operation == "protect":
            resource["protect"] = not resource["protect"]
        else:
            resource["id"] = value if isinstance(value, str) or value is None else suffix
    return plan


@given(st.lists(OPERATIONS, min_size=1, max_size=4))
def test_property_a_valid_plan_diffed_against_a_mutated_copy_never_crashes(operations: list[tuple[Any, ...]]) -> None:
    head = mutated(operations)
    assume(plan_issues(head) == [])
    base = plan_json()
    result = review(PlanDocument.from_json(base), PlanDocument.from_json(head))
    json.dumps(result.to_json())
    markdown(result)
    markdown(result, full=True)
    text(result)
    assert _diff_exit(base, head, "--format", "markdown") in (ExitCode.OK, ExitCode.NEEDS_APPROVAL)


@given(st.lists(OPERATIONS, max_size=4), st.sets(st.integers(0, 10**6), min_size=1, max_size=6))
def test_property_a_deletion_is_always_reported(operations: list[tuple[Any, ...]], dropped: set[int]) -> None:
    head = mutated(operations)
    assume(plan_issues(head) == [])
    base = plan_json()
    resources = head["resources"]
    gone_now = {resources[i % len(resources)]["urn"] for i in dropped} if resources else set()
    head["resources"] = [r for r in resources if r["urn"] not in gone_now]
    changes = review(PlanDocument.from_json(base), PlanDocument.from_json(head)).changes
    accounted = {c.before["urn"] for c in changes if c.before is not None}
    gone = {r["urn"] for r in base["resources"]} - {r["urn"] for r in head["resources"]}
    assert gone - accounted == set()
    assert {c.urn for c in changes if c.action == "delete"} <= gone


# --- the typed document -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_a_plan_file_reads_back_as_the_document_that_wrote_it(stack: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(_document(stack), encoding="utf-8")
    document = PlanDocument.read(path)
    assert document.to_text() == _document(stack)
    assert (document.stack, document.project) == (stack, "aoai")
    assert document.by_urn()[document.resources[0]["urn"]] is document.resources[0]


def test_the_plan_stack_builds_is_what_aoai_plan_writes() -> None:
    project = read_project(ROOT)
    stack_file = project.stack_file("prod")
    planned = plan_stack(
        stack_file,
        stack="prod",
        project=project,
        policy_config=shown_path(config_file(ROOT, "prod")),
        shown_stack_file=str(shown_path(stack_file)),
    )
    assert planned.document.to_text() == _document("prod")


def test_a_file_of_an_older_aoai_reads_with_the_defaults_of_its_version() -> None:
    data = plan_json("dev")
    for key in OLD_FILE_DEFAULTS:
        del data[key]
    assert plan_issues(data) == []
    document = PlanDocument.from_json(data)
    assert (document.data_zone, document.sizing, document.cost, document.outputs, document.warnings) == (
        None,
        {},
        None,
        {},
        [],
    )
    assert (document.policy_config, document.policies) == (None, None)
    written = {"version", "stack", "project", "resources", *OLD_FILE_DEFAULTS}
    assert set(document.to_json()) == written - {"policyConfig", "policies"}


def test_the_schema_defaults_are_the_old_file_defaults() -> None:
    fields = PlanFile.model_fields
    assert {key: fields[key].get_default(call_default_factory=True) for key in OLD_FILE_DEFAULTS} == OLD_FILE_DEFAULTS


def test_fields_a_newer_aoai_wrote_are_kept() -> None:
    data = {**plan_json("dev"), "newField": {"a": 1}}
    assert PlanDocument.from_json(data).to_json() == data


def test_the_empty_plan_has_the_stack_and_nothing_else() -> None:
    like = PlanDocument.from_json(plan_json("dev"))
    empty = PlanDocument.empty(like)
    assert (empty.stack, empty.project, empty.resources, empty.policies) == ("dev", "aoai", [], [])
    assert empty.cost is not None
    assert like.cost is not None
    assert empty.cost == {**like.cost, "monthly": 0.0, "accounts": {}, "deployments": {}}
    assert plan_issues(empty.to_json()) == []
