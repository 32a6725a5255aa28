"""Retrying Azure's transient conflicts: one error hook on every child write of an account and on private endpoints.

aoai's write order keeps most overlapping writes from happening, but Azure still answers some writes with a conflict
that passes if the write is tried again a little later: `RequestConflict` while another write holds the account,
`AccountProvisioningStateInvalid` while a new account is still `Accepted` (the private-endpoint race), and
`AnotherOperationInProgress` while the network provider finishes a private endpoint (catalog.TRANSIENT_CONFLICTS,
ARM-CONFLICTS). The hook retries those only, at most `attempts` times, waiting twice as long each time; any other
error fails the operation at once, as without the hook (PULUMI-HOOKS).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from aoai.azure import catalog

HOOK_NAME = "aoai-retry-azure-conflicts"


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int
    """Retries of one operation at most (0: the hook is not attached)."""
    first_delay: float
    """Seconds before the first retry; each later one waits twice as long, up to `max_delay`."""
    max_delay: float

    def delay(self, failures: int) -> float:
        return min(self.first_delay * 2 ** (failures - 1), self.max_delay)


def transient_conflict(error: str) -> str | None:
    """The error code that makes `error` a transient conflict, or None for any other error."""
    for code, phrase in catalog.TRANSIENT_CONFLICTS:
        if code in error and (phrase is None or phrase.casefold() in error.casefold()):
            return code
    return None


def retry_after(policy: RetryPolicy, errors: Sequence[str]) -> float | None:
    """Seconds to wait before trying again, or None to fail now. `errors`: the operation's failures so far, newest
    first, as the engine hands them to an error hook."""
    if not errors or len(errors) > policy.attempts or transient_conflict(errors[0]) is None:
        return None
    return policy.delay(len(errors))


def retrying(policy: RetryPolicy) -> Callable[[pulumi.ErrorHookArgs], Coroutine[Any, Any, bool]]:
    """What the hook does: wait as long as `retry_after` says, then ask the engine to try again (True), or fail."""

    async def retry(args: pulumi.ErrorHookArgs) -> bool:
        wait = retry_after(policy, args.errors)
        if wait is None:
            return False
        await asyncio.sleep(wait)  # the engine adds no delay of its own
        return True

    return retry


def error_hook(policy: RetryPolicy) -> pulumi.ErrorHook:
    """The hook, registered with the engine as the program runs (once per run)."""
    return pulumi.ErrorHook(HOOK_NAME, retrying(policy))
