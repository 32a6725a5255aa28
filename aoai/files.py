"""Reading the files aoai is given (stack files, plans, price tables), with errors that name the file and the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from aoai.errors import ConfigError, Issue


def read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(str(path), [Issue("", f"cannot read the {what}: {error.strerror}")]) from None


def load_yaml(path: Path, what: str) -> Any:
    """A YAML (or JSON, which is YAML) document."""
    try:
        return yaml.safe_load(read_text(path, what))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(str(path), [Issue("", f"{where}not valid YAML: {problem}")]) from None


def load_json(path: Path, what: str) -> Any:
    try:
        return json.loads(read_text(path, what))
    except json.JSONDecodeError as error:
        raise ConfigError(str(path), [Issue("", f"not valid JSON: {error.msg} (line {error.lineno})")]) from None
