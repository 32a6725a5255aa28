"""Typed views over the Azure facts aoai relies on, and the rules aoai applies to names and ids.

The raw values, with their sources (SPEC, LEARN-QUOTAS, ...) and the dates they were read, are written once in the
policy pack's public `aoai_policies.facts` (`facts.SOURCES`, `facts.CITATIONS`): the pack cannot import aoai, so aoai
reads the pack's table. This module builds what aoai's code wants over it (dataclasses, sets, lookups) and keeps the
facts only aoai uses: name and id patterns, aoai's own bounds. Nothing else in aoai hard-codes a region list, a sku
name, a content-filter name or a PTU number.

Patterns below are whole-string patterns: always apply them with `fullmatch` (`$` would accept a trailing newline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Final

from aoai_policies import facts
from aoai_policies.facts import Billing, ProcessingLevel

API_VERSION: Final = facts.API_VERSION
NETWORK_API_VERSION: Final = facts.NETWORK_API_VERSION
DIAGNOSTIC_SETTINGS_API_VERSION: Final = facts.DIAGNOSTIC_SETTINGS_API_VERSION
RESOURCE_GROUPS_API_VERSION: Final = facts.RESOURCE_GROUPS_API_VERSION

# --- Names and ids (SPEC path parameters; ARM resource id shapes) ------------------------------------------------
# SPEC gives this pattern for account, RAI policy, blocklist and blocklist-item names. It declares none for
# deployment names; aoai applies the same one so that names stay safe in URLs and client configuration.
ARM_CHILD_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
ARM_CHILD_NAME_LENGTH: Final = (2, 64)
# The 2025-06-01 spec gives a deployment's name no pattern (SPEC `deploymentNameParameter`): live deployments made in
# the portal or by scripts may carry names aoai's keys do not allow. `name:` takes any of them that an ARM URL path can
# carry: no characters ARM refuses in resource names, no leading or trailing space.
DEPLOYMENT_NAME_PATTERN: Final = re.compile(r"[^<>*%&:\\?/+#\s](?:[^<>*%&:\\?/+#]*[^<>*%&:\\?/+#\s])?")
DEPLOYMENT_NAME_LENGTH: Final = (1, 64)
# Resource groups: 1-90 of letters, digits, '_', '-', '.', '(' and ')', not ending in '.' (ARM naming rules).
# `\w` is Unicode-aware as ARM's rule is (letters and digits as .NET's Char.IsLetterOrDigit defines them).
RESOURCE_GROUP_NAME_PATTERN: Final = re.compile(r"[-\w.()]{0,89}[-\w()]")
RESOURCE_GROUP_NAME_LENGTH: Final = (1, 90)
ENVIRONMENT_NAME_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]*")  # aoai's own rule: it becomes a tag and names
ENVIRONMENT_NAME_LENGTH: Final = (1, 32)
GUID_PATTERN: Final = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
# SPEC KeyVaultProperties.keyVaultUri; vault names are 3-24 letters, digits and '-'.
KEY_VAULT_URI_PATTERN: Final = re.compile(r"https://[a-zA-Z0-9-]{3,24}\.vault\.[a-z0-9.]+/?")
_SUB = r"/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w.()]+/providers/"
_SEGMENT = r"[^/\s]+"
ARM_ID_PATTERNS: Final = {
    "subnet": re.compile(_SUB + rf"Microsoft\.Network/virtualNetworks/{_SEGMENT}/subnets/{_SEGMENT}", re.IGNORECASE),
    "virtual network": re.compile(_SUB + rf"Microsoft\.Network/virtualNetworks/{_SEGMENT}", re.IGNORECASE),
    "private DNS zone": re.compile(_SUB + rf"Microsoft\.Network/privateDnsZones/{_SEGMENT}", re.IGNORECASE),
    "Log Analytics workspace": re.compile(
        _SUB + rf"Microsoft\.OperationalInsights/workspaces/{_SEGMENT}", re.IGNORECASE
    ),
    "user-assigned identity": re.compile(
        _SUB + rf"Microsoft\.ManagedIdentity/userAssignedIdentities/{_SEGMENT}", re.IGNORECASE
    ),
    "key vault": re.compile(_SUB + rf"Microsoft\.KeyVault/vaults/{_SEGMENT}", re.IGNORECASE),
    "action group": re.compile(_SUB + rf"Microsoft\.Insights/actionGroups/{_SEGMENT}", re.IGNORECASE),
    "storage account": re.compile(_SUB + rf"Microsoft\.Storage/storageAccounts/{_SEGMENT}", re.IGNORECASE),
    "Event Hubs authorization rule": re.compile(
        _SUB + rf"Microsoft\.EventHub/namespaces/{_SEGMENT}/authorizationRules/{_SEGMENT}", re.IGNORECASE
    ),
}
_EXAMPLE = "/subscriptions/<subscription-guid>/resourceGroups/<rg>/providers/"
ARM_ID_EXAMPLES: Final = {
    "subnet": _EXAMPLE + "Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    "virtual network": _EXAMPLE + "Microsoft.Network/virtualNetworks/<vnet>",
    "private DNS zone": _EXAMPLE + "Microsoft.Network/privateDnsZones/<zone>",
    "Log Analytics workspace": _EXAMPLE + "Microsoft.OperationalInsights/workspaces/<workspace>",
    "user-assigned identity": _EXAMPLE + "Microsoft.ManagedIdentity/userAssignedIdentities/<identity>",
    "key vault": _EXAMPLE + "Microsoft.KeyVault/vaults/<vault>",
    "action group": _EXAMPLE + "Microsoft.Insights/actionGroups/<action group>",
    "storage account": _EXAMPLE + "Microsoft.Storage/storageAccounts/<account>",
    "Event Hubs authorization rule": _EXAMPLE + "Microsoft.EventHub/namespaces/<namespace>/authorizationRules/<rule>",
}

# --- Accounts (SPEC Account / AccountProperties; LEARN-CUSTOM-SUBDOMAIN) -------------------------------------------
ACCOUNT_KINDS: Final = facts.ACCOUNT_KINDS
ACCOUNT_SKU: Final = facts.ACCOUNT_SKU
ACCOUNT_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
ACCOUNT_NAME_LENGTH: Final = (2, 64)
# A DNS label: letters, digits and hyphens; it must not end (nor, as any DNS label, start) with a hyphen. SPEC allows
# 64 characters for the subdomain, but a DNS label stops at 63 (RFC 1035 section 2.3.4), so 64 can never resolve.
SUBDOMAIN_PATTERN: Final = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?")
SUBDOMAIN_LENGTH: Final = (2, 63)
MAX_ACCOUNTS_PER_REGION: Final = facts.MAX_ACCOUNTS_PER_REGION
MAX_VNET_RULES: Final = facts.MAX_VNET_RULES
# LEARN-AI-VNET: IP rules take public internet IPv4 addresses and ranges only; ranges reserved for private networks
# (RFC 1918) are not allowed. aoai also refuses the other ranges no internet client comes from (IANA IPv4
# special-purpose registry, RFC 6890). Documentation ranges such as 203.0.113.0/24 stay allowed, for examples.
IP_RULE_REFUSED_RANGES: Final = {
    "0.0.0.0/8": "'this network'",
    "10.0.0.0/8": "private (RFC 1918)",
    "100.64.0.0/10": "shared carrier-grade NAT space (RFC 6598)",
    "127.0.0.0/8": "loopback",
    "169.254.0.0/16": "link-local",
    "172.16.0.0/12": "private (RFC 1918)",
    "192.168.0.0/16": "private (RFC 1918)",
    "224.0.0.0/4": "multicast",
    "240.0.0.0/4": "reserved",
}
ACCOUNT_SOFT_DELETE_HOURS: Final = facts.ACCOUNT_SOFT_DELETE_HOURS
OPENAI_ENDPOINT_TEMPLATE: Final = facts.OPENAI_ENDPOINT_TEMPLATE
ACCOUNT_ENDPOINT_TEMPLATE: Final = facts.ACCOUNT_ENDPOINT_TEMPLATE

# --- Deployments (SPEC DeploymentProperties; LEARN-DEPLOYMENT-TYPES; LEARN-QUOTAS) ---------------------------------


@dataclass(frozen=True)
class SkuFacts:
    """What a deployment sku name means: where data is processed and what `capacity` counts."""

    name: str
    processing: ProcessingLevel
    billing: Billing

    @property
    def provisioned(self) -> bool:
        return self.billing == "ptu"

    @property
    def standard(self) -> bool:
        return self.billing == "tokens"


DEPLOYMENT_SKUS: Final = {
    name: SkuFacts(name, processing, billing) for name, (processing, billing) in facts.DEPLOYMENT_SKUS.items()
}
# What a deployment's `capacity` counts, by billing, in aoai's words. Standard-family units are usually 1,000 TPM
# each, but the ratio differs per model (o1, o3-mini, LEARN-QUOTAS), so they are reported as quota units, not tokens.
CAPACITY_UNITS: Final[dict[Billing, str]] = {
    "ptu": "PTU",
    "tokens": "quota units",
    "batch": "batch quota units",
    "developer": "quota units",
}
MAX_DEPLOYMENTS_PER_ACCOUNT: Final = facts.MAX_DEPLOYMENTS_PER_ACCOUNT
MAX_PTU_PER_DEPLOYMENT: Final = facts.MAX_PTU_PER_DEPLOYMENT
MAX_CAPACITY: Final = facts.MAX_CAPACITY
# Bounds of a workload (sizing input), so that no product of them overflows: a request never holds more tokens than
# the largest context window (LEARN-MODELS), and a peak beyond what the largest deployment carries
# (MAX_PTU_PER_DEPLOYMENT × the most TPM one PTU carries, one token a request) cannot be served by any deployment.
MAX_TOKENS_PER_REQUEST: Final = facts.MAX_TOKENS_PER_REQUEST
MODEL_FORMATS: Final = facts.MODEL_FORMATS
VERSION_UPGRADE_OPTIONS: Final = facts.VERSION_UPGRADE_OPTIONS
AUTO_UPGRADED_BILLING: Final = facts.AUTO_UPGRADED_BILLING

# The model matrix (LEARN-MODEL-MATRIX, LEARN-MODEL-RETIREMENTS, LEARN-FOUNDRY-MODELS), generated from the Learn pages
# saved in catalog/sources: the newest of their dates, and lookups in which None means "the pages do not say".
CATALOG_DATE: Final = date.fromisoformat(facts.CATALOG_DATE)


def model_format(model: str) -> str | None:
    """The deployments API's `model.format` of `model` (OpenAI, DeepSeek, Meta, …), or None when not listed."""
    return facts.MODEL_FORMAT.get(model)


