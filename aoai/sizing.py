"""Provisioned throughput sizing (FACTS §4): how many PTU a workload needs, per provisioned sku, and how much
standard quota its spillover target needs for the traffic above the provisioned baseline.

    converted TPM = input TPM × (1 − cache hit rate) + output ratio × output TPM
    PTU           = converted TPM ÷ input TPM per PTU, rounded up to the sku's increment and to at least its minimum

Arithmetic is exact (fractions), so a workload that needs exactly 150 PTU gets 150, not 155.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from aoai import catalog
from aoai.catalog import PtuThroughput, QuotaUnit
from aoai.errors import Issue


class SizingError(ValueError):
    """A workload or model the sizing cannot work with: each issue names the input (`peak_rpm`, `model`, ...) and
    says how to fix it; callers translate the names to their own (a stack key path, a command-line option)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


def nearest_sizes(value: Fraction | int, minimum: int, step: int) -> tuple[int, int]:
    """The valid sizes (the minimum plus a multiple of the step) at or below and at or above `value`."""
    below = minimum + max(0, math.floor((value - minimum) / step)) * step
    above = minimum + max(0, math.ceil((value - minimum) / step)) * step
    return below, above


def _exact(value: float) -> Fraction:
    return Fraction(str(value))


def _cache_problems(rate: float) -> list[Issue]:
    if 0 <= rate <= 1:
        return []
    return [Issue("cache_hit_rate", f"must be between 0 and 1 (got {rate}), e.g. 0.2 for 20 % of prompt tokens cached")]


@dataclass(frozen=True)
class Workload:
    """Traffic at the peak minute: tokens in and out, and optionally requests (for standard rate limits)."""

    input_tpm: float
    output_tpm: float
    peak_rpm: float | None = None
    cache_hit_rate: float = 0.0

    def __post_init__(self) -> None:
        problems = [Issue(name, f"must not be negative (got {value})") for name, value in self._amounts() if value < 0]
        problems += _cache_problems(self.cache_hit_rate)
        if problems:
            raise SizingError(problems)

    def _amounts(self) -> list[tuple[str, float]]:
        amounts = [("input_tpm", self.input_tpm), ("output_tpm", self.output_tpm)]
        return amounts + ([("peak_rpm", self.peak_rpm)] if self.peak_rpm is not None else [])

    @classmethod
    def from_requests(
        cls, peak_rpm: float, prompt_tokens: float, completion_tokens: float, cache_hit_rate: float = 0.0
    ) -> Workload:
        """A workload of `peak_rpm` requests a minute of `prompt_tokens` in and `completion_tokens` out on average."""
        problems = [
            Issue(name, f"must not be negative (got {value})")
            for name, value in (("prompt_tokens", prompt_tokens), ("completion_tokens", completion_tokens))
            if value < 0
        ]
        if peak_rpm <= 0:
            problems.insert(0, Issue("peak_rpm", f"must be greater than 0 (got {peak_rpm})"))
        problems += _cache_problems(cache_hit_rate)
        if problems:
            raise SizingError(problems)
        return cls(
            input_tpm=float(_exact(peak_rpm) * _exact(prompt_tokens)),
            output_tpm=float(_exact(peak_rpm) * _exact(completion_tokens)),
            peak_rpm=peak_rpm,
            cache_hit_rate=cache_hit_rate,
        )

    def share(self, fraction: float) -> Workload:
        """The part of this workload a deployment carries when it takes `fraction` of it (0 < fraction ≤ 1)."""
        if not 0 < fraction <= 1:
            message = f"must be greater than 0 and at most 1 (got {fraction}), e.g. 0.8 for 80 % of the peak"
            raise SizingError([Issue("baseline_share", message)])
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


def throughput(model: str, custom: Mapping[str, PtuThroughput] | None = None) -> PtuThroughput:
    """How much one PTU of `model` carries: from `custom` (stack config) first, else the catalog."""
    known = {**catalog.PTU_THROUGHPUT, **(custom or {})}
    if model not in known:
        message = (
            f"no PTU throughput known for '{model}'; known: {', '.join(sorted(known))}. Supply its input TPM per PTU"
            " and output ratio (from the Azure AI Foundry capacity calculator)"
        )
        raise SizingError([Issue("model", message)])
    return known[model]


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
        provisioned = ", ".join(n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned)
        raise SizingError([Issue("sku", f"'{sku}' is not a provisioned sku; use one of {provisioned}")])
    per_ptu = throughput(model, custom)
    try:
        steps = catalog.ptu_steps(sku, model)
    except catalog.UnknownModelError:
        steps = catalog.PTU_STEPS_GLOBAL_AND_DATAZONE
        message = (
            f"the minimum and increment of {sku} for '{model}' are not known; use a global or data-zone sku"
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
