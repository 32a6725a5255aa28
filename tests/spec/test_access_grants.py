"""`aoai:access` and the customer-managed key's access grant: what the stack file accepts, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SUB, UAMI, baseline, customer_managed_key, errors, mutate, second_account, valid
from hypothesis import given
from hypothesis import strategies as st

from aoai.azure import catalog
from aoai.spec import parse_stack

APP = "7d3c1f2e-5a4b-4c3d-8e9f-0a1b2c3d4e5f"
GROUP = "2b6e8f10-3c4d-4e5f-9a0b-1c2d3e4f5a6b"
VAULT = f"{SUB}/rg-keys/providers/Microsoft.KeyVault/vaults/kv-aoai"


def grant(**changes: Any) -> dict[str, Any]:
    return {
        "principal_id": APP,
        "principal_type": "ServicePrincipal",
        "role": "Cognitive Services OpenAI User",
    } | changes


def with_access(access: dict[str, Any], *, two_accounts: bool = True) -> dict[str, Any]:
    raw = mutate(baseline(), ("access",), access)
    return mutate(raw, ("accounts", "france"), second_account()) if two_accounts else raw


def test_a_grant_applies_to_every_account_unless_it_names_some() -> None:
    spec = valid(with_access({"app": grant(), "ops": grant(principal_id=GROUP, accounts=["france"])}))
    assert {key: list(spec.grants_for(key)) for key in spec.accounts} == {"france": ["app", "ops"], "sweden": ["app"]}
    assert spec.access["app"].role_guid == catalog.BUILTIN_ROLES["Cognitive Services OpenAI User"]


def test_a_role_is_a_built_in_name_or_a_role_definition_guid() -> None:
    custom = "0B2C3D4E-1111-4222-8333-944455556666"
    spec = valid(with_access({"app": grant(role=custom)}))
    assert spec.access["app"].role_guid == custom.lower()
    for name in catalog.BUILTIN_ROLES:
        assert valid(with_access({"app": grant(role=name)})).access["app"].role_guid == catalog.BUILTIN_ROLES[name]


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (
            "cognitive services openai user",
            "'cognitive services openai user' is not spelled as Azure spells the role: write"
            " 'Cognitive Services OpenAI User'",
        ),
        (
            "Cognitive Services OpenAI Users",
            "'Cognitive Services OpenAI Users' is not a built-in role aoai knows nor a role definition GUID: did you"
            " mean 'Cognitive Services OpenAI User'? use one of " + ", ".join(catalog.BUILTIN_ROLES) + ", or the GUID"
            " of a custom role",
        ),
        (
            "Reader",
            "'Reader' is not a built-in role aoai knows nor a role definition GUID: use one of "
            + ", ".join(catalog.BUILTIN_ROLES)
            + ", or the GUID of a custom role",
        ),
    ],
)
def test_an_unknown_role_is_refused_with_a_hint(role: str, message: str) -> None:
    assert errors(with_access({"app": grant(role=role)})) == [("access.app.role", message)]


def test_grant_fields_are_checked() -> None:
    raw = with_access({"app": grant(principal_id="my-app", principal_type="Application", accounts=[])})
    assert errors(raw) == [
        ("access.app.accounts", "must have at least one entry"),
        (
            "access.app.principal_id",
            "GUID 'my-app' is not valid: write it as 8-4-4-4-12 hexadecimal digits, e.g."
            " 00000000-0000-0000-0000-000000000000",
        ),
        ("access.app.principal_type", "must be one of 'User', 'Group' or 'ServicePrincipal' (got 'Application')"),
    ]
    assert errors(with_access({"app": grant(scope="subscription")})) == [
        ("access.app.scope", "unknown key; allowed keys: principal_id, principal_type, role, accounts")
    ]


def test_accounts_are_named_once_and_must_exist() -> None:
    assert errors(with_access({"app": grant(accounts=["sweden", "sweden"])})) == [
        ("access.app.accounts", "'sweden' listed more than once: list each account once")
    ]
    assert errors(with_access({"app": grant(accounts=["sweden", "norway"])})) == [
        ("access.app.accounts.1", "'norway' is not an account of this stack (accounts: france, sweden)")
    ]


def test_two_grants_may_not_make_the_same_role_assignment() -> None:
    same = grant(principal_id=APP.upper(), accounts=["sweden"])
    assert errors(with_access({"app": grant(), "app-again": same})) == [
        (
            "access.app-again",
            f"grants Cognitive Services OpenAI User to {APP.upper()} on accounts.sweden, as access.app already does:"
            " Azure holds one role assignment per principal, role and account; remove one",
        )
    ]
    by_guid = grant(role=catalog.BUILTIN_ROLES["Cognitive Services OpenAI User"], accounts=["france"])
    assert [path for path, _ in errors(with_access({"app": grant(), "guid": by_guid}))] == ["access.guid"]
    assert valid(with_access({"app": grant(accounts=["sweden"]), "app-france": grant(accounts=["france"])}))


def test_a_bad_grant_is_reported_with_the_other_errors_of_the_file() -> None:
    raw = mutate(with_access({"app": grant(role="Nobody")}), ("accounts", "sweden", "region"), "atlantis")
    assert [path for path, _ in errors(raw)] == ["access.app.role", "accounts.sweden.region"]


@given(st.text(max_size=40))
def test_any_role_text_is_accepted_only_as_a_known_name_or_a_guid(role: str) -> None:
    raw = with_access({"app": grant(role=role)}, two_accounts=False)
    if role in catalog.BUILTIN_ROLES or catalog.GUID_PATTERN.fullmatch(role) is not None:
        assert parse_stack(raw, "stacks/Pulumi.test.yaml").access["app"].role == role
    else:
        assert [path for path, _ in errors(raw)] == ["access.app.role"]


# --- the customer-managed key's access -------------------------------------------------------------------------


def with_key(**changes: Any) -> dict[str, Any]:
    raw = mutate(baseline(), ("accounts", "sweden", "identity"), {"user_assigned_ids": [UAMI]})
    return mutate(raw, ("accounts", "sweden", "customer_managed_key"), customer_managed_key() | changes)


KEY = "accounts.sweden.customer_managed_key"


def test_key_access_needs_the_vault_and_the_identitys_principal() -> None:
    spec = valid(with_key(grant_key_access=True, key_vault_id=VAULT, identity_principal_id=GROUP))
    key = spec.accounts["sweden"].customer_managed_key
    assert key is not None
    assert (key.grant_key_access, key.key_vault_id, key.identity_principal_id) == (True, VAULT, GROUP)
    assert errors(with_key(grant_key_access=True)) == [
        (f"{KEY}.identity_principal_id", "required when grant_key_access is true"),
        (f"{KEY}.key_vault_id", "required when grant_key_access is true"),
    ]
    assert errors(with_key(key_vault_id=VAULT)) == [
        (
            f"{KEY}.grant_key_access",
            "key_vault_id and identity_principal_id are used only to grant key access: set grant_key_access: true or"
            " remove them",
        )
    ]


def test_key_access_is_granted_on_the_vault_that_holds_the_key() -> None:
    other = VAULT.replace("kv-aoai", "kv-other")
    assert errors(with_key(grant_key_access=True, key_vault_id=other, identity_principal_id=GROUP)) == [
        (
            f"{KEY}.key_vault_id",
            "names vault 'kv-other' but key_vault_uri names vault 'kv-aoai': the grant must be on the vault that"
            " holds the key",
        )
    ]
    upper = VAULT.replace("kv-aoai", "KV-AOAI")
    assert valid(with_key(grant_key_access=True, key_vault_id=upper, identity_principal_id=GROUP))
    not_a_vault = f"{SUB}/rg-keys/providers/Microsoft.Storage/storageAccounts/kvaoai"
    assert errors(with_key(grant_key_access=True, key_vault_id=not_a_vault, identity_principal_id=GROUP)) == [
        (
            f"{KEY}.key_vault_id",
            f"'{not_a_vault}' is not a key vault resource id: expected"
            " /subscriptions/<subscription-guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>",
        )
    ]
