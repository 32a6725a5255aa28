"""Account policies: the shipped prod plan passes; one mutated input per failing case yields the exact message."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DELETE
from policy_kit import found, named, not_applicable, shipped_config, shipped_plan, with_inputs

from aoai.plan.engine import Plan

SWEDEN = "aoai-sweden-account"
FRANCE = "aoai-france-account"
KV = "https://kv-aoai.vault.azure.net/"
PROD = shipped_config("prod")


def sweden(changes: dict[str, Any]) -> Plan:
    return with_inputs(shipped_plan("prod"), SWEDEN, changes)


ACCOUNT_POLICIES = [
    "account-disallow-public-network-access",
    "account-disallow-local-auth",
    "account-require-managed-identity",
    "account-require-custom-subdomain",
    "account-restrict-outbound-network",
    "account-disallow-ip-and-vnet-rules",
    "account-allowed-kinds",
    "account-allowed-regions",
    "account-require-tags",
    "account-naming-convention",
    "account-require-protect",
    "account-projects-require-private-access",
]


@pytest.mark.parametrize("policy", ACCOUNT_POLICIES)
def test_prod_baseline_passes(policy: str) -> None:
    assert found(shipped_plan("prod"), policy) == []


CASES = [
    (
        "account-disallow-public-network-access",
        {"properties.publicNetworkAccess": "Enabled"},
        "publicNetworkAccess is 'Enabled': the account is reachable from the internet.",
    ),
    (
        "account-disallow-public-network-access",
        {"properties.publicNetworkAccess": DELETE},
        "publicNetworkAccess is not set (Azure enables it): the account is reachable from the internet.",
    ),
    (
        "account-disallow-local-auth",
        {"properties.disableLocalAuth": False},
        "disableLocalAuth is false, so Azure accepts API keys.",
    ),
    (
        "account-disallow-local-auth",
        {"properties.disableLocalAuth": DELETE},
        "disableLocalAuth is not set, so Azure accepts API keys.",
    ),
    (
        "account-require-managed-identity",
        {"identity": DELETE},
        "identity is not set: the account has no managed identity.",
    ),
    (
        "account-require-managed-identity",
        {"identity.type": "None"},
        "identity.type is 'None': the account has no managed identity.",
    ),
    (
        "account-require-custom-subdomain",
        {"properties.customSubDomainName": DELETE},
        "customSubDomainName is not set: Entra ID tokens, disabling local auth and private endpoints all need it,"
        " and it cannot be added later without recreating the account.",
    ),
    (
        "account-restrict-outbound-network",
        {"properties.restrictOutboundNetworkAccess": DELETE},
        "restrictOutboundNetworkAccess is not set: the account may call any host on the internet.",
    ),
    (
        "account-restrict-outbound-network",
        {"properties.restrictOutboundNetworkAccess": False},
        "restrictOutboundNetworkAccess is false: the account may call any host on the internet.",
    ),
    (
        "account-restrict-outbound-network",
        {"properties.allowedFqdnList": []},
        "restrictOutboundNetworkAccess is true but allowedFqdnList is empty: list the hosts the account may call"
        " (features that call out, such as On Your Data, fail without them).",
    ),
    (
        "account-disallow-ip-and-vnet-rules",
        {"properties.networkAcls.ipRules": [{"value": "203.0.113.0/24"}]},
        "networkAcls.ipRules admits 203.0.113.0/24: reach the account privately instead.",
    ),
    (
        "account-disallow-ip-and-vnet-rules",
        {"properties.networkAcls.virtualNetworkRules": [{"id": "/subscriptions/x/subnets/a"}]},
        "networkAcls.virtualNetworkRules admits 1 subnet(s): use a private endpoint instead of service endpoints.",
    ),
    (
        "account-allowed-kinds",
        {"kind": "TextAnalytics"},
        "kind 'TextAnalytics' is not allowed; allowed kinds: OpenAI, AIServices.",
    ),
    ("account-allowed-kinds", {"kind": DELETE}, "kind is not set; allowed kinds: OpenAI, AIServices."),
    (
        "account-allowed-regions",
        {"location": "uksouth"},
        "location 'uksouth' is not an allowed region; allowed: swedencentral, francecentral, germanywestcentral,"
        " westeurope.",
    ),
    (
        "account-allowed-regions",
        {"location": DELETE},
        "location is not set, so the account takes its resource group's region, which this policy cannot see; set it"
        " explicitly.",
    ),
    ("account-require-tags", {"tags.owner": DELETE}, "missing required tags: owner."),
    ("account-require-tags", {"tags": DELETE}, "missing required tags: owner, cost-center, data-classification."),
    ("account-require-tags", {"tags.owner": " "}, "required tags with empty values: owner."),
    (
        "account-naming-convention",
        {"accountName": "openai-prod-sweden"},
        "account name 'openai-prod-sweden' does not match the naming convention '^aoai-prod-[a-z]{3}$'.",
    ),
]


@pytest.mark.parametrize(("policy", "changes", "message"), CASES)
def test_violation(policy: str, changes: dict[str, Any], message: str) -> None:
    assert found(sweden(changes), policy) == [(SWEDEN, message)]


def test_projects_require_private_access() -> None:
    policy = "account-projects-require-private-access"
    assert found(sweden({"properties.allowProjectManagement": True}), policy) == []
    assert found(
        sweden({"properties.allowProjectManagement": True, "properties.publicNetworkAccess": "Enabled"}), policy
    ) == [
        (
            SWEDEN,
            "the account holds Foundry projects (allowProjectManagement) but publicNetworkAccess is 'Enabled': the"
            " agents and data of its projects are reachable from the internet.",
        )
    ]
    assert found(sweden({"properties.publicNetworkAccess": "Enabled"}), policy) == []


def test_public_access_config_accepts_a_firewall() -> None:
    plan = sweden({"properties.publicNetworkAccess": "Enabled", "properties.networkAcls.defaultAction": "Deny"})
    policy = "account-disallow-public-network-access"
    assert found(plan, policy, {policy: {"allowFirewalledPublicAccess": True}}) == []
    plan = sweden({"properties.publicNetworkAccess": "Enabled", "properties.networkAcls": DELETE})
    assert found(plan, policy, {policy: {"allowFirewalledPublicAccess": True}}) == [
        (
            SWEDEN,
            "publicNetworkAccess is 'Enabled' and networkAcls.defaultAction is not set (Azure allows all): anyone on"
            " the internet can reach the account.",
        )
    ]


def test_network_rules_config_accepts_ip_rules() -> None:
    plan = sweden({"properties.networkAcls.ipRules": [{"value": "203.0.113.0/24"}]})
    policy = "account-disallow-ip-and-vnet-rules"
    assert found(plan, policy, {policy: {"allowIpRules": True}}) == []


def test_customer_managed_key() -> None:
    policy = "account-require-customer-managed-key"
    key = {"keySource": "Microsoft.KeyVault", "keyVaultProperties": {"keyVaultUri": KV, "keyName": "aoai"}}
    france_with_key = with_inputs(shipped_plan("prod"), FRANCE, {"properties.encryption": key})
    assert found(with_inputs(france_with_key, SWEDEN, {"properties.encryption": key}), policy) == []
    assert found(france_with_key, policy) == [
        (SWEDEN, "encryption is not set: data at rest is encrypted with Microsoft-managed keys.")
    ]
    managed = {"properties.encryption": {"keySource": "Microsoft.CognitiveServices"}}
    assert found(with_inputs(france_with_key, SWEDEN, managed), policy) == [
        (
            SWEDEN,
            "encryption.keySource is 'Microsoft.CognitiveServices': data at rest is encrypted with Microsoft-managed"
            " keys.",
        )
    ]
    partial = {"keySource": "Microsoft.KeyVault", "keyVaultProperties": {"keyVaultUri": KV}}
    assert found(with_inputs(france_with_key, SWEDEN, {"properties.encryption": partial}), policy) == [
        (SWEDEN, "encryption.keyVaultProperties lacks keyName: Azure cannot find the key.")
    ]


def test_region_names_are_compared_in_programmatic_form() -> None:
    assert found(sweden({"location": "Sweden Central"}), "account-allowed-regions") == []


def test_kinds_config_override() -> None:
    policy = "account-allowed-kinds"
    plan = sweden({})
    assert found(plan, policy, {policy: {"allowedKinds": ["OpenAI"]}}) == [
        (FRANCE, "kind 'AIServices' is not allowed; allowed kinds: OpenAI."),
        (SWEDEN, "kind 'AIServices' is not allowed; allowed kinds: OpenAI."),
    ]


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        ("account-allowed-regions", "no allowedRegions configured"),
        ("account-require-tags", "no requiredTags configured"),
        ("account-naming-convention", "no naming pattern configured"),
    ],
)
def test_unconfigured_lists_are_not_applicable(policy: str, reason: str) -> None:
    plan = sweden({"location": "uksouth", "tags": DELETE, "accountName": "x"})
    assert found(plan, policy, {}) == []
    assert not_applicable(plan, policy, {}) == reason


def test_protect_is_read_from_resource_options() -> None:
    plan = shipped_plan("prod")
    named(plan, SWEDEN).protect = False
    assert found(plan, "account-require-protect") == [
        (
            SWEDEN,
            "the account is not protected: `pulumi destroy` or a replacement would delete it with its deployments,"
            " and its name stays blocked for 48 hours of soft delete.",
        )
    ]


def test_dev_is_public_behind_a_firewall_and_passes_its_own_config() -> None:
    plan = shipped_plan("dev")
    policy = "account-disallow-public-network-access"
    assert found(plan, policy, shipped_config("dev")) == []
    assert found(plan, policy, {}) == [
        ("aoai-main-account", "publicNetworkAccess is 'Enabled': the account is reachable from the internet.")
    ]
