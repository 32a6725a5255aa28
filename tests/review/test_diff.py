"""`aoai.diff`: plans of the shipped prod stack with one change each, classified and explained per property."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from aoai_policies import facts
from conftest import DELETE, ROOT, baseline, plan_of
from policy_kit import named, shipped_plan, with_inputs
from review_kit import renamed_key

from aoai.azure import types
from aoai.errors import PlanFileError
from aoai.plan.build import document_of
from aoai.plan.document import PlanDocument
from aoai.plan.engine import Plan, run_program
from aoai.program import main as program_main
from aoai.review.diff import REPLACED_BY, REPLACEMENTS, Alias, PropertyChange, counts, custom_changes, diff_plans
from aoai.spec.load import read_stack_file

ACCOUNT = "aoai-sweden-account"
PTU = "aoai-sweden-deployment-chat-ptu"


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
    assert (change.action, change.changes) == ("update", [PropertyChange("sku.capacity", 40, 45, False)])


@pytest.mark.parametrize(
    ("name", "changes", "reason"),
    [
        (ACCOUNT, {"location": "westeurope"}, "location changes (swedencentral → westeurope)"),
        (ACCOUNT, {"accountName": "aoai-prod-se"}, "accountName changes (aoai-prod-swc → aoai-prod-se)"),
        (PTU, {"resourceGroupName": "rg-other"}, "resourceGroupName changes (rg-aoai-prod → rg-other)"),
    ],
)
def test_replacement_is_predicted_from_immutable_inputs(name: str, changes: dict[str, Any], reason: str) -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), name, changes))
    assert (change.name, change.action, change.reasons) == (name, "replace", [reason])


def test_model_version_moves_in_place() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"properties.model.version": "2025-01-01"}))
    assert (change.action, change.cautions) == ("update", [])


@pytest.mark.parametrize(
    ("name", "changes", "caution"),
    [
        (
            ACCOUNT,
            {"kind": "OpenAI"},
            "kind changes (AIServices → OpenAI): an in-place update that may fail: Azure refuses a downgrade while the"
            " account has projects",
        ),
        (
            ACCOUNT,
            {"kind": "SpeechServices"},
            "kind changes (AIServices → SpeechServices): an in-place update that may fail: Azure changes kind only"
            " from OpenAI to AIServices",
        ),
        (
            ACCOUNT,
            {"properties.customSubDomainName": "aoai-prod-sweden"},
            "properties.customSubDomainName changes (aoai-prod-swc → aoai-prod-sweden): an in-place update Azure"
            " refuses once a subdomain is set (UpdatingCustomDomainNotAllowed), so `pulumi up` fails; a new subdomain"
            " needs a new account",
        ),
        (
            "aoai-sweden-deployment-chat",
            {"properties.model.name": "gpt-4.1"},
            "properties.model.name changes (gpt-5.1 → gpt-4.1) may replace it: Azure may refuse the change in place;"
            " to be safe, create a new deployment under a new name and move traffic",
        ),
        (
            PTU,
            {"properties.model.name": "gpt-4.1", "sku.name": "GlobalProvisionedManaged"},
            "properties.model.name changes (gpt-5.1 → gpt-4.1) may replace it: Azure may refuse the change in place;"
            " to be safe, create a new deployment under a new name and move traffic",
        ),
    ],
)
def test_in_place_updates_azure_may_refuse_carry_a_caution(name: str, changes: dict[str, Any], caution: str) -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), name, changes))
    assert (change.name, change.action, change.reasons, change.cautions) == (name, "update", [], [caution])


def test_a_provisioned_deployment_keeping_its_sku_changes_model_in_place() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"properties.model.name": "gpt-4.1"}))
    assert (change.action, change.reasons, change.cautions) == ("update", [], [])


def test_an_account_upgraded_to_foundry_is_updated_in_place() -> None:
    base = with_inputs(shipped_plan("prod"), ACCOUNT, {"kind": "OpenAI"})
    [change] = diff_plans(as_json(base), as_json(shipped_plan("prod")))
    assert (change.action, change.reasons, change.cautions) == (
        "update",
        [],
        [
            "kind changes (OpenAI → AIServices): upgraded in place to Microsoft Foundry (endpoint, keys and"
            " configuration are kept; the account gains the Foundry surface: projects and agents)"
        ],
    )


@pytest.mark.parametrize("changes", [{"sku.name": "GlobalProvisionedManaged"}, {"sku.capacity": 100}])
def test_a_deployment_sku_change_is_in_place(changes: dict[str, Any]) -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, changes))
    assert (change.action, change.reasons, change.cautions) == ("update", [], [])


def test_every_replacement_row_cites_recorded_sources() -> None:
    recorded = {source.id for source in facts.SOURCES}
    assert [r for r in REPLACEMENTS if not r.sources or not set(r.sources) <= recorded] == []
    assert all(r.why for r in REPLACEMENTS)
    assert len({(r.type, r.path) for r in REPLACEMENTS}) == len(REPLACEMENTS)


def test_removed_property_is_a_change_to_none() -> None:
    [change] = diff(with_inputs(shipped_plan("prod"), PTU, {"properties.spilloverDeploymentName": DELETE}))
    assert change.changes == [PropertyChange("properties.spilloverDeploymentName", "chat", None, False)]


def test_created_and_deleted_resources() -> None:
    head = shipped_plan("prod")
    head.resources = [r for r in head.resources if r.name != PTU]
    extra = next(r for r in shipped_plan("prod").resources if r.name == "aoai-sweden-deployment-chat")
    extra.urn, extra.name = extra.urn.replace("chat", "chat-mini"), "aoai-sweden-deployment-chat-mini"
    head.resources.append(extra)
    changes = diff(head)
    assert [(c.name, c.action) for c in changes] == [
        ("aoai-sweden-deployment-chat-mini", "create"),
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
    """The prod plan, with `lock` set, or a Foundry project in Sweden, when that is what makes a resource of `type_`
    (prod has neither)."""
    plan = shipped_plan("prod")
    if any(r.type == type_ for r in plan.resources):
        return plan
    config = read_stack_file(ROOT / "stacks" / "Pulumi.prod.yaml")
    if type_ == types.PROJECT:
        accounts = json.loads(config["aoai:accounts"])
        accounts["sweden"]["projects"] = {"support-bot": {}}
        config = {**config, "aoai:accounts": json.dumps(accounts)}
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


def test_the_readme_documents_each_input_that_is_not_a_plain_replacement() -> None:
    readme = (ROOT / "docs" / "reviewing.md").read_text(encoding="utf-8")
    table = readme[readme.index("| Resource | Input | Effect | Sources |") :].split("\n\n", 1)[0]
    documented = {tuple(cell.strip(" `") for cell in row.split("|")[1:5]) for row in table.splitlines()[2:]}
    rows = [r for r in REPLACEMENTS if "path parameter" not in r.why]
    assert {(r.type.rsplit(":", 1)[-1], r.path, r.effect, ", ".join(r.sources)) for r in rows} == documented


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
