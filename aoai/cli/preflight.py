"""`aoai preflight`: check a stack against Azure before `pulumi up` (read-only calls only).

Exit codes: 0 when every check passes (warnings included), 1 when one fails or could not run, 2 when the stack file
is invalid, no subscription is named, or there are no credentials.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aoai.cli import arm_options, options
from aoai.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.cli.progress import Reporter


def add_parser(commands: Any) -> None:
    preflight = commands.add_parser(
        "preflight", help="check a stack against Azure before pulumi up: models, quota, capacity, names"
    )
    options.add_stack_options(preflight)
    options.add_project_option(preflight)
    arm_options.add_stack_subscription_option(preflight)
    arm_options.add_arm_options(preflight)
    preflight.add_argument("--format", choices=("text", "json"), default="text")
    preflight.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    # The Azure SDK is imported by this command alone.
    from rich.progress import Progress  # noqa: PLC0415

    from aoai.preflight.checks import check_stack  # noqa: PLC0415
    from aoai.preflight.fetch import observe  # noqa: PLC0415
    from aoai.preflight.report import failed, preflight_json, preflight_report  # noqa: PLC0415
    from aoai.spec.load import read_stack_file, spec_from_config  # noqa: PLC0415

    del reporter
    project = options.project_of(args)
    path = args.stack_file if args.stack_file is not None else project.stack_file(args.stack)
    spec = spec_from_config(read_stack_file(path, project.name), str(path))
    subscription = arm_options.stack_subscription(args, spec, "aoai preflight")
    arm = arm_options.arm_client(args, subscription)
    if err.is_terminal and args.format == "text":
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("reading Azure", total=None)
            seen = observe(spec, arm, lambda name: progress.update(task, description=name, advance=1))
    else:
        seen = observe(spec, arm)
    found = check_stack(spec, seen, datetime.now(UTC).date())
    if args.format == "json":
        sys.stdout.write(json.dumps(preflight_json(found, subscription), indent=2, allow_nan=False) + "\n")
    else:
        out.print(preflight_report(found, subscription))
    return ExitCode.VERDICT if failed(found) else ExitCode.OK
