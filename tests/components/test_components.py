"""The components under Pulumi mocks: resources, camelCase inputs, parent chains from URNs and dependency edges."""

from __future__ import annotations

import itertools

import pytest
from conftest import (
    DELETE,
    SUBNET,
    UAMI,
    VNET,
    WORKSPACE,
    baseline,
    customer_managed_key,
    mutate,
    plan_of,
    second_account,
)

from aoai.plan.engine import Plan, PlannedResource

CS = "azure-native:cognitiveservices"
ACCOUNT = f"{CS}:Account"
DEPLOYMENT = f"{CS}:Deployment"
POLICY = f"{CS}:RaiPolicy"
BLOCKLIST = f"{CS}:RaiBlocklist"
ITEMS = "pulumi-python:dynamic/aoai:BlocklistItems"
PE = "azure-native:network:PrivateEndpoint"
ZONE_GROUP = "azure-native:network:PrivateDnsZoneGroup"
ZONE = "azure-native:privatedns:PrivateZone"
LINK = "azure-native:privatedns:VirtualNetworkLink"
DIAGNOSTICS = "azure-native:monitor:DiagnosticSetting"
RG = "azure-native:resources:ResourceGroup"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_of(baseline())


@pytest.fixture(scope="module")
def two_accounts() -> Plan:
    return plan_of(mutate(baseline(), ("accounts", "france"), second_account()))


def one(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.name == name]
    return found


def ancestry(plan: Plan, resource: PlannedResource) -> list[str]:
    """The types of a resource's parents, nearest first, followed through parent URNs up to the stack."""
    by_urn = plan.by_urn()
    types: list[str] = []
    parent = resource.parent
    while parent in by_urn:
        types.append(by_urn[parent].type)
        parent = by_urn[parent].parent
    assert parent is not None
    assert parent.endswith("::pulumi:pulumi:Stack::aoai-test")
    return types


def urn_type(resource: PlannedResource) -> str:
    """The qualified type a URN encodes: `urn:pulumi:stack::project::ParentType$Type::name`."""
    return resource.urn.split("::")[2]


def test_registered_resources(plan: Plan) -> None:
    assert sorted((r.type, r.name) for r in plan.resources) == sorted(
        [
            ("aoai:index:Estate", "aoai"),
            (RG, "aoai-rg"),
            (ZONE, "aoai-zone-privatelink-openai-azure-com"),
            (ZONE, "aoai-zone-privatelink-cognitiveservices-azure-com"),
            (LINK, "aoai-zone-privatelink-openai-azure-com-link-hub"),
            (LINK, "aoai-zone-privatelink-cognitiveservices-azure-com-link-hub"),
            ("aoai:index:OpenAIAccount", "aoai-sweden"),
            (ACCOUNT, "aoai-sweden-account"),
            (DIAGNOSTICS, "aoai-sweden-diagnostics"),
            (BLOCKLIST, "aoai-sweden-blocklist-banned"),
            (ITEMS, "aoai-sweden-blocklist-banned-items"),
            (POLICY, "aoai-sweden-policy-strict"),
            (DEPLOYMENT, "aoai-sweden-deployment-gpt-4o"),
            (DEPLOYMENT, "aoai-sweden-deployment-gpt-4o-ptu"),
            (DEPLOYMENT, "aoai-sweden-deployment-embedding"),
            ("aoai:index:PrivateAccess", "aoai-sweden-private"),
            (PE, "aoai-sweden-private-endpoint"),
            (ZONE_GROUP, "aoai-sweden-private-dns"),
        ]
    )


