"""The one error type of the package, and the kinds of invalid input it specialises into (all exit 2)."""

from __future__ import annotations

from dataclasses import dataclass


class AoaiError(Exception):
    """An error aoai reports as a message, never as a traceback.

    The CLI prints it and exits 2; the Pulumi program (`aoai.program`) re-raises it as a `pulumi.RunError`, so that
    `pulumi up` prints only the message too. It does not derive from that class so that commands which never run
    the program do not import pulumi.
    """


@dataclass(frozen=True)
class Issue:
    """One problem in a stack file: where (dotted key path under the `aoai:` namespace) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(AoaiError):
    """Input aoai was given that it cannot use: where (`source`) and each problem. Nothing is planned then."""

    def __init__(self, source: str, issues: list[Issue]) -> None:
        self.source = source
        self.issues = issues
        noun = "error" if len(issues) == 1 else "errors"
        lines = [f"{source}: {len(issues)} configuration {noun}:"]
        lines += [f"  - {issue}" for issue in issues]
        super().__init__("\n".join(lines))


class ConfigError(InputError):
    """A stack file, price table or policy configuration that does not describe a valid estate. Nothing is declared
    when it is raised."""


class UsageError(InputError):
    """A command line that cannot be run as given (e.g. the wrong number of plan files, no project found)."""


class PlanFileError(InputError):
    """A plan file that is not one `aoai plan --format json` writes, or two plans that cannot be compared."""