def offered_regions(model: str, version: str, sku: str) -> frozenset[str] | None:
    """The regions whose `sku` deployments offer `model` at `version`; None when the matrix has no row for it ("not
    stated": partner models, versions newer than the pages)."""
    regions = facts.OFFERED.get(model, {}).get(version, {}).get(sku)
    return None if regions is None else frozenset(regions)


# The skus whose Microsoft table the matrix holds: each lists every model version it offers.
MATRIX_SKUS: Final = frozenset(sku for versions in facts.OFFERED.values() for skus in versions.values() for sku in skus)


def offered_versions(model: str) -> frozenset[str]:
    """The versions of `model` the matrix offers on any sku (empty when it lists none)."""
    return frozenset(facts.OFFERED.get(model, {}))


def retirement(model: str, version: str) -> tuple[date | None, date | None]:
    """(deprecation date, retirement date) of `model` at `version`; None where Learn sets no date or lists none."""
    deprecation, retired = facts.RETIREMENTS.get(model, {}).get(version, (None, None))
    return (
        None if deprecation is None else date.fromisoformat(deprecation),
        None if retired is None else date.fromisoformat(retired),
    )


# --- Provisioned throughput (LEARN-PTU-ONBOARDING) ----------------------------------------------------------------


@dataclass(frozen=True)
class PtuSteps:
    minimum: int
    increment: int


