"""The price table cost planning uses. Prices are the user's (from their price sheet or agreement), never facts
aoai claims about Azure: `aoai.cost.EXAMPLE_PRICES` stands in, labelled as an example, until a stack sets its own."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from aoai import catalog
from aoai.spec.base import Frozen, one_of

ProvisionedSku = Annotated[
    str, one_of(tuple(n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned), "provisioned sku")
]
TokenSku = Annotated[str, one_of(tuple(n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.standard), "standard sku")]
Price = Annotated[float, Field(ge=0)]


class TokenPriceSpec(Frozen):
    """Price per million tokens."""

    input: Price
    output: Price
    cached_input: Price | None = None
    """Defaults to the input price."""


class PricesSpec(Frozen):
    label: str = Field(min_length=1, description="where the prices come from, shown with every cost")
    currency: str = Field(default="USD", min_length=1)
    hours_per_month: float = Field(default=730, gt=0)
    ptu_hourly: dict[ProvisionedSku, Price] = {}
    """Per PTU per hour, by provisioned sku."""
    ptu_reserved_monthly: dict[ProvisionedSku, Price] = {}
    """Per PTU per month with a reservation, by provisioned sku."""
    tokens: dict[str, dict[TokenSku, TokenPriceSpec]] = {}
    """By model, then standard sku."""
