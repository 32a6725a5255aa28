"""The validated description of one environment (stack) of an Azure OpenAI estate."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aoai.errors import ConfigError, Issue
from aoai.spec.account import AccountSpec, DeploymentSpec
from aoai.spec.content_filter import BlocklistSpec, ContentFilterSpec
from aoai.spec.stack import StackSpec, partial_stack_problems
from aoai.validation.messages import issues_from
from aoai.validation.rules import path
from aoai.validation.text import escaped

__all__ = [
    "AccountSpec",
    "BlocklistSpec",
    "ContentFilterSpec",
    "DeploymentSpec",
    "StackSpec",
    "parse_stack",
]


def parse_stack(raw: dict[str, Any], source: str) -> StackSpec:
    """Validate the `aoai:` keys of a stack file; every problem is reported at once as a `ConfigError`."""
    if not isinstance(raw, dict):
        raise ConfigError(source, [Issue("", "the aoai: settings must be a map of keys to values")])
    try:
        return StackSpec.model_validate(raw)
    except ValidationError as error:
        issues = issues_from(error, StackSpec)
    found = partial_stack_problems(raw).found
    issues = sorted(
        set(issues) | {Issue(path(loc), escaped(message)) for loc, message, _ in found},
        key=lambda i: (i.path, i.message),
    )
    raise ConfigError(source, issues)
