"""Role assignments under Pulumi mocks: one per grant and account, deterministic GUID names, the role definition in
the scope's subscription, the customer-managed key's grant made before the account, and bodies of the shape the
Microsoft.Authorization 2022-04-01 API (the version pulumi-azure-native 3.x uses) accepts."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from conftest import SUB, UAMI, baseline, customer_managed_key, mutate, plan_of, second_account

from aoai.azure import catalog
from aoai.plan.engine import Plan, PlannedResource

ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment"
APP = "7d3c1f2e-5a4b-4c3d-8e9f-0a1b2c3d4e5f"
GROUP = "2b6e8f10-3c4d-4e5f-9a0b-1c2d3e4f5a6b"
KEY_IDENTITY = "5c4b3a29-1807-4f6e-9d5c-4b3a29180706"
SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"  # the mocks' subscription: offline account ids are built in it
VAULT_SUBSCRIPTION = "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30"  # conftest.SUB's
VAULT = f"{SUB}/rg-keys/providers/Microsoft.KeyVault/vaults/kv-aoai"
ACCOUNT_SCOPE = "/subscriptions/{sub}/resourceGroups/rg-aoai-test/providers/Microsoft.CognitiveServices/accounts/{name}"
# SPEC-AUTHORIZATION 2022-04-01 RoleAssignmentProperties: principalId and roleDefinitionId are required, principalType
# is one of these; the assignment's name is a GUID.
PRINCIPAL_TYPE_ENUM = {"User", "Group", "ServicePrincipal", "ForeignGroup", "Device"}
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def estate(**access: Any) -> dict[str, Any]:
    raw = mutate(baseline(), ("accounts", "france"), second_account())
    return mutate(raw, ("access",), access)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_of(
        estate(
            app={"principal_id": APP, "principal_type": "ServicePrincipal", "role": "Cognitive Services OpenAI User"},
            ops={
                "principal_id": GROUP,
                "principal_type": "Group",
                "role": "Cognitive Services OpenAI Contributor",
                "accounts": ["france"],
            },
        )
    )


def assignments(plan: Plan) -> dict[str, PlannedResource]:
    return {r.name: r for r in plan.resources if r.type == ROLE_ASSIGNMENT}


def role_definition(role: str) -> str:
    return (
        f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{catalog.BUILTIN_ROLES[role]}"
    )


def check_body(inputs: dict[str, Any]) -> None:
    """What SPEC-AUTHORIZATION 2022-04-01 requires of a role assignment create."""
    assert {"principalId", "roleDefinitionId", "scope", "roleAssignmentName"} <= set(inputs)
    assert set(inputs) <= {"principalId", "roleDefinitionId", "scope", "roleAssignmentName", "principalType"}
    assert GUID.fullmatch(inputs["roleAssignmentName"])
    assert GUID.fullmatch(inputs["principalId"].lower())
    assert inputs["principalType"] in PRINCIPAL_TYPE_ENUM
    assert re.fullmatch(
        r"/subscriptions/[0-9a-f-]{36}/providers/Microsoft\.Authorization/roleDefinitions/[0-9a-f-]{36}",
        inputs["roleDefinitionId"],
    )


def test_one_role_assignment_per_grant_and_account(plan: Plan) -> None:
    found = assignments(plan)
    assert sorted(found) == ["aoai-france-access-app", "aoai-france-access-ops", "aoai-sweden-access-app"]
    sweden = found["aoai-sweden-access-app"]
    scope = ACCOUNT_SCOPE.format(sub=SUBSCRIPTION, name="aoai-test-swc")
    assert sweden.inputs == {
        "scope": scope,
        "roleAssignmentName": "83492581-2fd6-5762-abe4-7aaef957473a",
        "roleDefinitionId": role_definition("Cognitive Services OpenAI User"),
        "principalId": APP,
        "principalType": "ServicePrincipal",
    }
    assert found["aoai-france-access-ops"].inputs["roleDefinitionId"] == role_definition(
        "Cognitive Services OpenAI Contributor"
    )
    for resource in found.values():
        check_body(resource.inputs)
        assert resource.outputs["id"] == (
            f"{resource.inputs['scope']}/providers/Microsoft.Authorization/roleAssignments/"
            f"{resource.inputs['roleAssignmentName']}"
        )


def test_the_name_is_derived_from_scope_principal_and_role_and_is_stable(plan: Plan) -> None:
    names = {n: r.inputs["roleAssignmentName"] for n, r in assignments(plan).items()}
    assert len(set(names.values())) == 3
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "aoai:role-assignment")
    scope = ACCOUNT_SCOPE.format(sub=SUBSCRIPTION, name="aoai-test-swc").lower()
    role = catalog.BUILTIN_ROLES["Cognitive Services OpenAI User"]
    assert names["aoai-sweden-access-app"] == str(uuid.uuid5(namespace, f"{scope}|{APP}|{role}"))
    again = plan_of(
        estate(
            app={"principal_id": APP, "principal_type": "ServicePrincipal", "role": "Cognitive Services OpenAI User"}
        )
    )
    assert assignments(again)["aoai-sweden-access-app"].inputs["roleAssignmentName"] == names["aoai-sweden-access-app"]


def test_a_role_assignment_belongs_to_its_account_and_waits_for_it(plan: Plan) -> None:
    by_urn = plan.by_urn()
    sweden = assignments(plan)["aoai-sweden-access-app"]
    assert sweden.parent is not None
    assert by_urn[sweden.parent].name == "aoai-sweden"
    assert by_urn[sweden.parent].type == "aoai:index:OpenAIAccount"
    assert [by_urn[d].name for d in sweden.dependencies] == ["aoai-sweden-account"]
    assert {k: [by_urn[u].name for u in v] for k, v in sweden.property_dependencies.items() if v} == {
        "roleAssignmentName": ["aoai-sweden-account"],
        "roleDefinitionId": ["aoai-sweden-account"],
        "scope": ["aoai-sweden-account"],
    }


def test_no_grants_no_role_assignments() -> None:
    assert assignments(plan_of(baseline())) == {}


def test_the_keys_identity_is_granted_the_key_before_the_account_exists() -> None:
    raw = mutate(baseline(), ("accounts", "sweden", "identity"), {"user_assigned_ids": [UAMI]})
    key = customer_managed_key() | {
        "grant_key_access": True,
        "key_vault_id": VAULT,
        "identity_principal_id": KEY_IDENTITY,
    }
    plan = plan_of(mutate(raw, ("accounts", "sweden", "customer_managed_key"), key))
    (grant,) = assignments(plan).values()
    assert grant.name == "aoai-sweden-key-access"
    assert grant.inputs == {
        "scope": VAULT,
        "roleAssignmentName": str(
            uuid.uuid5(
                uuid.uuid5(uuid.NAMESPACE_URL, "aoai:role-assignment"),
                f"{VAULT.lower()}|{KEY_IDENTITY}|{catalog.BUILTIN_ROLES[catalog.KEY_ACCESS_ROLE]}",
            )
        ),
        "roleDefinitionId": f"/subscriptions/{VAULT_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/"
        f"{catalog.BUILTIN_ROLES['Key Vault Crypto Service Encryption User']}",
        "principalId": KEY_IDENTITY,
        "principalType": "ServicePrincipal",
    }
    check_body(grant.inputs)
    account = next(r for r in plan.resources if r.name == "aoai-sweden-account")
    assert grant.urn in account.dependencies
    assert grant.dependencies == []
