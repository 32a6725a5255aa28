"""Monthly cost of deployments, and provisioned (PTU) against pay-as-you-go for a workload.

Every figure is computed from a price table the user supplies (`aoai:prices`) and is shown with that table's label.
Without one, `EXAMPLE_PRICES` stands in: illustrative round numbers, labelled as such, never Azure's figures.

- Provisioned: PTU × price per PTU-hour × hours per month (or the monthly reservation price per PTU).
- Pay-as-you-go: tokens per month × price per million, where tokens per month = peak TPM × 60 × hours per month ×
  average utilization (the average traffic as a share of the peak); cached prompt tokens at the cached price.

Money is exact: prices are bounded decimals (`aoai.spec.prices`), workload figures are read as the decimals they
print as, and amounts are summed unrounded; `cents` rounds half up to cents only where a figure is shown or
written. Every input is finite and bounded, so no cost is NaN or infinite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from aoai.azure import catalog
from aoai.azure.catalog import PtuThroughput
from aoai.capacity.prices import PricesSpec, TokenPriceSpec
from aoai.capacity.sizing import SHARE, Range, Workload, size_ptu

_STANDARD = {"input": 2.50, "output": 10.00, "cached_input": 1.25}
EXAMPLE_PRICES: Final = PricesSpec.model_validate(
    {
        "label": "EXAMPLE prices, for illustration only and not Azure's: set aoai:prices from your own price sheet",
        "currency": "USD",
        "ptu_hourly": {
            "GlobalProvisionedManaged": 1.00,
            "DataZoneProvisionedManaged": 1.10,
            "ProvisionedManaged": 2.00,
        },
        "ptu_reserved_monthly": {
            "GlobalProvisionedManaged": 260.0,
            "DataZoneProvisionedManaged": 286.0,
            "ProvisionedManaged": 286.0,
        },
        "tokens": {
            "gpt-5.1": {
                "GlobalStandard": {"input": 1.25, "output": 10.00, "cached_input": 0.125},
                "DataZoneStandard": {"input": 1.375, "output": 11.00, "cached_input": 0.1375},
                "Standard": {"input": 1.375, "output": 11.00, "cached_input": 0.1375},
            },
            "gpt-4o": {
                "GlobalStandard": _STANDARD,
                "DataZoneStandard": {"input": 2.75, "output": 11.00, "cached_input": 1.375},
                "Standard": {"input": 2.75, "output": 11.00, "cached_input": 1.375},
            },
            "gpt-4o-mini": {
                "GlobalStandard": {"input": 0.15, "output": 0.60, "cached_input": 0.075},
                "DataZoneStandard": {"input": 0.165, "output": 0.66, "cached_input": 0.083},
                "Standard": {"input": 0.165, "output": 0.66, "cached_input": 0.083},
            },
            "text-embedding-3-large": {
                "GlobalStandard": {"input": 0.13, "output": 0.0},
                "DataZoneStandard": {"input": 0.143, "output": 0.0},
                "Standard": {"input": 0.143, "output": 0.0},
            },
        },
    }
)
MILLION: Final = 1_000_000
CENT: Final = Decimal("0.01")
UTILIZATION: Final[Range] = SHARE
"""The month's average traffic as a share of the peak: above 0 and at most 1."""


def exact(value: float) -> Decimal:
    """A workload figure as an exact decimal: the shortest text of the float, as the sizing reads it."""
    return Decimal(repr(value))


