"""The Pulumi project a stack belongs to: its folder, its name and the program the Pulumi CLI would run.

`Pulumi.yaml` is read by the strict reader (`aoai.files`) for the three keys the offline tools need: `name` (the
project part of every URN), `stackConfigDir` (where `Pulumi.<stack>.yaml` lives) and `main` (another folder holding
the program). Its other keys are the Pulumi CLI's business and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from aoai.errors import ConfigError, Issue
from aoai.yaml_reader import load_yaml

PROJECT_FILE: Final = "Pulumi.yaml"
PROGRAM_FILE: Final = "__main__.py"
DEFAULT_NAME: Final = "aoai"
DEFAULT_STACK_CONFIG_DIR: Final = "."
"""Pulumi's own default: stack files next to Pulumi.yaml (aoai's template sets `stackConfigDir: stacks`)."""


@dataclass(frozen=True)
class Project:
    folder: Path
    name: str = DEFAULT_NAME
    stack_config_dir: str = DEFAULT_STACK_CONFIG_DIR
    main: str | None = None

    def stack_file(self, stack: str) -> Path:
        return self.folder / self.stack_config_dir / f"Pulumi.{stack}.yaml"

    @property
    def program(self) -> Path | None:
        """The program file `pulumi up` runs, or None when the folder has none (then aoai's own, `aoai.program`)."""
        folder = self.folder / self.main if self.main else self.folder
        candidate = folder if folder.suffix == ".py" else folder / PROGRAM_FILE
        return candidate if candidate.is_file() else None


def find_project(start: Path) -> Project | None:
    """The project of the nearest folder at or above `start` that holds a Pulumi.yaml."""
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return read_project(folder)
    return None


def read_project(folder: Path) -> Project:
    path = folder / PROJECT_FILE
    document = load_yaml(path, "project file")
    if not isinstance(document, dict):
        raise ConfigError(str(path), [Issue("", "a Pulumi project file is a mapping with at least `name:`")])
    issues: list[Issue] = []
    values = {key: _text(document, key, issues) for key in ("name", "stackConfigDir", "main")}
    if values["name"] is None and not issues:
        issues.append(Issue("name", "is required: the project name every resource's URN starts with"))
    if issues:
        raise ConfigError(str(path), issues)
    return Project(
        folder=folder,
        name=values["name"] or DEFAULT_NAME,
        stack_config_dir=values["stackConfigDir"] or DEFAULT_STACK_CONFIG_DIR,
        main=values["main"],
    )


def _text(document: dict[str, Any], key: str, issues: list[Issue]) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        issues.append(Issue(key, f"must be a non-empty string, got {type(value).__name__} {value!r}"[:200]))
        return None
    return value
