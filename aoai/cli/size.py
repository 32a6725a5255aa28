"""`aoai size`: its options, read and checked; the report itself is `aoai.capacity.report`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from aoai.capacity.sizing import (
    CACHE_EXAMPLE,
    CACHE_HIT_RATE,
    INPUT_TPM_PER_PTU,
    OUTPUT_RATIO,
    REQUESTS_PER_MINUTE,
    SHARE,
    SHARE_EXAMPLE,
    TOKENS_PER_MINUTE,
    TOKENS_PER_REQUEST,
    Range,
    SizingError,
    Workload,
)
from aoai.errors import ConfigError, Issue

if TYPE_CHECKING:
    from rich.console import Console

    from aoai.azure.catalog import PtuThroughput
    from aoai.capacity.report import Request
    from aoai.cli.progress import Reporter


SIZE_COMMAND: Final = "aoai size"
"""How errors in the options name their source (`aoai.capacity.report.SOURCE` too)."""


@dataclass(frozen=True)
class NumberOption:
    flag: str
    range: Range
    help: str
    example: str = ""
    default: str | None = None

    @property
    def dest(self) -> str:
        return self.flag.removeprefix("--").replace("-", "_")


UNKNOWN_MODEL: Final = "for a model the catalog does not know"
NUMBER_OPTIONS: Final = (
    NumberOption("--rpm", REQUESTS_PER_MINUTE, "peak requests per minute"),
    NumberOption("--prompt-tokens", TOKENS_PER_REQUEST, "average prompt (input) tokens per request"),
    NumberOption("--completion-tokens", TOKENS_PER_REQUEST, "average completion (output) tokens per request"),
    NumberOption("--input-tpm", TOKENS_PER_MINUTE, "peak input tokens per minute (instead of --rpm and tokens)"),
    NumberOption("--output-tpm", TOKENS_PER_MINUTE, "peak output tokens per minute (with --input-tpm)"),
    NumberOption("--cache", CACHE_HIT_RATE, "share of prompt tokens served from cache, 0..1", CACHE_EXAMPLE, "0"),
    NumberOption(
        "--baseline-share",
        SHARE,
        "share of the peak the provisioned deployment carries; spillover takes the rest (default 1)",
        SHARE_EXAMPLE,
        "1",
    ),
    NumberOption("--input-tpm-per-ptu", INPUT_TPM_PER_PTU, f"{UNKNOWN_MODEL}: input tokens a minute one PTU carries"),
    NumberOption("--output-ratio", OUTPUT_RATIO, f"{UNKNOWN_MODEL}: how many input tokens one output token weighs"),
    NumberOption(
        "--utilization",
        SHARE,  # aoai.capacity.cost.UTILIZATION, named here without importing the price models
        "for cost: the month's average traffic as a share of the peak, 0..1 (default 1)",
        ", e.g. 0.6 when the month averages 60 % of the peak",
        "1",
    ),
)
# Numbers as people type them, in ASCII digits: `float` alone would also take '١٢', '1_000' and 'infinity'.
_NUMBER_TEXT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SHOWN: Final = 40


def add_parser(commands: Any) -> None:
    size = commands.add_parser(
        "size", help="PTU per provisioned sku for a workload, and the standard quota its spillover target needs"
    )
    size.add_argument("--model", required=True, help="model name, e.g. gpt-4o")
    for option in NUMBER_OPTIONS:
        # Read as text and checked here, so that every bad value is reported together in aoai's words.
        size.add_argument(option.flag, default=option.default, metavar="NUMBER", help=option.help)
    size.add_argument("--sku", action="append", help="a provisioned sku to size (repeatable; default: all)")
    size.add_argument(
        "--prices",
        type=Path,
        help="a YAML or JSON price table shaped like aoai:prices (default: the labelled example prices)",
    )
    size.add_argument("--format", choices=("text", "json"), default="text")
    size.set_defaults(run=run)


def _number(option: NumberOption, text: str, problems: list[Issue]) -> float | None:
    written = text if len(text) <= _SHOWN else text[:_SHOWN] + "..."
    if not _NUMBER_TEXT.fullmatch(text):
        problems.append(Issue(option.flag, f"must be {option.range.describe()} (got {written!r}){option.example}"))
        return None
    value = float(text)
    found = option.range.problem(option.flag, value, option.example, written)
    problems.extend(found)
    return None if found else value


def _custom(
    args: argparse.Namespace, numbers: dict[str, float | None], problems: list[Issue]
) -> dict[str, PtuThroughput]:
    from aoai.azure.catalog import PtuThroughput  # noqa: PLC0415 - each command imports what it needs

    per_ptu, ratio = numbers["input_tpm_per_ptu"], numbers["output_ratio"]
    if per_ptu is not None and ratio is not None:
        return {args.model: PtuThroughput(int(per_ptu), int(ratio))}
    typed = {"--input-tpm-per-ptu": args.input_tpm_per_ptu, "--output-ratio": args.output_ratio}
    given = [flag for flag, text in typed.items() if text is not None]
    if len(given) == 1:  # a value typed but not a valid number is reported as such, not as missing
        [missing] = [flag for flag in typed if flag not in given]
        message = f"required with {given[0]}: give both, from the Azure AI Foundry capacity calculator"
        problems.append(Issue(missing, message))
    return {}


def _workload(numbers: dict[str, float | None]) -> Workload:
    rpm, prompt, completion = (numbers[n] for n in ("rpm", "prompt_tokens", "completion_tokens"))
    input_tpm, output_tpm = numbers["input_tpm"], numbers["output_tpm"]
    cache = numbers["cache"] or 0.0
    if rpm is not None and prompt is not None and completion is not None and input_tpm is None and output_tpm is None:
        return Workload.from_requests(rpm, prompt, completion, cache)
    if input_tpm is not None and output_tpm is not None and rpm is None and prompt is None and completion is None:
        return Workload(input_tpm, output_tpm, cache_hit_rate=cache)
    message = "give either --rpm, --prompt-tokens and --completion-tokens, or --input-tpm and --output-tpm"
    raise ConfigError(SIZE_COMMAND, [Issue("", message)])


def read_request(args: argparse.Namespace) -> Request:
    """The options as checked numbers and a workload, or a ConfigError naming every bad option and its range."""
    from aoai.capacity.report import Request, translated  # noqa: PLC0415 - each command imports what it needs

    problems: list[Issue] = []
    numbers: dict[str, float | None] = {}
    for option in NUMBER_OPTIONS:
        text = getattr(args, option.dest)
        numbers[option.dest] = None if text is None else _number(option, text, problems)
    custom = _custom(args, numbers, problems)
    if problems:
        raise ConfigError(SIZE_COMMAND, problems)
    try:
        peak = _workload(numbers)
    except SizingError as error:
        raise ConfigError(SIZE_COMMAND, translated(error)) from None
    # Both have defaults, so they are numbers here.
    baseline_share, utilization = numbers["baseline_share"] or 1.0, numbers["utilization"] or 1.0
    skus = list(dict.fromkeys(args.sku)) if args.sku else None  # a sku given twice is sized once
    return Request(args.model, peak, baseline_share, utilization, custom, skus, args.prices)


def run(args: argparse.Namespace, out: Console, err: Console, reporter: Reporter) -> int:
    from rich.console import Group  # noqa: PLC0415 - each command imports what it needs

    from aoai.capacity.report import cost_table, costs, size_report, sizing  # noqa: PLC0415

    del err, reporter
    request = read_request(args)
    result = sizing(request)
    result["cost"] = costs(request, result)
    if args.format == "json":
        # allow_nan=False: a NaN or an infinity is a bug, never something a reader of the JSON should see.
        sys.stdout.write(json.dumps(result, indent=2, allow_nan=False) + "\n")
    else:
        out.print(Group(size_report(result), cost_table(result["cost"])))
    return 0
