"""The Foundry surface of an account: projects, agent network injection, dynamic throttling, where its private
endpoint and diagnostics go. Each rule in both polarities on the compliant baseline."""

from __future__ import annotations

import pytest
from conftest import DELETE, SUBNET, WORKSPACE, baseline, errors, mutate, valid

ACC = ("accounts", "sweden")
STORAGE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.Storage/"
    "storageAccounts/stlogs"
)
RULE = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.EventHub/"
    "namespaces/eh-siem/authorizationRules/send"
)


def foundry(**fields: object) -> dict:
    raw = mutate(baseline(), (*ACC, "kind"), "AIServices")
    for name, value in fields.items():
        raw = mutate(raw, (*ACC, name), value)
    return raw


def test_projects_on_a_foundry_account() -> None:
    spec = valid(foundry(projects={"support-bot": {"display_name": "Support bot", "description": "Tier-1 answers"}}))
    account = spec.accounts["sweden"]
    assert list(account.projects) == ["support-bot"]
    assert account.the_default_project == "support-bot"
    assert account.projects["support-bot"].identity.system_assigned is True


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("projects", {"bot": {}}, "projects"),
        ("network_injection", {"subnet_id": SUBNET}, "network injection"),
    ],
)
def test_projects_and_network_injection_need_an_aiservices_account(field: str, value: object, words: str) -> None:
    raw = mutate(baseline(), (*ACC, field), value)
    assert errors(raw) == [
        (
            f"accounts.sweden.{field}",
            f"only an AIServices (Foundry) account has {words}; this account is OpenAI: set kind: AIServices (Azure"
            " upgrades an OpenAI account in place) or remove it",
        )
    ]
    assert valid(mutate(raw, (*ACC, "kind"), "AIServices"))


def test_default_project_must_be_a_project() -> None:
    assert errors(foundry(projects={"bot": {}}, default_project="other")) == [
        ("accounts.sweden.default_project", "'other' is not one of this account's projects (projects: bot)")
    ]
    assert valid(foundry(projects={"bot": {}}, default_project="bot")).accounts["sweden"].default_project == "bot"


def test_two_projects_need_a_default() -> None:
    assert errors(foundry(projects={"bot": {}, "search": {}})) == [
        (
            "accounts.sweden.default_project",
            "2 projects: name the one data-plane calls without a project reach (bot, search)",
        )
    ]
    spec = valid(foundry(projects={"bot": {}, "search": {}}, default_project="search"))
    assert spec.accounts["sweden"].the_default_project == "search"


def test_project_names_differing_only_in_case_are_refused() -> None:
    assert errors(foundry(projects={"bot": {}, "Bot": {}}, default_project="bot")) == [
        (
            "accounts.sweden.projects.Bot",
            "'Bot' and 'bot' differ only in case: Azure compares names case-insensitively; rename or remove one",
        )
    ]


def test_project_names_follow_the_arm_child_name_rule() -> None:
    assert errors(foundry(projects={"-bot": {}})) == [
        (
            "accounts.sweden.projects.-bot",
            "name '-bot' is not valid: use letters, digits, '_', '.' and '-', starting with a letter or digit",
        )
    ]


def test_network_injection_takes_a_subnet_and_the_agent_scenario() -> None:
    spec = valid(foundry(network_injection={"subnet_id": SUBNET}))
    injection = spec.accounts["sweden"].network_injection
    assert injection is not None
    assert (injection.subnet_id, injection.scenario, injection.microsoft_managed_network) == (SUBNET, "agent", False)
    assert errors(foundry(network_injection={"subnet_id": SUBNET, "scenario": "assistants"})) == [
        ("accounts.sweden.network_injection.scenario", "must be 'agent' (got 'assistants')")
    ]


def test_private_endpoint_resource_group() -> None:
    raw = mutate(baseline(), (*ACC, "private_endpoint"), {"resource_group": "rg-spoke-swc"})
    endpoint = valid(raw).accounts["sweden"].private_endpoint
    assert endpoint is not None
    assert endpoint.resource_group == "rg-spoke-swc"
    assert errors(mutate(baseline(), (*ACC, "private_endpoint"), {"resource_group": "rg/spoke"})) == [
        (
            "accounts.sweden.private_endpoint.resource_group",
            "resource group name 'rg/spoke' is not valid: use letters, digits, '_', '-', '.', '(' and ')', not ending"
            " in '.'",
        )
    ]


