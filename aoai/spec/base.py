"""Building blocks shared by the spec models: the frozen base model, the rule-problem collector, and name types."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from aoai.azure import catalog
from aoai.spec.text import escaped, invisible_characters, quoted

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


def _no_invisible(value: str, what: str) -> None:
    invisible = invisible_characters(value)
    if invisible:
        raise ValueError(
            f"{what} {quoted(value)} contains invisible characters ({', '.join(invisible)}): remove them; "
            "they make names that look alike but differ"
        )


def _text_check(pattern: re.Pattern[str], length: tuple[int, int], what: str, rule: str):
    """A validator of a name: no invisible characters, a length, and the whole text matching `pattern`."""
    low, high = length

    def check(value: str) -> str:
        _no_invisible(value, what)
        if not low <= len(value) <= high:
            raise ValueError(f"{what} must be {low} to {high} characters long, got {len(value)}")
        if not pattern.fullmatch(value):
            raise ValueError(f"{what} {quoted(value)} is not valid: {rule}")
        return value

    return AfterValidator(check)


ResourceName = Annotated[
    str,
    _text_check(
        catalog.ARM_CHILD_NAME_PATTERN,
        catalog.ARM_CHILD_NAME_LENGTH,
        "name",
        "use letters, digits, '_', '.' and '-', starting with a letter or digit",
    ),
]
AccountName = Annotated[
    str,
    _text_check(
        catalog.ACCOUNT_NAME_PATTERN,
        catalog.ACCOUNT_NAME_LENGTH,
        "account name",
        "use letters, digits, '_', '.' and '-', starting with a letter or digit",
    ),
]
Subdomain = Annotated[
    str,
    _text_check(
        catalog.SUBDOMAIN_PATTERN,
        catalog.SUBDOMAIN_LENGTH,
        "custom subdomain",
        "a DNS label: letters, digits and '-', not starting or ending with '-'",
    ),
]
ResourceGroupName = Annotated[
    str,
    _text_check(
        catalog.RESOURCE_GROUP_NAME_PATTERN,
        catalog.RESOURCE_GROUP_NAME_LENGTH,
        "resource group name",
        "use letters, digits, '_', '-', '.', '(' and ')', not ending in '.'",
    ),
]
EnvironmentName = Annotated[
    str,
    _text_check(
        catalog.ENVIRONMENT_NAME_PATTERN,
        catalog.ENVIRONMENT_NAME_LENGTH,
        "environment",
        "use lower-case letters, digits and '-', starting with a letter or digit",
    ),
]
Guid = Annotated[
    str,
    _text_check(
        catalog.GUID_PATTERN,
        (1, 64),  # the rule in words says more than "36 characters" would
        "GUID",
        "write it as 8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000",
    ),
]
KeyVaultUri = Annotated[
    str,
    _text_check(
        catalog.KEY_VAULT_URI_PATTERN,
        (1, 2048),
        "Key Vault URI",
        "write it as https://<vault>.vault.<domain>/ (vault: 3 to 24 letters, digits or '-')",
    ),
]


def _visible(value: str) -> str:
    _no_invisible(value, "value")
    return value


# Text of at least one character and no invisible ones (a model name, a key name, a tag that must be set).
VisibleText = Annotated[str, Field(min_length=1), AfterValidator(_visible)]


# YAML reads `cost-center: 4711` as a number; a tag value is text either way.
def _tag_value(value: str) -> str:
    if len(value) > catalog.MAX_TAG_VALUE_LENGTH:
        raise ValueError(
            f"a tag value has at most {catalog.MAX_TAG_VALUE_LENGTH} characters in Azure, got {len(value)}"
        )
    return value


TagValue = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v),
    AfterValidator(_tag_value),
]


def _tag_name(value: str) -> str:
    _no_invisible(value, "tag name")
    if not 1 <= len(value) <= catalog.MAX_TAG_NAME_LENGTH:
        raise ValueError(f"a tag name has 1 to {catalog.MAX_TAG_NAME_LENGTH} characters in Azure, got {len(value)}")
    forbidden = sorted({c for c in value if c in catalog.TAG_NAME_FORBIDDEN_CHARACTERS})
    if forbidden:
        listed = " ".join(catalog.TAG_NAME_FORBIDDEN_CHARACTERS)
        raise ValueError(
            f"tag name {quoted(value)} contains {' '.join(forbidden)}: Azure tag names cannot contain {listed}"
        )
    return value


TagName = Annotated[str, AfterValidator(_tag_name)]


def _tags_fit(tags: dict[str, str]) -> dict[str, str]:
    if len(tags) > catalog.MAX_TAGS_PER_RESOURCE:
        raise ValueError(f"{len(tags)} tags; Azure allows at most {catalog.MAX_TAGS_PER_RESOURCE} per resource")
    twins = case_twins(tags)
    if twins:
        pairs = "; ".join(f"{quoted(key)} and {quoted(first)}" for key, first in twins)
        raise ValueError(f"tag names differ only in case ({pairs}): Azure treats them as one tag; keep one")
    return tags


Tags = Annotated[dict[TagName, TagValue], AfterValidator(_tags_fit)]


def _region(value: str) -> str:
    if value in catalog.AZURE_REGIONS:
        return value
    _no_invisible(value, "region")
    squeezed = re.sub(r"[\s_-]", "", value).lower()
    if squeezed in catalog.AZURE_REGIONS:
        hint = f"use its programmatic name {squeezed!r}"
    else:
        close = difflib.get_close_matches(squeezed, sorted(catalog.AZURE_REGIONS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "use a programmatic name such as 'swedencentral'"
    raise ValueError(
        f"region {quoted(value)} is not an Azure region: {hint} (`az account list-locations --query [].name` lists "
        "them)"
    )


Region = Annotated[str, AfterValidator(_region)]


def _arm_id(kind: str):
    pattern = catalog.ARM_ID_PATTERNS[kind]

    def check(value: str) -> str:
        _no_invisible(value, f"{kind} id")
        if not pattern.fullmatch(value):
            raise ValueError(f"{quoted(value)} is not a {kind} resource id: expected {catalog.ARM_ID_EXAMPLES[kind]}")
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
