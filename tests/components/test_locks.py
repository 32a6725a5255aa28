"""Management locks: `lock: CanNotDelete` on the stack or an account becomes one lock at the account's scope, made
after every child write and every resource at that scope (so that Pulumi removes it first), and `aoai diff` says
when a change deletes what a lock that stays would protect."""

from __future__ import annotations

from conftest import baseline, errors, mutate, plan_of, second_account, valid
from policy_kit import shipped_plan, with_inputs
from review_kit import document, dropped

from aoai.plan.engine import Plan, PlannedResource
from aoai.review.deltas import review

LOCK = "azure-native:authorization:ManagementLockByScope"
APP = "7d3c1f2e-5a4b-4c3d-8e9f-0a1b2c3d4e5f"


def locks(plan: Plan) -> dict[str, PlannedResource]:
    return {r.name: r for r in plan.resources if r.type == LOCK}


def test_the_stack_lock_covers_every_account_and_an_account_may_set_its_own() -> None:
    two = mutate(baseline(), ("accounts", "france"), second_account())
    assert [k for k in valid(two).accounts if valid(two).lock_for(k)] == []
    spec = valid(mutate(two, ("lock",), "CanNotDelete"))
    assert {k: spec.lock_for(k) for k in spec.accounts} == {"sweden": "CanNotDelete", "france": "CanNotDelete"}
    spec = valid(mutate(two, ("accounts", "france", "lock"), "CanNotDelete"))
    assert {k: spec.lock_for(k) for k in spec.accounts} == {"sweden": None, "france": "CanNotDelete"}


def test_only_can_not_delete_is_accepted() -> None:
    assert errors(mutate(baseline(), ("lock",), "ReadOnly")) == [("lock", "must be 'CanNotDelete' (got 'ReadOnly')")]
    assert errors(mutate(baseline(), ("accounts", "sweden", "lock"), True)) == [
        ("accounts.sweden.lock", "must be 'CanNotDelete' (got True)")
    ]


def test_the_lock_is_at_the_accounts_scope_and_comes_last() -> None:
    raw = mutate(baseline(), ("lock",), "CanNotDelete")
    raw = mutate(
        raw, ("access",), {"app": {"principal_id": APP, "principal_type": "Group", "role": "Cognitive Services User"}}
    )
    plan = plan_of(raw)
    (lock,) = locks(plan).values()
    account = next(r for r in plan.resources if r.name == "aoai-sweden-account")
    assert lock.name == "aoai-sweden-lock"
    assert lock.inputs == {
        "scope": account.id,
        "lockName": "aoai-do-not-delete",
        "level": "CanNotDelete",
        "notes": "Set by aoai (the stack's `lock`): aoai-test-swc and its deployments may not be deleted.",
    }
    assert len(lock.inputs["notes"]) <= 512
    by_urn = plan.by_urn()
    assert sorted(by_urn[d].name for d in lock.dependencies) == [
        "aoai-sweden-access-app",
        "aoai-sweden-account",
        "aoai-sweden-deployment-gpt-4o-ptu",  # the last child write of the chain
        "aoai-sweden-diagnostics",
    ]
    assert lock.outputs["id"] == f"{account.id}/providers/Microsoft.Authorization/locks/aoai-do-not-delete"
    assert locks(plan_of(baseline())) == {}


def _locked(plan: Plan) -> Plan:
    """The prod plan with a lock on the Swedish account, as the program registers it."""
    locked = plan_of(mutate(baseline(), ("lock",), "CanNotDelete"))
    lock = next(iter(locks(locked).values()))
    account = next(r for r in plan.resources if r.name == "aoai-sweden-account")
    plan = with_inputs(plan, "aoai-sweden-account", {})
    plan.resources.append(
        PlannedResource(
            urn=lock.urn.replace("urn:pulumi:test::", "urn:pulumi:prod::"),
            type=LOCK,
            name="aoai-sweden-lock",
            parent=account.parent,
            custom=True,
            id=f"{account.id}/providers/Microsoft.Authorization/locks/aoai-do-not-delete",
            inputs={**lock.inputs, "scope": account.id},
            outputs={},
            dependencies=[account.urn],
            property_dependencies={},
            protect=False,
        )
    )
    return plan


def test_a_deletion_the_lock_stops_is_named_and_a_lock_removed_with_it_is_not() -> None:
    base = _locked(shipped_plan("prod"))
    head = dropped(base, "aoai-sweden-deployment-embeddings")
    stopped = [
        (r.kind, r.resource, r.reason) for r in review(document(base), document(head)).risks if "lock" in r.reason
    ]
    assert stopped == [
        (
            "destructive",
            "aoai-sweden-deployment-embeddings",
            "aoai-sweden-deployment-embeddings is deleted, but account aoai-prod-swc has a CanNotDelete"
            " lock that stops the deletion: `pulumi up` fails there; remove the account's `lock` in a change of its"
            " own first",
        )
    ]
    unlocked = dropped(head, "aoai-sweden-lock")
    assert [r for r in review(document(base), document(unlocked)).risks if "CanNotDelete" in r.reason] == []
