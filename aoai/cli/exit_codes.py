"""What each exit code of the `aoai` command means: one meaning each, the same for every command.

`make` can only exit 0 or 2, so `make review` also writes the code of `aoai diff` to `<stack>.exit` (see Makefile).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """The command did what was asked and found nothing that stops the change."""
    VERDICT = 1
    """A verdict against the input: a mandatory policy is violated (plan, check) or a preflight check failed."""
    INVALID_INPUT = 2
    """The input is invalid (stack file, plan file, price table, policy configuration, options): nothing was planned."""
    NEEDS_APPROVAL = 3
    """`aoai diff`: the change carries a destructive, safety, exposure or residency risk and needs a reviewer's
    approval."""
    INTERNAL_ERROR = 70
    """A bug in aoai (EX_SOFTWARE of sysexits.h), never a verdict: the traceback is written to a file for the report."""
