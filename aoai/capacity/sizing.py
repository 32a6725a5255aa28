"""Provisioned throughput sizing (catalog source LEARN-PTU-ONBOARDING): how many PTU a workload needs, per
provisioned sku, and how much standard quota its spillover target needs for the traffic above the provisioned
baseline.

    converted TPM = input TPM × (1 − cache hit rate) + output ratio × output TPM
    PTU           = converted TPM ÷ input TPM per PTU, rounded up to the sku's increment and to at least its minimum

Arithmetic is exact (fractions), so a workload that needs exactly 150 PTU gets 150, not 155. Every input is a
finite number within a range Azure can serve (`Range`), so no figure is NaN, infinite or too large for a float.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from aoai.azure import catalog
from aoai.azure.catalog import PtuThroughput, QuotaUnit
from aoai.errors import Issue


class SizingError(ValueError):
    """A workload or model the sizing cannot work with: each issue names the input (`peak_rpm`, `model`, ...) and
    says how to fix it; callers translate the names to their own (a stack key path, a command-line option)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


def _power_of_ten_at_least(value: int) -> int:
    return 10 ** math.ceil(math.log10(value))


_CATALOG_THROUGHPUT = catalog.PTU_THROUGHPUT.values()
# The most tokens a minute one deployment can be given: the PTU maximum of a deployment times the highest input TPM
# per PTU in the catalog (100,000 × 59,400). A larger figure is traffic no deployment can carry, and bounding every
# input keeps the sizing and cost products finite. A peak of requests has the same bound (a request has a token).
MAX_TOKENS_PER_MINUTE: Final = catalog.MAX_WORKLOAD_RPM
# Throughput a user supplies for a model the catalog lacks: up to ten times the catalog's highest figures (59,400
# input TPM per PTU, output ratio 8), rounded up to a power of ten (1,000,000 and 100): room for a new, lighter
# model, not for a typo's extra zeros.
MAX_INPUT_TPM_PER_PTU: Final = _power_of_ten_at_least(10 * max(t.input_tpm for t in _CATALOG_THROUGHPUT))
MAX_OUTPUT_RATIO: Final = _power_of_ten_at_least(10 * max(t.output_ratio for t in _CATALOG_THROUGHPUT))


def shown(value: float) -> str:
    """A bound or a value as users write it: 1,000,000 for a whole number, 1e308 and 0.5 for others."""
    if isinstance(value, float):
        return f"{value:g}".replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")
    # A huge whole number is neither converted to a float (it overflows) nor printed (its digits could fill pages).
    return f"{value:,}" if abs(value) < 10**15 else f"about 1e{math.floor(math.log10(abs(value)))}"


@dataclass(frozen=True)
class Range:
    """The values an input admits: finite, from `low` (included unless `above_low`) to `high` (included)."""

    low: int
    high: int
    above_low: bool = False
    whole: bool = False

    def admits(self, value: float) -> bool:
        if isinstance(value, float) and not (math.isfinite(value) and (value.is_integer() or not self.whole)):
            return False
        return self.low < value <= self.high if self.above_low else self.low <= value <= self.high

    def describe(self) -> str:
        kind = "whole number" if self.whole else "number"
        low, high = shown(self.low), shown(self.high)
        if self.above_low:
            return f"a finite {kind} greater than {low} and at most {high}"
        return f"a finite {kind} between {low} and {high}"

    def problem(self, name: str, value: float, example: str = "", written: str | None = None) -> list[Issue]:
        """The issue of `name` when `value` (`written` so by the user) is outside the range; `example` ends the
        message with a hint."""
        if self.admits(value):
            return []
        return [Issue(name, f"must be {self.describe()} (got {written or shown(value)}){example}")]


REQUESTS_PER_MINUTE: Final = Range(0, MAX_TOKENS_PER_MINUTE, above_low=True)
"""A peak of requests: above zero, and each request carries at least one token."""
TOKENS_PER_MINUTE: Final = Range(0, MAX_TOKENS_PER_MINUTE)
TOKENS_PER_REQUEST: Final = Range(0, catalog.MAX_TOKENS_PER_REQUEST)
"""Averages per request: no request carries more tokens than the largest context window."""
CACHE_HIT_RATE: Final = Range(0, 1)
SHARE: Final = Range(0, 1, above_low=True)
INPUT_TPM_PER_PTU: Final = Range(1, MAX_INPUT_TPM_PER_PTU, whole=True)
OUTPUT_RATIO: Final = Range(1, MAX_OUTPUT_RATIO, whole=True)
CACHE_EXAMPLE: Final = ", e.g. 0.2 for 20 % of prompt tokens cached"
SHARE_EXAMPLE: Final = ", e.g. 0.8 for 80 % of the peak"


