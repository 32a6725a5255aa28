"""`aoai diff` reviews: plans of the shipped stacks with one change each, every risk class with its exact reason."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DELETE
from policy_kit import named, shipped_plan, with_inputs
from review_kit import FRANCE, POLICY, PTU, STANDARD, SWEDEN, document, dropped, renamed_key

from aoai.cli import main
from aoai.cli.exit_codes import ExitCode
from aoai.plan.engine import Plan
from aoai.review.deltas import Review, review


def review_of(head: Plan, stack: str = "prod") -> Review:
    return review(document(shipped_plan(stack)), document(head))


def risks(head: Plan, stack: str = "prod") -> list[tuple[str, str | None, str]]:
    return [(r.kind, r.resource, r.reason) for r in review_of(head, stack).risks]


def edit_filter(plan: Plan, name: str, source: str, **values: Any) -> Plan:
    """A copy of the plan whose strict policy in Sweden has the content filter (name, source) changed."""
    plan = copy.deepcopy(plan)
    for entry in named(plan, POLICY).inputs["properties"]["contentFilters"]:
        if (entry["name"], entry["source"]) == (name, source):
            entry.update(values)
    return plan


# --- the four changes of "Done when", and the benign ones ---------------------------------------------------------

SWEDEN_HELD = (
    "Azure keeps the name aoai-prod-swc and its subdomain in soft delete for 48 h (purge it to reuse them);"
    " provisioned deployments keep billing until the account is purged"
)
SWEDEN_DEPLOYMENTS = "its 3 deployments (chat, chat-ptu, embeddings)"


def test_moving_prod_account_region_is_destructive_and_leaves_the_data_zone() -> None:
    head = with_inputs(shipped_plan("prod"), SWEDEN, {"location": "uksouth"})
    assert [r for r in risks(head) if r[0] in ("destructive", "residency")] == [
        (
            "destructive",
            SWEDEN,
            "account aoai-prod-swc is replaced (location changes (swedencentral → uksouth)), and with it"
            f" {SWEDEN_DEPLOYMENTS}; {SWEDEN_HELD}",
        ),
        (
            "residency",
            SWEDEN,
            "account aoai-prod-swc moves from swedencentral to uksouth, outside the EU data zone the stack requires",
        ),
    ]


def test_deleting_a_ptu_deployment_is_destructive() -> None:
    assert [r for r in risks(dropped(shipped_plan("prod"), PTU)) if r[0] != "policy"] == [
        (
            "destructive",
            PTU,
            "deployment chat-ptu is deleted: clients calling it fail; its 40 PTU of DataZoneProvisionedManaged in"
            " swedencentral are released and may not be available again",
        ),
        ("capacity", None, "DataZoneProvisionedManaged in swedencentral: 40 → 0 PTU (-40)"),
    ]


def test_raising_a_content_filter_threshold_is_a_safety_risk() -> None:
    head = edit_filter(shipped_plan("prod"), "Hate", "Prompt", severityThreshold="Medium")
    assert risks(head) == [
        (
            "safety",
            POLICY,
            "content filter aoai-strict: Hate on Prompt threshold is raised from Low to Medium (blocks less)",
        ),
        (
            "policy",
            POLICY,
            "introduced: content-filter-minimum-severity (mandatory): Hate on Prompt blocks at 'Medium', looser than"
            " the required 'Low' (Low blocks the most).",
        ),
    ]


def test_enabling_public_access_is_exposure() -> None:
    head = with_inputs(shipped_plan("prod"), SWEDEN, {"properties.publicNetworkAccess": "Enabled"})
    assert risks(head) == [
        (
            "exposure",
            SWEDEN,
            "account aoai-prod-swc accepts traffic from public networks (publicNetworkAccess Enabled)",
        ),
        (
            "policy",
            SWEDEN,
            "introduced: account-disallow-public-network-access (mandatory): publicNetworkAccess is 'Enabled': the"
            " account is reachable from the internet.",
        ),
    ]


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    [
        (SWEDEN, {"tags.owner": "ai-team"}, []),
        (
            STANDARD,
            {"sku.capacity": 350},
            [("capacity", None, "DataZoneStandard in swedencentral: 420 → 470 quota units (+50)")],
        ),
        (
            PTU,
            {"sku.capacity": 45},
            [("capacity", None, "DataZoneProvisionedManaged in swedencentral: 40 → 45 PTU (+5)")],
        ),
    ],
)
def test_benign_changes_need_no_approval(name: str, changes: dict[str, Any], expected: list[Any]) -> None:
    result = review_of(with_inputs(shipped_plan("prod"), name, changes))
    assert ([(r.kind, r.resource, r.reason) for r in result.risks], result.verdict) == (expected, "ok")


def test_identical_plans_have_no_changes() -> None:
    result = review_of(shipped_plan("prod"))
    assert (result.verdict, result.risks, result.azure_changes) == ("no-changes", [], [])


# --- destructive --------------------------------------------------------------------------------------------------


def test_deleting_an_account_names_its_deployments() -> None:
    head = dropped(shipped_plan("prod"), FRANCE)
    assert [r for r in risks(head) if r[0] == "destructive"] == [
        (
            "destructive",
            FRANCE,
            "account aoai-prod-frc is deleted, and with it its 2 deployments (chat, chat-ptu); Azure keeps the"
            " name aoai-prod-frc and its subdomain in soft delete for 48 h (purge it to reuse them); provisioned"
            " deployments keep billing until the account is purged",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"sku.capacity": 35},
            "deployment chat-ptu shrinks from 40 to 35 PTU: the 5 PTU of DataZoneProvisionedManaged released in"
            " swedencentral are not guaranteed back",
        ),
        (
            {"sku.name": "DataZoneStandard"},
            "deployment chat-ptu moves from DataZoneProvisionedManaged to DataZoneStandard: its 40 PTU of"
            " DataZoneProvisionedManaged in swedencentral are released and may not be available again",
        ),
    ],
)
def test_provisioned_capacity_released(changes: dict[str, Any], reason: str) -> None:
    head = with_inputs(shipped_plan("prod"), PTU, changes)
    assert [r for r in risks(head) if r[0] == "destructive"] == [("destructive", PTU, reason)]


def test_replacing_a_standard_deployment_is_destructive_without_capacity_loss() -> None:
    head = with_inputs(shipped_plan("prod"), STANDARD, {"deploymentName": "chat-2"})
    assert [r for r in risks(head) if r[0] == "destructive"] == [
        (
            "destructive",
            STANDARD,
            "deployment chat is replaced (deploymentName changes (chat → chat-2)): calls fail until it is recreated",
        )
    ]


def test_a_model_name_change_may_replace_a_standard_deployment() -> None:
    head = with_inputs(shipped_plan("prod"), STANDARD, {"properties.model.name": "gpt-4.1"})
    assert [r for r in risks(head) if r[0] == "destructive"] == [
        (
            "destructive",
            STANDARD,
            "deployment chat: properties.model.name changes (gpt-5.1 → gpt-4.1) may replace it: Azure may refuse"
            " the change in place; to be safe, create a new deployment under a new name and move traffic",
        )
    ]


def test_a_provisioned_deployment_migrates_to_another_model_in_place_unless_its_sku_changes() -> None:
    """LEARN-MODEL-UPDATES: Azure migrates a provisioned deployment to another model family in place, between
    provisioned deployments of the same deployment type."""
    head = with_inputs(shipped_plan("prod"), PTU, {"properties.model.name": "gpt-4.1"})
    assert [r for r in risks(head) if r[0] == "destructive"] == []
    head = with_inputs(head, PTU, {"sku.name": "GlobalProvisionedManaged"})
    assert [r[2] for r in risks(head) if r[0] == "destructive" and "may replace" in r[2]] == [
        "deployment chat-ptu: properties.model.name changes (gpt-5.1 → gpt-4.1) may replace it: Azure may refuse"
        " the change in place; to be safe, create a new deployment under a new name and move traffic"
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"properties.model.version": "2025-01-01"},
        {"sku.name": "GlobalStandard"},
        {"sku.capacity": 60},
    ],
)
def test_model_version_and_sku_changes_are_in_place(changes: dict[str, Any]) -> None:
    head = with_inputs(shipped_plan("prod"), STANDARD, changes)
    assert [r for r in risks(head) if r[0] == "destructive"] == []


def test_a_kind_downgrade_may_be_refused() -> None:
    head = with_inputs(shipped_plan("prod"), "aoai-sweden-account", {"kind": "OpenAI"})
    assert [r for r in risks(head) if r[0] in ("destructive", "exposure")] == [
        (
            "destructive",
            "aoai-sweden-account",
            "account aoai-prod-swc: kind changes (AIServices → OpenAI): an in-place update that may fail: Azure"
            " refuses a downgrade while the account has projects",
        )
    ]


def test_a_kind_upgrade_to_foundry_is_in_place_and_flagged() -> None:
    base = with_inputs(shipped_plan("prod"), "aoai-sweden-account", {"kind": "OpenAI"})
    found = [(r.kind, r.resource, r.reason) for r in review(document(base), document(shipped_plan("prod"))).risks]
    assert [r for r in found if r[0] in ("destructive", "exposure")] == [
        (
            "exposure",
            "aoai-sweden-account",
            "account aoai-prod-swc: kind changes (OpenAI → AIServices): upgraded in place to Microsoft Foundry"
            " (endpoint, keys and configuration are kept; the account gains the Foundry surface: projects and"
            " agents)",
        )
    ]


def test_resource_group_replacement_is_destructive() -> None:
    head = with_inputs(shipped_plan("prod"), "aoai-rg", {"location": "westeurope"})
    assert [r for r in risks(head) if r[0] == "destructive"] == [
        (
            "destructive",
            "aoai-rg",
            "resource group rg-aoai-prod is replaced: Azure deletes everything in it, not only what aoai manages",
        )
    ]


def test_removing_protect_is_destructive() -> None:
    head = shipped_plan("prod")
    named(head, SWEDEN).protect = False
    assert [r for r in risks(head) if r[0] != "policy"] == [
        ("destructive", SWEDEN, "protect is removed: a deletion in code or `pulumi destroy` no longer stops at it")
    ]


# --- safety -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filter_", "values", "reason"),
    [
        (("Violence", "Completion"), {"enabled": False}, "Violence on Completion is turned off"),
        (("Sexual", "Prompt"), {"blocking": False}, "Sexual on Prompt annotates instead of blocking"),
        (
            ("Protected Material Code", "Completion"),
            {"enabled": False},
            "Protected Material Code on Completion is turned off",
        ),
        (("Jailbreak", "Prompt"), {"blocking": False}, "Jailbreak on Prompt annotates instead of blocking"),
    ],
)
def test_loosened_filters_are_safety_risks(filter_: tuple[str, str], values: dict[str, Any], reason: str) -> None:
    head = edit_filter(shipped_plan("prod"), *filter_, **values)
    assert [r for r in risks(head) if r[0] == "safety"] == [("safety", POLICY, f"content filter aoai-strict: {reason}")]


def test_a_removed_filter_entry_is_judged_by_what_the_base_policy_supplies() -> None:
    def without_entry(name: str) -> Plan:
        plan = shipped_plan("prod")
        props = named(plan, POLICY).inputs["properties"]
        props["contentFilters"] = [f for f in props["contentFilters"] if f["name"] != name]
        return plan

    # Jailbreak is on in the base policy, so dropping it loosens nothing; Indirect Attack is off there.
    assert [r for r in risks(without_entry("Jailbreak")) if r[0] == "safety"] == []
    assert [r for r in risks(without_entry("Indirect Attack")) if r[0] == "safety"] == [
        ("safety", POLICY, "content filter aoai-strict: Indirect Attack on Prompt is turned off")
    ]


def test_async_mode_and_detached_blocklist_are_safety_risks() -> None:
    head = with_inputs(shipped_plan("prod"), POLICY, {"properties.mode": "Asynchronous_filter"})
    props = named(head, POLICY).inputs["properties"]
    props["customBlocklists"] = [b for b in props["customBlocklists"] if b["source"] != "Completion"]
    assert [r[2] for r in risks(head) if r[0] == "safety"] == [
        "content filter aoai-strict: mode becomes Asynchronous_filter: completions stream back before the filter has"
        " seen them",
        "content filter aoai-strict: blocklist banned-terms is detached from Completion",
    ]


def test_a_deployment_moved_to_a_looser_filter_is_a_safety_risk() -> None:
    head = with_inputs(shipped_plan("prod"), STANDARD, {"properties.raiPolicyName": "Microsoft.DefaultV2"})
    [risk] = [r for r in risks(head) if r[0] == "safety"]
    assert risk[:2] == ("safety", STANDARD)
    assert risk[2].startswith("deployment chat moves from filter aoai-strict to Microsoft.DefaultV2, which is looser: ")
    assert "Hate on Prompt threshold is raised from Low to Medium (blocks less)" in risk[2]
    assert "blocklist banned-terms is detached from Prompt" in risk[2]


def test_a_deleted_blocklist_item_is_a_safety_risk() -> None:
    head = copy.deepcopy(shipped_plan("prod"))
    del named(head, "aoai-sweden-blocklist-banned-terms-items").inputs["items"]["project-falcon"]
    assert [r[1:] for r in risks(head) if r[0] == "safety"] == [
        ("aoai-sweden-blocklist-banned-terms-items", "blocklist banned-terms no longer blocks 'Project Falcon'")
    ]


def test_a_stricter_filter_is_not_a_risk() -> None:
    head = edit_filter(
        with_inputs(shipped_plan("prod"), POLICY, {"properties.mode": "Blocking"}), "Hate", "Prompt", enabled=True
    )
    assert risks(head) == []


# --- exposure -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"properties.disableLocalAuth": False},
            "account aoai-prod-swc accepts API keys (disableLocalAuth is no longer true)",
        ),
        (
            {"properties.disableLocalAuth": DELETE},
            "account aoai-prod-swc accepts API keys (disableLocalAuth is no longer true)",
        ),
        (
            {"properties.networkAcls.defaultAction": "Allow"},
            "account aoai-prod-swc: the network ACL now allows every network (defaultAction is no longer Deny)",
        ),
        (
            {"properties.networkAcls.ipRules": [{"value": "203.0.113.0/24"}]},
            "account aoai-prod-swc: the network ACL admits 203.0.113.0/24",
        ),
        (
            {"properties.restrictOutboundNetworkAccess": False},
            "account aoai-prod-swc may call any outbound destination (restrictOutboundNetworkAccess lifted)",
        ),
        (
            {"properties.allowedFqdnList": ["aoai-prod-swc.openai.azure.com", "paste.example.com"]},
            "account aoai-prod-swc may now send data to paste.example.com",
        ),
    ],
)
def test_opened_account_is_exposure(changes: dict[str, Any], reason: str) -> None:
    head = with_inputs(shipped_plan("prod"), SWEDEN, changes)
    assert [r for r in risks(head) if r[0] == "exposure"] == [("exposure", SWEDEN, reason)]


def test_removing_a_private_endpoint_is_exposure() -> None:
    head = dropped(shipped_plan("prod"), "aoai-sweden-private-endpoint", "aoai-sweden-private-dns")
    assert [r for r in risks(head) if r[0] == "exposure"] == [
        (
            "exposure",
            "aoai-sweden-private-endpoint",
            "private endpoint pe-aoai-prod-swc is removed: account aoai-prod-swc is no longer reachable privately from"
            " its virtual network",
        )
    ]


def test_a_private_endpoint_deleted_with_its_account_is_not_exposure() -> None:
    gone = [r.name for r in shipped_plan("prod").resources if r.name.startswith("aoai-france")]
    assert [r for r in risks(dropped(shipped_plan("prod"), *gone)) if r[0] == "exposure"] == []


def test_a_new_public_account_is_exposure() -> None:
    result = review(None, document(shipped_plan("dev")))
    assert [(r.kind, r.reason) for r in result.risks if r.kind in ("exposure", "residency")] == [
        ("exposure", "account aoai-dev-swc accepts traffic from public networks (publicNetworkAccess Enabled)"),
        (
            "residency",
            "deployment chat uses GlobalStandard: prompts and completions may be processed in any Azure region",
        ),
        (
            "residency",
            "deployment images uses GlobalStandard: prompts and completions may be processed in any Azure region",
        ),
    ]


# --- residency ----------------------------------------------------------------------------------------------------


def test_a_global_sku_is_a_residency_risk_in_a_data_zone_stack() -> None:
    head = with_inputs(shipped_plan("prod"), STANDARD, {"sku.name": "GlobalStandard"})
    assert [r for r in risks(head) if r[0] == "residency"] == [
        (
            "residency",
            STANDARD,
            "deployment chat uses GlobalStandard: prompts and completions may be processed in any Azure region,"
            " which the stack's EU data zone forbids",
        )
    ]


def test_moving_within_the_data_zone_is_not_a_residency_risk() -> None:
    head = with_inputs(shipped_plan("prod"), SWEDEN, {"location": "westeurope"})
    assert [r[0] for r in risks(head)].count("residency") == 0


def test_without_a_data_zone_a_move_across_zones_is_a_residency_risk() -> None:
    head = with_inputs(shipped_plan("dev"), "aoai-main-account", {"location": "eastus"})
    assert [r for r in risks(head, "dev") if r[0] == "residency"] == [
        (
            "residency",
            "aoai-main-account",
            "account aoai-dev-swc moves from swedencentral (EU data zone) to eastus (US data zone)",
        )
    ]


# --- capacity and policy deltas -----------------------------------------------------------------------------------


def test_capacity_deltas_per_sku_and_region() -> None:
    head = with_inputs(
        with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 60}),
        "aoai-france-deployment-chat",
        {"sku.capacity": 200},
    )
    assert [c.to_json() for c in review_of(head).capacity] == [
        {
            "sku": "DataZoneProvisionedManaged",
            "region": "swedencentral",
            "unit": "PTU",
            "before": 40,
            "after": 60,
            "delta": 20,
        },
        {
            "sku": "DataZoneStandard",
            "region": "francecentral",
            "unit": "quota units",
            "before": 300,
            "after": 200,
            "delta": -100,
        },
    ]


def test_policy_violations_fixed_are_reported() -> None:
    base = document(with_inputs(shipped_plan("prod"), SWEDEN, {"properties.publicNetworkAccess": "Enabled"}))
    result = review(base, document(shipped_plan("prod")))
    assert [(p.change, p.policy, p.resource) for p in result.policies or []] == [
        ("fixed", "account-disallow-public-network-access", SWEDEN)
    ]
    assert result.verdict == "ok"


def test_plans_without_verdicts_have_no_policy_deltas() -> None:
    base, head = document(shipped_plan("prod")), document(shipped_plan("prod"))
    base = dataclasses.replace(base, policies=None)
    assert review(base, head).policies is None


# --- the command --------------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, plan: Plan) -> Path:
    path = tmp_path / name
    path.write_text(document(plan).to_text(), encoding="utf-8")
    return path


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "base.json", shipped_plan("prod"))
    tags = write(tmp_path, "tags.json", with_inputs(shipped_plan("prod"), SWEDEN, {"tags.owner": "ai-team"}))
    public = write(
        tmp_path,
        "public.json",
        with_inputs(shipped_plan("prod"), SWEDEN, {"properties.publicNetworkAccess": "Enabled"}),
    )
    assert main(["diff", str(base), str(tags)]) == ExitCode.OK
    assert main(["diff", str(base), str(public), "--format", "markdown"]) == ExitCode.NEEDS_APPROVAL
    assert main(["diff", str(base), str(tmp_path / "missing.json")]) == ExitCode.INVALID_INPUT
    assert main(["diff", str(base)]) == ExitCode.INVALID_INPUT
    # A new prod stack: private, so nothing exposed, except that granting its chat service a role needs approval.
    assert main(["diff", "--no-base", str(tags)]) == ExitCode.NEEDS_APPROVAL
    ungranted = dropped(shipped_plan("prod"), "aoai-sweden-access-chat-service", "aoai-france-access-chat-service")
    assert main(["diff", "--no-base", str(write(tmp_path, "ungranted.json", ungranted))]) == ExitCode.OK
    assert main(["diff", "--no-base", str(write(tmp_path, "dev.json", shipped_plan("dev")))]) == ExitCode.NEEDS_APPROVAL
    captured = capsys.readouterr()
    assert "missing.json: 1 configuration error" in captured.err
    assert "expected 2 plan file(s), got 1: aoai diff BASE HEAD" in captured.err


def test_json_output_is_the_documented_shape(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", shipped_plan("prod"))
    head = write(tmp_path, "head.json", with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 35}))
    out = tmp_path / "review.json"
    assert main(["diff", str(base), str(head), "--format", "json", "--out", str(out)]) == ExitCode.NEEDS_APPROVAL
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == [
        "version",
        "stack",
        "baseStack",
        "baseMissing",
        "stackMismatch",
        "verdict",
        "summary",
        "risks",
        "capacity",
        "policies",
        "cost",
        "changes",
    ]
    assert (data["verdict"], data["summary"]) == (
        "needs-approval",
        {"create": 0, "update": 1, "replace": 0, "delete": 0, "rename": 0},
    )
    assert data["changes"] == [
        {
            "urn": named(shipped_plan("prod"), PTU).urn,
            "type": "azure-native:cognitiveservices:Deployment",
            "name": PTU,
            "action": "update",
            "replacementReasons": [],
            "renamedFrom": None,
            "alias": None,
            "properties": [{"path": "sku.capacity", "before": 40, "after": 35, "forcesReplacement": False}],
        }
    ]
    assert [r["kind"] for r in data["risks"]] == ["destructive", "capacity"]


# --- renames -------------------------------------------------------------------------------------------------------

SWEDEN_RENAMED = [
    (
        "destructive",
        "aoai-se-account",
        "renaming key `sweden` to `se` deletes and recreates the live account `aoai-prod-swc`: its endpoint, keys and"
        " deployments (chat, chat-ptu, embeddings); to keep it, add"
        ' `aliases=[pulumi.Alias(name="aoai-sweden")]` to `aoai-se` (OpenAIAccount; its children follow)',
    ),
    (
        "destructive",
        "aoai-se-private-dns",
        "renaming `aoai-sweden-private-dns` to `aoai-se-private-dns` deletes and recreates the live PrivateDnsZoneGroup"
        " `default`, PrivateEndpoint `pe-aoai-prod-swc`; to keep them, add"
        ' `aliases=[pulumi.Alias(name="aoai-sweden-private")]` to `aoai-se-private` (PrivateAccess; its children'
        " follow)",
    ),
]


def test_renaming_an_account_key_is_destructive_and_names_the_alias() -> None:
    result = review_of(renamed_key(shipped_plan("prod"), "sweden", "se"))
    assert [(r.kind, r.resource, r.reason) for r in result.risks] == SWEDEN_RENAMED
    assert result.verdict == "needs-approval"
    assert result.policies == []  # the verdicts on the renamed resources are the same verdicts


def test_a_renamed_public_account_raises_no_phantom_exposure() -> None:
    public = {"properties.publicNetworkAccess": "Enabled", "properties.disableLocalAuth": False}
    base = with_inputs(shipped_plan("prod"), SWEDEN, public)
    result = review(document(base), document(renamed_key(base, "sweden", "se")))
    assert [(r.kind, r.resource, r.reason) for r in result.risks] == SWEDEN_RENAMED


def test_a_rename_that_also_opens_the_account_is_exposure_too() -> None:
    head = with_inputs(
        renamed_key(shipped_plan("prod"), "sweden", "se"),
        "aoai-se-account",
        {"properties.publicNetworkAccess": "Enabled"},
    )
    assert [r for r in risks(head) if r[0] == "exposure"] == [
        (
            "exposure",
            "aoai-se-account",
            "account aoai-prod-swc accepts traffic from public networks (publicNetworkAccess Enabled)",
        )
    ]


def test_a_rename_needs_approval_on_the_command_line(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", shipped_plan("prod"))
    head = write(tmp_path, "head.json", renamed_key(shipped_plan("prod"), "sweden", "se"))
    out = tmp_path / "review.json"
    assert main(["diff", str(base), str(head), "--format", "json", "--out", str(out)]) == ExitCode.NEEDS_APPROVAL
    data = json.loads(out.read_text(encoding="utf-8"))
    account = next(c for c in data["changes"] if c["name"] == "aoai-se-account")
    assert (account["action"], account["renamedFrom"], account["alias"]) == (
        "rename",
        named(shipped_plan("prod"), SWEDEN).urn,
        'aliases=[pulumi.Alias(name="aoai-sweden")]',
    )
    assert data["summary"]["create"] == data["summary"]["delete"] == 0


def test_deleting_a_resource_of_an_unknown_type_is_destructive() -> None:
    base = shipped_plan("prod")
    vault = copy.deepcopy(named(base, SWEDEN))
    vault.urn, vault.name, vault.type = vault.urn + "-vault", "vault", "azure-native:keyvault:Vault"
    base.resources.append(vault)
    result = review(document(base), document(shipped_plan("prod")))
    assert [(r.kind, r.resource, r.reason) for r in result.risks] == [
        ("destructive", "vault", "Vault vault is deleted: aoai does not know this type; check what goes with it")
    ]


def test_the_full_markdown_is_written_with_full(tmp_path: Path) -> None:
    base = write(tmp_path, "base.json", shipped_plan("prod"))
    head = write(tmp_path, "head.json", with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 35}))
    out = tmp_path / "review.md"
    assert (
        main(["diff", str(base), str(head), "--format", "markdown", "--full", "--out", str(out)])
        == ExitCode.NEEDS_APPROVAL
    )
    assert "<details>" in out.read_text(encoding="utf-8")


# --- access -------------------------------------------------------------------------------------------------------

GRANT = "aoai-sweden-access-chat-service"
CHAT_SERVICE = "4f8b2c1d-9e3a-4b5c-8d7e-6f1a2b3c4d5e"
DEFINITIONS = "/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/providers/Microsoft.Authorization/roleDefinitions"


def test_a_new_grant_is_exposure() -> None:
    base = dropped(shipped_plan("prod"), GRANT)
    result = review(document(base), document(shipped_plan("prod")))
    assert [(r.kind, r.resource, r.reason) for r in result.risks] == [
        (
            "exposure",
            GRANT,
            f"ServicePrincipal {CHAT_SERVICE} is granted Cognitive Services OpenAI User on aoai-prod-swc",
        )
    ]
    assert result.verdict == "needs-approval"


def test_a_widened_grant_is_exposure_and_a_removed_one_is_not() -> None:
    contributor = f"{DEFINITIONS}/a001fd3d-188f-4b5d-821b-7da978bf7442"
    assert risks(with_inputs(shipped_plan("prod"), GRANT, {"roleDefinitionId": contributor})) == [
        (
            "exposure",
            GRANT,
            f"ServicePrincipal {CHAT_SERVICE} is granted Cognitive Services OpenAI Contributor on aoai-prod-swc,"
            f" instead of ServicePrincipal {CHAT_SERVICE} holding Cognitive Services OpenAI User on aoai-prod-swc",
        )
    ]
    other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    assert [r[2] for r in risks(with_inputs(shipped_plan("prod"), GRANT, {"principalId": other}))] == [
        f"ServicePrincipal {other} is granted Cognitive Services OpenAI User on aoai-prod-swc, instead of"
        f" ServicePrincipal {CHAT_SERVICE} holding Cognitive Services OpenAI User on aoai-prod-swc"
    ]
    assert risks(dropped(shipped_plan("prod"), GRANT)) == []


# --- monitoring ---------------------------------------------------------------------------------------------------


def test_a_removed_or_switched_off_alert_is_a_monitoring_risk() -> None:
    head = dropped(shipped_plan("prod"), "aoai-sweden-alert-throttling", "aoai-monitoring-service-health")
    assert [r for r in risks(head) if r[0] == "monitoring"] == [
        (
            "monitoring",
            "aoai-monitoring-service-health",
            "Service Health alert aoai-prod-service-health is deleted: nobody is told any more of what it watched",
        ),
        (
            "monitoring",
            "aoai-sweden-alert-throttling",
            "alert aoai-prod-swc-throttling is deleted: nobody is told any more of what it watched",
        ),
    ]
    assert review_of(head).verdict == "needs-approval"
    off = with_inputs(shipped_plan("prod"), "aoai-sweden-alert-availability", {"enabled": False})
    assert [r for r in risks(off) if r[0] == "monitoring"] == [
        (
            "monitoring",
            "aoai-sweden-alert-availability",
            "alert aoai-prod-swc-availability is switched off (enabled: false)",
        )
    ]


def test_alerts_deleted_with_their_account_are_left_to_the_accounts_risk() -> None:
    sweden = [r.name for r in shipped_plan("prod").resources if r.name.startswith("aoai-sweden")]
    head = dropped(shipped_plan("prod"), *sweden)
    assert [r for r in risks(head) if r[0] == "monitoring"] == []
    assert any(r[0] == "destructive" and r[1] == SWEDEN for r in risks(head))
