"""The `aoai` command line: offline tools over the same program and stack files `pulumi up` uses.

One module per command (`plan` holds plan and check); each adds its parser here and imports what it needs only
when it runs, so that `aoai --help` and `aoai diff` do not pay for pulumi, the policy pack or the Azure SDK.
Exit codes: `aoai.cli.exit_codes.ExitCode`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from aoai.cli import adopt as adopt_command
from aoai.cli import crash
from aoai.cli import diff as diff_command
from aoai.cli import drift as drift_command
from aoai.cli import plan as plan_command
from aoai.cli import policy_config as policy_config_command
from aoai.cli import preflight as preflight_command
from aoai.cli import size as size_command
from aoai.cli.exit_codes import ExitCode
from aoai.errors import AoaiError

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.cli.progress import Reporter


class _Version(argparse.Action):
    """`--version`: `aoai <version>` from the package metadata, read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version  # noqa: PLC0415 - read only when asked for

        sys.stdout.write(f"aoai {version('aoai')}\n")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """Every command's parser; each sets `run`, the function that carries it out."""
    top = argparse.ArgumentParser(prog="aoai", description="Azure OpenAI estates as code: offline tools.")
    top.add_argument("--version", action=_Version, help="show the version of aoai and exit")
    commands = top.add_subparsers(dest="command", required=True)
    plan_command.add_parsers(commands)
    diff_command.add_parser(commands)
    size_command.add_parser(commands)
    preflight_command.add_parser(commands)
    adopt_command.add_parser(commands)
    drift_command.add_parser(commands)
    policy_config_command.add_parser(commands)
    return top


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    return args.run(args, out, err, reporter)


def entry() -> NoReturn:
    """The `aoai` executable and `python -m aoai`: `main()`, then exit at once. Interpreter teardown frees every object
    one by one (about half a second after a plan of a few hundred resources) and nothing is left to do by then:
    every file was written and closed, so only the standard streams need flushing."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`aoai plan | head`): nothing left to keep
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(arguments)
    from rich.console import Console  # noqa: PLC0415 - not needed for --help and --version

    from aoai.cli.progress import Reporter, wanted  # noqa: PLC0415

    out, err = Console(width=None if sys.stdout.isatty() else 160), Console(stderr=True)
    try:
        return run(args, out, err, Reporter(err, active=wanted(err, os.environ)))
    except AoaiError as error:
        err.print(str(error), markup=False, highlight=False, soft_wrap=True)
        return ExitCode.INVALID_INPUT
    except Exception as error:  # anything else is a bug: say so, keep the traceback, never exit 1
        err.print(
            crash.message(error, crash.write_report(error, arguments)), markup=False, highlight=False, soft_wrap=True
        )
        return ExitCode.INTERNAL_ERROR
