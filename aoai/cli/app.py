"""The `aoai` command line: offline tools over the same program and stack files `pulumi up` uses.

Exit codes (`aoai.exit_codes`): 0 ok, 1 a verdict (a mandatory policy violated, a preflight check failed), 2 invalid
input (nothing is planned then), 3 `aoai diff` found a change that needs approval, 70 a bug in aoai.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console, Group

from aoai import program
from aoai.cli import crash, exit_codes
from aoai.cli import policy_config as cli_policy_config
from aoai.cli import preflight as cli_preflight
from aoai.cli import size as cli_size
from aoai.cli.progress import SILENT, Reporter, wanted
from aoai.errors import AoaiError, ConfigError, Issue
from aoai.plan.build import stack_cost
from aoai.plan.document import read_plan
from aoai.plan.engine import Plan, run_program
from aoai.plan.tree import render_plan
from aoai.policy import config as policy_config
from aoai.policy.evaluate import Evaluation, evaluate
from aoai.policy.report import policy_report
from aoai.review.deltas import review, stack_mismatch
from aoai.review.render import markdown, summary_line
from aoai.review.render import text as review_text
from aoai.spec.advice import warnings as spec_warnings
from aoai.spec.load import read_stack_file, spec_from_config
from aoai.spec.project import PROJECT_FILE, Project, find_project, read_project

EXIT_OK = exit_codes.OK
EXIT_POLICY_VIOLATION = exit_codes.VERDICT
EXIT_INVALID = exit_codes.INVALID_INPUT
EXIT_RISK = exit_codes.NEEDS_APPROVAL


def _add_common(command: argparse.ArgumentParser) -> None:
    which = command.add_mutually_exclusive_group(required=True)
    which.add_argument("--stack", help="environment name: reads stacks/Pulumi.<stack>.yaml")
    which.add_argument("--stack-file", type=Path, help="path to a Pulumi.<stack>.yaml file")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.add_argument("--out", type=Path, help="write the output to this file instead of standard output")
    command.add_argument("--project-dir", type=Path, help="the folder holding Pulumi.yaml (default: found from here)")
    command.add_argument(
        "--policy-config",
        type=Path,
        help="policy pack configuration (default: policies/config/<stack>.json if it exists, else default.json there)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aoai", description="Azure OpenAI estates as code: offline tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_common(
        commands.add_parser("plan", help="run the Pulumi program under mocks, show what it would create and judge it")
    )
    _add_common(commands.add_parser("check", help="plan offline and show only the policy verdicts"))
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
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument("--out", type=Path, help="write the output to this file instead of standard output")
    cli_size.add_parser(commands)
    cli_preflight.add_parser(commands)
    cli_policy_config.add_parser(commands)
    return parser


def _stack_name(path: Path) -> str:
    name = path.name
    if name.startswith("Pulumi.") and name.endswith((".yaml", ".yml")):
        return name.removeprefix("Pulumi.").rsplit(".", 1)[0]
    return path.stem


@dataclass(frozen=True)
class Judged:
    plan: Plan
    evaluation: Evaluation
    warnings: list[Issue]

    @property
    def exit_code(self) -> int:
        return EXIT_POLICY_VIOLATION if self.evaluation.mandatory else EXIT_OK


def _policy_config(args: argparse.Namespace, project_dir: Path, stack: str) -> Path | None:
    """The configuration to judge with: the one given, else the stack's own under policies/config, else the named
    default there, else none (the pack's defaults)."""
    path = args.policy_config or policy_config.config_file(project_dir, stack)
    if not path.is_file() and args.policy_config is None:
        return None
    return _shown_path(path)


def _shown_path(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())  # shorter in reports, still readable from here
    except ValueError:
        return path


def _project(args: argparse.Namespace) -> Project:
    """The project given, else the one found from here; with only --stack-file and no project, aoai's own program."""
    if args.project_dir is not None:
        return read_project(args.project_dir)
    project = find_project(Path.cwd())
    if project is not None:
        return project
    if getattr(args, "stack_file", None) is not None:
        return Project(folder=Path.cwd())
    raise ConfigError(
        str(Path.cwd()),
        [Issue("", f"no {PROJECT_FILE} here or above: run aoai in a Pulumi project, or give --project-dir")],
    )


def plan_and_judge(args: argparse.Namespace, reporter: Reporter = SILENT) -> Judged:
    project = _project(args)
    if args.stack_file is not None:
        path, stack = args.stack_file, _stack_name(args.stack_file)
    else:
        path, stack = project.stack_file(args.stack), args.stack
    config = read_stack_file(path, project.name)
    spec = spec_from_config(config, str(path))
    policy_config_path = _policy_config(args, project.folder, stack)
    with reporter.stage(f"planning {stack}: resources registered") as registered:
        plan = run_program(
            project.program or program.main,
            config,
            stack=stack,
            project=project.name,
            subscription_id=spec.subscription_id,
            on_register=registered,
        )
    plan.data_zone = spec.data_zone
    plan.sizing = spec.sizing_notes()
    plan.cost = stack_cost(spec).to_json()
    advice = spec_warnings(spec)
    plan.warnings = [str(w) for w in advice]
    facts = policy_config.stack_facts(spec, str(_shown_path(path)))
    with reporter.stage("judging with the policy pack", total=len(plan.resources)) as judged:
        evaluation = evaluate(plan, policy_config_path, facts, on_resource=judged)
    return Judged(plan, evaluation, advice)


def _verdicts_json(evaluation: Evaluation) -> dict[str, Any]:
    return {"policyConfig": evaluation.config, "policies": [v.to_json() for v in evaluation.verdicts]}


def plan_document(plan: Plan, evaluation: Evaluation) -> dict[str, Any]:
    """What `aoai plan --format json` writes and `aoai diff` reads: the plan with its policy verdicts."""
    return {**plan.to_json(), **_verdicts_json(evaluation)}


def _json(judged: Judged, command: str) -> dict[str, Any]:
    if command == "check":
        return {"stack": judged.plan.stack, **_verdicts_json(judged.evaluation)}
    return plan_document(judged.plan, judged.evaluation)


def _text(judged: Judged, command: str) -> Group:
    report = policy_report(judged.evaluation, judged.plan)
    if command == "check":
        return report
    return Group(render_plan(judged.plan, judged.warnings), report)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _diff_plans(args: argparse.Namespace, reporter: Reporter) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    expected = 1 if args.no_base else 2
    if len(args.plans) != expected:
        usage = "aoai diff --no-base HEAD" if args.no_base else "aoai diff BASE HEAD"
        given = " ".join(str(p) for p in args.plans)
        raise ConfigError(given, [Issue("", f"expected {expected} plan file(s), got {len(args.plans)}: {usage}")])
    plans = []
    with reporter.stage("reading plans", total=len(args.plans)) as read:
        for path in args.plans:
            plans.append(read_plan(path))
            read()
    if args.no_base:
        return None, plans[0]
    mismatch = stack_mismatch(plans[0], plans[1])
    if mismatch is not None and not args.allow_stack_mismatch:
        raise ConfigError(" ".join(str(p) for p in args.plans), [Issue("stack", mismatch)])
    return plans[0], plans[1]


def run_diff(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter = SILENT) -> int:
    base, head = _diff_plans(args, reporter)
    with reporter.stage("comparing plans", total=1) as compared:
        result = review(base, head)
        compared()
    if args.format == "json":
        _write(json.dumps(result.to_json(), indent=2, allow_nan=False) + "\n", args.out)
    elif args.format == "markdown":
        _write(markdown(result, full=args.full) + "\n", args.out)
    elif args.out is None:
        out.print(review_text(result))
    else:
        with args.out.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=160, no_color=True).print(review_text(result))
    if result.blocking:
        err.print(summary_line(result), style="red", highlight=False, soft_wrap=True)
        return EXIT_RISK
    return EXIT_OK


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter = SILENT) -> int:
    if args.command == "diff":
        return run_diff(args, out, err, reporter)
    if args.command == "size":
        return cli_size.run_size(args, out)
    if args.command == "preflight":
        return cli_preflight.run_preflight(args, _project(args), out, err)
    if args.command == "policy-config":
        return cli_policy_config.run_policy_config(args, _project(args), out)
    judged = plan_and_judge(args, reporter)
    for warning in judged.evaluation.config_warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, highlight=False, soft_wrap=True)
    if args.format == "json":
        _write(json.dumps(_json(judged, args.command), indent=2, allow_nan=False) + "\n", args.out)
        if args.out is not None:
            err.print(f"wrote {len(judged.plan.resources)} resources to {args.out}")
    elif args.out is None:
        out.print(_text(judged, args.command))
    else:
        with args.out.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=160, no_color=True).print(_text(judged, args.command))
    if judged.evaluation.mandatory:
        count = len(judged.evaluation.mandatory)
        err.print(f"{count} mandatory policy violation{'s' if count != 1 else ''}", style="red", highlight=False)
    return judged.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    out, err = Console(width=None if sys.stdout.isatty() else 160), Console(stderr=True)
    try:
        return run(args, out, err, Reporter(err, active=wanted(err, os.environ)))
    except AoaiError as error:
        err.print(str(error), markup=False, highlight=False, soft_wrap=True)
        return EXIT_INVALID
    except Exception as error:  # anything else is a bug: say so, keep the traceback, never exit 1
        err.print(
            crash.message(error, crash.write_report(error, arguments)), markup=False, highlight=False, soft_wrap=True
        )
        return exit_codes.INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