def test_account_inputs_are_secure_and_camel_case(plan: Plan) -> None:
    account = one(plan, "aoai-sweden-account")
    assert account.inputs == {
        "accountName": "aoai-test-swc",
        "resourceGroupName": "rg-aoai-test",
        "location": "swedencentral",
        "kind": "OpenAI",
        "sku": {"name": "S0"},
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "customSubDomainName": "aoai-test-swc",
            "publicNetworkAccess": "Disabled",
            "networkAcls": {
                "defaultAction": "Deny",
                "bypass": "AzureServices",
                "ipRules": [],
                "virtualNetworkRules": [],
            },
            "disableLocalAuth": True,
            "restrictOutboundNetworkAccess": True,
            "allowedFqdnList": [],
        },
        "tags": {"environment": "test", "managed-by": "aoai", "owner": "platform"},
    }
    assert account.protect is True
    assert account.outputs["properties"]["endpoint"] == "https://aoai-test-swc.openai.azure.com/"


def test_identity_and_customer_managed_key_mapping() -> None:
    cmk = customer_managed_key()
    raw = mutate(baseline(), ("accounts", "sweden", "customer_managed_key"), cmk)
    raw = mutate(raw, ("accounts", "sweden", "identity"), {"system_assigned": True, "user_assigned_ids": [UAMI]})
    account = one(plan_of(raw), "aoai-sweden-account")
    assert account.inputs["identity"] == {"type": "SystemAssigned, UserAssigned", "userAssignedIdentities": [UAMI]}
    assert account.inputs["properties"]["encryption"] == {
        "keySource": "Microsoft.KeyVault",
        "keyVaultProperties": {
            "keyVaultUri": "https://kv-aoai.vault.azure.net/",
            "keyName": "aoai",
            "keyVersion": "0123456789abcdef",
            "identityClientId": "2d1f0c5e-5a7b-4c3d-9e8f-0a1b2c3d4e5f",
        },
    }


def test_public_access_with_ip_rules() -> None:
    raw = mutate(baseline(), ("accounts", "sweden", "public_network_access_enabled"), True)
    raw = mutate(raw, ("accounts", "sweden", "network_acls"), {"ip_rules": ["203.0.113.0/24"], "subnet_ids": [SUBNET]})
    raw = mutate(raw, ("accounts", "sweden", "local_auth_enabled"), True)
    properties = one(plan_of(raw), "aoai-sweden-account").inputs["properties"]
    assert properties["publicNetworkAccess"] == "Enabled"
    assert properties["disableLocalAuth"] is False
    assert properties["networkAcls"] == {
        "defaultAction": "Deny",
        "bypass": "AzureServices",
        "ipRules": [{"value": "203.0.113.0/24"}],
        "virtualNetworkRules": [{"id": SUBNET}],
    }


def test_deployment_inputs(plan: Plan) -> None:
    ptu = one(plan, "aoai-sweden-deployment-gpt-4o-ptu")
    assert ptu.inputs == {
        "accountName": "aoai-test-swc",
        "resourceGroupName": "rg-aoai-test",
        "deploymentName": "gpt-4o-ptu",
        "sku": {"name": "DataZoneProvisionedManaged", "capacity": 15},
        "properties": {
            "model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"},
            "raiPolicyName": "aoai-strict",
            "versionUpgradeOption": "OnceCurrentVersionExpired",
            "spilloverDeploymentName": "gpt-4o",
        },
    }
    assert ptu.protect is False
    embedding = one(plan, "aoai-sweden-deployment-embedding")
    assert embedding.inputs["properties"]["raiPolicyName"] == "Microsoft.DefaultV2"
    assert "spilloverDeploymentName" not in embedding.inputs["properties"]


