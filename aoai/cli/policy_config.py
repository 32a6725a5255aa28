"""`aoai policy-config --stack <env>`: write `policies/config/<env>.json`, the file `pulumi preview --policy-pack
policies --policy-pack-config` reads, from the stack's own facts (data zone, required tags) and the per-environment
settings already in that file; `--check` only compares, for CI.

A stack without its own file starts from the named default (`policies/config/default.json`). The output is
deterministic: sorted keys, two-space indent, a trailing newline, so the file diffs cleanly in review.
"""

from __future__ import annotations

import argparse
import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoai.cli import options
from aoai.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.cli.progress import Reporter


def add_parser(commands: Any) -> None:
    command = commands.add_parser(
        "policy-config",
        help="write policies/config/<stack>.json from the stack's data_zone and required_tags (or --check it)",
    )
    command.add_argument("--stack", required=True, help="environment name: reads stacks/Pulumi.<stack>.yaml")
    options.add_project_option(command)
    command.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a diff when the file differs from what would be written",
    )
    command.set_defaults(run=run)


def rendered(config: dict[str, Any]) -> str:
    """The file's text: sorted keys, two-space indent, a trailing newline."""
    return json.dumps(config, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    # The policy pack (and pulumi_policy with it) is imported by the commands that judge or configure it alone.
    from aoai_policies import pack  # noqa: PLC0415

    from aoai.policy.config import (  # noqa: PLC0415
        CONFIG_DIR,
        config_file,
        read_policy_config,
        reconcile,
        stack_facts,
        with_stack,
    )
    from aoai.spec.load import read_stack_file, spec_from_config  # noqa: PLC0415

    del err, reporter
    project = options.project_of(args)
    project_dir = project.folder
    stack_path = project.stack_file(args.stack)
    spec = spec_from_config(read_stack_file(stack_path, project.name), str(stack_path))
    facts = stack_facts(spec, str(Path(project.stack_config_dir, stack_path.name)))
    target = project_dir / CONFIG_DIR / f"{args.stack}.json"
    source = config_file(project_dir, args.stack)
    merged = with_stack(read_policy_config(source) if source.is_file() else {}, facts)
    reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, merged, str(source))  # never write what the pack refuses
    text = rendered(merged)
    shown = CONFIG_DIR / target.name
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == text:
            out.print(f"{shown} is up to date with {facts.source}", highlight=False)
            return ExitCode.OK
        diff = difflib.unified_diff(
            (current or "").splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"{shown} (on disk)" if current is not None else f"{shown} (missing)",
            tofile=f"{shown} (from {facts.source})",
        )
        out.print("".join(diff), end="", markup=False, highlight=False, soft_wrap=True)
        out.print(f"{shown} is out of date: run `aoai policy-config --stack {args.stack}`", highlight=False)
        return ExitCode.VERDICT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    base = "" if source == target else f", starting from {CONFIG_DIR / source.name}"
    out.print(f"wrote {shown}{facts.added}{base}", highlight=False)
    return ExitCode.OK
