"""Value types of the stack file: names, tags, regions and ARM ids, each checked as Azure checks it."""

from __future__ import annotations

import difflib
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from aoai.azure import catalog
from aoai.validation.rules import case_twins
from aoai.validation.text import invisible_characters, quoted


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
DeploymentName = Annotated[
    str,
    _text_check(
        catalog.DEPLOYMENT_NAME_PATTERN,
        catalog.DEPLOYMENT_NAME_LENGTH,
        "deployment name",
        "no < > * % & : \\ ? / + # and no space at either end",
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
            article = "an" if kind[0] in "aeiou" else "a"
            raise ValueError(
                f"{quoted(value)} is not {article} {kind} resource id: expected {catalog.ARM_ID_EXAMPLES[kind]}"
            )
        return value

    return AfterValidator(check)


SubnetId = Annotated[str, _arm_id("subnet")]
VirtualNetworkId = Annotated[str, _arm_id("virtual network")]
PrivateDnsZoneId = Annotated[str, _arm_id("private DNS zone")]
WorkspaceId = Annotated[str, _arm_id("Log Analytics workspace")]
UserAssignedIdentityId = Annotated[str, _arm_id("user-assigned identity")]
KeyVaultId = Annotated[str, _arm_id("key vault")]
ActionGroupId = Annotated[str, _arm_id("action group")]
StorageAccountId = Annotated[str, _arm_id("storage account")]
EventHubRuleId = Annotated[str, _arm_id("Event Hubs authorization rule")]

EmailAddress = Annotated[
    str, _text_check(catalog.EMAIL_PATTERN, (3, 254), "email address", "write it as name@domain.example")
]
WebhookUrl = Annotated[
    str, _text_check(catalog.WEBHOOK_PATTERN, (9, 2048), "webhook URL", "use an https:// URL without spaces")
]
ShortName = Annotated[
    str,
    _text_check(
        catalog.SHORT_NAME_PATTERN,
        catalog.ACTION_GROUP_SHORT_NAME_LENGTH,
        "short name",
        "no leading or trailing spaces",
    ),
]