def nearest_sizes(value: Fraction | int, minimum: int, step: int) -> tuple[int, int]:
    """The valid sizes (the minimum plus a multiple of the step) at or below and at or above `value`."""
    below = minimum + max(0, math.floor((value - minimum) / step)) * step
    above = minimum + max(0, math.ceil((value - minimum) / step)) * step
    return below, above


def _exact(value: float) -> Fraction:
    return Fraction(str(value))


@dataclass(frozen=True)
class Workload:
    """Traffic at the peak minute: tokens in and out, and optionally requests (for standard rate limits)."""

    input_tpm: float
    output_tpm: float
    peak_rpm: float | None = None
    cache_hit_rate: float = 0.0

    def __post_init__(self) -> None:
        problems = [issue for name, value in self._amounts() for issue in TOKENS_PER_MINUTE.problem(name, value)]
        problems += CACHE_HIT_RATE.problem("cache_hit_rate", self.cache_hit_rate, CACHE_EXAMPLE)
        if problems:
            raise SizingError(problems)

    def _amounts(self) -> list[tuple[str, float]]:
        # A remainder (`above`) may carry no requests, so zero requests are valid here; a peak's are not.
        amounts = [("input_tpm", self.input_tpm), ("output_tpm", self.output_tpm)]
        return amounts + ([("peak_rpm", self.peak_rpm)] if self.peak_rpm is not None else [])

    @classmethod
    def from_requests(
        cls, peak_rpm: float, prompt_tokens: float, completion_tokens: float, cache_hit_rate: float = 0.0
    ) -> Workload:
        """A workload of `peak_rpm` requests a minute of `prompt_tokens` in and `completion_tokens` out on average."""
        problems = REQUESTS_PER_MINUTE.problem("peak_rpm", peak_rpm)
        for name, value in (("prompt_tokens", prompt_tokens), ("completion_tokens", completion_tokens)):
            problems += TOKENS_PER_REQUEST.problem(name, value)
        problems += CACHE_HIT_RATE.problem("cache_hit_rate", cache_hit_rate, CACHE_EXAMPLE)
        if problems:
            raise SizingError(problems)
        tokens = {}
        for name, per_request in (("prompt_tokens", prompt_tokens), ("completion_tokens", completion_tokens)):
            tokens[name] = per_minute = _exact(peak_rpm) * _exact(per_request)
            if per_minute > MAX_TOKENS_PER_MINUTE:
                message = (
                    f"{shown(peak_rpm)} requests a minute × {shown(per_request)} tokens is {shown(float(per_minute))}"
                    f" tokens a minute, more than the {shown(MAX_TOKENS_PER_MINUTE)} one deployment can be given:"
                    " split the traffic over several deployments"
                )
                problems.append(Issue(name, message))
        if problems:
            raise SizingError(problems)
        return cls(
            input_tpm=float(tokens["prompt_tokens"]),
            output_tpm=float(tokens["completion_tokens"]),
            peak_rpm=peak_rpm,
            cache_hit_rate=cache_hit_rate,
        )

    def share(self, fraction: float) -> Workload:
        """The part of this workload a deployment carries when it takes `fraction` of it (0 < fraction ≤ 1)."""
        problems = SHARE.problem("baseline_share", fraction, SHARE_EXAMPLE)
        if problems:
            raise SizingError(problems)
        part = _exact(fraction)
        return Workload(
            input_tpm=float(_exact(self.input_tpm) * part),
            output_tpm=float(_exact(self.output_tpm) * part),
            peak_rpm=None if self.peak_rpm is None else float(_exact(self.peak_rpm) * part),
            cache_hit_rate=self.cache_hit_rate,
        )

    def above(self, part: Workload) -> Workload:
        """What is left of this workload once `part` of it (e.g. a provisioned baseline) is carried elsewhere."""

        def less(whole: float, taken: float) -> float:
            return float(_exact(whole) - _exact(taken))

        rpm = None if self.peak_rpm is None or part.peak_rpm is None else less(self.peak_rpm, part.peak_rpm)
        return Workload(
            less(self.input_tpm, part.input_tpm), less(self.output_tpm, part.output_tpm), rpm, self.cache_hit_rate
        )


