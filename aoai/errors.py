"""The one error type of the package, and the configuration error it specialises."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi


class AoaiError(pulumi.RunError):
    """An error aoai reports as a message, never as a traceback.

    It is a `pulumi.RunError` so that `pulumi up` prints only the message, as the offline CLI does.
    """


@dataclass(frozen=True)
class Issue:
    """One problem in a stack file: where (dotted key path under the `aoai:` namespace) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(AoaiError):
    """A stack file that does not describe a valid estate. Nothing is declared when it is raised."""

    def __init__(self, source: str, issues: list[Issue]) -> None:
        self.source = source
        self.issues = issues
        noun = "error" if len(issues) == 1 else "errors"
        lines = [f"{source}: {len(issues)} configuration {noun}:"]
        lines += [f"  - {issue}" for issue in issues]
        super().__init__("\n".join(lines))
