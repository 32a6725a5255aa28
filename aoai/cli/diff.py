"""`aoai diff`: compare two plan files (from `aoai plan --format json`) and report the review (`aoai.review`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoai.cli import options
from aoai.cli.exit_codes import ExitCode
from aoai.errors import Issue, PlanFileError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.cli.progress import Reporter
    from aoai.plan.document import PlanDocument


def add_parser(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="compare two plan files (from `aoai plan --format json`): changes, risks, capacity and policy deltas",
    )
    diff.add_argument(
        "plans",
        type=Path,
        nargs="+",
        metavar="PLAN",
        help="BASE HEAD: the plan before the change (e.g. of the target branch) and after it (of the pull request)",
    )
    diff.add_argument(
        "--no-base",
        action="store_true",
        help="give only HEAD: the target branch has no plan of this stack (a new stack), so everything is created",
    )
    diff.add_argument(
        "--allow-stack-mismatch",
        action="store_true",
        help="compare plans of two different stacks (refused otherwise); the review says so",
    )
    diff.add_argument(
        "--full",
        action="store_true",
        help="markdown: the whole review, however long (for the artifact); without it the comment fits GitHub's limit",
    )
    options.add_output_options(diff, ("text", "markdown", "json"))
    diff.set_defaults(run=run)


def _plans(args: argparse.Namespace, reporter: Reporter) -> tuple[PlanDocument | None, PlanDocument]:
    from aoai.plan.document import PlanDocument  # noqa: PLC0415 - each command imports what it needs
    from aoai.review.deltas import stack_mismatch  # noqa: PLC0415

    expected = 1 if args.no_base else 2
    if len(args.plans) != expected:
        usage = "aoai diff --no-base HEAD" if args.no_base else "aoai diff BASE HEAD"
        given = " ".join(str(p) for p in args.plans)
        raise UsageError(given, [Issue("", f"expected {expected} plan file(s), got {len(args.plans)}: {usage}")])
    plans = []
    with reporter.stage("reading plans", total=len(args.plans)) as read:
        for path in args.plans:
            plans.append(PlanDocument.read(path))
            read()
    if args.no_base:
        return None, plans[0]
    mismatch = stack_mismatch(plans[0], plans[1])
    if mismatch is not None and not args.allow_stack_mismatch:
        raise PlanFileError(" ".join(str(p) for p in args.plans), [Issue("stack", mismatch)])
    return plans[0], plans[1]


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    from aoai.review.deltas import review  # noqa: PLC0415 - each command imports what it needs

    base, head = _plans(args, reporter)
    with reporter.stage("comparing plans", total=1) as compared:
        result = review(base, head)
        compared()
    if args.format == "json":
        options.write(json.dumps(result.to_json(), indent=2, allow_nan=False) + "\n", args.out)
    elif args.format == "markdown":
        from aoai.review.markdown import markdown  # noqa: PLC0415

        options.write(markdown(result, full=args.full) + "\n", args.out)
    else:
        from aoai.review.text import text  # noqa: PLC0415

        options.show(text(result), args.out, out)
    if result.blocking:
        from aoai.review.markdown import summary_line  # noqa: PLC0415

        err.print(summary_line(result), style="red", highlight=False, soft_wrap=True)
        return ExitCode.NEEDS_APPROVAL
    return ExitCode.OK