def test_rai_policy_states_every_filter_and_only_2025_06_01_fields(plan: Plan) -> None:
    policy = one(plan, "aoai-sweden-policy-strict")
    properties = policy.inputs["properties"]
    assert set(properties) == {"basePolicyName", "mode", "contentFilters", "customBlocklists"}
    assert properties["mode"] == "Blocking"
    filters = {(f["name"], f["source"]): f for f in properties["contentFilters"]}
    assert len(properties["contentFilters"]) == len(filters) == 14
    assert filters[("Hate", "Prompt")] == {
        "name": "Hate",
        "source": "Prompt",
        "enabled": True,
        "blocking": True,
        "severityThreshold": "Low",
    }
    assert filters[("Selfharm", "Completion")]["severityThreshold"] == "Medium"
    assert filters[("Indirect Attack", "Prompt")] == {
        "name": "Indirect Attack",
        "source": "Prompt",
        "enabled": True,
        "blocking": True,
    }
    assert filters[("Protected Material Code", "Completion")]["enabled"] is True
    assert filters[("Profanity", "Prompt")]["enabled"] is False
    assert all("action" not in f for f in properties["contentFilters"])
    assert properties["customBlocklists"] == [
        {"blocklistName": "banned", "blocking": True, "source": "Prompt"},
        {"blocklistName": "banned", "blocking": True, "source": "Completion"},
    ]


def test_blocklist_items_are_one_resource_per_blocklist(plan: Plan) -> None:
    items = one(plan, "aoai-sweden-blocklist-banned-items")
    assert items.inputs == {
        "subscriptionId": "00000000-0000-0000-0000-000000000000",  # the mocks' default: the baseline sets none
        "resourceGroupName": "rg-aoai-test",
        "accountName": "aoai-test-swc",
        "raiBlocklistName": "banned",
        "items": {
            "falcon": {"pattern": "Project Falcon", "isRegex": False},
            "hosts": {"pattern": r"\w+\.corp", "isRegex": True},
        },
    }
    blocklist = one(plan, "aoai-sweden-blocklist-banned")
    assert items.id == f"{blocklist.id}/raiBlocklistItems"
    assert items.outputs == items.inputs
    assert items.property_dependencies == {
        "accountName": [one(plan, "aoai-sweden-account").urn],
        "items": [],
        "raiBlocklistName": [blocklist.urn],
        "resourceGroupName": [one(plan, "aoai-rg").urn],
        "subscriptionId": [blocklist.urn],
    }
    assert blocklist.inputs["properties"] == {"description": "terms"}


def test_each_blocklist_is_followed_by_its_items_before_the_next_blocklist() -> None:
    raw = mutate(baseline(), ("blocklists", "extra"), {"items": {"eagle": {"pattern": "Project Eagle"}}})
    raw = mutate(raw, ("content_filters", "strict", "blocklists", "extra"), {})
    plan = plan_of(raw)
    chain = [
        "aoai-sweden-blocklist-banned",
        "aoai-sweden-blocklist-banned-items",
        "aoai-sweden-blocklist-extra",
        "aoai-sweden-blocklist-extra-items",
        "aoai-sweden-policy-strict",
    ]
    assert _direct_deps(plan, chain[1]) == {"aoai-rg", "aoai-sweden-account", "aoai-sweden-blocklist-banned"}
    assert _direct_deps(plan, chain[2]) == {"aoai-rg", "aoai-sweden-account", "aoai-sweden-blocklist-banned-items"}
    assert _direct_deps(plan, chain[3]) == {"aoai-rg", "aoai-sweden-account", "aoai-sweden-blocklist-extra"}
    assert _direct_deps(plan, chain[4]) == {
        "aoai-rg",
        "aoai-sweden-account",
        "aoai-sweden-blocklist-banned",
        "aoai-sweden-blocklist-extra",
        "aoai-sweden-blocklist-extra-items",
    }
    assert one(plan, "aoai-sweden-blocklist-extra-items").inputs["items"] == {
        "eagle": {"pattern": "Project Eagle", "isRegex": False}
    }


def test_a_blocklist_without_items_still_has_its_items_resource() -> None:
    """Adding the first item later is then an update of the resource, and removing the last one too."""
    plan = plan_of(mutate(baseline(), ("blocklists", "banned", "items"), {}))
    assert one(plan, "aoai-sweden-blocklist-banned-items").inputs["items"] == {}


