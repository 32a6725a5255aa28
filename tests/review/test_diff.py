"""`aoai.diff`: plans of the shipped prod stack with one change each, classified and explained per property."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DELETE, ROOT, baseline, plan_of
from policy_kit import named, shipped_plan, with_inputs
from review_kit import renamed_key

from aoai.errors import PlanFileError
from aoai.plan.build import document_of
from aoai.plan.document import PlanDocument
from aoai.plan.engine import Plan, run_program
from aoai.program import main as program_main
from aoai.review.diff import REPLACED_BY, Alias, PropertyChange, counts, custom_changes, diff_plans
from aoai.spec.load import read_stack_file

ACCOUNT = "aoai-sweden-account"
PTU = "aoai-sweden-deployment-gpt-4o-ptu"


def as_json(plan: Plan) -> PlanDocument:
    """The plan as `aoai diff` reads it back from its file."""
    return PlanDocument.from_json(json.loads(document_of(plan).to_text()))


def diff(head: Plan) -> list[Any]:
    return diff_plans(as_json(shipped_plan("prod")), as_json(head))


def test_identical_plans_have_no_changes() -> None:
    assert diff(shipped_plan("prod")) == []


def test_tag_edit_is_an_update() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), ACCOUNT, {"tags.owner": "ai-team"}))
    assert (change.name, change.action, change.reasons) == (ACCOUNT, "update", [])
    assert change.changes == [PropertyChange("tags.owner", "platform-team", "ai-team", False)]


def test_capacity_change_is_an_update() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 45}))
    assert (change.action, change.changes) == ("update", [PropertyChange("sku.capacity", 50, 45, False)])


@pytest.mark.parametrize(
    ("name", "changes", "reason"),
    [
        (ACCOUNT, {"location": "westeurope"}, "location changes (swedencentral → westeurope)"),
        (ACCOUNT, {"kind": "OpenAI"}, "kind changes (AIServices → OpenAI)"),
        (
            ACCOUNT,
            {"properties.customSubDomainName": "aoai-prod-sweden"},
            "properties.customSubDomainName changes (aoai-prod-swc → aoai-prod-sweden)",
        ),
        (ACCOUNT, {"accountName": "aoai-prod-se"}, "accountName changes (aoai-prod-swc → aoai-prod-se)"),
        (PTU, {"properties.model.name": "gpt-4.1"}, "properties.model.name changes (gpt-4o → gpt-4.1)"),
        (PTU, {"resourceGroupName": "rg-other"}, "resourceGroupName changes (rg-aoai-prod → rg-other)"),
    ],
)
def test_replacement_is_predicted_from_immutable_inputs(name: str, changes: dict[str, Any], reason: str) -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), name, changes))
    assert (change.name, change.action, change.reasons) == (name, "replace", [reason])


def test_model_version_moves_in_place() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"properties.model.version": "2025-01-01"}))
    assert change.action == "update"


def test_removed_property_is_a_change_to_none() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"properties.spilloverDeploymentName": DELETE}))
    assert change.changes == [PropertyChange("properties.spilloverDeploymentName", "gpt-4o", None, False)]


def test_created_and_deleted_resources() -> None:
    head = shipped_plan("prod")
    head.resources = [r for r in head.resources if r.name != PTU]
    extra = next(r for r in shipped_plan("prod").resources if r.name == "aoai-sweden-deployment-gpt-4o")
    extra.urn, extra.name = extra.urn.replace("gpt-4o", "gpt-4o-mini"), "aoai-sweden-deployment-gpt-4o-mini"
    head.resources.append(extra)
    changes = diff(head)
    assert [(c.name, c.action) for c in changes] == [
        ("aoai-sweden-deployment-gpt-4o-mini", "create"),
        (PTU, "delete"),
    ]
    assert counts(changes) == {"create": 1, "update": 0, "replace": 0, "delete": 1, "rename": 0}


def test_a_resource_under_a_new_parent_is_replaced() -> None:
    head = shipped_plan("prod")
    account = next(r for r in head.resources if r.name == ACCOUNT)
    account.urn = account.urn.replace("aoai:index:OpenAIAccount$", "aoai:index:Other$")
    [change] = [c for c in diff(head) if c.name == ACCOUNT]
    assert (change.action, change.reasons) == ("replace", ["its parent changed, so its URN changed"])


def test_protect_removed_is_an_update() -> None:
    head = shipped_plan("prod")
    next(r for r in head.resources if r.name == ACCOUNT).protect = False
    [change] = diff(head)
    assert change.changes == [PropertyChange("(protect)", True, False, False)]


def test_component_changes_are_not_azure_changes() -> None:
    head = shipped_plan("prod")
    component = next(r for r in head.resources if r.type == "aoai:index:Estate")
    component.inputs["note"] = "x"
    assert [c.name for c in diff(head)] == ["aoai"]
    assert list(custom_changes(diff(head))) == []


def test_every_azure_type_of_the_plans_has_replacement_rules() -> None:
    types = {r.type for stack in ("dev", "staging", "prod") for r in shipped_plan(stack).resources if r.custom}
    assert types <= set(REPLACED_BY)


def test_read_plan_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"resources": []}', encoding="utf-8")
    with pytest.raises(PlanFileError) as info:
        PlanDocument.read(path)
    assert [str(i) for i in info.value.issues] == [
        "version: is missing",
        "stack: is missing",
        "project: is missing",
    ]
    path.write_text(as_json(shipped_plan("dev")).to_text(), encoding="utf-8")
    assert PlanDocument.read(path).stack == "dev"


def _prod_with(type_: str) -> Plan:
    """The prod plan, with `lock` set when that is what makes a resource of `type_` (prod sets none)."""
    plan = shipped_plan("prod")
    if any(r.type == type_ for r in plan.resources):
        return plan
    config = read_stack_file(ROOT / "stacks" / "Pulumi.prod.yaml")
    return run_program(program_main, {**config, "aoai:lock": "CanNotDelete"}, stack="prod", project="aoai")


@pytest.mark.parametrize(("type_", "path"), [(type_, path) for type_, paths in REPLACED_BY.items() for path in paths])
def test_each_immutable_input_forces_replacement(type_: str, path: str) -> None:
    base = _prod_with(type_)
    resource = next(r for r in base.resources if r.type == type_)
    head = with_inputs(base, resource.name, {path: "changed"})
    [change] = [c for c in diff_plans(as_json(base), as_json(head)) if c.name == resource.name]
    assert change.action == "replace"
    assert [c.path for c in change.changes if c.forces_replacement] == [path]


def test_list_elements_are_compared_by_identity() -> None:
    head = shipped_plan("prod")
    props = next(r for r in head.resources if r.name == "aoai-sweden-policy-strict").inputs["properties"]
    [removed] = [f for f in props["contentFilters"] if (f["name"], f["source"]) == ("Profanity", "Prompt")]
    props["contentFilters"].remove(removed)
    next(f for f in props["contentFilters"] if (f["name"], f["source"]) == ("Hate", "Prompt"))["severityThreshold"] = (
        "High"
    )
    [change] = diff(head)
    assert change.changes == [
        PropertyChange("properties.contentFilters[Hate/Prompt].severityThreshold", "Low", "High", False),
        PropertyChange("properties.contentFilters[Profanity/Prompt]", removed, None, False),
    ]


def test_the_readme_documents_the_replacement_rules() -> None:
    readme = (ROOT / "docs" / "reviewing.md").read_text(encoding="utf-8")
    table = readme[readme.index("| Resource | Inputs that force replacement |") :].split("\n\n", 1)[0]
    rows = table.splitlines()[2:]
    for type_, paths in REPLACED_BY.items():
        short = type_.rsplit(":", 1)[-1]
        [row] = [r for r in rows if short in re.split(r"[ ,|]+", r.split("|")[1])]
        assert [p for p in paths if f"`{p}`" not in row] == [], short


# --- renames: the same Azure resource under a new logical name -------------------------------------------------------


def test_renaming_an_account_key_is_one_rename_per_resource_not_a_delete_and_a_create() -> None:
    changes = diff(renamed_key(shipped_plan("prod"), "sweden", "se"))
    sweden = sorted(r.name for r in shipped_plan("prod").resources if r.name.startswith("aoai-sweden"))
    assert len(sweden) > 10
    assert {c.action for c in changes} == {"rename"}
    assert sorted(c.before["name"] for c in changes if c.before) == sweden
    account = next(c for c in changes if c.name == "aoai-se-account")
    assert account.renamed_from == named(shipped_plan("prod"), ACCOUNT).urn
    assert (account.action, account.changes, account.reasons) == ("rename", [], [])
    assert account.alias == Alias("aoai-se", "aoai:index:OpenAIAccount", "aoai-sweden", parent_changed=False)
    assert account.alias.code() == 'aliases=[pulumi.Alias(name="aoai-sweden")]'
    endpoint = next(c for c in changes if c.name == "aoai-se-private-endpoint")
    assert endpoint.alias == Alias("aoai-se-private", "aoai:index:PrivateAccess", "aoai-sweden-private", False)


def test_a_renamed_key_of_the_real_program_is_a_rename() -> None:
    base, renamed = baseline(), baseline()
    renamed["accounts"] = {"se": renamed["accounts"].pop("sweden")}
    changes = diff_plans(as_json(plan_of(base)), as_json(plan_of(renamed)))
    assert {c.action for c in custom_changes(changes)} == {"rename"}
    assert {c.alias.code() for c in changes if c.alias} == {
        'aliases=[pulumi.Alias(name="aoai-sweden")]',
        'aliases=[pulumi.Alias(name="aoai-sweden-private")]',
    }


def test_a_rename_is_found_by_physical_name_and_scope_without_an_arm_id() -> None:
    base, head = shipped_plan("prod"), renamed_key(shipped_plan("prod"), "sweden", "se")
    for plan in (base, head):
        for resource in plan.resources:
            resource.id = None
    changes = diff_plans(as_json(base), as_json(head))
    assert {c.action for c in custom_changes(changes)} == {"rename"}
    assert len(list(custom_changes(changes))) == len([r for r in base.resources if r.custom and "sweden" in r.name])


def test_arm_ids_are_compared_as_arm_compares_them() -> None:
    head = renamed_key(shipped_plan("prod"), "sweden", "se")
    account = named(head, "aoai-se-account")
    account.id = (account.id or "").upper()
    assert next(c for c in diff(head) if c.name == "aoai-se-account").action == "rename"


def test_a_new_resource_with_another_azure_name_is_no_rename() -> None:
    head = renamed_key(shipped_plan("prod"), "sweden", "se")
    account = named(head, "aoai-se-account")
    account.id = (account.id or "").replace("aoai-prod-swc", "aoai-prod-se")
    account.inputs["accountName"] = "aoai-prod-se"
    actions = {c.name: c.action for c in diff(head)}
    assert (actions["aoai-se-account"], actions[ACCOUNT]) == ("create", "delete")


def test_a_deleted_resource_of_a_type_aoai_does_not_know_is_still_a_delete() -> None:
    base = shipped_plan("prod")
    extra = copy.deepcopy(named(base, ACCOUNT))
    extra.urn, extra.name, extra.type = extra.urn + "-vault", "vault", "azure-native:keyvault:Vault"
    base.resources.append(extra)
    [change] = diff_plans(as_json(base), as_json(shipped_plan("prod")))
    assert (change.name, change.action) == ("vault", "delete")
