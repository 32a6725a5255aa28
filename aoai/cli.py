"""The `aoai` command line: offline tools over the same program and stack files `pulumi up` uses."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from aoai.config import read_stack_file, spec_from_config, stack_file_path
from aoai.errors import AoaiError, ConfigError, Issue
from aoai.plan import run_program
from aoai.render import render_plan
from aoai.spec.advice import warnings as spec_warnings

EXIT_OK = 0
EXIT_INVALID = 2
PROJECT_FILE = "Pulumi.yaml"


def find_project_dir(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file() and (folder / "__main__.py").is_file():
            return folder
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aoai", description="Azure OpenAI estates as code: offline tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="run the Pulumi program under mocks and show what it would create")
    which = plan.add_mutually_exclusive_group(required=True)
    which.add_argument("--stack", help="environment name: reads stacks/Pulumi.<stack>.yaml")
    which.add_argument("--stack-file", type=Path, help="path to a Pulumi.<stack>.yaml file")
    plan.add_argument("--format", choices=("text", "json"), default="text")
    plan.add_argument("--out", type=Path, help="write the output to this file instead of standard output")
    plan.add_argument("--project-dir", type=Path, help="the folder holding Pulumi.yaml (default: found from here)")
    return parser


def _stack_name(path: Path) -> str:
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name.removeprefix("Pulumi.").rsplit(".", 1)[0]
    return path.stem


def plan_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    project_dir = args.project_dir or find_project_dir(Path.cwd()) or find_project_dir(Path(__file__).parent)
    if project_dir is None:
        raise ConfigError(str(Path.cwd()), [Issue("", f"no {PROJECT_FILE} with a __main__.py here or above")])
    if args.stack_file is not None:
        path, stack = args.stack_file, _stack_name(args.stack_file)
    else:
        path, stack = stack_file_path(args.stack, project_dir), args.stack
    config = read_stack_file(path)
    spec = spec_from_config(config, str(path))
    plan = run_program(
        project_dir / "__main__.py", config, stack=stack, project="aoai", subscription_id=spec.subscription_id
    )
    advice = spec_warnings(spec)
    plan.warnings = [str(w) for w in advice]
    if args.format == "json":
        text = json.dumps(plan.to_json(), indent=2, sort_keys=False) + "\n"
        if args.out is not None:
            args.out.write_text(text, encoding="utf-8")
            err.print(f"wrote {len(plan.resources)} resources to {args.out}")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if args.out is not None:
        with args.out.open("w", encoding="utf-8") as handle:
            render_plan(plan, advice, Console(file=handle, width=160, no_color=True))
        return EXIT_OK
    render_plan(plan, advice, out)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out, err = Console(width=None if sys.stdout.isatty() else 160), Console(stderr=True)
    try:
        return plan_command(args, out, err)
    except AoaiError as error:
        err.print(str(error), markup=False, highlight=False, soft_wrap=True)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
