"""The Foundry surface under Pulumi mocks: projects as children of the account in its write chain, the account's
project, agent and throttling properties, a private endpoint in a spoke's group, diagnostics to every destination."""

from __future__ import annotations

import pytest
from conftest import SUBNET, baseline, mutate, plan_of

from aoai.plan.engine import Plan, PlannedResource

ACC = ("accounts", "sweden")
PROJECT = "azure-native:cognitiveservices:Project"
STORAGE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/"
    "storageAccounts/stlogs"
)
RULE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.EventHub/"
    "namespaces/eh-siem/authorizationRules/send"
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    raw = mutate(baseline(), (*ACC, "kind"), "AIServices")
    raw = mutate(
        raw,
        (*ACC, "projects"),
        {"support-bot": {"display_name": "Support bot", "description": "Tier-1 answers"}, "search": {}},
    )
    raw = mutate(raw, (*ACC, "default_project"), "support-bot")
    raw = mutate(raw, (*ACC, "network_injection"), {"subnet_id": SUBNET})
    raw = mutate(raw, (*ACC, "dynamic_throttling_enabled"), True)
    raw = mutate(raw, (*ACC, "private_endpoint"), {"resource_group": "rg-spoke-swc"})
    return plan_of(
        mutate(
            raw,
            ("diagnostics",),
            {"storage_account_id": STORAGE, "event_hub": {"authorization_rule_id": RULE}, "logs": ["Audit", "Trace"]},
        )
    )


def one(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.name == name]
    return found


def test_projects_are_children_of_the_account(plan: Plan) -> None:
    project = one(plan, "aoai-sweden-project-support-bot")
    assert project.type == PROJECT
    assert project.inputs == {
        "accountName": "aoai-test-swc",
        "resourceGroupName": "rg-aoai-test",
        "projectName": "support-bot",
        "location": "swedencentral",
        "identity": {"type": "SystemAssigned"},
        "properties": {"displayName": "Support bot", "description": "Tier-1 answers"},
        "tags": {"environment": "test", "managed-by": "aoai", "owner": "platform"},
    }
    assert project.parent == one(plan, "aoai-sweden").urn
    assert one(plan, "aoai-sweden-project-search").inputs["properties"] == {}


def test_projects_join_the_account_write_chain(plan: Plan) -> None:
    by_urn = plan.by_urn()

    def deps(name: str) -> set[str]:
        return {by_urn[d].name for d in one(plan, name).dependencies}

    assert "aoai-sweden-deployment-gpt-4o-ptu" in deps("aoai-sweden-project-search")
    assert "aoai-sweden-project-search" in deps("aoai-sweden-project-support-bot")
    assert {"aoai-sweden-project-search", "aoai-sweden-project-support-bot"} <= deps("aoai-sweden-private-endpoint")


def test_account_states_the_foundry_properties(plan: Plan) -> None:
    properties = one(plan, "aoai-sweden-account").inputs["properties"]
    assert {k: properties[k] for k in properties if k not in ("customSubDomainName", "publicNetworkAccess")} == {
        "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [], "virtualNetworkRules": []},
        "disableLocalAuth": True,
        "restrictOutboundNetworkAccess": True,
        "allowedFqdnList": [],
        "dynamicThrottlingEnabled": True,
        "allowProjectManagement": True,
        "defaultProject": "support-bot",
        "networkInjections": [{"scenario": "agent", "subnetArmId": SUBNET, "useMicrosoftManagedNetwork": False}],
    }


def test_an_account_without_them_sends_none_of_them() -> None:
    properties = plan_of(baseline()).resources
    account = next(r for r in properties if r.name == "aoai-sweden-account")
    assert not {"dynamicThrottlingEnabled", "allowProjectManagement", "defaultProject", "networkInjections"} & set(
        account.inputs["properties"]
    )


def test_private_endpoint_in_the_spoke_group(plan: Plan) -> None:
    endpoint = one(plan, "aoai-sweden-private-endpoint")
    assert endpoint.inputs["resourceGroupName"] == "rg-spoke-swc"
    assert one(plan, "aoai-sweden-private-dns").inputs["resourceGroupName"] == "rg-spoke-swc"


def test_diagnostics_to_storage_and_event_hub_with_chosen_categories(plan: Plan) -> None:
    setting = one(plan, "aoai-sweden-diagnostics")
    assert setting.inputs == {
        "name": "aoai-diagnostics",
        "resourceUri": one(plan, "aoai-sweden-account").id,
        "storageAccountId": STORAGE,
        "eventHubAuthorizationRuleId": RULE,
        "logs": [{"category": "Audit", "enabled": True}, {"category": "Trace", "enabled": True}],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }
