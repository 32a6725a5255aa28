"""Facts about Azure that the rest of aoai relies on, each with its source and the date it was read.

Nothing else in the project hard-codes a region list, a sku name, a content-filter name or a PTU number: when
Azure changes, this module (and its source notes) is the one place to update.

Sources (short names used below):
- SPEC: Azure REST API spec, Microsoft.CognitiveServices stable 2025-06-01 (cognitiveservices.json).
- LEARN-DEPLOYMENT-TYPES: learn.microsoft.com, Azure OpenAI deployment types (read 2026-05).
- LEARN-PTU-ONBOARDING: learn.microsoft.com, provisioned throughput onboarding (read 2026-04/05).
- LEARN-QUOTAS: learn.microsoft.com, Azure OpenAI quotas and limits (read 2026-05).
- LEARN-SPILLOVER: learn.microsoft.com, spillover traffic management (read 2026-05).
- LEARN-MODELS: learn.microsoft.com, Azure OpenAI in Azure AI Foundry models, context windows (read 2026-12-02).
- LEARN-CONTENT-FILTER: learn.microsoft.com, content filtering (read 2026-05).
- LEARN-CUSTOM-SUBDOMAIN: learn.microsoft.com, custom subdomain names for Azure AI services (read 2026-05).
- LEARN-SOFT-DELETE: learn.microsoft.com/azure/ai-services/manage-resources, "Recover or purge deleted Azure AI
  services resources" (read 2026-12-02).
- LEARN-PE-DNS: learn.microsoft.com, Azure Private Endpoint private DNS zone values (page dated 2026-07-16).
- LEARN-REGIONS: learn.microsoft.com/azure/reliability/regions-list, "Azure regions list", programmatic names
  (page dated 2025-09-23; read 2026-12-02).
- LEARN-TAGS: learn.microsoft.com/azure/azure-resource-manager/management/tag-resources, "Tag resources, resource
  groups, and subscriptions", Limitations (read 2026-12-02).
- LEARN-AI-VNET: learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks, "Configure Azure AI
  services virtual networks", IP network rules (read 2026-12-02).

Patterns below are whole-string patterns: always apply them with `fullmatch` (`$` would accept a trailing newline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

API_VERSION: Final = "2025-06-01"  # SPEC; the version pulumi-azure-native 3.x uses for cognitiveservices

# --- Names and ids (SPEC path parameters; ARM resource id shapes) ------------------------------------------------
# SPEC gives this pattern for account, RAI policy, blocklist and blocklist-item names. It declares none for
# deployment names; aoai applies the same one so that names stay safe in URLs and client configuration.
ARM_CHILD_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
ARM_CHILD_NAME_LENGTH: Final = (2, 64)
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
}
_EXAMPLE = "/subscriptions/<subscription-guid>/resourceGroups/<rg>/providers/"
ARM_ID_EXAMPLES: Final = {
    "subnet": _EXAMPLE + "Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
    "virtual network": _EXAMPLE + "Microsoft.Network/virtualNetworks/<vnet>",
    "private DNS zone": _EXAMPLE + "Microsoft.Network/privateDnsZones/<zone>",
    "Log Analytics workspace": _EXAMPLE + "Microsoft.OperationalInsights/workspaces/<workspace>",
    "user-assigned identity": _EXAMPLE + "Microsoft.ManagedIdentity/userAssignedIdentities/<identity>",
}

# --- Accounts (SPEC Account / AccountProperties; LEARN-CUSTOM-SUBDOMAIN) -------------------------------------------
ACCOUNT_KINDS: Final = ("OpenAI", "AIServices")
ACCOUNT_SKU: Final = "S0"
ACCOUNT_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]*")
ACCOUNT_NAME_LENGTH: Final = (2, 64)
# A DNS label: letters, digits and hyphens; it must not end (nor, as any DNS label, start) with a hyphen. SPEC allows
# 64 characters for the subdomain, but a DNS label stops at 63 (RFC 1035 section 2.3.4), so 64 can never resolve.
SUBDOMAIN_PATTERN: Final = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?")
SUBDOMAIN_LENGTH: Final = (2, 63)
# LEARN-QUOTAS: per region per subscription.
MAX_ACCOUNTS_PER_REGION: Final = {"OpenAI": 30, "AIServices": 100}
MAX_VNET_RULES: Final = 100  # SPEC NetworkRuleSet
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
# LEARN-SOFT-DELETE: a deleted account stays soft-deleted, its name and subdomain unusable until purged, for this long.
ACCOUNT_SOFT_DELETE_HOURS: Final = 48
# The OpenAI inference endpoint of an account with a custom subdomain (both kinds serve it).
OPENAI_ENDPOINT_TEMPLATE: Final = "https://{subdomain}.openai.azure.com/"
# The account's primary endpoint, as Azure reports it in properties.endpoint, per kind.
ACCOUNT_ENDPOINT_TEMPLATE: Final = {
    "OpenAI": "https://{subdomain}.openai.azure.com/",
    "AIServices": "https://{subdomain}.cognitiveservices.azure.com/",
}

# --- Deployments (SPEC DeploymentProperties; LEARN-DEPLOYMENT-TYPES; LEARN-QUOTAS) ---------------------------------
ProcessingLevel = Literal["regional", "global", "datazone"]
Billing = Literal["tokens", "ptu", "batch", "developer"]


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
    s.name: s
    for s in (
        SkuFacts("Standard", "regional", "tokens"),
        SkuFacts("GlobalStandard", "global", "tokens"),
        SkuFacts("DataZoneStandard", "datazone", "tokens"),
        SkuFacts("ProvisionedManaged", "regional", "ptu"),
        SkuFacts("GlobalProvisionedManaged", "global", "ptu"),
        SkuFacts("DataZoneProvisionedManaged", "datazone", "ptu"),
        SkuFacts("GlobalBatch", "global", "batch"),
        SkuFacts("DataZoneBatch", "datazone", "batch"),
        SkuFacts("DeveloperTier", "global", "developer"),
    )
}
# SPEC, LEARN-QUOTAS: what a deployment's `capacity` counts, by billing. Standard-family units are usually 1,000 TPM
# each, but the ratio differs per model (o1, o3-mini), so they are reported as quota units, not tokens.
CAPACITY_UNITS: Final[dict[Billing, str]] = {
    "ptu": "PTU",
    "tokens": "quota units",
    "batch": "batch quota units",
    "developer": "quota units",
}
MAX_DEPLOYMENTS_PER_ACCOUNT: Final = 32  # LEARN-QUOTAS
MAX_PTU_PER_DEPLOYMENT: Final = 100_000  # LEARN-QUOTAS
# SPEC Sku.capacity (a deployment's capacity) is `integer, format: int32`: Azure cannot store more.
MAX_CAPACITY: Final = 2_147_483_647
# Bounds of a workload (sizing input), so that no product of them overflows: a request never holds more tokens than
# the largest context window of the models listed here (gpt-4.1 family: 1,047,576 tokens, LEARN-MODELS), and a peak
# beyond what the largest deployment carries (MAX_PTU_PER_DEPLOYMENT × the most TPM one PTU carries, one token a
# request) cannot be served by any deployment.
MAX_TOKENS_PER_REQUEST: Final = 1_047_576
MODEL_FORMATS: Final = ("OpenAI",)
VERSION_UPGRADE_OPTIONS: Final = ("OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade")

# --- Provisioned throughput (LEARN-PTU-ONBOARDING, read 2026-04/05) ----------------------------------------------


@dataclass(frozen=True)
class PtuSteps:
    minimum: int
    increment: int


# Global and data-zone provisioned: the same for every current OpenAI model.
PTU_STEPS_GLOBAL_AND_DATAZONE: Final = PtuSteps(minimum=15, increment=5)
# Regional provisioned (ProvisionedManaged) differs per model.
PTU_STEPS_REGIONAL: Final = {
    **dict.fromkeys(
        (
            "gpt-5.5",
            "gpt-5.4",
            "gpt-5.3-codex",
            "gpt-5.2",
            "gpt-5.2-codex",
            "gpt-5.1",
            "gpt-5.1-codex",
            "gpt-5",
            "gpt-4.1",
            "gpt-4o",
            "o3",
        ),
        PtuSteps(50, 50),
    ),
    **dict.fromkeys(
        ("gpt-5-mini", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "o4-mini", "o3-mini"), PtuSteps(25, 25)
    ),
    "o1": PtuSteps(25, 50),
}


class UnknownModelError(LookupError):
    """A provisioned sku names a model whose regional PTU steps the catalog does not know."""


def ptu_steps(sku_name: str, model: str) -> PtuSteps:
    """Minimum and increment of a provisioned deployment of `model` with `sku_name`."""
    sku = DEPLOYMENT_SKUS[sku_name]
    if not sku.provisioned:
        raise ValueError(f"{sku_name} is not a provisioned sku")
    if sku.processing != "regional":
        return PTU_STEPS_GLOBAL_AND_DATAZONE
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
    confirmed: bool = True


# LEARN-PTU-ONBOARDING (read 2026-04/05). gpt-5.5's output ratio is not stated there (assumed 8, as gpt-5.x).
PTU_THROUGHPUT: Final = {
    "gpt-5.5": PtuThroughput(1_200, 8, confirmed=False),
    "gpt-5.4": PtuThroughput(2_400, 6),
    **dict.fromkeys(("gpt-5.3-codex", "gpt-5.2", "gpt-5.2-codex"), PtuThroughput(3_400, 8)),
    **dict.fromkeys(("gpt-5.1", "gpt-5.1-codex", "gpt-5"), PtuThroughput(4_750, 8)),
    "gpt-5-mini": PtuThroughput(23_750, 8),
    "gpt-4.1": PtuThroughput(3_000, 4),
    "gpt-4.1-mini": PtuThroughput(14_900, 4),
    "gpt-4.1-nano": PtuThroughput(59_400, 4),
    "o3": PtuThroughput(3_000, 4),
    "o4-mini": PtuThroughput(5_400, 4),
    "gpt-4o": PtuThroughput(2_500, 4),
    "gpt-4o-mini": PtuThroughput(37_000, 4),
    "o3-mini": PtuThroughput(2_500, 4),
    "o1": PtuThroughput(230, 4),
}
MAX_WORKLOAD_RPM: Final = MAX_PTU_PER_DEPLOYMENT * max(t.input_tpm for t in PTU_THROUGHPUT.values())

# LEARN-MODELS: model versions aoai has seen documented, read 2026-12-02 from the source of the models page
# (learn.microsoft.com/azure/ai-foundry/openai/concepts/models): MicrosoftDocs/azure-ai-docs
# articles/foundry/openai/includes/models-azure-direct-openai.md, with the version columns of
# articles/foundry/foundry-models/includes/model-matrix/deployments-{standard,provisioned}.md, commit 00bb5540
# (00bb5540c93f4bf3d1d78fe21e36c6dbc2930026; includes dated 2026-06-11). Not a gate: Azure adds versions and models
# faster than this list, so a stack with one it does not hold is warned, and `aoai preflight` checks it
# (`models.list`). A model listed with no versions has PTU figures above but no version aoai has verified.
KNOWN_MODEL_VERSIONS: Final[dict[str, frozenset[str]]] = {
    **{model: frozenset() for model in PTU_THROUGHPUT if model.startswith("gpt-5.")},  # overridden below if verified
    "gpt-4o": frozenset({"2024-05-13", "2024-08-06", "2024-11-20"}),
    "gpt-4o-mini": frozenset({"2024-07-18"}),
    "gpt-4.1": frozenset({"2025-04-14"}),
    "gpt-4.1-mini": frozenset({"2025-04-14"}),
    "gpt-4.1-nano": frozenset({"2025-04-14"}),
    "o1": frozenset({"2024-12-17"}),
    "o3-mini": frozenset({"2025-01-31"}),
    "o3": frozenset({"2025-04-16"}),
    "o4-mini": frozenset({"2025-04-16"}),
    "gpt-5": frozenset({"2025-08-07"}),
    "gpt-5-mini": frozenset({"2025-08-07"}),
    "gpt-5.1": frozenset({"2025-11-13"}),
    "gpt-5.1-codex": frozenset({"2025-11-13"}),
    "gpt-5.2": frozenset({"2025-12-11"}),
    "gpt-5.2-codex": frozenset({"2026-01-14"}),
    "gpt-5.3-codex": frozenset({"2026-02-24"}),
    "gpt-5.4": frozenset({"2026-03-05"}),
    "gpt-5.5": frozenset({"2026-04-24"}),
    "text-embedding-3-large": frozenset({"1"}),
    "text-embedding-3-small": frozenset({"1"}),
    "text-embedding-ada-002": frozenset({"1", "2"}),
}


@dataclass(frozen=True)
class QuotaUnit:
    """What one unit of standard-family capacity allows (LEARN-QUOTAS)."""

    tpm: int
    rpm: Fraction


# One quota unit is 1,000 TPM and 6 RPM for most models; o1 allows 1 RPM per 6,000 TPM and o3-mini 1 RPM per
# 10,000 TPM. The live per-region figures are ModelSku.capacity and rateLimits from `models.list(location)`.
STANDARD_QUOTA_UNIT: Final = QuotaUnit(tpm=1_000, rpm=Fraction(6))
STANDARD_QUOTA_UNIT_BY_MODEL: Final = {
    "o1": QuotaUnit(1_000, Fraction(1, 6)),
    "o3-mini": QuotaUnit(1_000, Fraction(1, 10)),
}

# --- Spillover (LEARN-SPILLOVER) ----------------------------------------------------------------------------------
# Provisioned sku → the standard sku its spillover target must have (same data-processing level).
SPILLOVER_TARGET_SKU: Final = {
    "GlobalProvisionedManaged": "GlobalStandard",
    "DataZoneProvisionedManaged": "DataZoneStandard",
    "ProvisionedManaged": "Standard",
}
# Regional ProvisionedManaged → Standard is not confirmed by Microsoft's documentation: allowed with a warning.
SPILLOVER_UNCONFIRMED: Final = frozenset({"ProvisionedManaged"})

# --- Data zones (LEARN-DEPLOYMENT-TYPES model matrices, read 2026-05) ---------------------------------------------
DATA_ZONES: Final = ("eu", "us")
DATA_ZONE_STANDARD_REGIONS: Final = {
    "us": frozenset({"centralus", "eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus3"}),
    "eu": frozenset(
        {
            "francecentral",
            "germanywestcentral",
            "italynorth",
            "polandcentral",
            "spaincentral",
            "swedencentral",
            "westeurope",
        }
    ),
}
DATA_ZONE_PROVISIONED_REGIONS: Final = {
    "us": DATA_ZONE_STANDARD_REGIONS["us"] - {"centralus"},
    "eu": DATA_ZONE_STANDARD_REGIONS["eu"],
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
BUILTIN_RAI_POLICIES: Final = ("Microsoft.Default", "Microsoft.DefaultV2")
RAI_MODES: Final = ("Default", "Blocking", "Asynchronous_filter")
RAI_MODE_DEPRECATED: Final = {"Deferred": "Asynchronous_filter"}  # from 2025-06-01
# Modes in which completions stream back before the filter has seen them.
ASYNC_RAI_MODES: Final = ("Asynchronous_filter", *RAI_MODE_DEPRECATED)
SEVERITY_LEVELS: Final = ("Low", "Medium", "High")  # Low blocks the most (strictest), High the least
HARM_CATEGORIES: Final = {"hate": "Hate", "sexual": "Sexual", "violence": "Violence", "selfharm": "Selfharm"}
DEFAULT_SEVERITY: Final = "Medium"
PROMPT_SHIELDS: Final = {"jailbreak": "Jailbreak", "indirect_attack": "Indirect Attack"}
PROTECTED_MATERIAL: Final = {"text": "Protected Material Text", "code": "Protected Material Code"}
PROFANITY: Final = "Profanity"
CONTENT_SOURCES: Final = ("Prompt", "Completion")
# What a filter left out of a RAI policy inherits from a built-in base policy (LEARN-CONTENT-FILTER): the harm
# categories at Medium on both sources, Jailbreak and protected material on, Indirect Attack off; as (enabled,
# blocking, threshold).
BASE_POLICY_DEFAULTS: Final = {
    **{
        (name, source): (True, True, DEFAULT_SEVERITY)
        for name in HARM_CATEGORIES.values()
        for source in CONTENT_SOURCES
    },
    (PROMPT_SHIELDS["jailbreak"], "Prompt"): (True, True, None),
    (PROMPT_SHIELDS["indirect_attack"], "Prompt"): (False, False, None),
    **{(name, "Completion"): (True, True, None) for name in PROTECTED_MATERIAL.values()},
}
MAX_BLOCKLIST_ITEMS: Final = 10_000
MAX_BLOCKLIST_ITEM_LENGTH: Final = 1_000
# Items per RaiBlocklistItems_BatchAdd / _BatchDelete call (POST .../raiBlocklists/{name}/addRaiBlocklistItems and
# .../deleteRaiBlocklistItems). SPEC declares no maximum for the request array and no per-call limit is documented;
# the Azure AI Content Safety blocklist API removes "at most 100 BlockItems in one request" (learn.microsoft.com,
# @azure-rest/ai-content-safety RemoveBlockItems, read 2026-12-02). aoai sends at most that many per call, a
# conservative chunk: a 10,000-item list is 100 sequential calls.
MAX_BLOCKLIST_ITEMS_PER_BATCH: Final = 100

# --- Private endpoints (LEARN-PE-DNS; AVM Bicep issue #5957) ----------------------------------------------------------
PRIVATE_ENDPOINT_GROUP_ID: Final = "account"
ZONE_OPENAI: Final = "privatelink.openai.azure.com"
ZONE_COGNITIVE: Final = "privatelink.cognitiveservices.azure.com"
ZONE_AI_SERVICES: Final = "privatelink.services.ai.azure.com"
PRIVATE_DNS_ZONES: Final = {
    "OpenAI": (ZONE_OPENAI, ZONE_COGNITIVE),
    "AIServices": (ZONE_OPENAI, ZONE_COGNITIVE, ZONE_AI_SERVICES),
}

# --- Regions (LEARN-REGIONS) --------------------------------------------------------------------------------------
# Every public Azure region by programmatic name, including those with restricted access (e.g. australiacentral2) and
# announced ones (denmarkeast). swedensouth is listed there as Sweden Central's (restricted) paired region. Which of
# them offer Azure OpenAI, a model or a sku is a separate, narrower fact (data zones above; `aoai preflight`).
AZURE_REGIONS: Final = frozenset(
    {
        "australiacentral",
        "australiacentral2",
        "australiaeast",
        "australiasoutheast",
        "austriaeast",
        "belgiumcentral",
        "brazilsouth",
        "brazilsoutheast",
        "canadacentral",
        "canadaeast",
        "centralindia",
        "centralus",
        "chilecentral",
        "denmarkeast",
        "eastasia",
        "eastus",
        "eastus2",
        "francecentral",
        "francesouth",
        "germanynorth",
        "germanywestcentral",
        "indonesiacentral",
        "israelcentral",
        "italynorth",
        "japaneast",
        "japanwest",
        "koreacentral",
        "koreasouth",
        "malaysiawest",
        "mexicocentral",
        "newzealandnorth",
        "northcentralus",
        "northeurope",
        "norwayeast",
        "norwaywest",
        "polandcentral",
        "qatarcentral",
        "southafricanorth",
        "southafricawest",
        "southcentralus",
        "southindia",
        "southeastasia",
        "spaincentral",
        "swedencentral",
        "swedensouth",
        "switzerlandnorth",
        "switzerlandwest",
        "uaecentral",
        "uaenorth",
        "uksouth",
        "ukwest",
        "westcentralus",
        "westeurope",
        "westindia",
        "westus",
        "westus2",
        "westus3",
    }
)

# --- Tags (LEARN-TAGS) ------------------------------------------------------------------------------------------
MAX_TAGS_PER_RESOURCE: Final = 50
MAX_TAG_NAME_LENGTH: Final = 512  # 128 for storage accounts, which aoai does not create
MAX_TAG_VALUE_LENGTH: Final = 256
TAG_NAME_FORBIDDEN_CHARACTERS: Final = "<>%&\\?/"

# --- Diagnostics ------------------------------------------------------------------------------------------------
DIAGNOSTIC_LOG_CATEGORY_GROUP: Final = "allLogs"
DIAGNOSTIC_METRIC_CATEGORY: Final = "AllMetrics"