def test_parent_chains_from_urns(plan: Plan) -> None:
    estate, account = "aoai:index:Estate", "aoai:index:OpenAIAccount"
    assert ancestry(plan, one(plan, "aoai-rg")) == [estate]
    for name in ("aoai-sweden-account", "aoai-sweden-deployment-gpt-4o", "aoai-sweden-blocklist-banned-items"):
        assert ancestry(plan, one(plan, name)) == [account, estate]
    assert ancestry(plan, one(plan, "aoai-sweden-private-endpoint")) == ["aoai:index:PrivateAccess", estate]
    assert urn_type(one(plan, "aoai-sweden-account")) == f"{account}${ACCOUNT}"
    assert urn_type(one(plan, "aoai-sweden-private-dns")) == f"aoai:index:PrivateAccess${ZONE_GROUP}"
    assert urn_type(one(plan, "aoai-sweden-blocklist-banned-items")) == f"{account}${ITEMS}"
    custom = [r for r in plan.resources if r.custom]
    assert all(r.parent is not None and r.parent != one(plan, "aoai").parent for r in custom)


def _direct_deps(plan: Plan, name: str) -> set[str]:
    by_urn = plan.by_urn()
    return {by_urn[d].name for d in one(plan, name).dependencies}


def test_child_writes_of_an_account_form_one_chain(plan: Plan) -> None:
    chain = [
        "aoai-sweden-blocklist-banned",
        "aoai-sweden-blocklist-banned-items",
        "aoai-sweden-policy-strict",
        "aoai-sweden-deployment-gpt-4o",
        "aoai-sweden-deployment-embedding",
        "aoai-sweden-deployment-gpt-4o-ptu",
    ]
    assert _direct_deps(plan, chain[0]) == {"aoai-rg", "aoai-sweden-account"}
    for previous, current in itertools.pairwise(chain):
        assert previous in _direct_deps(plan, current), f"{current} must wait for {previous}"


def test_deployment_depends_on_its_policy_and_spillover_target(plan: Plan) -> None:
    assert _direct_deps(plan, "aoai-sweden-deployment-gpt-4o-ptu") == {
        "aoai-rg",
        "aoai-sweden-account",
        "aoai-sweden-deployment-embedding",
        "aoai-sweden-deployment-gpt-4o",
        "aoai-sweden-policy-strict",
    }
    assert _direct_deps(plan, "aoai-sweden-policy-strict") >= {"aoai-sweden-blocklist-banned"}


def test_private_endpoint_waits_for_every_child_of_its_account(plan: Plan) -> None:
    account = one(plan, "aoai-sweden")
    children = {r.name for r in plan.resources if r.parent == account.urn and r.custom}
    assert children >= {"aoai-sweden-account", "aoai-sweden-diagnostics", "aoai-sweden-deployment-gpt-4o-ptu"}
    assert _direct_deps(plan, "aoai-sweden-private-endpoint") >= children
    endpoint = one(plan, "aoai-sweden-private-endpoint")
    assert endpoint.inputs["privateLinkServiceConnections"] == [
        {
            "name": "pe-aoai-test-swc",
            "privateLinkServiceId": one(plan, "aoai-sweden-account").id,
            "groupIds": ["account"],
        }
    ]
    assert endpoint.inputs["subnet"]["id"] == SUBNET
    assert endpoint.inputs["customNetworkInterfaceName"] == "pe-aoai-test-swc-nic"


def test_zone_group_covers_the_kind_zones(plan: Plan, two_accounts: Plan) -> None:
    def zones(p: Plan, account: str) -> list[str]:
        configs = one(p, f"aoai-{account}-private-dns").inputs["privateDnsZoneConfigs"]
        return [c["privateDnsZoneId"].rsplit("/", 1)[-1] for c in configs]

    assert zones(plan, "sweden") == ["privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com"]
    assert zones(two_accounts, "france") == [
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    ]


def test_dns_zones_are_created_once_per_stack_and_linked(two_accounts: Plan) -> None:
    zones = sorted(r.inputs["privateZoneName"] for r in two_accounts.of_type(ZONE))
    assert zones == [
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    ]
    links = two_accounts.of_type(LINK)
    assert len(links) == 3
    assert {link.inputs["virtualNetwork"]["id"] for link in links} == {VNET}
    assert {link.inputs["registrationEnabled"] for link in links} == {False}


