"""Building blocks shared by the spec models: the frozen base model, the rule-problem collector, and name types."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from aoai import catalog

RULE_ERROR = "aoai_rule"


class Frozen(BaseModel):
    """Every spec model: immutable, and a key it does not know is an error (a typo is never ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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


def _pattern_check(pattern: re.Pattern[str], length: tuple[int, int], what: str, rule: str):
    low, high = length

    def check(value: str) -> str:
        if not low <= len(value) <= high:
            raise ValueError(f"{what} must be {low} to {high} characters long, got {len(value)}")
        if not pattern.match(value):
            raise ValueError(f"{what} {value!r} is not valid: {rule}")
        return value

    return check


ResourceName = Annotated[
    str,
    AfterValidator(
        _pattern_check(
            catalog.ARM_CHILD_NAME_PATTERN,
            catalog.ARM_CHILD_NAME_LENGTH,
            "name",
            "use letters, digits, '_', '.' and '-', starting with a letter or digit",
        )
    ),
]
AccountName = Annotated[
    str,
    AfterValidator(
        _pattern_check(
            catalog.ACCOUNT_NAME_PATTERN,
            catalog.ACCOUNT_NAME_LENGTH,
            "account name",
            "use letters, digits, '_', '.' and '-', starting with a letter or digit",
        )
    ),
]
Subdomain = Annotated[
    str,
    AfterValidator(
        _pattern_check(
            catalog.SUBDOMAIN_PATTERN,
            catalog.SUBDOMAIN_LENGTH,
            "custom subdomain",
            "a DNS label: letters, digits and '-', not starting or ending with '-'",
        )
    ),
]


# YAML reads `cost-center: 4711` as a number; a tag value is text either way.
TagValue = Annotated[
    str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v)
]


def _region(value: str) -> str:
    if not catalog.REGION_PATTERN.match(value):
        raise ValueError(
            f"region {value!r} is not an Azure region name: use the lower-case programmatic name, e.g. 'swedencentral'"
        )
    return value


Region = Annotated[str, AfterValidator(_region)]


def _arm_id(kind: str):
    pattern = catalog.ARM_ID_PATTERNS[kind]

    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(f"{value!r} is not a {kind} resource id: expected {catalog.ARM_ID_EXAMPLES[kind]}")
        return value

    return AfterValidator(check)


SubnetId = Annotated[str, _arm_id("subnet")]
VirtualNetworkId = Annotated[str, _arm_id("virtual network")]
PrivateDnsZoneId = Annotated[str, _arm_id("private DNS zone")]
WorkspaceId = Annotated[str, _arm_id("Log Analytics workspace")]
UserAssignedIdentityId = Annotated[str, _arm_id("user-assigned identity")]


def one_of(allowed: tuple[str, ...] | frozenset[str], what: str) -> AfterValidator:
    """A validator that accepts only the listed values (taken from the catalog) and lists them when it fails."""
    ordered = sorted(allowed) if isinstance(allowed, frozenset) else list(allowed)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{what} {value!r} is not known: use one of {', '.join(ordered)}")
        return value

    return AfterValidator(check)


def path(loc: tuple[str | int, ...]) -> str:
    """A pydantic location as the dotted key path users see in their stack file."""
    return ".".join(str(part) for part in loc)
