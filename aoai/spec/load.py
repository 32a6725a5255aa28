"""Reading stack configuration: from the Pulumi engine (the program) and from a stack file (the offline tools).

Both paths produce the same thing the Pulumi CLI hands a program: a map of `namespace:key` to a string, where
structured values are JSON. `spec_from_config` turns the `aoai:` part of that map into the validated spec.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pulumi.runtime import config as runtime_config

from aoai.errors import ConfigError, Issue
from aoai.files import DocumentError, decode_json
from aoai.spec import StackSpec, parse_stack
from aoai.yaml_reader import load_yaml

NAMESPACE = "aoai"
STACK_CONFIG_DIR = "stacks"


def stack_file_path(stack: str, project_dir: Path | None = None) -> Path:
    """Where a stack's config lives (Pulumi.yaml sets `stackConfigDir: stacks`)."""
    base = project_dir if project_dir is not None else Path()
    return base / STACK_CONFIG_DIR / f"Pulumi.{stack}.yaml"


def spec_from_config(config: Mapping[str, str], source: str) -> StackSpec:
    """Validate the `aoai:` keys of a config map; `source` names the stack file in messages."""
    return parse_stack(namespace_values(config, source), source)


def namespace_values(config: Mapping[str, str], source: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    prefix = f"{NAMESPACE}:"
    for full_key, raw in config.items():
        if not full_key.startswith(prefix):
            continue
        key = full_key[len(prefix) :]
        try:
            values[key] = _decode(raw)
        except DocumentError as error:
            # The CLI writes these values on one line: the key path says more than a line number would.
            path = f"{key}.{error.path}" if error.path else key
            issues.append(Issue(path, f"structured value: {error.message}"))
    if issues:
        raise ConfigError(source, issues)
    return values


def _decode(raw: Any) -> Any:
    # The CLI passes objects and arrays as JSON text and scalars as plain strings. The same rules as for files
    # (duplicates, depth, non-finite numbers, integers beyond 2**53) keep `pulumi up` and the offline tools alike.
    if isinstance(raw, str) and raw[:1] in ("{", "["):
        return decode_json(raw)
    return raw


def read_stack_file(path: Path, project: str = NAMESPACE) -> dict[str, str]:
    """A stack file's `config:` as the CLI would pass it to the program (keys namespaced, values as strings)."""
    source = str(path)
    document = load_yaml(path, "stack file")
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ConfigError(source, [Issue("", "a stack file is a mapping with a `config:` key")])
    unknown = sorted(set(document) - {"config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"})
    if unknown:
        raise ConfigError(source, [Issue(k, "unknown top-level key of a Pulumi stack file") for k in unknown])
    config = document.get("config") or {}
    if not isinstance(config, dict):
        raise ConfigError(source, [Issue("config", "must be a mapping of keys to values")])
    result: dict[str, str] = {}
    issues: list[Issue] = []
    for key, value in config.items():
        full_key = key if ":" in key else f"{project}:{key}"
        if isinstance(value, dict) and set(value) == {"secure"}:
            # Provider secrets (e.g. azure-native:clientSecret) are not needed offline; aoai's own keys are.
            if full_key.startswith(f"{NAMESPACE}:"):
                issues.append(
                    Issue(full_key, "secret values cannot be decrypted offline: keep secrets out of aoai keys")
                )
            continue
        result[full_key] = config_value(value)
    if issues:
        raise ConfigError(source, issues)
    return result


def config_value(value: Any) -> str:
    """A stack file's value as the Pulumi CLI hands it to the program: objects and arrays as JSON, the rest as text."""
    # The reader yields only JSON types (an unquoted date stays the string it is, as for the CLI).
    if isinstance(value, dict | list):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def engine_config() -> dict[str, str]:
    """All configuration the engine handed this program (the CLI's PULUMI_CONFIG, or what mocks set)."""
    return {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
