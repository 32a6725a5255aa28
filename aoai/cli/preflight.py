"""`aoai preflight`: check a stack against Azure before `pulumi up` (read-only calls only).

Exit codes: 0 when every check passes (warnings included), 1 when one fails or could not run, 2 when the stack file
is invalid, no subscription is named, or there are no credentials.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from rich.console import Console, Group
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from aoai.azure.client import PUBLIC_ARM_ENDPOINT, Connection, client, credential_from_environment, ensure_signed_in
from aoai.cli import exit_codes
from aoai.errors import ConfigError, Issue
from aoai.preflight.checks import Verdict, verdicts
from aoai.preflight.fetch import observe
from aoai.spec import StackSpec
from aoai.spec.load import read_stack_file, spec_from_config
from aoai.spec.project import Project

_STYLE: Final = {"pass": "green", "warn": "yellow", "fail": "red bold", "error": "red"}


def add_parser(commands: Any) -> None:
    preflight = commands.add_parser(
        "preflight", help="check a stack against Azure before pulumi up: models, quota, capacity, names"
    )
    which = preflight.add_mutually_exclusive_group(required=True)
    which.add_argument("--stack", help="environment name: reads stacks/Pulumi.<stack>.yaml")
    which.add_argument("--stack-file", type=Path, help="path to a Pulumi.<stack>.yaml file")
    preflight.add_argument("--project-dir", type=Path, help="the folder holding Pulumi.yaml (default: found from here)")
    preflight.add_argument(
        "--subscription", help="subscription id (default: the stack's subscription_id, else AZURE_SUBSCRIPTION_ID)"
    )
    preflight.add_argument(
        "--arm-endpoint", default=PUBLIC_ARM_ENDPOINT, help=f"Resource Manager endpoint (default {PUBLIC_ARM_ENDPOINT})"
    )
    preflight.add_argument("--max-retries", type=int, default=4, help="retries per request (default 4)")
    preflight.add_argument("--format", choices=("text", "json"), default="text")


def _spec(args: argparse.Namespace, project: Project) -> StackSpec:
    path = args.stack_file if args.stack_file is not None else project.stack_file(args.stack)
    return spec_from_config(read_stack_file(path, project.name), str(path))


def _subscription(args: argparse.Namespace, spec: StackSpec) -> str:
    subscription = args.subscription or spec.subscription_id or os.environ.get("AZURE_SUBSCRIPTION_ID")
    if not subscription:
        message = "no subscription: set subscription_id in the stack file, AZURE_SUBSCRIPTION_ID, or --subscription"
        raise ConfigError("aoai preflight", [Issue("", message)])
    return subscription


def run_preflight(args: argparse.Namespace, project: Project, out: Console, err: Console) -> int:
    spec = _spec(args, project)
    subscription = _subscription(args, spec)
    connection = Connection(endpoint=args.arm_endpoint, retries=args.max_retries)
    credential = credential_from_environment()
    # azure-identity logs every credential it tried at WARNING; NotSignedInError says what to do instead.
    logging.getLogger("azure.identity").setLevel(logging.ERROR)
    ensure_signed_in(credential, connection)
    arm = client(subscription, credential, connection)
    if err.is_terminal and args.format == "text":
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("reading Azure", total=None)
            seen = observe(spec, arm, lambda name: progress.update(task, description=name, advance=1))
    else:
        seen = observe(spec, arm)
    found = verdicts(spec, seen, datetime.now(UTC).date())
    if args.format == "json":
        sys.stdout.write(
            json.dumps(
                {"subscription": subscription, "checks": [v.to_json() for v in found]}, indent=2, allow_nan=False
            )
            + "\n"
        )
    else:
        out.print(report(found, subscription))
    return exit_codes.VERDICT if any(v.status in ("fail", "error") for v in found) else exit_codes.OK


def report(found: list[Verdict], subscription: str) -> Group:
    table = Table("check", "target", "status", "detail", title=f"Preflight · subscription {subscription}")
    for verdict in found:
        table.add_row(verdict.check, verdict.target, Text(verdict.status, style=_STYLE[verdict.status]), verdict.detail)
    tally = Counter(v.status for v in found)
    summary = ", ".join(f"{tally[s]} {s}" for s in ("pass", "warn", "fail", "error") if tally[s])
    return Group(table, Text(summary))
