"""Policy pack configuration as the Pulumi CLI reads it from `--policy-pack-config FILE`, reconciled the same way.

The engine starts from each policy's default level and the `default` of every setting in its schema, applies `all`
and then each policy's entry (settings merge key by key), and rejects the result if it breaks a policy's schema.
aoai is stricter in one way: a key that names no policy, or no setting of its policy, is an error too, because a
misspelt name would silently leave a policy at its default.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from pulumi_policy import EnforcementLevel, Policy

from aoai.errors import ConfigError, Issue

ALL = "all"
LEVEL_KEY = "enforcementLevel"
LEVELS = tuple(level.value for level in EnforcementLevel)


@dataclass(frozen=True)
class PolicySettings:
    level: EnforcementLevel
    properties: dict[str, Any] = field(default_factory=dict)


def _entry(key: str, value: Any, issues: list[Issue]) -> tuple[EnforcementLevel | None, dict[str, Any]]:
    if isinstance(value, str):
        value = {LEVEL_KEY: value}
    if not isinstance(value, dict):
        issues.append(Issue(key, f"must be an enforcement level ({', '.join(LEVELS)}) or an object"))
        return None, {}
    properties = {k: v for k, v in value.items() if k != LEVEL_KEY}
    if LEVEL_KEY not in value:
        return None, properties
    level = value[LEVEL_KEY]
    if level not in LEVELS:
        issues.append(Issue(key, f"enforcement level {level!r} is not one of {', '.join(LEVELS)}"))
        return None, properties
    return EnforcementLevel(level), properties


def reconcile(
    policies: Sequence[Policy], default_level: EnforcementLevel, given: Mapping[str, Any], source: str
) -> dict[str, PolicySettings]:
    """Each policy's level and settings after applying `given` (the parsed JSON file) over the pack's defaults."""
    issues: list[Issue] = []
    known = {p.name for p in policies}
    unknown = sorted(set(given) - known - {ALL})
    issues.extend(Issue(name, f"no policy of the pack is called {name!r}") for name in unknown)

    result: dict[str, PolicySettings] = {}
    for policy in policies:
        schema = policy.config_schema.properties if policy.config_schema else {}
        defaults = {key: spec["default"] for key, spec in schema.items() if "default" in spec}
        result[policy.name] = PolicySettings(policy.enforcement_level or default_level, defaults)

    if ALL in given:
        level, properties = _entry(ALL, given[ALL], issues)
        if properties:
            issues.append(
                Issue(ALL, f"takes only an enforcement level, not settings ({', '.join(sorted(properties))})")
            )
        if level is not None:
            result = {name: PolicySettings(level, s.properties) for name, s in result.items()}
    for name in sorted(set(given) & known):
        level, properties = _entry(name, given[name], issues)
        current = result[name]
        result[name] = PolicySettings(level or current.level, {**current.properties, **properties})

    for policy in policies:
        issues.extend(_schema_issues(policy, result[policy.name].properties))
    if issues:
        raise ConfigError(source, issues)
    return result


def _schema_issues(policy: Policy, properties: Mapping[str, Any]) -> list[Issue]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
    if policy.config_schema is not None:
        schema["properties"] = policy.config_schema.properties
        if policy.config_schema.required:
            schema["required"] = policy.config_schema.required
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    issues = []
    for error in sorted(validator.iter_errors(dict(properties)), key=lambda e: list(e.absolute_path)):
        where = ".".join([policy.name, *(str(p) for p in error.absolute_path)])
        issues.append(Issue(where, error.message))
    return issues


def read_policy_config(path: Path) -> dict[str, Any]:
    """The JSON object in `path`; an empty file is an empty configuration, as for the CLI."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(str(path), [Issue("", f"cannot read the policy configuration: {error.strerror}")]) from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise ConfigError(str(path), [Issue("", message)]) from None
    if not isinstance(data, dict):
        raise ConfigError(str(path), [Issue("", "must be a JSON object keyed by policy name (or 'all')")])
    return data
