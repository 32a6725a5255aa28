"""Stack policies: joins over outputs and dependencies, on the shipped prod plan with one mutation per case."""

from __future__ import annotations

import pytest
from policy_kit import found, named, not_applicable, shipped_plan, with_outputs, without
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from aoai.plan.engine import Plan

PTU = "aoai-sweden-deployment-chat-ptu"
TARGET = "aoai-sweden-deployment-chat"
SWEDEN = "aoai-sweden-account"
FRANCE = "aoai-france-account"
SPILLOVER = "stack-spillover-target-valid"
WHERE = "deployment 'chat-ptu' of account 'aoai-prod-swc'"

STACK_POLICIES = [
    "stack-spillover-target-valid",
    "stack-spillover-same-processing-level",
    "stack-deployment-filter-exists",
    "stack-account-private-endpoint",
    "stack-account-diagnostics",
    "stack-data-zone-residency",
    "stack-provisioned-capacity-budget",
]


@pytest.mark.parametrize("policy", STACK_POLICIES)
def test_prod_baseline_passes(policy: str) -> None:
    assert found(shipped_plan("prod"), policy) == []


@pytest.mark.parametrize(
    ("name", "changes", "messages"),
    [
        (
            PTU,
            {"properties.spilloverDeploymentName": "chat-std"},
            [f"{WHERE} spills over to 'chat-std', which is not a deployment of that account."],
        ),
        (
            TARGET,
            {"sku.name": "DataZoneBatch"},
            [
                f"{WHERE} spills over to 'chat' (DataZoneBatch), which is not a standard deployment: the target must"
                " be a standard deployment such as DataZoneStandard."
            ],
        ),
        (TARGET, {"sku.name": "GlobalStandard"}, []),
        (
            TARGET,
            {"sku.name": "DataZoneProvisionedManaged"},
            [
                f"{WHERE} spills over to 'chat', which is itself provisioned (DataZoneProvisionedManaged): the target"
                " must be a DataZoneStandard deployment."
            ],
        ),
        (
            TARGET,
            {"properties.model.version": "2025-08-07"},
            [
                f"{WHERE} serves gpt-5.1 2025-11-13 but its spillover target 'chat' serves gpt-5.1 2025-08-07: both"
                " must serve the same model and version."
            ],
        ),
        (
            TARGET,
            {"properties.spilloverDeploymentName": "chat-ptu"},
            [
                "deployment 'chat' of account 'aoai-prod-swc' is not provisioned (DataZoneStandard), so it cannot"
                " spill over; remove spilloverDeploymentName.",
                "spillover in account 'aoai-prod-swc' loops: chat → chat-ptu → chat.",
            ],
        ),
    ],
)
def test_spillover_violations(name: str, changes: dict[str, str], messages: list[str]) -> None:
    plan = with_outputs(shipped_plan("prod"), name, changes)
    assert [message for _, message in found(plan, SPILLOVER)] == messages


@pytest.mark.parametrize(
    ("sku", "messages"),
    [
        ("DataZoneStandard", []),
        (
            "GlobalStandard",
            [
                f"{WHERE} (DataZoneProvisionedManaged, datazone processing) spills over to 'chat' (GlobalStandard,"
                " global processing): its overflow is processed elsewhere than its baseline."
            ],
        ),
        ("DataZoneBatch", []),
    ],
)
def test_spillover_at_another_processing_level_is_advice(sku: str, messages: list[str]) -> None:
    plan = with_outputs(shipped_plan("prod"), TARGET, {"sku.name": sku})
    assert [message for _, message in found(plan, "stack-spillover-same-processing-level")] == messages


def test_spillover_is_judged_per_account() -> None:
    """France has its own chat: a Sweden deployment may not spill over into another account."""
    plan = shipped_plan("prod")
    plan.resources.remove(named(plan, TARGET))
    assert found(plan, SPILLOVER) == [
        (PTU, f"{WHERE} spills over to 'chat', which is not a deployment of that account.")
    ]


