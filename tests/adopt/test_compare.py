"""Writable properties compared: exact differences, ids ignoring case, named entries by name, empty as absent."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from aoai.adopt import compare
from aoai.adopt.compare import Difference
from aoai.azure import types

ACCOUNT_ID = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a"


def live_account(**properties: Any) -> dict[str, Any]:
    return {
        "id": ACCOUNT_ID,
        "name": "a",
        "location": "swedencentral",
        "kind": "AIServices",
        "sku": {"name": "S0"},
        "identity": {"type": "SystemAssigned", "principalId": "p", "tenantId": "t"},
        "tags": {"owner": "me"},
        "properties": {
            "provisioningState": "Succeeded",
            "endpoint": "https://a.openai.azure.com/",
            "customSubDomainName": "a",
            "publicNetworkAccess": "Disabled",
            "disableLocalAuth": True,
            **properties,
        },
    }


PLANNED = {
    "accountName": "a",
    "resourceGroupName": "rg",
    "location": "swedencentral",
    "kind": "AIServices",
    "sku": {"name": "S0"},
    "identity": {"type": "SystemAssigned"},
    "tags": {"owner": "me"},
    "properties": {
        "customSubDomainName": "a",
        "publicNetworkAccess": "Disabled",
        "disableLocalAuth": True,
        "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [], "virtualNetworkRules": []},
    },
}


def account_differences(live: dict[str, Any], planned: dict[str, Any] = PLANNED) -> list[Difference]:
    return compare.differences(compare.live_inputs(types.ACCOUNT, live), compare.planned_inputs(types.ACCOUNT, planned))


def test_read_only_properties_and_names_are_not_compared() -> None:
    live = live_account(networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"})
    assert account_differences(live) == []


def test_a_writable_property_aoai_does_not_set_is_a_difference() -> None:
    live = live_account(networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"}, dynamicThrottlingEnabled=True)
    assert account_differences(live) == [Difference("properties.dynamicThrottlingEnabled", True, None)]


def test_empty_values_are_absent_and_false_is_empty() -> None:
    live = live_account(
        networkAcls={"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": None},
        allowProjectManagement=False,
        apiProperties={},
        restrictOutboundNetworkAccess=None,
    )
    assert account_differences(live) == []


def test_ip_rules_compare_as_a_set_and_each_missing_rule_is_named() -> None:
    planned = {
        **PLANNED,
        "properties": {
            **PLANNED["properties"],
            "networkAcls": {
                "defaultAction": "Deny",
                "bypass": "AzureServices",
                "ipRules": [{"value": "203.0.113.0/24"}, {"value": "198.51.100.7"}],
                "virtualNetworkRules": [],
            },
        },
    }
    live = live_account(
        networkAcls={"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [{"value": "198.51.100.7"}]}
    )
    assert account_differences(live, planned) == [
        Difference("properties.networkAcls.ipRules[203.0.113.0/24].value", None, "203.0.113.0/24")
    ]
    live["properties"]["networkAcls"]["ipRules"].insert(0, {"value": "203.0.113.0/24"})
    assert account_differences(live, planned) == []


def test_ids_compare_ignoring_case_and_identities_as_a_set() -> None:
    uami = "/subscriptions/X/resourceGroups/RG-ID/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"
    live = live_account(networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"})
    live["identity"] = {"type": "UserAssigned", "userAssignedIdentities": {uami.lower(): {"clientId": "c"}}}
    planned = {**PLANNED, "identity": {"type": "UserAssigned", "userAssignedIdentities": [uami]}}
    assert account_differences(live, planned) == []


def test_an_account_without_identity_is_type_none() -> None:
    live = live_account(networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"})
    del live["identity"]
    planned = {**PLANNED, "identity": {"type": "None"}}
    assert account_differences(live, planned) == []


def test_content_filters_compare_by_name_and_source() -> None:
    entry = {"name": "Hate", "source": "Prompt", "enabled": True, "blocking": True, "severityThreshold": "Low"}
    other = {"name": "Hate", "source": "Completion", "enabled": True, "blocking": False, "severityThreshold": "Low"}
    live = {"id": "x", "properties": {"type": "UserManaged", "mode": "Blocking", "contentFilters": [other, entry]}}
    planned = {
        "accountName": "a",
        "resourceGroupName": "rg",
        "raiPolicyName": "p",
        "properties": {"mode": "Blocking", "contentFilters": [entry, {**other, "blocking": True}]},
    }
    assert compare.differences(
        compare.live_inputs(types.RAI_POLICY, live), compare.planned_inputs(types.RAI_POLICY, planned)
    ) == [Difference("properties.contentFilters[Hate/Completion].blocking", None, True)]


def test_a_private_endpoints_subnet_is_its_id_only() -> None:
    planned = {
        "privateEndpointName": "pe",
        "resourceGroupName": "rg",
        "location": "swedencentral",
        "subnet": {"id": "/subscriptions/x/s", "privateEndpointNetworkPolicies": "Disabled"},
    }
    live = {
        "id": "y",
        "location": "swedencentral",
        "properties": {"subnet": {"id": "/subscriptions/X/s", "name": "s"}, "provisioningState": "Succeeded"},
    }
    assert (
        compare.differences(
            compare.live_inputs(types.PRIVATE_ENDPOINT, live), compare.planned_inputs(types.PRIVATE_ENDPOINT, planned)
        )
        == []
    )


def test_one_and_one_point_zero_are_one_number_but_true_is_not_one() -> None:
    assert compare.differences({"a": 1}, {"a": 1.0}) == []
    assert compare.differences({"a": True}, {"a": 1}) == [Difference("a", True, 1)]


def test_blocklist_items_compare_by_name() -> None:
    live = [
        {"name": "i1", "properties": {"pattern": "x", "isRegex": False}},
        {"name": "i2", "properties": {"pattern": "y", "isRegex": True}},
    ]
    planned = {"i1": {"pattern": "x", "isRegex": False}, "i3": {"pattern": "z", "isRegex": False}}
    assert compare.item_differences(live, planned) == [
        Difference("items.i2.isRegex", True, None),
        Difference("items.i2.pattern", "y", None),
        Difference("items.i3.pattern", None, "z"),
    ]


JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=12,
)


@given(JSON)
def test_anything_equals_itself(value: Any) -> None:
    assert compare.differences({"v": value}, {"v": value}) == []


@given(JSON, JSON)
def test_differences_are_symmetric(a: Any, b: Any) -> None:
    forth = compare.differences({"v": a}, {"v": b})
    back = compare.differences({"v": b}, {"v": a})
    assert [(d.path, d.live, d.planned) for d in forth] == [(d.path, d.planned, d.live) for d in back]


def test_a_location_by_its_display_name_is_its_region() -> None:
    live = live_account(networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"})
    live["location"] = "Sweden Central"
    assert account_differences(live) == []
    live["location"] = "West Europe"
    assert account_differences(live) == [Difference("location", "westeurope", "swedencentral")]


def test_a_subnet_rule_is_compared_by_what_can_be_written() -> None:
    subnet = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    live = live_account(
        networkAcls={
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "virtualNetworkRules": [{"id": subnet, "state": "Succeeded", "ignoreMissingVnetServiceEndpoint": False}],
        }
    )
    planned = {
        **PLANNED,
        "properties": {
            **PLANNED["properties"],
            "networkAcls": {
                "defaultAction": "Deny",
                "bypass": "AzureServices",
                "ipRules": [],
                "virtualNetworkRules": [{"id": subnet}],
            },
        },
    }
    assert account_differences(live, planned) == []
