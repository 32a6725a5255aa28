"""Building policies: one check each, with the metadata, settings schema and default level the pack publishes.

A check is a function of the resource (or stack) arguments and the policy's settings that yields one message per
violation. Settings are the policy's configuration with its schema defaults filled in, as the engine does before it
configures the pack, so a check reads the same values whether the engine or a test calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from aoai_policies.resource_types import RESOURCE_TYPES

Settings = Mapping[str, Any]
ResourceCheck = Callable[[ResourceValidationArgs, Settings], Iterable[str]]
StackCheck = Callable[[StackValidationArgs, Settings], Iterable[tuple[str, str | None]]]
"""Yields (message, urn of the offending resource or None for the stack as a whole)."""

TAGS = ["azure", "azure-openai"]


def string_list(default: list[str], description: str, allowed: Iterable[str] | None = None) -> dict[str, Any]:
    """The schema of a setting that lists distinct strings (optionally from a closed set)."""
    items: dict[str, Any] = {"type": "string"}
    if allowed is not None:
        items["enum"] = list(allowed)
    return {"type": "array", "items": items, "uniqueItems": True, "default": default, "description": description}


def not_applicable(args: ResourceValidationArgs | StackValidationArgs, reason: str) -> NoReturn:
    """Mark the policy not applicable (it has nothing to check, e.g. an unset allow-list); never returns."""
    args.not_applicable(reason)
    raise AssertionError("not_applicable returned")


def _schema(settings: Mapping[str, dict[str, Any]] | None) -> PolicyConfigSchema | None:
    return PolicyConfigSchema(properties=dict(settings)) if settings else None


def _with_defaults(config: Mapping[str, Any], settings: Mapping[str, dict[str, Any]] | None) -> dict[str, Any]:
    defaults = {key: spec["default"] for key, spec in (settings or {}).items() if "default" in spec}
    return {**defaults, **config}


def resource_policy(
    *,
    name: str,
    resource_type: str,
    description: str,
    severity: Severity,
    remediation: str,
    check: ResourceCheck,
    enforcement: EnforcementLevel = EnforcementLevel.ADVISORY,
    settings: Mapping[str, dict[str, Any]] | None = None,
    tags: Iterable[str] = (),
) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type != resource_type:
            return
        for message in check(args, _with_defaults(args.get_config(), settings)):
            report(message, None)

    RESOURCE_TYPES[name] = resource_type
    return ResourceValidationPolicy(
        name=name,
        description=description,
        validate=validate,
        enforcement_level=enforcement,
        config_schema=_schema(settings),
        severity=severity,
        remediation_steps=remediation,
        tags=[*TAGS, *tags],
    )


def stack_policy(
    *,
    name: str,
    description: str,
    severity: Severity,
    remediation: str,
    check: StackCheck,
    enforcement: EnforcementLevel = EnforcementLevel.ADVISORY,
    settings: Mapping[str, dict[str, Any]] | None = None,
    tags: Iterable[str] = (),
) -> StackValidationPolicy:
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        for message, urn in check(args, _with_defaults(args.get_config(), settings)):
            report(message, urn)

    return StackValidationPolicy(
        name=name,
        description=description,
        validate=validate,
        enforcement_level=enforcement,
        config_schema=_schema(settings),
        severity=severity,
        remediation_steps=remediation,
        tags=[*TAGS, *tags],
    )