# Global and data-zone provisioned: the same for every current OpenAI model; the default for a model the catalog
# does not size.
PTU_STEPS_GLOBAL_AND_DATAZONE: Final = PtuSteps(*facts.PTU_STEPS_GLOBAL_AND_DATAZONE)
# Global and data-zone provisioned per model with an offering (LEARN-PTU-SIZING): partner models sold by Azure are
# 100/100.
PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL: Final = {
    model: PtuSteps(*steps) for model, steps in facts.PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL.items()
}
# Regional provisioned (ProvisionedManaged) differs per model.
PTU_STEPS_REGIONAL: Final = {model: PtuSteps(*steps) for model, steps in facts.PTU_STEPS_REGIONAL.items()}


class UnknownModelError(LookupError):
    """A provisioned sku names a model whose regional PTU steps the catalog does not know."""


def ptu_steps(sku_name: str, model: str) -> PtuSteps:
    """Minimum and increment of a provisioned deployment of `model` with `sku_name`."""
    sku = DEPLOYMENT_SKUS[sku_name]
    if not sku.provisioned:
        raise ValueError(f"{sku_name} is not a provisioned sku")
    if sku.processing != "regional":
        return PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL.get(model, PTU_STEPS_GLOBAL_AND_DATAZONE)
    try:
        return PTU_STEPS_REGIONAL[model]
    except KeyError:
        raise UnknownModelError(model) from None