def _forget_property_dependencies(plan: Plan) -> Plan:
    for resource in plan.resources:
        resource.property_dependencies = {}
    return plan


def test_children_are_joined_by_arm_id_without_dependencies() -> None:
    plan = _forget_property_dependencies(with_outputs(shipped_plan("prod"), TARGET, {"sku.name": "DataZoneBatch"}))
    assert len(found(plan, SPILLOVER)) == 1
    assert found(plan, "stack-account-private-endpoint") == []
    assert found(plan, "stack-account-diagnostics") == []


def test_children_are_joined_by_dependencies_while_ids_are_unknown() -> None:
    """During a preview, ids of resources to be created are unknown; dependencies still join them."""
    plan = shipped_plan("prod")
    for resource in plan.resources:
        if resource.custom:
            resource.outputs["id"] = UNKNOWN_STRING_VALUE
    for policy in STACK_POLICIES:
        assert found(plan, policy) == [], policy
    plan = with_outputs(plan, TARGET, {"sku.name": "DataZoneBatch"})
    assert len(found(plan, SPILLOVER)) == 1


def test_deployment_filter_must_exist_in_its_account() -> None:
    plan = with_outputs(shipped_plan("prod"), TARGET, {"properties.raiPolicyName": "aoai-lenient"})
    assert found(plan, "stack-deployment-filter-exists") == [
        (
            TARGET,
            "deployment 'chat' of account 'aoai-prod-swc' uses content filter 'aoai-lenient', which is neither a RAI"
            " policy of that account in this stack (it has: aoai-strict) nor an allowed built-in (allowed: none).",
        )
    ]


def test_built_in_filters_exist_everywhere_by_default() -> None:
    plan = with_outputs(shipped_plan("prod"), TARGET, {"properties.raiPolicyName": "Microsoft.DefaultV2"})
    assert found(plan, "stack-deployment-filter-exists", {}) == []


def test_filter_of_another_account_does_not_count() -> None:
    plan = shipped_plan("prod")
    plan.resources.remove(named(plan, "aoai-sweden-policy-strict"))
    assert [m for _, m in found(plan, "stack-deployment-filter-exists")] == [
        f"deployment '{d}' of account 'aoai-prod-swc' uses content filter 'aoai-strict', which is neither a RAI"
        " policy of that account in this stack (it has: none) nor an allowed built-in (allowed: none)."
        for d in ("chat", "chat-ptu", "embeddings")
    ]


def test_private_account_without_endpoint() -> None:
    plan = shipped_plan("prod")
    plan.resources.remove(named(plan, "aoai-sweden-private-endpoint"))
    plan.resources.remove(named(plan, "aoai-sweden-private-dns"))
    assert found(plan, "stack-account-private-endpoint") == [
        (
            SWEDEN,
            "account 'aoai-prod-swc' has public network access disabled but no private endpoint: no client can reach"
            " it.",
        )
    ]


def test_private_endpoint_needs_zone_group_covering_the_kind() -> None:
    policy = "stack-account-private-endpoint"
    label = "private endpoint 'pe-aoai-prod-swc' to account 'aoai-prod-swc'"
    endpoint = "aoai-sweden-private-endpoint"
    plan = shipped_plan("prod")
    plan.resources.remove(named(plan, "aoai-sweden-private-dns"))
    assert found(plan, policy) == [
        (endpoint, f"{label} has no private DNS zone group: the account's name keeps resolving to its public address.")
    ]
    plan = shipped_plan("prod")
    group = named(plan, "aoai-sweden-private-dns")
    configs = group.outputs["privateDnsZoneConfigs"]
    group.outputs["privateDnsZoneConfigs"] = [c for c in configs if "services.ai" not in c["privateDnsZoneId"]]
    assert found(plan, policy) == [
        (
            endpoint,
            f"{label} registers in no zone for privatelink.services.ai.azure.com, which the account's kind needs.",
        )
    ]
    plan = shipped_plan("prod")
    connection = named(plan, endpoint).outputs["privateLinkServiceConnections"][0]
    connection["groupIds"] = ["openai"]
    assert found(plan, policy) == [(endpoint, f"{label} connects to groupIds openai, not 'account'.")]


