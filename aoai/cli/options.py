"""Options several commands share, and what they resolve to: the project, the stack file, the policy configuration,
where the output goes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aoai.errors import Issue, UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from aoai.spec.project import Project

REPORT_WIDTH = 160
"""Columns of a text report written to a file or a pipe."""


def add_stack_options(command: argparse.ArgumentParser) -> None:
    """--stack or --stack-file."""
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--stack", help="environment name: reads stacks/Pulumi.<stack>.yaml")
    which.add_argument("--stack-file", type=Path, help="path to a Pulumi.<stack>.yaml file")


def add_project_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--project-dir", type=Path, help="the folder holding Pulumi.yaml (default: found from here)")


def add_output_options(command: argparse.ArgumentParser, formats: tuple[str, ...] = ("text", "json")) -> None:
    """--format and --out."""
    command.add_argument("--format", choices=formats, default="text")
    command.add_argument("--out", type=Path, help="write the output to this file instead of standard output")


def add_policy_config_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--policy-config",
        type=Path,
        help="policy pack configuration (default: policies/config/<stack>.json if it exists, else default.json there)",
    )


def stack_name(path: Path) -> str:
    """The stack a stack file is of: `dev` for Pulumi.dev.yaml, else the file's stem."""
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name.removeprefix("Pulumi.").rsplit(".", 1)[0]
    return path.stem


def shown_path(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())  # shorter in reports, still readable from here
    except ValueError:
        return path


def project_of(args: argparse.Namespace) -> Project:
    """The project given, else the one found from here; with only --stack-file and no project, aoai's own program."""
    from aoai.spec.project import PROJECT_FILE, Project, find_project, read_project  # noqa: PLC0415

    if args.project_dir is not None:
        return read_project(args.project_dir)
    project = find_project(Path.cwd())
    if project is not None:
        return project
    if getattr(args, "stack_file", None) is not None:
        return Project(folder=Path.cwd())
    raise UsageError(
        str(Path.cwd()),
        [Issue("", f"no {PROJECT_FILE} here or above: run aoai in a Pulumi project, or give --project-dir")],
    )


def stack_file_of(args: argparse.Namespace, project: Project) -> tuple[Path, str]:
    """The stack file the options name, and its stack."""
    if args.stack_file is not None:
        return args.stack_file, stack_name(args.stack_file)
    return project.stack_file(args.stack), args.stack


def policy_config_of(args: argparse.Namespace, project_dir: Path, stack: str) -> Path | None:
    """The configuration to judge with: the one given, else the stack's own under policies/config, else the named
    default there, else none (the pack's defaults)."""
    from aoai.policy.config import config_file  # noqa: PLC0415 - each command imports what it needs

    path = args.policy_config or config_file(project_dir, stack)
    if not path.is_file() and args.policy_config is None:
        return None
    return shown_path(path)


def write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def show(renderable: RenderableType, out: Path | None, console: Console) -> None:
    """A text report on the console, or in the file `out` without colours."""
    if out is None:
        console.print(renderable)
        return
    from rich.console import Console  # noqa: PLC0415

    with out.open("w", encoding="utf-8") as handle:
        Console(file=handle, width=REPORT_WIDTH, no_color=True).print(renderable)
