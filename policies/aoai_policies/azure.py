"""The Azure facts the policies need, mirrored from `aoai.catalog` (sources and dates are recorded there).

The pack is installed by the Pulumi CLI from `policies/requirements.txt` alone, so it cannot import `aoai`; these
values are copied instead, and `tests/test_policy_facts.py` fails when they drift from the catalog.
"""

from __future__ import annotations

from typing import Final

ACCOUNT: Final = "azure-native:cognitiveservices:Account"
DEPLOYMENT: Final = "azure-native:cognitiveservices:Deployment"
RAI_POLICY: Final = "azure-native:cognitiveservices:RaiPolicy"
PRIVATE_ENDPOINT: Final = "azure-native:network:PrivateEndpoint"
PRIVATE_DNS_ZONE_GROUP: Final = "azure-native:network:PrivateDnsZoneGroup"
DIAGNOSTIC_SETTING: Final = "azure-native:monitor:DiagnosticSetting"

ACCOUNT_KINDS: Final = ("OpenAI", "AIServices")

# Deployment sku name → (data-processing level, billing).
DEPLOYMENT_SKUS: Final = {
    "Standard": ("regional", "tokens"),
    "GlobalStandard": ("global", "tokens"),
    "DataZoneStandard": ("datazone", "tokens"),
    "ProvisionedManaged": ("regional", "ptu"),
    "GlobalProvisionedManaged": ("global", "ptu"),
    "DataZoneProvisionedManaged": ("datazone", "ptu"),
    "GlobalBatch": ("global", "batch"),
    "DataZoneBatch": ("datazone", "batch"),
    "DeveloperTier": ("global", "developer"),
}
PROVISIONED_SKUS: Final = tuple(name for name, (_, billing) in DEPLOYMENT_SKUS.items() if billing == "ptu")
GLOBAL_SKUS: Final = tuple(name for name, (level, _) in DEPLOYMENT_SKUS.items() if level == "global")
SPILLOVER_TARGET_SKU: Final = {
    "GlobalProvisionedManaged": "GlobalStandard",
    "DataZoneProvisionedManaged": "DataZoneStandard",
    "ProvisionedManaged": "Standard",
}
VERSION_UPGRADE_OPTIONS: Final = ("OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade")
MAX_PTU_PER_DEPLOYMENT: Final = 100_000

# PTU minimum and increment: global and data-zone provisioned share one pair; regional provisioned differs per model.
PTU_STEPS_GLOBAL_AND_DATAZONE: Final = (15, 5)
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
        (50, 50),
    ),
    **dict.fromkeys(("gpt-5-mini", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini", "o4-mini", "o3-mini"), (25, 25)),
    "o1": (25, 50),
}

DATA_ZONE_REGIONS: Final = {
    "us": ("centralus", "eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus3"),
    "eu": (
        "francecentral",
        "germanywestcentral",
        "italynorth",
        "polandcentral",
        "spaincentral",
        "swedencentral",
        "westeurope",
    ),
}

BUILTIN_RAI_POLICIES: Final = ("Microsoft.Default", "Microsoft.DefaultV2")
ASYNC_RAI_MODES: Final = ("Asynchronous_filter", "Deferred")  # Deferred is the pre-2025-06-01 name
SEVERITY_LEVELS: Final = ("Low", "Medium", "High")  # Low blocks the most (strictest), High the least
HARM_CATEGORIES: Final = ("Hate", "Sexual", "Violence", "Selfharm")
CONTENT_SOURCES: Final = ("Prompt", "Completion")
JAILBREAK: Final = "Jailbreak"
INDIRECT_ATTACK: Final = "Indirect Attack"
PROTECTED_MATERIAL: Final = ("Protected Material Text", "Protected Material Code")
# What a filter the policy leaves out inherits from the built-in base policy (Microsoft Learn, content filtering):
# the harm categories at Medium, Jailbreak and protected material on, Indirect Attack off; each as (enabled,
# blocking, threshold).
BASE_POLICY_DEFAULTS: Final = {
    **{(name, source): (True, True, "Medium") for name in HARM_CATEGORIES for source in CONTENT_SOURCES},
    (JAILBREAK, "Prompt"): (True, True, None),
    (INDIRECT_ATTACK, "Prompt"): (False, False, None),
    **{(name, "Completion"): (True, True, None) for name in PROTECTED_MATERIAL},
}

PRIVATE_ENDPOINT_GROUP_ID: Final = "account"
PRIVATE_DNS_ZONES: Final = {
    "OpenAI": ("privatelink.openai.azure.com", "privatelink.cognitiveservices.azure.com"),
    "AIServices": (
        "privatelink.openai.azure.com",
        "privatelink.cognitiveservices.azure.com",
        "privatelink.services.ai.azure.com",
    ),
}
