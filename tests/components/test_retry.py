"""The retry of Azure's transient conflicts: the decision on the error texts Azure really returns (ARM-CONFLICTS),
its bounds and back-off, and the hook on exactly the writes that meet those errors (every child write of an account,
private endpoints and their DNS zone groups)."""

from __future__ import annotations

import asyncio
import time

import pulumi
import pytest
from conftest import baseline, errors, mutate, plan_of, valid

from aoai.components.retry import HOOK_NAME, RetryPolicy, retry_after, retrying, transient_conflict

ACCOUNT_ID = (
    "/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/resourceGroups/rg/providers/Microsoft.CognitiveServices"
    "/accounts/aoai"
)
# As azure-native reports them (the texts of the issues ARM-CONFLICTS names).
REQUEST_CONFLICT = (
    'Status=409 Code="RequestConflict" Message="Another operation is being performed on the parent resource'
    f" '{ACCOUNT_ID}'. Please try again later.\""
)
NOT_TERMINAL = (
    f'Code="RequestConflict" Message="Cannot modify resource with id \'{ACCOUNT_ID}\' because the resource entity'
    " provisioning state is not terminal. Please wait for the provisioning state to become terminal and then retry the"
    ' request."'
)
ACCEPTED = (
    'error: Status=400 Code="AccountProvisioningStateInvalid" Message="Call to Microsoft.CognitiveServices/accounts'
    f' failed. Error message: Account {ACCOUNT_ID} in state Accepted"'
)
NETWORK_BUSY = (
    'Code="AnotherOperationInProgress" Message="Another operation on this or dependent resource is in progress. To'
    " retrieve status of the operation use uri: https://management.azure.com/subscriptions/x/providers/"
    'Microsoft.Network/locations/swedencentral/operations/7fb24a45?api-version=2024-05-01."'
)
FAILED_ACCOUNT = ACCEPTED.replace("in state Accepted", "in state Failed")
QUOTA = (
    'Status=400 Code="InsufficientQuota" Message="This operation require 50 new capacity in quota Tokens Per Minute'
    ' (thousands) - gpt-4o, which is bigger than the current available capacity 20."'
)
INVALID = 'Status=400 Code="InvalidResourceProperties" Message="The specified SKU \'Standard\' is not supported."'
THROTTLED = 'Status=429 Code="TooManyRequests" Message="Rate limit is exceeded. Try again in 7 seconds."'


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (REQUEST_CONFLICT, "RequestConflict"),
        (NOT_TERMINAL, "RequestConflict"),
        (ACCEPTED, "AccountProvisioningStateInvalid"),
        (ACCEPTED.replace("Accepted", "accepted"), "AccountProvisioningStateInvalid"),
        (NETWORK_BUSY, "AnotherOperationInProgress"),
        (FAILED_ACCOUNT, None),
        (QUOTA, None),
        (INVALID, None),
        (THROTTLED, None),
        ("", None),
    ],
)
def test_only_transient_conflicts_are_recognised(error: str, code: str | None) -> None:
    assert transient_conflict(error) == code


POLICY = RetryPolicy(attempts=3, first_delay=10, max_delay=25)


def test_retries_are_bounded_and_back_off() -> None:
    assert [retry_after(POLICY, [REQUEST_CONFLICT] * n) for n in range(5)] == [None, 10, 20, 25, None]
    assert retry_after(RetryPolicy(0, 10, 10), [REQUEST_CONFLICT]) is None


def test_the_newest_error_decides() -> None:
    assert retry_after(POLICY, [QUOTA, REQUEST_CONFLICT]) is None
    assert retry_after(POLICY, [ACCEPTED, QUOTA]) == 20


def test_the_hook_waits_then_asks_for_a_retry() -> None:
    hook = retrying(RetryPolicy(attempts=2, first_delay=0.05, max_delay=0.05))

    def args(*errors: str) -> pulumi.ErrorHookArgs:
        return pulumi.ErrorHookArgs("urn", "id", "name", "type", failed_operation="create", errors=list(errors))

    started = time.monotonic()
    assert asyncio.run(hook(args(NETWORK_BUSY))) is True
    assert time.monotonic() - started >= 0.05
    assert asyncio.run(hook(args(QUOTA))) is False
    assert asyncio.run(hook(args(REQUEST_CONFLICT, REQUEST_CONFLICT, REQUEST_CONFLICT))) is False


def test_the_hook_is_on_every_child_write_and_private_endpoint() -> None:
    plan = plan_of(baseline())
    hooked = sorted(r.name for r in plan.resources if r.hooks)
    assert hooked == [
        "aoai-sweden-blocklist-banned",
        "aoai-sweden-blocklist-banned-items",
        "aoai-sweden-deployment-embedding",
        "aoai-sweden-deployment-gpt-4o",
        "aoai-sweden-deployment-gpt-4o-ptu",
        "aoai-sweden-policy-strict",
        "aoai-sweden-private-dns",
        "aoai-sweden-private-endpoint",
    ]
    assert all(r.hooks == {"onError": [HOOK_NAME]} for r in plan.resources if r.hooks)


def test_no_retries_no_hook() -> None:
    plan = plan_of(mutate(baseline(), ("retries",), {"attempts": 0}))
    assert [r.name for r in plan.resources if r.hooks] == []


def test_retry_settings_are_checked() -> None:
    spec = valid(mutate(baseline(), ("retries",), {"attempts": 20, "first_delay_seconds": 30}))
    assert (spec.retries.attempts, spec.retries.first_delay_seconds, spec.retries.max_delay_seconds) == (20, 30, 120)
    assert errors(mutate(baseline(), ("retries",), {"attempts": 21, "first_delay_seconds": 0})) == [
        ("retries.attempts", "must be at most 20 (got 21)"),
        ("retries.first_delay_seconds", "must be at least 1 (got 0)"),
    ]
    assert errors(mutate(baseline(), ("retries",), {"first_delay_seconds": 200, "max_delay_seconds": 100})) == [
        (
            "retries.max_delay_seconds",
            "100 is shorter than first_delay_seconds (200): the longest wait must be at least the first",
        )
    ]
