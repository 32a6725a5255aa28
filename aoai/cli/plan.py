"""`aoai plan` and `aoai check`: plan a stack offline (`aoai.plan.build.plan_stack`) and show the plan with its policy
verdicts, or the verdicts alone."""

from __future__ import annotations

import argparse
import gc
import json
from typing import TYPE_CHECKING, Any

from aoai.cli import options
from aoai.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console, Group

    from aoai.cli.progress import Reporter
    from aoai.plan.build import PlannedStack


def add_parsers(commands: Any) -> None:
    for name, help_text in (
        ("plan", "run the Pulumi program under mocks, show what it would create and judge it"),
        ("check", "plan offline and show only the policy verdicts"),
    ):
        command = commands.add_parser(name, help=help_text)
        options.add_stack_options(command)
        options.add_output_options(command)
        options.add_project_option(command)
        options.add_policy_config_option(command)
        command.set_defaults(run=run)


def planned(args: argparse.Namespace, reporter: Reporter | None = None) -> PlannedStack:
    """The stack the options name, planned and judged."""
    from aoai.plan.build import plan_stack  # noqa: PLC0415 - each command imports what it needs

    # Everything planning imports (pulumi, azure-native, pydantic's models, the pack) lives until the command ends:
    # frozen, the collector stops re-walking those objects on every full collection while the program registers
    # resources (about 5 % of the whole command at 1 and 10 accounts; bench/NOTES.md).
    gc.freeze()
    project = options.project_of(args)
    path, stack = options.stack_file_of(args, project)
    return plan_stack(
        path,
        stack=stack,
        project=project,
        policy_config=options.policy_config_of(args, project.folder, stack),
        shown_stack_file=str(options.shown_path(path)),
        stages=reporter,
    )


def _text(result: PlannedStack, command: str) -> Group:
    from rich.console import Group  # noqa: PLC0415

    from aoai.plan.tree import render_plan  # noqa: PLC0415
    from aoai.policy.report import policy_report  # noqa: PLC0415

    report = policy_report(result.evaluation, result.plan)
    if command == "check":
        return report
    return Group(render_plan(result.plan, result.warnings), report)


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    result = planned(args, reporter)
    for warning in result.evaluation.config_warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, highlight=False, soft_wrap=True)
    if args.format == "json":
        document = result.document
        data = document.verdicts_json() if args.command == "check" else document.to_json()
        options.write(json.dumps(data, indent=2, allow_nan=False) + "\n", args.out)
        if args.out is not None:
            err.print(f"wrote {len(document.resources)} resources to {args.out}")
    else:
        options.show(_text(result, args.command), args.out, out)
    mandatory = result.evaluation.mandatory
    if mandatory:
        count = len(mandatory)
        err.print(f"{count} mandatory policy violation{'s' if count != 1 else ''}", style="red", highlight=False)
        return ExitCode.VERDICT
    return ExitCode.OK
