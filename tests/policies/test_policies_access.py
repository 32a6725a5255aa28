"""Access policies: the shipped prod plan (which grants its chat service Cognitive Services OpenAI User on both
accounts) passes; one mutated input per failing case yields the exact message; both polarities of each setting."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DELETE
from hypothesis import given
from hypothesis import strategies as st
from policy_kit import found, shipped_config, shipped_plan, with_inputs

from aoai.azure import catalog, types
from aoai.plan.engine import Plan

GRANT = "aoai-sweden-access-chat-service"
APP = "4f8b2c1d-9e3a-4b5c-8d7e-6f1a2b3c4d5e"
DEFINITIONS = "/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/providers/Microsoft.Authorization/roleDefinitions"


def granted(changes: dict[str, Any]) -> Plan:
    return with_inputs(shipped_plan("prod"), GRANT, changes)


@pytest.mark.parametrize("policy", ["access-no-privileged-role", "access-allowed-principal-types"])
def test_prod_baseline_passes(policy: str) -> None:
    plan = shipped_plan("prod")
    assert [r.name for r in plan.resources if r.type == types.ROLE_ASSIGNMENT] == [
        "aoai-france-access-chat-service",
        "aoai-sweden-access-chat-service",
    ]
    assert found(plan, policy) == []


@pytest.mark.parametrize("role", catalog.PRIVILEGED_ROLES)
def test_a_privileged_role_is_refused_by_name_or_guid(role: str) -> None:
    guid = catalog.BUILTIN_ROLES[role]
    for definition in (f"{DEFINITIONS}/{guid}", f"{DEFINITIONS}/{guid.upper()}/"):
        assert found(granted({"roleDefinitionId": definition}), "access-no-privileged-role") == [
            (
                GRANT,
                f"grants {role} to {APP} on aoai-prod-swc: a privileged role (it manages the resource itself, or"
                " grants access to others), far more than calling or managing deployments needs.",
            )
        ]


@pytest.mark.parametrize("role", [r for r in catalog.BUILTIN_ROLES if r not in catalog.PRIVILEGED_ROLES])
def test_a_role_that_is_not_privileged_passes(role: str) -> None:
    plan = granted({"roleDefinitionId": f"{DEFINITIONS}/{catalog.BUILTIN_ROLES[role]}"})
    assert found(plan, "access-no-privileged-role") == []


def test_principal_types_follow_the_configuration() -> None:
    assert shipped_config("prod")["access-allowed-principal-types"] == {
        "allowedPrincipalTypes": ["Group", "ServicePrincipal"]
    }
    assert found(granted({"principalType": "User"}), "access-allowed-principal-types") == [
        (GRANT, "principalType is 'User': this environment grants roles only to Group, ServicePrincipal.")
    ]
    assert found(granted({"principalType": DELETE}), "access-allowed-principal-types") == [
        (GRANT, "principalType is not set: this environment grants roles only to Group, ServicePrincipal.")
    ]
    everyone = {"access-allowed-principal-types": {"allowedPrincipalTypes": list(catalog.PRINCIPAL_TYPES)}}
    assert found(granted({"principalType": "User"}), "access-allowed-principal-types", everyone) == []
    assert found(granted({"principalType": "User"}), "access-allowed-principal-types", {}) == []  # the default


@given(st.one_of(st.none(), st.integers(), st.text(max_size=80), st.lists(st.text(max_size=5), max_size=3)))
def test_access_policies_are_total_over_any_role_definition(value: object) -> None:
    plan = granted({"roleDefinitionId": value, "principalType": value, "scope": value})
    assert len(found(plan, "access-no-privileged-role")) <= 1
    assert len(found(plan, "access-allowed-principal-types")) == (value not in ("Group", "ServicePrincipal"))
