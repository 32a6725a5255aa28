"""Building blocks of every aoai input model (stack file, price table): the frozen base model, the collector of
cross-field problems, catalog-backed choices, case twins, and key paths as users see them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from aoai.validation.text import escaped, quoted

RULE_ERROR = "aoai_rule"


class Frozen(BaseModel):
    """Every spec model: immutable, and a key it does not know is an error (a typo is never ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Invalid:
    """Parts of a section that failed their own validation: its fields, and keys of its keyed maps. Rules that
    would read them are skipped, so nothing is reported twice or wrongly."""

    fields: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()


class Problems:
    """Collects the violations of cross-field rules so that a validator reports all of them, each at its key path."""

    def __init__(self) -> None:
        self.found: list[tuple[tuple[str | int, ...], str, Any]] = []

    def add(self, loc: tuple[str | int, ...], message: str, value: Any = None) -> None:
        self.found.append((loc, message, value))

    def raise_if_any(self, title: str) -> None:
        if not self.found:
            return
        details = [
            # The message travels as a context value: as the template itself, its braces would be template fields.
            InitErrorDetails(
                type=PydanticCustomError(RULE_ERROR, "{message}", {"message": message}),
                loc=loc,
                input=value,
            )
            for loc, message, value in self.found
        ]
        raise ValidationError.from_exception_data(title, details)


def one_of(allowed: tuple[str, ...] | frozenset[str], what: str) -> AfterValidator:
    """A validator that accepts only the listed values (taken from the catalog) and lists them when it fails."""
    ordered = sorted(allowed) if isinstance(allowed, frozenset) else list(allowed)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{what} {quoted(value)} is not known: use one of {', '.join(ordered)}")
        return value

    return AfterValidator(check)


def case_twins(keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, the earlier key it equals ignoring case) for each key that differs from an earlier one only in case:
    Azure Resource Manager compares names case-insensitively, so both would be the same resource."""
    first: dict[str, str] = {}
    twins: list[tuple[str, str]] = []
    for key in keys:
        folded = key.casefold()
        if folded in first:
            twins.append((key, first[folded]))
        else:
            first[folded] = key
    return twins


def path(loc: tuple[str | int, ...]) -> str:
    """A pydantic location as the dotted key path users see in their stack file."""
    return ".".join(escaped(str(part)) for part in loc)
