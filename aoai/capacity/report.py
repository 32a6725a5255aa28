"""The `aoai size` report: the PTU a workload needs on each provisioned sku, the standard quota of its spillover
target and the cost of each against pay-as-you-go, as JSON-ready data (`sizing`, `costs`) and as text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, TypeVar

from rich.console import Group
from rich.table import Table
from rich.text import Text

from aoai.azure import catalog
from aoai.azure.catalog import PtuThroughput
from aoai.capacity.cost import EXAMPLE_PRICES, compare
from aoai.capacity.prices import PricesSpec, parse_prices
from aoai.capacity.sizing import (
    PtuSize,
    SizingError,
    Workload,
    quota_unit,
    quoted,
    size_ptu,
    standard_quota,
    throughput,
)
from aoai.errors import ConfigError, Issue
from aoai.yaml_reader import load_yaml

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

# How to supply what the catalog lacks for a model, said where the sizing asks for its throughput.
THROUGHPUT_HINT: Final = " with --input-tpm-per-ptu and --output-ratio"


def translated(error: SizingError, hint: str = "") -> list[Issue]:
    return [Issue(OPTIONS.get(i.path, i.path), i.message + hint) for i in error.issues]


@dataclass(frozen=True)
class Request:
    """What `aoai size` was asked, every number checked."""

    model: str
    peak: Workload
    baseline_share: float
    utilization: float
    custom: dict[str, PtuThroughput]
    """The throughput the user supplied for the model, when they did."""
    skus: list[str] | None
    prices: Path | None


def _default_skus(model: str) -> tuple[list[str], list[str]]:
    """Every provisioned sku whose minimum and increment for `model` are known, and a note for each other one."""
    skus, notes = [], []
    for name, sku in catalog.DEPLOYMENT_SKUS.items():
        if not sku.provisioned:
            continue
        try:
            catalog.ptu_steps(name, model)
        except catalog.UnknownModelError:
            if model in catalog.PTU_THROUGHPUT:
                notes.append(f"{name} is not sized: Microsoft offers {model} on global and data-zone skus only")
            else:
                notes.append(
                    f"{name} is not sized: its minimum and increment for {quoted(model)} are not in the catalog"
                    " (give --sku to size another provisioned sku)"
                )
            continue
        skus.append(name)
    return skus, notes


def _throughput_json(request: Request, per_ptu: PtuThroughput) -> tuple[dict[str, Any], list[str]]:
    notes = []
    if request.custom:
        notes.append(
            f"PTU throughput of {quoted(request.model)} from --input-tpm-per-ptu {per_ptu.input_tpm} and --output-ratio"
            f" {per_ptu.output_ratio}: your figures, not the catalog's"
        )
    source = "user" if request.custom else "catalog"
    facts = {"inputTpmPerPtu": per_ptu.input_tpm, "outputRatio": per_ptu.output_ratio, "source": source}
    return facts, notes


def sizing(request: Request) -> dict[str, Any]:
    """The sizing as JSON-ready data (what --format json prints)."""
    problems: list[Issue] = []

    def attempt(step: Callable[[], T], hint: str = "") -> T | None:
        try:
            return step()
        except SizingError as error:
            problems.extend(translated(error, hint))
            return None

    per_ptu = attempt(lambda: throughput(request.model, request.custom), THROUGHPUT_HINT)
    baseline = attempt(lambda: request.peak.share(request.baseline_share))
    skus, notes = (request.skus, []) if request.skus else _default_skus(request.model)
    sizes = None
    if not problems and baseline is not None:
        sizes = attempt(lambda: [size_ptu(request.model, sku, baseline, request.custom) for sku in skus])
    if problems or per_ptu is None or baseline is None or sizes is None:
        raise ConfigError(SOURCE, problems)
    facts, throughput_notes = _throughput_json(request, per_ptu)
    notes += [
        f"{size.sku} needs {size.ptu:,} PTU, more than the {catalog.MAX_PTU_PER_DEPLOYMENT:,} a deployment may have:"
        " split the traffic over more deployments or accounts"
        for size in sizes
        if size.ptu > catalog.MAX_PTU_PER_DEPLOYMENT
    ]
    peak = request.peak
    unit = quota_unit(request.model)
    return {
        "model": request.model,
        "workload": {
            "peakRpm": peak.peak_rpm,
            "inputTpm": peak.input_tpm,
            "outputTpm": peak.output_tpm,
            "cacheHitRate": peak.cache_hit_rate,
            "baselineShare": request.baseline_share,
        },
        "throughput": facts,
        "provisioned": [_size_json(s) for s in sizes],
        "standardQuotaUnit": {"tpm": unit.tpm, "rpm": float(unit.rpm)},
        "spilloverQuota": standard_quota(request.model, peak.above(baseline)),
        "standardQuotaForPeak": standard_quota(request.model, peak),
        "notes": throughput_notes + notes,
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


def size_report(result: dict[str, Any]) -> Group:
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
    notes = [Text(f"Note: {note}") for note in result["notes"]]
    facts = result["throughput"]
    source = "your figures" if facts["source"] == "user" else "the catalog"
    per_ptu = Text(
        f"1 PTU carries {facts['inputTpmPerPtu']:,} input TPM; 1 output token weighs {facts['outputRatio']} input"
        f" tokens (from {source})."
    )
    quota = Text(
        f"Spillover target: {result['spilloverQuota']} standard quota units for the traffic above the provisioned"
        f" share; {result['standardQuotaForPeak']} units would carry the whole peak on pay-as-you-go"
        f" (1 unit = {unit['tpm']:,} TPM and {unit['rpm']:g} RPM for {result['model']})."
    )
    return Group(head, per_ptu, table, quota, *notes)


def read_prices(path: Path | None) -> PricesSpec:
    if path is None:
        return EXAMPLE_PRICES
    return parse_prices(load_yaml(path, "price table"), str(path))


def costs(request: Request, result: dict[str, Any]) -> dict[str, Any]:
    """Each sized sku against pay-as-you-go, for --format json and the text table."""
    prices = read_prices(request.prices)
    comparisons = []
    for size in result["provisioned"]:
        found = compare(
            prices,
            request.model,
            size["sku"],
            request.peak,
            baseline_share=request.baseline_share,
            utilization=request.utilization,
            custom=request.custom,
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
                "recommendation": found.recommendation(request.utilization),
            }
        )
    return {
        "label": prices.label,
        "currency": prices.currency,
        "utilization": request.utilization,
        "comparisons": comparisons,
    }


def _rounded(share: Decimal | None) -> float | None:
    return None if share is None else round(float(share), 4)


def cost_table(cost: dict[str, Any]) -> Group:
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
    return "never" if share is None else f"{share:.0%}"


def _money(amount: float | None) -> str:
    return "unknown" if amount is None else f"{amount:,.2f}"
