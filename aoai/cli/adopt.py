"""`aoai import`: adopt a live estate: write the stack file that states it and the `pulumi import --file` document
that brings its resources under the stack, reading Azure only (GET requests).

Exit codes: 0 when applying the stack changes nothing live, 1 when it would change properties (they are listed, in
the report and in the stack file's header), 2 for invalid options, no credentials or no access (nothing written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoai.cli import arm_options, options
from aoai.cli.exit_codes import ExitCode
from aoai.errors import Issue, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.adopt.importer import Imported
    from aoai.adopt.live import LiveEstate
    from aoai.cli.progress import Reporter
    from aoai.spec.project import Project

COMMAND = "aoai import"


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "import", help="adopt a live estate: write its stack file and a `pulumi import --file` document (read-only)"
    )
    command.add_argument("--subscription", help="subscription id (default: AZURE_SUBSCRIPTION_ID)")
    command.add_argument("--resource-group", required=True, help="the resource group holding the accounts")
    command.add_argument(
        "--account",
        action="append",
        dest="accounts",
        metavar="NAME",
        help="an account to adopt (repeat for more; default: every OpenAI and AIServices account of the group)",
    )
    command.add_argument("--environment", required=True, help="the stack (environment) name, e.g. prod")
    command.add_argument(
        "--out", type=Path, help="the stack file to write (default: Pulumi.<environment>.yaml in the stackConfigDir)"
    )
    command.add_argument(
        "--import-file", type=Path, help="the pulumi import document to write (default: import.<environment>.json)"
    )
    command.add_argument("--force", action="store_true", help="overwrite the stack file if it exists")
    command.add_argument("--format", choices=("text", "json"), default="text", help="the report's format")
    options.add_project_option(command)
    arm_options.add_arm_options(command)
    command.set_defaults(run=run)


def _checked(args: argparse.Namespace) -> str:
    """The subscription, once the options are known to be usable."""
    from aoai.azure import catalog  # noqa: PLC0415

    issues: list[Issue] = []
    subscription = args.subscription or os.environ.get("AZURE_SUBSCRIPTION_ID") or ""
    if not catalog.GUID_PATTERN.fullmatch(subscription):
        issues.append(
            Issue("--subscription", f"{subscription!r} is not a subscription id (a GUID)")
            if subscription
            else Issue("--subscription", "no subscription: give --subscription or set AZURE_SUBSCRIPTION_ID")
        )
    low, high = catalog.ENVIRONMENT_NAME_LENGTH
    if not (low <= len(args.environment) <= high and catalog.ENVIRONMENT_NAME_PATTERN.fullmatch(args.environment)):
        issues.append(
            Issue(
                "--environment",
                f"{args.environment!r} is not an environment name: {low}–{high} lower-case letters, digits and '-',"
                " starting with a letter or digit",
            )
        )
    if not catalog.RESOURCE_GROUP_NAME_PATTERN.fullmatch(args.resource_group):
        issues.append(Issue("--resource-group", f"{args.resource_group!r} is not a resource group name"))
    for name in args.accounts or []:
        if not catalog.ACCOUNT_NAME_PATTERN.fullmatch(name):
            issues.append(Issue("--account", f"{name!r} is not an account name"))
    if issues:
        raise UsageError(COMMAND, issues)
    return subscription


def _targets(args: argparse.Namespace, project: Project) -> tuple[Path, Path]:
    stack_file = args.out or project.stack_file(args.environment)
    import_path = args.import_file or project.folder / f"import.{args.environment}.json"
    if stack_file.exists() and not args.force:
        raise UsageError(
            COMMAND,
            [Issue("--out", f"{stack_file} exists: give another --out, or --force to replace it")],
        )
    return stack_file, import_path


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    # The Azure SDK and the planning machinery are imported by the commands that need them alone.
    from aoai.adopt.importer import import_estate  # noqa: PLC0415
    from aoai.adopt.live import read_estate  # noqa: PLC0415

    del reporter
    subscription = _checked(args)
    project = options.project_of(args)
    stack_file, import_path = _targets(args, project)
    arm = arm_options.arm_client(args, subscription)
    with arm_options.progress_while(err, f"reading {args.resource_group}"):
        live = read_estate(arm, args.arm_endpoint, subscription, args.resource_group, account_names=args.accounts)
    if not live.accounts:
        raise UsageError(
            COMMAND,
            [Issue("--resource-group", f"{args.resource_group} holds no OpenAI or AIServices account to adopt")],
        )
    shown = str(options.shown_path(stack_file))
    imported = import_estate(live, args.environment, project, shown, datetime.now(UTC).date())
    stack_file.parent.mkdir(parents=True, exist_ok=True)
    _write(stack_file, imported.stack_text)
    _write(import_path, json.dumps(imported.imports.document, indent=4, ensure_ascii=False) + "\n")
    if args.format == "json":
        sys.stdout.write(json.dumps(_json(imported, live, shown, str(import_path)), indent=2) + "\n")
    else:
        text = _text(imported, live, args.environment, shown, str(options.shown_path(import_path)))
        out.print(text, markup=False, highlight=False, soft_wrap=True)
    return ExitCode.VERDICT if imported.changes else ExitCode.OK


def _write(path: Path, text: str) -> None:
    """Write through a file beside `path`, then rename: a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _json(imported: Imported, live: LiveEstate, stack_file: str, import_file: str) -> dict[str, Any]:
    from aoai.adopt.importer import described  # noqa: PLC0415

    return {
        "stackFile": stack_file,
        "importFile": import_file,
        "accounts": [a.name for a in live.accounts],
        "imported": len([r for r in imported.imports.document["resources"] if "id" in r]),
        "components": len([r for r in imported.imports.document["resources"] if r.get("component")]),
        "createdByFirstUp": [described(r) for r in imported.imports.created + imported.imports.missing],
        "changes": [
            {
                "resource": c.resource,
                "path": c.difference.path,
                "live": _jsonable(c.difference.live),
                "stack": _jsonable(c.difference.planned),
            }
            for c in imported.changes
        ],
        "notes": imported.adoption.notes,
        "leftAlone": [{"resource": item.resource, "reason": item.reason} for item in imported.adoption.left_alone],
        "policyConfig": imported.policy_config,
        "policies": [v.to_json() for v in imported.verdicts],
        "resourcesCompared": imported.resources_compared,
        "propertiesCompared": imported.properties_compared,
        "calls": imported.calls,
    }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _text(imported: Imported, live: LiveEstate, environment: str, stack_file: str, import_file: str) -> str:
    resources = imported.imports.document["resources"]
    adopted = len([r for r in resources if "id" in r])
    lines = [
        f"Read {len(live.accounts)} account(s) of {live.resource_group} ({imported.calls} GET requests).",
        f"Wrote {stack_file} and {import_file}: {adopted} Azure resources to import under"
        f" {len(resources) - adopted} aoai components.",
        f"Compared {imported.properties_compared} properties of {imported.resources_compared} resources with the plan"
        " of the stack.",
    ]
    if imported.changes:
        lines += ["", "Applying the stack would CHANGE these live properties:"]
        lines += [f"  - {change}" for change in imported.changes]
    else:
        lines += ["Applying the stack changes no live property."]
    if imported.adoption.notes:
        lines += ["", "Notes:"] + [f"  - {note}" for note in imported.adoption.notes]
    mandatory = [v for v in imported.verdicts if v.mandatory]
    advisory = len(imported.verdicts) - len(mandatory)
    lines += [
        "",
        f"The policy pack ({imported.policy_config}) finds {len(mandatory)} mandatory and {advisory} advisory"
        " violations in the estate as it is" + (": `aoai plan` exits 1 until they are fixed" if mandatory else "."),
    ]
    lines += [f"  - {v.policy}: {v.message}" for v in mandatory]
    if imported.adoption.left_alone:
        lines += ["", "Left as they are in Azure (not in the stack):"]
        lines += [f"  - {item}" for item in imported.adoption.left_alone]
    lines += [
        "",
        "Next: review the stack file, then",
        f"  pulumi stack select --create {environment}",
        f"  pulumi import --file {import_file} --protect=false --generate-code=false",
        "  pulumi preview   # shows no change to any imported resource",
    ]
    return "\n".join(lines)