def quoted(name: str) -> str:
    """A name as messages show it: quoted, invisible characters escaped, and not pages long."""
    text = repr(name)
    return text if len(text) <= 80 else text[:77] + "..."


def _did_you_mean(name: str, known: list[str]) -> str:
    twins = [k for k in known if k.casefold() == name.strip().casefold()]
    return f"did you mean {quoted(twins[0])}? " if twins else ""


def throughput(model: str, custom: Mapping[str, PtuThroughput] | None = None) -> PtuThroughput:
    """How much one PTU of `model` carries: from `custom` (the user's figures) first, else the catalog."""
    known = {**catalog.PTU_THROUGHPUT, **(custom or {})}
    if model not in known:
        message = (
            f"no PTU throughput known for {quoted(model)}; {_did_you_mean(model, list(known))}known:"
            f" {', '.join(sorted(known))}. Supply its input TPM per PTU and output ratio (from the Azure AI Foundry"
            " capacity calculator)"
        )
        raise SizingError([Issue("model", message)])
    found = known[model]
    if not (INPUT_TPM_PER_PTU.admits(found.input_tpm) and OUTPUT_RATIO.admits(found.output_ratio)):
        message = (
            f"the PTU throughput supplied for {quoted(model)} is out of range: input TPM per PTU must be"
            f" {INPUT_TPM_PER_PTU.describe()} and the output ratio {OUTPUT_RATIO.describe()} (got"
            f" {shown(found.input_tpm)} and {shown(found.output_ratio)})"
        )
        raise SizingError([Issue("model", message)])
    return found


def converted_tpm(workload: Workload, per_ptu: PtuThroughput) -> Fraction:
    cached = 1 - _exact(workload.cache_hit_rate)
    return _exact(workload.input_tpm) * cached + per_ptu.output_ratio * _exact(workload.output_tpm)


@dataclass(frozen=True)
class PtuSize:
    sku: str
    model: str
    converted_tpm: Fraction
    input_tpm_per_ptu: int
    exact: Fraction
    """Unrounded PTU: converted TPM ÷ input TPM per PTU."""
    minimum: int
    increment: int

    @property
    def ptu(self) -> int:
        """The smallest deployable size that carries the workload: the minimum plus a multiple of the increment."""
        return nearest_sizes(self.exact, self.minimum, self.increment)[1]

    def derivation(self) -> str:
        return (
            f"{float(self.converted_tpm):,.0f} converted TPM ÷ {self.input_tpm_per_ptu:,} per PTU ="
            f" {float(self.exact):,.2f} → {self.ptu} PTU (minimum {self.minimum}, steps of {self.increment})"
        )


def size_ptu(model: str, sku: str, workload: Workload, custom: Mapping[str, PtuThroughput] | None = None) -> PtuSize:
    """The PTU a `sku` deployment of `model` needs to carry `workload` without spilling over."""
    facts = catalog.DEPLOYMENT_SKUS.get(sku)
    if facts is None or not facts.provisioned:
        provisioned = [n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned]
        hint = _did_you_mean(sku, provisioned)
        message = f"{quoted(sku)} is not a provisioned sku; {hint}use one of {', '.join(provisioned)}"
        raise SizingError([Issue("sku", message)])
    per_ptu = throughput(model, custom)
    try:
        steps = catalog.ptu_steps(sku, model)
    except catalog.UnknownModelError:
        steps = catalog.PTU_STEPS_GLOBAL_AND_DATAZONE
        message = (
            f"the minimum and increment of {sku} for {quoted(model)} are not known; use a global or data-zone sku"
            f" ({steps.minimum} PTU minimum, steps of {steps.increment})"
        )
        raise SizingError([Issue("model", message)]) from None
    converted = converted_tpm(workload, per_ptu)
    return PtuSize(
        sku, model, converted, per_ptu.input_tpm, converted / per_ptu.input_tpm, steps.minimum, steps.increment
    )


def quota_unit(model: str) -> QuotaUnit:
    return catalog.STANDARD_QUOTA_UNIT_BY_MODEL.get(model, catalog.STANDARD_QUOTA_UNIT)


def standard_quota(model: str, workload: Workload) -> int:
    """Standard-family quota units that admit `workload`: enough for its tokens and, when known, its requests.
    Standard rate limits count every token, cached or not."""
    unit = quota_unit(model)
    tokens = (_exact(workload.input_tpm) + _exact(workload.output_tpm)) / unit.tpm
    requests = _exact(workload.peak_rpm) / unit.rpm if workload.peak_rpm is not None else Fraction(0)
    return math.ceil(max(tokens, requests))
