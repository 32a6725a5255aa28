"""`aoai size`: the PTU a workload needs on each provisioned sku, and the standard quota of its spillover target."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

from pydantic import ValidationError
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from aoai import catalog
from aoai.catalog import PtuThroughput
from aoai.cost import EXAMPLE_PRICES, compare
from aoai.errors import ConfigError, Issue
from aoai.files import load_yaml
from aoai.sizing import (
    PtuSize,
    SizingError,
    Workload,
    quota_unit,
    size_ptu,
    standard_quota,
    throughput,
)
from aoai.spec.messages import issues_from
from aoai.spec.prices import PricesSpec

T = TypeVar("T")

SOURCE: Final = "aoai size"
# Sizing input names → the options that set them, so that errors name what the user typed.
OPTIONS: Final = {
    "peak_rpm": "--rpm",
    "prompt_tokens": "--prompt-tokens",
    "completion_tokens": "--completion-tokens",
    "input_tpm": "--input-tpm",
    "output_tpm": "--output-tpm",
    "cache_hit_rate": "--cache",
    "baseline_share": "--baseline-share",
    "model": "--model",
    "sku": "--sku",
}

HINTS: Final = {"model": " with --input-tpm-per-ptu and --output-ratio"}


def add_parser(commands: Any) -> None:
    size = commands.add_parser(
        "size", help="PTU per provisioned sku for a workload, and the standard quota its spillover target needs"
    )
    size.add_argument("--model", required=True, help="model name, e.g. gpt-4o")
    size.add_argument("--rpm", type=float, help="peak requests per minute")
    size.add_argument("--prompt-tokens", type=float, help="average prompt (input) tokens per request")
    size.add_argument("--completion-tokens", type=float, help="average completion (output) tokens per request")
    size.add_argument("--input-tpm", type=float, help="peak input tokens per minute (instead of --rpm and tokens)")
    size.add_argument("--output-tpm", type=float, help="peak output tokens per minute (with --input-tpm)")
    size.add_argument("--cache", type=float, default=0.0, help="share of prompt tokens served from cache, 0..1")
    size.add_argument(
        "--baseline-share",
        type=float,
        default=1.0,
        help="share of the peak the provisioned deployment carries; spillover takes the rest (default 1)",
    )
    size.add_argument("--sku", action="append", help="a provisioned sku to size (repeatable; default: all)")
    size.add_argument("--input-tpm-per-ptu", type=int, help="for a model the catalog does not know")
    size.add_argument("--output-ratio", type=int, help="for a model the catalog does not know")
    size.add_argument(
        "--utilization",
        type=float,
        default=1.0,
        help="for cost: the month's average traffic as a share of the peak, 0..1 (default 1)",
    )
    size.add_argument(
        "--prices",
        type=Path,
        help="a YAML or JSON price table shaped like aoai:prices (default: the labelled example prices)",
    )
    size.add_argument("--format", choices=("text", "json"), default="text")


def _workload(args: argparse.Namespace) -> Workload:
    by_requests = [args.rpm, args.prompt_tokens, args.completion_tokens]
    by_tokens = [args.input_tpm, args.output_tpm]
    if all(v is not None for v in by_requests) and all(v is None for v in by_tokens):
        return Workload.from_requests(args.rpm, args.prompt_tokens, args.completion_tokens, args.cache)
    if all(v is not None for v in by_tokens) and all(v is None for v in by_requests):
        return Workload(args.input_tpm, args.output_tpm, cache_hit_rate=args.cache)
    message = "give either --rpm, --prompt-tokens and --completion-tokens, or --input-tpm and --output-tpm"
    raise ConfigError(SOURCE, [Issue("", message)])


def _custom(args: argparse.Namespace) -> dict[str, PtuThroughput]:
    given = (args.input_tpm_per_ptu, args.output_ratio)
    if given == (None, None):
        return {}
    if None in given or min(v for v in given if v is not None) <= 0:
        raise ConfigError(SOURCE, [Issue("--input-tpm-per-ptu", "give it with --output-ratio, both above 0")])
    return {args.model: PtuThroughput(args.input_tpm_per_ptu, args.output_ratio)}


def sizing(args: argparse.Namespace) -> dict[str, Any]:
    """The sizing as JSON-ready data (what --format json prints)."""
    custom = _custom(args)
    problems: list[Issue] = []

    def attempt(step: Callable[[], T]) -> T | None:
        try:
            return step()
        except SizingError as error:
            problems.extend(Issue(OPTIONS.get(i.path, i.path), i.message + HINTS.get(i.path, "")) for i in error.issues)
            return None

    peak = attempt(lambda: _workload(args))
    attempt(lambda: throughput(args.model, custom))
    baseline = attempt(lambda: (peak or Workload(0, 0)).share(args.baseline_share))
    sizes = None
    if not problems and peak is not None and baseline is not None:
        skus = args.sku or [n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned]
        sizes = attempt(lambda: [size_ptu(args.model, sku, baseline, custom) for sku in skus])
    if problems or peak is None or baseline is None or sizes is None:
        raise ConfigError(SOURCE, problems)
    above = peak.above(baseline)
    unit = quota_unit(args.model)
    return {
        "model": args.model,
        "workload": {
            "peakRpm": peak.peak_rpm,
            "inputTpm": peak.input_tpm,
            "outputTpm": peak.output_tpm,
            "cacheHitRate": peak.cache_hit_rate,
            "baselineShare": args.baseline_share,
        },
        "provisioned": [_size_json(s) for s in sizes],
        "standardQuotaUnit": {"tpm": unit.tpm, "rpm": float(unit.rpm)},
        "spilloverQuota": standard_quota(args.model, above),
        "standardQuotaForPeak": standard_quota(args.model, peak),
    }


def _size_json(size: PtuSize) -> dict[str, Any]:
    return {
        "sku": size.sku,
        "ptu": size.ptu,
        "exactPtu": round(float(size.exact), 4),
        "convertedTpm": round(float(size.converted_tpm), 4),
        "inputTpmPerPtu": size.input_tpm_per_ptu,
        "minimum": size.minimum,
        "increment": size.increment,
        "derivation": size.derivation(),
    }


def _text(result: dict[str, Any]) -> Group:
    work = result["workload"]
    traffic = (
        f"{work['peakRpm']:,.0f} RPM, " if work["peakRpm"] is not None else ""
    ) + f"{work['inputTpm']:,.0f} input + {work['outputTpm']:,.0f} output TPM at peak"
    head = Text(
        f"{result['model']}: {traffic}, cache {work['cacheHitRate']:.0%}, provisioned share {work['baselineShare']:.0%}"
    )
    table = Table("sku", "PTU", "derivation", title="Provisioned", title_justify="left")
    for size in result["provisioned"]:
        table.add_row(size["sku"], str(size["ptu"]), size["derivation"])
    unit = result["standardQuotaUnit"]
    quota = Text(
        f"Spillover target: {result['spilloverQuota']} standard quota units for the traffic above the provisioned"
        f" share; {result['standardQuotaForPeak']} units would carry the whole peak on pay-as-you-go"
        f" (1 unit = {unit['tpm']:,} TPM and {unit['rpm']:g} RPM for {result['model']})."
    )
    return Group(head, table, quota)


def read_prices(path: Path | None) -> PricesSpec:
    if path is None:
        return EXAMPLE_PRICES
    raw = load_yaml(path, "price table")
    try:
        return PricesSpec.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(str(path), issues_from(error, PricesSpec)) from None


def costs(args: argparse.Namespace, result: dict[str, Any]) -> dict[str, Any]:
    """Each sized sku against pay-as-you-go, for --format json and the text table."""
    if not 0 < args.utilization <= 1:
        raise ConfigError(
            SOURCE, [Issue("--utilization", f"must be greater than 0 and at most 1 (got {args.utilization})")]
        )
    prices = read_prices(args.prices)
    work = result["workload"]
    peak = Workload(work["inputTpm"], work["outputTpm"], work["peakRpm"], work["cacheHitRate"])
    comparisons = []
    for size in result["provisioned"]:
        found = compare(
            prices, args.model, size["sku"], peak, baseline_share=args.baseline_share, utilization=args.utilization
        )
        comparisons.append(
            {
                "sku": found.sku,
                "standardSku": found.standard_sku,
                "ptu": found.ptu,
                "provisioned": found.provisioned.to_json(),
                "reserved": found.reserved.to_json(),
                "payAsYouGo": found.pay_as_you_go.to_json(),
                "breakEvenUtilization": _rounded(found.break_even),
                "breakEvenUtilizationReserved": _rounded(found.break_even_reserved),
                "recommendation": found.recommendation(args.utilization),
            }
        )
    return {
        "label": prices.label,
        "currency": prices.currency,
        "utilization": args.utilization,
        "comparisons": comparisons,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _cost_table(cost: dict[str, Any]) -> Group:
    table = Table(
        "sku",
        "PTU hourly",
        "PTU reserved",
        "pay-as-you-go",
        "break-even hourly",
        "break-even reserved",
        title="Monthly cost",
        title_justify="left",
    )
    for row in cost["comparisons"]:
        table.add_row(
            f"{row['sku']} / {row['standardSku']}",
            _money(row["provisioned"]["monthly"]),
            _money(row["reserved"]["monthly"]),
            _money(row["payAsYouGo"]["monthly"]),
            _utilization(row["breakEvenUtilization"]),
            _utilization(row["breakEvenUtilizationReserved"]),
        )
    notes = [Text(f"  {row['sku']}: {row['recommendation']}") for row in cost["comparisons"]]
    label = Text(f"{cost['currency']}, at {cost['utilization']:.0%} average utilization; {cost['label']}")
    return Group(table, label, *notes)


def _utilization(share: float | None) -> str:
    return "never" if share is None or share > 1 else f"{share:.0%}"


def _money(amount: float | None) -> str:
    return "unknown" if amount is None else f"{amount:,.2f}"


def run_size(args: argparse.Namespace, out: Console) -> int:
    result = sizing(args)
    result["cost"] = costs(args, result)
    if args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        out.print(Group(_text(result), _cost_table(result["cost"])))
    return 0