@dataclass(frozen=True)
class PtuThroughput:
    """How much traffic one PTU of a model carries: input tokens per minute, and how many input tokens one output
    token weighs (`converted = inputTPM × (1 − cache) + output_ratio × outputTPM`; PTU = converted ÷ input_tpm)."""

    input_tpm: int
    output_ratio: int


PTU_THROUGHPUT: Final = {model: PtuThroughput(*figures) for model, figures in facts.PTU_THROUGHPUT.items()}
# LEARN-PTU-SIZING lists every model with a provisioned offering, with its throughput: a model the catalog knows
# (KNOWN_MODEL_VERSIONS) that has no row there cannot be deployed on a provisioned sku.
MAX_WORKLOAD_RPM: Final = MAX_PTU_PER_DEPLOYMENT * max(t.input_tpm for t in PTU_THROUGHPUT.values())

# LEARN-MODELS: not a gate. A stack with a version this does not hold is warned, and `aoai preflight` checks it
# (`models.list`).
KNOWN_MODEL_VERSIONS: Final = facts.KNOWN_MODEL_VERSIONS
WITHOUT_PROVISIONED_OFFERING: Final = (
    frozenset({*KNOWN_MODEL_VERSIONS, *(model for model, format_ in facts.MODEL_FORMAT.items() if format_ == "OpenAI")})
    - frozenset(PTU_THROUGHPUT)
    - frozenset(
        model
        for model, versions in facts.OFFERED.items()
        for skus in versions.values()
        for sku in skus
        if DEPLOYMENT_SKUS[sku].provisioned
    )
)
"""Models the catalog knows that Microsoft offers on no provisioned sku (embeddings, model-router, image, audio, …):
the Azure OpenAI models of the matrices and the retirement table without a row in LEARN-PTU-SIZING. Partner models
without one are not listed: for them the pages do not say."""


@dataclass(frozen=True)
class QuotaUnit:
    """What one unit of standard-family capacity allows (LEARN-QUOTAS)."""

    tpm: int
    rpm: Fraction


def _quota_unit(unit: tuple[int, tuple[int, int]]) -> QuotaUnit:
    tpm, rpm = unit
    return QuotaUnit(tpm, Fraction(*rpm))


# The live per-region figures are ModelSku.capacity and rateLimits from `models.list(location)`.
STANDARD_QUOTA_UNIT: Final = _quota_unit(facts.STANDARD_QUOTA_UNIT)
STANDARD_QUOTA_UNIT_BY_MODEL: Final = {
    model: _quota_unit(unit) for model, unit in facts.STANDARD_QUOTA_UNIT_BY_MODEL.items()
}

# --- Spillover (LEARN-SPILLOVER) ----------------------------------------------------------------------------------
SPILLOVER_TARGET_SKU: Final = facts.SPILLOVER_TARGET_SKU
SPILLOVER_UNCONFIRMED: Final = facts.SPILLOVER_UNCONFIRMED

# --- Data zones (LEARN-DEPLOYMENT-TYPES) --------------------------------------------------------------------------
DATA_ZONES: Final = tuple(sorted(facts.DATA_ZONE_STANDARD_REGIONS))
DATA_ZONE_STANDARD_REGIONS: Final = {
    zone: frozenset(regions) for zone, regions in facts.DATA_ZONE_STANDARD_REGIONS.items()
}
DATA_ZONE_PROVISIONED_REGIONS: Final = {
    zone: frozenset(regions) for zone, regions in facts.DATA_ZONE_PROVISIONED_REGIONS.items()
}


def data_zone_of(region: str) -> str | None:
    """The data zone a region belongs to, or None when it is in none (e.g. uksouth)."""
    for zone, regions in DATA_ZONE_STANDARD_REGIONS.items():
        if region in regions:
            return zone
    return None