def test_diagnostics_to_storage_and_event_hub_with_categories() -> None:
    raw = mutate(
        baseline(),
        ("diagnostics",),
        {
            "storage_account_id": STORAGE,
            "event_hub": {"authorization_rule_id": RULE, "name": "aoai"},
            "logs": ["Audit", "RequestResponse"],
            "metrics": False,
        },
    )
    diagnostics = valid(raw).diagnostics
    assert diagnostics is not None
    assert (diagnostics.workspace_id, diagnostics.storage_account_id, diagnostics.logs) == (
        None,
        STORAGE,
        ("Audit", "RequestResponse"),
    )


@pytest.mark.parametrize(
    ("diagnostics", "path", "message"),
    [
        (
            {"logs": ["Audit"]},
            "diagnostics",
            "name at least one destination: workspace_id, storage_account_id or event_hub",
        ),
        (
            {"workspace_id": WORKSPACE, "logs": ["Audits"]},
            "diagnostics.logs",
            "'Audits': not a log category or category group of an account (known: allLogs, audit, Audit,"
            " AzureOpenAIRequestUsage, RequestResponse, Trace)",
        ),
        ({"workspace_id": WORKSPACE, "logs": ["Audit", "Audit"]}, "diagnostics.logs", "names a category twice"),
        (
            {"workspace_id": WORKSPACE, "logs": ["allLogs", "Trace"]},
            "diagnostics.logs",
            "allLogs already holds every category: name it alone",
        ),
        (
            {"storage_account_id": WORKSPACE},
            "diagnostics.storage_account_id",
            f"{WORKSPACE!r} is not a storage account resource id: expected /subscriptions/<subscription-guid>/"
            "resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<account>",
        ),
    ],
)
def test_diagnostics_rules(diagnostics: dict, path: str, message: str) -> None:
    assert errors(mutate(baseline(), ("diagnostics",), diagnostics)) == [(path, message)]


DEEPSEEK = {
    "model": {"name": "DeepSeek-R1", "version": "1", "format": "DeepSeek"},
    "sku": "DataZoneProvisionedManaged",
    "capacity": 100,
}


def test_a_deepseek_deployment_is_accepted_on_an_aiservices_account() -> None:
    spec = valid(mutate(foundry(), (*ACC, "deployments", "deepseek"), DEEPSEEK))
    deployment = spec.accounts["sweden"].deployments["deepseek"]
    assert (deployment.model.format, deployment.capacity) == ("DeepSeek", 100)


def test_a_deepseek_deployment_is_refused_on_an_openai_account() -> None:
    assert errors(mutate(baseline(), (*ACC, "deployments", "deepseek"), DEEPSEEK)) == [
        (
            "accounts.sweden.deployments.deepseek.model.format",
            "DeepSeek models are deployed on AIServices (Foundry) accounts only; this account is OpenAI: set kind:"
            " AIServices or deploy the model in an AIServices account",
        )
    ]


def test_a_partner_model_is_sized_on_its_own_steps() -> None:
    raw = mutate(foundry(), (*ACC, "deployments", "deepseek"), {**DEEPSEEK, "capacity": 150})
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.deepseek.capacity",
            "150 PTU is not valid for DataZoneProvisionedManaged DeepSeek-R1: sizes start at 100 and grow in steps of"
            " 100 (100, 200, 300, …; nearest: 100 or 200)",
        )
    ]


def test_an_unknown_model_format_is_refused() -> None:
    raw = mutate(
        foundry(), (*ACC, "deployments", "deepseek"), {**DEEPSEEK, "model": {**DEEPSEEK["model"], "format": "deepseek"}}
    )
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.deepseek.model.format",
            "model format 'deepseek' is not known: use one of OpenAI, Black Forest Labs, Cohere, DeepSeek, Meta,"
            " Microsoft, Mistral AI, MoonshotAI, xAI",
        )
    ]


def test_a_partner_model_has_no_regional_provisioned_offering() -> None:
    raw = mutate(foundry(), (*ACC, "deployments", "deepseek"), {**DEEPSEEK, "sku": "ProvisionedManaged"})
    raw = mutate(raw, ("data_zone",), DELETE)
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.deepseek.sku",
            "DeepSeek-R1 has no ProvisionedManaged offering (Microsoft's PTU sizing lists global and data-zone steps"
            " only): use GlobalProvisionedManaged or DataZoneProvisionedManaged",
        )
    ]