def cents(amount: Decimal) -> float:
    """An amount for presentation (JSON, text): rounded half up to cents, only here, never before summing."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def plain(amount: Decimal) -> str:
    """A price as written in a price sheet: 1.1 for 1.10 and 1 for 1.0, never in exponent notation."""
    return f"{amount.normalize():f}"


@dataclass(frozen=True)
class Cost:
    monthly: Decimal | None
    """None when the price table lacks a price it needs; else exact (rounded to cents only when presented)."""
    basis: str
    """How the figure was worked out, or which price is missing."""

    def to_json(self) -> dict[str, Any]:
        return {"monthly": None if self.monthly is None else cents(self.monthly), "basis": self.basis}


def money(amount: Decimal | None, prices: PricesSpec) -> str:
    return "unknown" if amount is None else f"{cents(amount):,.2f} {prices.currency}"


def ptu_cost(prices: PricesSpec, sku: str, ptu: int, reserved: bool = False) -> Cost:
    table = prices.ptu_reserved_monthly if reserved else prices.ptu_hourly
    kind = "reserved price per PTU-month" if reserved else "price per PTU-hour"
    if sku not in table:
        return Cost(None, f"no {kind} for {sku} in the price table")
    price, hours = table[sku], prices.hours_per_month
    if reserved:
        return Cost(ptu * price, f"{ptu} PTU × {plain(price)} per PTU-month (reserved)")
    return Cost(ptu * price * hours, f"{ptu} PTU × {plain(price)} per PTU-hour × {plain(hours)} h")


def _price(price: TokenPriceSpec) -> tuple[Decimal, Decimal, Decimal]:
    """Per million fresh prompt, cached prompt and completion tokens."""
    return price.input, price.input if price.cached_input is None else price.cached_input, price.output


def token_cost(prices: PricesSpec, model: str, sku: str, workload: Workload, utilization: float) -> Cost:
    price = prices.tokens.get(model, {}).get(sku)
    if price is None:
        return Cost(None, f"no token price for {model} on {sku} in the price table")
    minutes = 60 * prices.hours_per_month * exact(utilization)
    prompt = exact(workload.input_tpm) * minutes
    cached = prompt * exact(workload.cache_hit_rate)
    fresh, output = prompt - cached, exact(workload.output_tpm) * minutes
    fresh_price, cached_price, output_price = _price(price)
    amount = (fresh * fresh_price + cached * cached_price + output * output_price) / MILLION
    tokens = (prompt + output) / MILLION
    return Cost(amount, f"{float(tokens):,.1f} M tokens a month at {utilization:.0%} of peak on {sku}")


@dataclass(frozen=True)
class Comparison:
    """A provisioned sku against its pay-as-you-go counterpart for one workload."""

    sku: str
    standard_sku: str
    ptu: int
    provisioned: Cost
    """PTU at the hourly price, plus the spillover traffic above the baseline at token prices."""
    reserved: Cost
    """The same with the PTU reserved."""
    pay_as_you_go: Cost
    """The whole workload on the standard sku."""
    break_even: Decimal | None
    """The average utilization (at most 1) above which hourly PTU cost less than pay-as-you-go; None when they
    never do."""
    break_even_reserved: Decimal | None
    """The same for reserved PTU."""

    def recommendation(self, utilization: float) -> str:
        options = {
            "hourly PTU": self.provisioned.monthly,
            "reserved PTU": self.reserved.monthly,
            "pay-as-you-go": self.pay_as_you_go.monthly,
        }
        known = {name: amount for name, amount in options.items() if amount is not None}
        if "pay-as-you-go" not in known or len(known) < 2:
            return "no recommendation: the price table lacks a price (see the basis of each cost)"
        best = min(known, key=lambda name: known[name])
        others = ", ".join(f"{name} {cents(amount):,.2f}" for name, amount in known.items() if name != best)
        payoff = f"{_pays_off('hourly', self.break_even)}, {_pays_off('reserved', self.break_even_reserved)}"
        cheapest = (
            f"{best} is cheapest at {utilization:.0%} average utilization ({cents(known[best]):,.2f} a month; {others})"
        )
        return f"{cheapest}; {payoff}"


def _pays_off(kind: str, share: Decimal | None) -> str:
    if share is None:
        return f"{kind} PTU never pay off"
    return f"{kind} PTU pay off above {float(share):.0%} average utilization"


def compare(
    prices: PricesSpec,
    model: str,
    sku: str,
    peak: Workload,
    *,
    baseline_share: float,
    utilization: float,
    custom: Mapping[str, PtuThroughput] | None = None,
) -> Comparison:
    """`custom` is the throughput the user supplies for a model the catalog does not know, as for the sizing."""
    standard = catalog.SPILLOVER_TARGET_SKU[sku]
    baseline = peak.share(baseline_share)
    ptu = size_ptu(model, sku, baseline, custom).ptu
    rest = peak.above(baseline)
    spill = token_cost(prices, model, standard, rest, utilization)
    hourly, reserved = ptu_cost(prices, sku, ptu), ptu_cost(prices, sku, ptu, reserved=True)
    payg = token_cost(prices, model, standard, peak, utilization)
    spills = baseline_share < 1
    # Per unit of utilization, pay-as-you-go costs `full_payg` and the PTU option `full_spill` on top of its fixed
    # price: they cost the same at utilization = fixed ÷ (full_payg − full_spill).
    full_payg, full_spill = token_cost(prices, model, standard, peak, 1), token_cost(prices, model, standard, rest, 1)
    margin = None
    if full_payg.monthly is not None and full_spill.monthly is not None:
        margin = full_payg.monthly - (full_spill.monthly if spills else 0)

    def break_even(fixed: Cost) -> Decimal | None:
        # Above full utilization the PTU never pay off: None then, and the ratio never leaves [0, 1].
        if fixed.monthly is None or margin is None or margin <= 0 or fixed.monthly > margin:
            return None
        return fixed.monthly / margin

    return Comparison(
        sku,
        standard,
        ptu,
        _plus(hourly, spill) if spills else hourly,
        _plus(reserved, spill) if spills else reserved,
        payg,
        break_even(hourly),
        break_even(reserved),
    )


def _plus(first: Cost, second: Cost) -> Cost:
    if first.monthly is None or second.monthly is None:
        return Cost(None, first.basis if first.monthly is None else second.basis)
    return Cost(first.monthly + second.monthly, f"{first.basis}, plus spillover: {second.basis}")


@dataclass(frozen=True)
class DeploymentCost:
    account: str
    deployment: str
    cost: Cost


@dataclass(frozen=True)
class StackCost:
    prices: PricesSpec
    deployments: list[DeploymentCost]

    @property
    def monthly(self) -> Decimal:
        """The known part: deployments whose cost the price table and workloads determine."""
        return sum((d.cost.monthly for d in self.deployments if d.cost.monthly is not None), Decimal(0))

    def by_account(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.deployments:
            totals[line.account] = totals.get(line.account, Decimal(0)) + (line.cost.monthly or Decimal(0))
        return totals

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.prices.label,
            "currency": self.prices.currency,
            "monthly": cents(self.monthly),
            "accounts": {name: cents(total) for name, total in self.by_account().items()},
            "deployments": {f"{d.account}/{d.deployment}": d.cost.to_json() for d in self.deployments},
        }