def test_existing_dns_zones_and_resource_group_are_referenced_not_created() -> None:
    zone_ids = {
        zone: f"/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/resourceGroups/rg-dns/providers/"
        f"Microsoft.Network/privateDnsZones/{zone}"
        for zone in ("privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com")
    }
    raw = mutate(baseline(), ("private_access", "dns_zones"), {"existing": zone_ids})
    raw = mutate(raw, ("resource_group",), {"name": "rg-shared", "create": False})
    plan = plan_of(raw)
    assert plan.of_type(ZONE) == plan.of_type(LINK) == plan.of_type(RG) == []
    configs = one(plan, "aoai-sweden-private-dns").inputs["privateDnsZoneConfigs"]
    assert sorted(c["privateDnsZoneId"] for c in configs) == sorted(zone_ids.values())
    assert one(plan, "aoai-sweden-account").inputs["resourceGroupName"] == "rg-shared"


def test_accounts_share_no_dependency_edge(two_accounts: Plan) -> None:
    by_urn = two_accounts.by_urn()

    def owner(resource: PlannedResource) -> str | None:
        for key in ("sweden", "france"):
            if resource.name.startswith(f"aoai-{key}"):
                return key
        return None

    for resource in two_accounts.resources:
        mine = owner(resource)
        if mine is None:
            continue
        others = {owner(by_urn[d]) for d in resource.dependencies} - {None, mine}
        assert not others, f"{resource.name} depends on another account's resources"


def test_diagnostic_setting_sends_all_logs_and_metrics(plan: Plan) -> None:
    setting = one(plan, "aoai-sweden-diagnostics")
    assert setting.inputs == {
        "name": "aoai-diagnostics",
        "resourceUri": one(plan, "aoai-sweden-account").id,
        "workspaceId": WORKSPACE,
        "logs": [{"categoryGroup": "allLogs", "enabled": True}],
        "metrics": [{"category": "AllMetrics", "enabled": True}],
    }
    assert plan_of(mutate(baseline(), ("diagnostics",), DELETE)).of_type(DIAGNOSTICS) == []


def test_protect_and_resource_group(plan: Plan) -> None:
    assert one(plan, "aoai-rg").protect is True
    assert one(plan, "aoai-rg").inputs == {
        "resourceGroupName": "rg-aoai-test",
        "location": "swedencentral",
        "tags": {"environment": "test", "managed-by": "aoai", "owner": "platform"},
    }
    relaxed = plan_of(mutate(baseline(), ("production",), False))
    assert {r.protect for r in relaxed.resources} == {False}


def test_stack_outputs(two_accounts: Plan) -> None:
    outputs = two_accounts.outputs
    assert outputs["endpoints"] == {
        "france": "https://aoai-test-frc.cognitiveservices.azure.com/",
        "sweden": "https://aoai-test-swc.openai.azure.com/",
    }
    assert outputs["accountIds"]["sweden"] == one(two_accounts, "aoai-sweden-account").id
    assert set(outputs["principalIds"]) == {"france", "sweden"}
    assert outputs["routing"]["gpt-4o"] == [
        {
            "region": "francecentral",
            "account": "aoai-test-frc",
            "endpoint": "https://aoai-test-frc.openai.azure.com/",
            "sku": "DataZoneStandard",
            "capacity": 50,
            "spillover": None,
        },
        {
            "region": "swedencentral",
            "account": "aoai-test-swc",
            "endpoint": "https://aoai-test-swc.openai.azure.com/",
            "sku": "DataZoneStandard",
            "capacity": 100,
            "spillover": None,
        },
    ]
    assert outputs["routing"]["gpt-4o-ptu"][0]["spillover"] == "gpt-4o"
    assert "key" not in str(outputs).lower()