def data_zone_regions(sku_name: str, zone: str) -> frozenset[str]:
    """The regions of `zone` that offer a DataZone* sku."""
    if DEPLOYMENT_SKUS[sku_name].provisioned:
        return DATA_ZONE_PROVISIONED_REGIONS[zone]
    return DATA_ZONE_STANDARD_REGIONS[zone]


# --- Content filters (SPEC RaiPolicy; LEARN-CONTENT-FILTER) -------------------------------------------------------
BUILTIN_RAI_POLICIES: Final = facts.BUILTIN_RAI_POLICIES
RAI_MODES: Final = facts.RAI_MODES
RAI_MODE_DEPRECATED: Final = facts.RAI_MODE_DEPRECATED
ASYNC_RAI_MODES: Final = facts.ASYNC_RAI_MODES
SEVERITY_LEVELS: Final = facts.SEVERITY_LEVELS
DEFAULT_SEVERITY: Final = facts.DEFAULT_SEVERITY
# Azure's filter names by the keys a stack file uses for them.
HARM_CATEGORIES: Final = dict(zip(("hate", "sexual", "violence", "selfharm"), facts.HARM_CATEGORIES, strict=True))
PROMPT_SHIELDS: Final = {"jailbreak": facts.JAILBREAK, "indirect_attack": facts.INDIRECT_ATTACK}
PROTECTED_MATERIAL: Final = dict(zip(("text", "code"), facts.PROTECTED_MATERIAL, strict=True))
PROFANITY: Final = facts.PROFANITY
CONTENT_SOURCES: Final = facts.CONTENT_SOURCES
BASE_POLICY_DEFAULTS: Final = facts.BASE_POLICY_DEFAULTS
MAX_BLOCKLIST_ITEMS: Final = facts.MAX_BLOCKLIST_ITEMS
MAX_BLOCKLIST_ITEM_LENGTH: Final = facts.MAX_BLOCKLIST_ITEM_LENGTH
MAX_BLOCKLIST_ITEMS_PER_BATCH: Final = facts.MAX_BLOCKLIST_ITEMS_PER_BATCH

# --- Private endpoints (LEARN-PE-DNS) -----------------------------------------------------------------------------
PRIVATE_ENDPOINT_GROUP_ID: Final = facts.PRIVATE_ENDPOINT_GROUP_ID
PRIVATE_DNS_ZONES: Final = facts.PRIVATE_DNS_ZONES

# --- Regions (LEARN-REGIONS) --------------------------------------------------------------------------------------
AZURE_REGIONS: Final = frozenset(facts.AZURE_REGIONS)


def region_name(location: str) -> str:
    """The programmatic name of a region as ARM may return it: `swedencentral`, or its display name `Sweden Central`
    (some resource providers answer with that; the spec's own account example says `West US`)."""
    by_display = {display.lower(): name for name, display in facts.REGION_DISPLAY_NAMES.items()}
    return by_display.get(location.lower(), "".join(location.split()).lower())


# --- Tags (LEARN-TAGS) ------------------------------------------------------------------------------------------
MAX_TAGS_PER_RESOURCE: Final = facts.MAX_TAGS_PER_RESOURCE
MAX_TAG_NAME_LENGTH: Final = facts.MAX_TAG_NAME_LENGTH
MAX_TAG_VALUE_LENGTH: Final = facts.MAX_TAG_VALUE_LENGTH
TAG_NAME_FORBIDDEN_CHARACTERS: Final = facts.TAG_NAME_FORBIDDEN_CHARACTERS

# --- Diagnostics: every log and every metric an account emits ----------------------------------
DIAGNOSTIC_LOG_CATEGORY_GROUP: Final = "allLogs"
DIAGNOSTIC_METRIC_CATEGORY: Final = "AllMetrics"
# What a diagnostic setting may name in `logs` (LEARN-OPENAI-LOGS): a category group or a category.
DIAGNOSTIC_LOG_CATEGORY_GROUPS: Final = facts.DIAGNOSTIC_LOG_CATEGORY_GROUPS
DIAGNOSTIC_LOG_CATEGORIES: Final = facts.DIAGNOSTIC_LOG_CATEGORIES

# --- Foundry (AIServices) accounts ------------------------------------------------------------------------------
FOUNDRY_KINDS: Final = frozenset(facts.FOUNDRY_KINDS)
NETWORK_INJECTION_SCENARIOS: Final = facts.NETWORK_INJECTION_SCENARIOS


