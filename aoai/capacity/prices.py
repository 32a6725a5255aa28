"""The price table cost planning uses. Prices are the user's (from their price sheet or agreement), never facts
aoai claims about Azure: `aoai.cost.EXAMPLE_PRICES` stands in, labelled as an example, until a stack sets its own.

Amounts are exact decimals (1.10 is 1.10, not 1.1000000000000000888), finite and bounded, so that every cost worked
out from them is a finite amount that rounds to cents exactly.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import Field, PlainSerializer, PlainValidator, ValidationError, model_validator

from aoai.azure import catalog
from aoai.errors import ConfigError, Issue
from aoai.validation.messages import issues_from
from aoai.validation.rules import Frozen, Problems, one_of

ProvisionedSku = Annotated[
    str, one_of(tuple(n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned), "provisioned sku")
]
TokenSku = Annotated[str, one_of(tuple(n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.standard), "standard sku")]

# No price sheet charges a million per PTU-hour, per PTU-month or per million tokens. The bound keeps every product
# finite and exact: even the most PTU `aoai size` can report (6e11: 101 × 5.94e9 converted TPM at 1 TPM per PTU)
# × 744 h × 1,000,000 is about 4.5e20, far inside a float.
MAX_PRICE: Final = Decimal(1_000_000)
MAX_HOURS_PER_MONTH: Final = Decimal(744)  # 31 days × 24 hours: the longest month
MAX_LABEL_LENGTH: Final = 200
# A number written as text: YAML 1.1 reads 1e3 (no dot) as a string, though JSON means a number by it.
_NUMBER_TEXT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SHOWN: Final = 40


def _decimal(value: object) -> Decimal | None:
    """The exact decimal a table's value means, or None when it is not a number at all."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text of the float: what the user wrote, not its binary expansion
    if isinstance(value, str) and len(value) <= _SHOWN and _NUMBER_TEXT.fullmatch(value):
        return Decimal(value)
    return None


def _got(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_SHOWN:
        return "a number of more than 40 digits"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _bounded(what: str, low: Decimal, high: Decimal, above_low: bool = False) -> PlainValidator:
    def check(value: Any) -> Decimal:
        amount = _decimal(value)
        within = amount is not None and amount.is_finite() and (low < amount if above_low else low <= amount)
        if amount is None or not within or amount > high:
            span = f"greater than {low:,} and at most {high:,}" if above_low else f"between {low:,} and {high:,}"
            raise ValueError(f"must be a finite {what} {span} (got {_got(value)})")
        return amount

    # A plain validator replaces pydantic's own, so its messages (and NaN or Infinity) never get through.
    return PlainValidator(check)


_AS_NUMBER = PlainSerializer(float, return_type=float, when_used="json")
Price = Annotated[Decimal, _bounded("amount", Decimal(0), MAX_PRICE), _AS_NUMBER]
HoursPerMonth = Annotated[
    Decimal, _bounded("number of hours", Decimal(0), MAX_HOURS_PER_MONTH, above_low=True), _AS_NUMBER
]


def _label(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"must be text saying where the prices come from, e.g. 'Contoso EA 2026-10' (got {_got(value)})"
        )
    if len(value) > MAX_LABEL_LENGTH:
        raise ValueError(
            f"must be at most {MAX_LABEL_LENGTH} characters, it is shown with every cost (got {len(value)})"
        )
    if any(unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} for c in value):
        raise ValueError("must not hold control or invisible characters (such as a newline or a zero-width space)")
    return value


def _currency(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"must be a three-letter ISO 4217 currency code such as USD or EUR (got {_got(value)})")
    return value


class TokenPriceSpec(Frozen):
    """Price per million tokens."""

    input: Price = Field(description="Per million input tokens.")
    output: Price = Field(description="Per million output tokens.")
    cached_input: Price | None = Field(
        default=None, description="Per million cached input tokens; defaults to the input price."
    )


class PricesSpec(Frozen):
    """A price table from your own price sheet: a stack file's `aoai:prices`, or the file `aoai size --prices` reads."""

    label: Annotated[str, PlainValidator(_label)] = Field(
        description=(
            f"Where the prices come from (at most {MAX_LABEL_LENGTH} characters, no control or invisible characters); "
            "shown with every cost."
        )
    )
    currency: Annotated[str, PlainValidator(_currency)] = Field(
        default="USD", description="A three-letter ISO 4217 code."
    )
    hours_per_month: HoursPerMonth = Field(
        default=Decimal(730),
        description=f"Hours a month is billed for: above 0 and at most {MAX_HOURS_PER_MONTH} (31 days).",
    )
    ptu_hourly: dict[ProvisionedSku, Price] = Field(default={}, description="Per PTU per hour, by provisioned sku.")
    ptu_reserved_monthly: dict[ProvisionedSku, Price] = Field(
        default={}, description="Per PTU per month with a reservation, by provisioned sku."
    )
    tokens: dict[str, dict[TokenSku, TokenPriceSpec]] = Field(
        default={}, description="Per million tokens, by model (names must differ by more than case), then standard sku."
    )

    @model_validator(mode="after")
    def _model_names_are_distinct(self) -> PricesSpec:
        # Deployments name models exactly (lower case): a price under `GPT-4o` or ` gpt-4o` would never apply.
        problems = Problems()
        seen: dict[str, str] = {}
        for model in self.tokens:
            folded = model.strip().casefold()
            if not folded:
                problems.add(("tokens", model), "a model name is required, e.g. gpt-4o", model)
            elif folded in seen:
                problems.add(
                    ("tokens", model),
                    f"the same model as tokens.{seen[folded]} (names differ only in case or spaces): keep one",
                    model,
                )
            else:
                seen[folded] = model
        problems.raise_if_any("PricesSpec")
        return self


def parse_prices(raw: object, source: str) -> PricesSpec:
    """A price table read from `source` (a file, or the stack file's `aoai:prices`), or a ConfigError naming it."""
    if not isinstance(raw, dict):
        kind = "nothing" if raw is None else f"a {type(raw).__name__}"
        keys = ", ".join(PricesSpec.model_fields)
        raise ConfigError(source, [Issue("", f"a price table is a mapping with the keys {keys} (got {kind})")])
    try:
        return PricesSpec.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(source, issues_from(error, PricesSpec)) from None
