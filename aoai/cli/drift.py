"""`aoai drift`: what changed in Azure since the stack was applied, read-only (GET requests), in aoai's risk terms.

Exit codes: 0 no drift, 1 drift, 3 drift with a blocking risk (destructive, safety, exposure, residency, monitoring),
2 invalid input, no credentials or no access.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aoai.cli import arm_options, options
from aoai.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.adopt.drift import Drift, Drifted
    from aoai.cli.progress import Reporter


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "drift", help="what changed in Azure since the stack was applied, with its risks (read-only)"
    )
    options.add_stack_options(command)
    options.add_project_option(command)
    arm_options.add_stack_subscription_option(command)
    arm_options.add_arm_options(command)
    options.add_output_options(command, formats=("text", "markdown", "json"))
    command.set_defaults(run=run)


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    # The Azure SDK and the planning machinery are imported by the commands that need them alone.
    from aoai.adopt.drift import drift  # noqa: PLC0415
    from aoai.adopt.live import read_estate  # noqa: PLC0415
    from aoai.plan.build import document_of  # noqa: PLC0415
    from aoai.plan.engine import run_program  # noqa: PLC0415
    from aoai.program import main as program  # noqa: PLC0415
    from aoai.spec.load import read_stack_file, spec_from_config  # noqa: PLC0415

    del reporter
    project = options.project_of(args)
    path, stack = options.stack_file_of(args, project)
    config = read_stack_file(path, project.name)
    spec = spec_from_config(config, str(options.shown_path(path)))
    subscription = arm_options.stack_subscription(args, spec, "aoai drift")
    arm = arm_options.arm_client(args, subscription)
    plan = run_program(
        project.program or program, config, stack=stack, project=project.name, subscription_id=subscription
    )
    names = [account.name for account in spec.accounts.values()]
    with arm_options.progress_while(err, f"reading {spec.resource_group.name}"):
        live = read_estate(
            arm, args.arm_endpoint, subscription, spec.resource_group.name, account_names=names, missing_ok=True
        )
    found = drift(document_of(plan), live, spec.sizing_notes())
    today = datetime.now(UTC).date().isoformat()
    if args.format == "json":
        options.write(json.dumps(drift_json(found, subscription), indent=2) + "\n", args.out)
    elif args.format == "markdown":
        options.write(drift_markdown(found, today) + "\n", args.out)
    else:
        options.write(drift_text(found) + "\n", args.out)
    return exit_code(found)


def exit_code(found: Drift) -> int:
    if not found.drifted:
        return ExitCode.OK
    return ExitCode.NEEDS_APPROVAL if found.blocking else ExitCode.VERDICT


def drift_json(found: Drift, subscription: str) -> dict[str, Any]:
    return {
        "stack": found.stack,
        "subscription": subscription,
        "drifted": [d.to_json() for d in found.drifted],
        "beside": [d.to_json() for d in found.beside],
        "risks": [r.to_json() for r in found.risks],
        "blocking": bool(found.blocking),
        "resourcesCompared": found.resources_compared,
        "propertiesCompared": found.properties_compared,
        "calls": found.calls,
    }


def _summary(found: Drift) -> str:
    counted = (
        f"{found.properties_compared} properties of {found.resources_compared} resources compared,"
        f" {found.calls} GET requests"
    )
    if not found.drifted:
        return f"No drift: Azure holds what the stack declares ({counted})."
    verdict = " Blocking risks: review before the next `pulumi up`." if found.blocking else ""
    return f"{len(found.drifted)} resources drifted ({counted}).{verdict}"


def _lines_of(drifted: list[Drifted]) -> list[str]:
    lines = []
    for item in drifted:
        lines.append(f"{item.state}: {item.resource}")
        lines += [f"    {d}" for d in item.differences]
        lines += [f"    ({note})" for note in item.notes]
    return lines


def drift_text(found: Drift) -> str:
    lines = [f"Drift of {found.stack}: {_summary(found)}"]
    if found.drifted:
        lines += ["", *_lines_of(found.drifted)]
    if found.beside:
        lines += ["", "Also in the stack's accounts, not declared by it (not counted as drift):"]
        lines += [f"  {item.resource}" for item in found.beside]
    if found.risks:
        lines += ["", "Risks:"]
        lines += [
            f"  {r.kind}{' (blocking)' if r.blocking else ''}: {r.resource or 'stack'}: {r.reason}" for r in found.risks
        ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def drift_markdown(found: Drift, today: str) -> str:
    lines = [f"## Drift of `{found.stack}` ({today})", "", _summary(found)]
    if found.drifted:
        lines += ["", "| Resource | State | What differs (live → stack) |", "|---|---|---|"]
        for item in found.drifted:
            what = "<br>".join(
                [f"`{_cell(d.path)}`: {_cell(d.values)}" for d in item.differences] + [_cell(n) for n in item.notes]
            )
            lines.append(f"| {_cell(item.resource)} | {item.state} | {what or '—'} |")
    if found.beside:
        lines += [
            "",
            "Also in the stack's accounts, not declared by it (not counted as drift): "
            + ", ".join(_cell(item.resource) for item in found.beside)
            + ".",
        ]
    if found.risks:
        lines += ["", "### Risks", ""]
        lines += [
            f"- **{r.kind}**{' (blocking)' if r.blocking else ''} {_cell(r.resource or 'stack')}: {_cell(r.reason)}"
            for r in found.risks
        ]
    return "\n".join(lines)