# --- Access (LEARN-BUILTIN-ROLES; Microsoft.Authorization roleAssignments) --------------------------------------
BUILTIN_ROLES: Final = facts.BUILTIN_ROLES
PRIVILEGED_ROLES: Final = facts.PRIVILEGED_ROLES
KEY_ACCESS_ROLE: Final = facts.KEY_ACCESS_ROLE
PRINCIPAL_TYPES: Final = facts.PRINCIPAL_TYPES
ROLE_DEFINITION_ID_TEMPLATE: Final = facts.ROLE_DEFINITION_ID_TEMPLATE


def role_definition_guid(role: str) -> str:
    """The role definition id (a GUID) of a built-in role's name, or `role` itself when it is a GUID (lower case)."""
    return BUILTIN_ROLES.get(role, role).lower()


def role_name(role_guid: str) -> str | None:
    """The built-in role with that role definition GUID, or None for a custom role."""
    return next((name for name, guid in BUILTIN_ROLES.items() if guid == role_guid.lower()), None)


# --- Locks (LEARN-LOCKS) ------------------------------------------------------------------------------------------
LOCK_LEVEL: Final = facts.LOCK_LEVEL

# --- Retries (ARM-CONFLICTS, PULUMI-HOOKS) ------------------------------------------------------------------------
TRANSIENT_CONFLICTS: Final = facts.TRANSIENT_CONFLICTS
MAX_HOOK_RETRIES: Final = facts.MAX_HOOK_RETRIES
ERROR_HOOKS_SINCE: Final = facts.ERROR_HOOKS_SINCE


# --- Monitoring (LEARN-OPENAI-METRICS, AMBA-OPENAI, SPEC-MONITOR, LEARN-SERVICE-HEALTH) ----------------------------
ACCOUNT_METRIC_NAMESPACE: Final = facts.ACCOUNT_METRIC_NAMESPACE
OPENAI_METRICS: Final = facts.OPENAI_METRICS
PTU_UTILIZATION_METRIC: Final = facts.PTU_UTILIZATION_METRIC
REQUESTS_METRIC: Final = "AzureOpenAIRequests"
AVAILABILITY_METRIC: Final = "AzureOpenAIAvailabilityRate"
DEPLOYMENT_DIMENSION: Final = facts.DEPLOYMENT_DIMENSION
STATUS_CODE_DIMENSION: Final = "StatusCode"
THROTTLED_STATUS_CODE: Final = "429"  # the HTTP status of a throttled call (LEARN-OPENAI-METRICS: "StatusCode")
PTU_UTILIZATION_BASELINE: Final = facts.PTU_UTILIZATION_BASELINE
ALERT_SEVERITIES: Final = facts.ALERT_SEVERITIES
METRIC_ALERT_WINDOWS: Final = facts.METRIC_ALERT_WINDOWS
METRIC_ALERT_FREQUENCIES: Final = facts.METRIC_ALERT_FREQUENCIES
METRIC_ALERT_LOCATION: Final = facts.METRIC_ALERT_LOCATION
ACTIVITY_LOG_ALERT_LOCATION: Final = facts.ACTIVITY_LOG_ALERT_LOCATION
ACTION_GROUP_LOCATION: Final = facts.ACTION_GROUP_LOCATION
ACTION_GROUP_SHORT_NAME_LENGTH: Final = facts.ACTION_GROUP_SHORT_NAME_LENGTH
SERVICE_HEALTH_CATEGORY: Final = facts.SERVICE_HEALTH_CATEGORY
SERVICE_HEALTH_INCIDENT_TYPES: Final = facts.SERVICE_HEALTH_INCIDENT_TYPES
SERVICE_HEALTH_REGION_FIELD: Final = facts.SERVICE_HEALTH_REGION_FIELD
SERVICE_HEALTH_SERVICE_FIELD: Final = "properties.impactedServices[*].ServiceName"
REGION_DISPLAY_NAMES: Final = facts.REGION_DISPLAY_NAMES
# aoai's own rules for what an action group sends to (Azure checks neither): one address, an https endpoint.
EMAIL_PATTERN: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
WEBHOOK_PATTERN: Final = re.compile(r"https://[^\s/$.?#][^\s]*")
SHORT_NAME_PATTERN: Final = re.compile(r"\S(?:.*\S)?")  # no leading or trailing space