def test_openai_kind_needs_two_zones() -> None:
    plan = with_outputs(shipped_plan("prod"), SWEDEN, {"kind": "OpenAI"})
    group = named(plan, "aoai-sweden-private-dns")
    group.outputs["privateDnsZoneConfigs"] = [
        c for c in group.outputs["privateDnsZoneConfigs"] if "services.ai" not in c["privateDnsZoneId"]
    ]
    assert found(plan, "stack-account-private-endpoint") == []


def test_public_accounts_need_no_endpoint() -> None:
    plan = shipped_plan("dev")
    assert found(plan, "stack-account-private-endpoint", {}) == []


def test_diagnostics() -> None:
    policy = "stack-account-diagnostics"
    plan = without(shipped_plan("prod"), "azure-native:monitor:DiagnosticSetting")
    assert found(plan, policy) == [
        (
            name,
            f"account '{account}' has no diagnostic setting: its requests, errors and content-filter events are not"
            " logged.",
        )
        for name, account in ((FRANCE, "aoai-prod-frc"), (SWEDEN, "aoai-prod-swc"))
    ]
    plan = with_outputs(
        shipped_plan("prod"), "aoai-sweden-diagnostics", {"logs": [{"categoryGroup": "allLogs", "enabled": False}]}
    )
    assert found(plan, policy) == [(SWEDEN, "the diagnostic settings of account 'aoai-prod-swc' enable no logs.")]


def test_data_zone_residency() -> None:
    policy = "stack-data-zone-residency"
    plan = with_outputs(shipped_plan("prod"), SWEDEN, {"location": "uksouth"})
    plan = with_outputs(plan, TARGET, {"sku.name": "GlobalStandard"})
    assert found(plan, policy) == [
        (
            SWEDEN,
            "account 'aoai-prod-swc' is in uksouth, outside the eu data zone (francecentral, germanywestcentral,"
            " italynorth, polandcentral, spaincentral, swedencentral, westeurope).",
        ),
        (
            TARGET,
            "deployment 'chat' of account 'aoai-prod-swc' uses GlobalStandard, which may process data in any Azure"
            " region: use a DataZone or regional sku.",
        ),
    ]
    assert [m for _, m in found(plan, policy, {policy: {"dataZone": "us"}})][:2] == [
        "account 'aoai-prod-frc' is in francecentral, outside the us data zone (centralus, eastus, eastus2,"
        " northcentralus, southcentralus, westus, westus3).",
        "account 'aoai-prod-swc' is in uksouth, outside the us data zone (centralus, eastus, eastus2,"
        " northcentralus, southcentralus, westus, westus3).",
    ]
    assert found(plan, policy, {}) == []
    assert not_applicable(plan, policy, {}) == "no dataZone configured"


def test_provisioned_capacity_budget() -> None:
    policy = "stack-provisioned-capacity-budget"
    plan = shipped_plan("prod")
    assert found(plan, policy, {policy: {"budgets": {"DataZoneProvisionedManaged": 60}}}) == [
        (
            None,
            "DataZoneProvisionedManaged deployments total 70 PTU, over the budget of 60 PTU: aoai-prod-frc/chat-ptu"
            " 30, aoai-prod-swc/chat-ptu 40.",
        )
    ]
    assert found(plan, policy, {policy: {"budgets": {"DataZoneProvisionedManaged": 70}}}) == []
    assert found(plan, policy, {policy: {"budgets": {"GlobalProvisionedManaged": 0}}}) == []
    assert not_applicable(plan, policy, {}) == "no PTU budgets configured"
