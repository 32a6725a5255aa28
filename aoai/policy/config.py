"""Policy pack configuration as the Pulumi CLI reads it from `--policy-pack-config FILE`, reconciled the same way.

The engine starts from each policy's default level and the `default` of every setting in its schema, applies `all`
and then each policy's entry (settings merge key by key), and rejects the result if it breaks a policy's schema.
aoai is stricter in one way: a key that names no policy, or no setting of its policy, is an error too, because a
misspelt name would silently leave a policy at its default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from pulumi_policy import EnforcementLevel, Policy

from aoai.errors import ConfigError, Issue
from aoai.files import parse_json, read_text
from aoai.spec import StackSpec

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
    text = read_text(path, "policy configuration")
    if not text.strip():
        return {}
    data = parse_json(text, str(path))
    if not isinstance(data, dict):
        raise ConfigError(str(path), [Issue("", "must be a JSON object keyed by policy name (or 'all')")])
    return data


# --- the stack's own facts -------------------------------------------------------------------------------------

DATA_ZONE = ("stack-data-zone-residency", "dataZone")
REQUIRED_TAGS = ("account-require-tags", "requiredTags")


@dataclass(frozen=True)
class StackFacts:
    """What a stack file states that the pack also needs, as (policy, setting) → value, by stack key."""

    source: str
    """The stack file."""
    settings: dict[str, tuple[tuple[str, str], Any]]
    """By the stack's key (data_zone, required_tags): the (policy, setting) it decides and its value."""

    @property
    def keys(self) -> list[str]:
        return list(self.settings)

    @property
    def added(self) -> str:
        """What the stack adds to a configuration file, for reports: ` (+ required_tags from …)`, or ""."""
        return f" (+ {', '.join(self.keys)} from {self.source})" if self.keys else ""


def stack_facts(spec: StackSpec, source: str) -> StackFacts:
    """The facts `spec` states: its data zone when set, its required tags when the file lists them."""
    settings: dict[str, tuple[tuple[str, str], Any]] = {}
    if spec.data_zone is not None:
        settings["data_zone"] = (DATA_ZONE, spec.data_zone)
    if "required_tags" in spec.model_fields_set:
        settings["required_tags"] = (REQUIRED_TAGS, list(spec.required_tags))
    return StackFacts(source, settings)


def _as_object(value: Any) -> Any:
    """A policy's entry as an object: a bare level becomes {enforcementLevel: level}; anything else is left for
    `reconcile` to report."""
    return {LEVEL_KEY: value} if isinstance(value, str) else value


def with_stack(given: Mapping[str, Any], facts: StackFacts) -> dict[str, Any]:
    """`given` (a parsed configuration) with the stack's facts merged in: the stack wins for what it states, every
    other key of `given` is kept."""
    merged = dict(given)
    for (policy, setting), value in facts.settings.values():
        entry = _as_object(merged.get(policy, {}))
        if isinstance(entry, dict):
            merged[policy] = {**entry, setting: value}
    return merged


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def disagreements(given: Mapping[str, Any], config_source: str, facts: StackFacts) -> list[str]:
    """One warning for each fact the configuration file states differently from the stack file."""
    warnings = []
    for key, ((policy, setting), value) in facts.settings.items():
        entry = _as_object(given.get(policy))
        if not isinstance(entry, dict) or setting not in entry or entry[setting] == value:
            continue
        warnings.append(
            f"{config_source} sets {policy}.{setting} to {_shown(entry[setting])!r} but {facts.source} sets"
            f" {key} to {_shown(value)!r}; the stack's value is used"
        )
    return warnings


CONFIG_DIR = Path("policies") / "config"
DEFAULT_CONFIG = "default.json"
"""The configuration of a stack without its own file: production-like, because an unnamed stack may well be a
production one, and failing a review is cheaper than deploying an open account."""


def config_file(project_dir: Path, stack: str) -> Path:
    """The stack's own `policies/config/<stack>.json` when it exists, else the named default."""
    own = project_dir / CONFIG_DIR / f"{stack}.json"
    return own if own.is_file() else project_dir / CONFIG_DIR / DEFAULT_CONFIG


@dataclass(frozen=True)
class StackConfig:
    """A configuration file with the stack's facts merged in: what the pack is configured with."""

    source: str
    given: dict[str, Any]
    facts: StackFacts | None
    warnings: list[str]

    def describe(self) -> str:
        """Which file was used, and what the stack added: `policies/config/dev.json (+ required_tags from …)`."""
        return self.source + (self.facts.added if self.facts is not None else "")


def stack_config(path: Path, facts: StackFacts | None) -> StackConfig:
    """The configuration in `path`, with `facts` (None: no stack) merged in and their disagreements noted."""
    given = read_policy_config(path)
    if facts is None:
        return StackConfig(str(path), given, None, [])
    return StackConfig(str(path), with_stack(given, facts), facts, disagreements(given, str(path), facts))
