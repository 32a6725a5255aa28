"""The Azure facts aoai and its policy pack rely on, each written once, with the sources they were read from.

Public and versioned with the pack: `aoai.azure` builds its typed views (dataclasses, lookups) over these values, the
policies read them directly, and the docs render their tables from `SOURCES` and `CITATIONS`. Only the standard
library is imported, so the pack still installs from `policies/requirements.txt` alone and importing this is cheap.
Values are raw (strings, numbers, tuples, dicts): when Azure changes, this module and its source dates are the one
place to update.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

# The model availability matrix, generated from the saved Learn pages (python -m aoai.azure.model_matrix).
from aoai_policies import model_catalog


class Source(NamedTuple):
    """A document a fact was read from, and when."""

    id: str
    title: str
    url: str
    read: str
    """When it was read (or the page's own date, when it states one), as precisely as it was recorded."""


SOURCES: Final = (
    Source(
        "SPEC",
        "Azure REST API spec, Microsoft.CognitiveServices stable 2025-06-01 (cognitiveservices.json)",
        "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/cognitiveservices/resource-manager/"
        "Microsoft.CognitiveServices/stable/2025-06-01/cognitiveservices.json",
        "not recorded (a stable API version does not change)",
    ),
    Source(
        "LEARN-DEPLOYMENT-TYPES",
        "Azure OpenAI deployment types (model matrices)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/deployment-types",
        "2026-05",
    ),
    Source(
        "LEARN-PTU-ONBOARDING",
        "Provisioned throughput onboarding (minimums, increments, throughput per PTU)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/provisioned-throughput-onboarding",
        "2026-04/05",
    ),
    Source(
        "LEARN-QUOTAS",
        "Azure OpenAI quotas and limits",
        "https://learn.microsoft.com/azure/ai-foundry/openai/quotas-limits",
        "2026-05",
    ),
    Source(
        "LEARN-PTU-SIZING",
        "Determine PTU sizing for a workload (deployment parameters and throughput values by model); source:"
        " MicrosoftDocs/azure-ai-docs articles/foundry/openai/how-to/provisioned-throughput-sizing.md at 07d8467"
        " (ms.date 05/21/2026)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/provisioned-throughput-sizing",
        "2026-12-04",
    ),
    Source(
        "LEARN-SPILLOVER",
        "Manage traffic with spillover for provisioned deployments (the target is 'a standard deployment within the"
        " same Azure OpenAI resource'; spillover recommended for global and data zone provisioned deployments; no"
        " same-processing-level requirement stated); source: MicrosoftDocs/azure-ai-docs"
        " articles/foundry/openai/how-to/spillover-traffic-management.md at 01cbaee (ms.date 03/04/2026)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/spillover-traffic-management",
        "2026-12-04",
    ),
    Source(
        "LEARN-MODELS",
        "Azure OpenAI in Azure AI Foundry models (versions, context windows); source: MicrosoftDocs/azure-ai-docs"
        " commit 00bb5540c93f4bf3d1d78fe21e36c6dbc2930026 (includes dated 2026-06-11)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models",
        "2026-12-02",
    ),
    Source(
        "LEARN-MODEL-MATRIX",
        "Azure OpenAI model availability by deployment type and region (the model matrices: standard-models,"
        " standard-global, datazone-standard, provisioned-models, provisioned-global, datazone-provisioned-managed,"
        " global-batch, global-batch-datazone); source: MicrosoftDocs/azure-ai-docs"
        " articles/foundry/openai/includes/model-matrix/, saved in catalog/sources with their commits"
        " (model_catalog.MATRIX_SOURCES)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models",
        "2026-12-04",
    ),
    Source(
        "LEARN-MODEL-RETIREMENTS",
        "Azure OpenAI model deprecations and retirements (the current models' deprecation and retirement dates);"
        " source: MicrosoftDocs/azure-ai-docs articles/foundry/openai/concepts/model-retirements.md at 1205cbf"
        " (ms.date 01/30/2026) and its table includes/retirement/models.md at 01850fb (ms.date 12/16/2025)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements",
        "2026-12-04",
    ),
    Source(
        "LEARN-FOUNDRY-MODELS",
        "Foundry Models sold directly by Azure (partner models by publisher: Black Forest Labs, Cohere, DeepSeek,"
        " Meta, Microsoft, Mistral AI, Moonshot AI, xAI); source: MicrosoftDocs/azure-ai-docs"
        " articles/foundry/foundry-models/concepts/models-sold-directly-by-azure.md at 143a126 (ms.date 02/12/2026)"
        " and includes/models-azure-direct-others.md at 0378dd8 (ms.date 10/05/2026)",
        "https://learn.microsoft.com/azure/ai-foundry/foundry-models/concepts/models-sold-directly-by-azure",
        "2026-12-04",
    ),
    Source(
        "LEARN-CONTENT-FILTER",
        "Content filtering (categories, severities, prompt shields, protected material, base policy defaults)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter",
        "2026-05",
    ),
    Source(
        "LEARN-CONTENT-SAFETY-BLOCKLIST",
        "@azure-rest/ai-content-safety RemoveBlockItems: at most 100 BlockItems in one request",
        "https://learn.microsoft.com/javascript/api/@azure-rest/ai-content-safety/removeblockitems?view=azure-node-preview",
        "2026-12-02",
    ),
    Source(
        "LEARN-CUSTOM-SUBDOMAIN",
        "Custom subdomain names for Azure AI services",
        "https://learn.microsoft.com/azure/ai-services/cognitive-services-custom-subdomains",
        "2026-05",
    ),
    Source(
        "LEARN-SOFT-DELETE",
        "Recover or purge deleted Azure AI services resources",
        "https://learn.microsoft.com/azure/ai-services/manage-resources",
        "2026-12-02",
    ),
    Source(
        "LEARN-PE-DNS",
        "Azure Private Endpoint private DNS zone values",
        "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
        "2026-07-16",
    ),
    Source(
        "AVM-BICEP-5957",
        "Azure Verified Modules (Bicep) issue #5957: private endpoints of a Cognitive Services account",
        "https://github.com/Azure/bicep-registry-modules/issues/5957",
        "not recorded",
    ),
    Source(
        "LEARN-REGIONS",
        "Azure regions list (programmatic names; page dated 2025-09-23)",
        "https://learn.microsoft.com/azure/reliability/regions-list",
        "2026-12-02",
    ),
    Source(
        "LEARN-TAGS",
        "Tag resources, resource groups, and subscriptions (Limitations)",
        "https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources",
        "2026-12-02",
    ),
    Source(
        "LEARN-AI-VNET",
        "Configure Azure AI services virtual networks (IP network rules)",
        "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
        "2026-12-02",
    ),
    Source(
        "LEARN-BUILTIN-ROLES",
        "Azure built-in roles (role names, role definition ids stable across tenants, and their actions); source:"
        " MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/privileged.md at 0b8729e"
        " (ms.date 2026-07-01), ai-machine-learning.md at 51eb312, security.md",
        "https://learn.microsoft.com/azure/role-based-access-control/built-in-roles",
        "2026-12-04",
    ),
    Source(
        "SPEC-AUTHORIZATION",
        "Azure REST API spec, Microsoft.Authorization roleAssignments stable 2022-04-01"
        " (authorization-RoleAssignmentsCalls.json), the version pulumi-azure-native 3.x uses",
        "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/authorization/resource-manager/"
        "Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json",
        "not recorded (a stable API version does not change)",
    ),
    Source(
        "ARM-CONFLICTS",
        "Azure's answers to overlapping writes, as reported: RequestConflict on Cognitive Services accounts"
        " (Azure/bicep#11211, Azure/bicep-types-az#2419,"
        " Azure/terraform-azurerm-avm-res-cognitiveservices-account#125),"
        " AccountProvisioningStateInvalid on a private endpoint to an account in state Accepted"
        " (DefangLabs/pulumi-defang#274, hashicorp/terraform-provider-azurerm#31712), AnotherOperationInProgress on"
        " private endpoints and DNS zone groups (pulumi/pulumi-azure-native#1024, microsoft/AzureTRE#3193)",
        "https://github.com/hashicorp/terraform-provider-azurerm/issues/31712",
        "2026-12-04",
    ),
    Source(
        "PULUMI-HOOKS",
        "Pulumi resource hooks: error hooks (`on_error`, return true to retry; at most 100 retries an operation),"
        " in the Python SDK and the engine from 3.219.0",
        "https://www.pulumi.com/docs/iac/concepts/resources/options/hooks/",
        "2026-12-04",
    ),
    Source(
        "LEARN-LOCKS",
        "Lock your Azure resources to protect your infrastructure (CanNotDelete and ReadOnly; a lock applies to child"
        " resources; ReadOnly blocks POST operations such as listing keys)",
        "https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources",
        "2026-12-04",
    ),
    Source(
        "LEARN-OPENAI-METRICS",
        "Supported metrics for Microsoft.CognitiveServices/accounts (names, units, aggregations, dimensions; the"
        " legacy BlockedCalls, ClientErrors and ServerErrors are marked 'Do not use for Azure OpenAI service');"
        " source: MicrosoftDocs/azure-monitor-docs articles/azure-monitor/reference/supported-metrics/"
        "microsoft-cognitiveservices-accounts-metrics.md at 1156976 (ms.date 2026-07-31)",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cognitiveservices-accounts-metrics",
        "2026-12-04",
    ),
    Source(
        "AMBA-OPENAI",
        "Azure Monitor Baseline Alerts, services/CognitiveServices/accounts/alerts.yaml at 0d74fbf (verified rules:"
        " Provisioned-managed Utilization V2 > 80, severity 2, window PT5M, every PT1M; static thresholds)",
        "https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/CognitiveServices/accounts/alerts.yaml",
        "2026-12-04",
    ),
    Source(
        "SPEC-MONITOR",
        "Azure REST API specs, Microsoft.Insights: metricAlert_API.json 2018-03-01, activityLogAlerts_API.json"
        " 2020-10-01, actionGroups_API.json 2024-10-01-preview (the versions pulumi-azure-native 3.x uses)",
        "https://github.com/Azure/azure-rest-api-specs/tree/main/specification/monitor/resource-manager/Microsoft.Insights",
        "2026-12-04",
    ),
    Source(
        "LEARN-SERVICE-HEALTH",
        "Service Health notification properties (category ServiceHealth; incidentType ActionRequired, Informational,"
        " Incident, Maintenance, Security); source: MicrosoftDocs/azure-docs"
        " articles/service-health/service-health-notifications-properties.md at 04d7227",
        "https://learn.microsoft.com/azure/service-health/service-health-notifications-properties",
        "2026-12-04",
    ),
    Source(
        "LEARN-MODEL-UPDATES",
        "Working with models: automatic model updates are only supported for Standard deployment types; provisioned"
        " deployments migrate in place (model version, or model family by REST) or across deployments, only between"
        " provisioned deployments of the same deployment type; source: MicrosoftDocs/azure-ai-docs"
        " articles/foundry/openai/how-to/working-with-models.md at 0d2ba48 (ms.date 02/12/2026)",
        "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/working-with-models",
        "2026-12-04",
    ),
    Source(
        "LEARN-OPENAI-LOGS",
        "Supported logs for Microsoft.CognitiveServices/accounts (categories Audit, AzureOpenAIRequestUsage,"
        " RequestResponse, Trace; category groups allLogs and audit); source: MicrosoftDocs/azure-monitor-docs"
        " articles/azure-monitor/reference/supported-logs/microsoft-cognitiveservices-accounts-logs.md at 8875b7f"
        " (ms.date 04/16/2025)",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-logs/microsoft-cognitiveservices-accounts-logs",
        "2026-12-04",
    ),
    Source(
        "LEARN-FOUNDRY-UPGRADE",
        "Upgrade from Azure OpenAI to Microsoft Foundry (kind OpenAI → AIServices in place: endpoint, keys and"
        " configuration kept; allowProjectManagement set; rollback after deleting projects); source:"
        " MicrosoftDocs/azure-ai-docs articles/ai-foundry/how-to/upgrade-azure-openai.md at 9509c12"
        " (ms.date 01/07/2026)",
        "https://learn.microsoft.com/azure/ai-foundry/how-to/upgrade-azure-openai",
        "2026-12-04",
    ),
    Source(
        "PULUMI-AZURE-NATIVE",
        "pulumi-azure-native 3.x: resource type tokens (module:Resource) and the Azure REST API version each resource"
        ' uses ("Uses Azure REST API version …" in each resource\'s documentation; 3.x: cognitiveservices 2025-06-01,'
        " network 2024-05-01, monitor DiagnosticSetting 2021-05-01-preview, resources 2024-03-01)",
        "https://www.pulumi.com/registry/packages/azure-native/",
        "2026-12-04",
    ),
    Source(
        "PULUMI-AZURE-NATIVE-REPLACE",
        "pulumi-azure-native's replacement rules: a property replaces on change when its x-ms-mutability has create"
        " but not update, or when forceNewMap lists it (Authorization RoleAssignment principalId, scope; Network"
        " PrivateEndpoint subnet; Resources ResourceGroup location; no CognitiveServices entry), and a path parameter"
        " always replaces; source: pulumi/pulumi-azure-native provider/pkg/gen/properties.go at f65ea5b,"
        " provider/pkg/gen/replacement.go at 1b7112a, provider/pkg/provider/diff.go at 1b99ef0",
        "https://github.com/pulumi/pulumi-azure-native/blob/master/provider/pkg/gen/replacement.go",
        "2026-12-04",
    ),
    Source(
        "ARM-UPDATE-KIND",
        "Azure refuses changing a Cognitive Services account's kind other than OpenAI → AIServices"
        " (UpdateKindNotAllowed), e.g. AIServices → OpenAI while the account has projects: Azure/bicep#15446,"
        " Azure/azure-cli#32089",
        "https://github.com/Azure/bicep/issues/15446",
        "2026-12-04",
    ),
)

# --- Resource type tokens (PULUMI-AZURE-NATIVE) ---------------------------------------------------------------------
RESOURCE_GROUP_TYPE: Final = "azure-native:resources:ResourceGroup"
ACCOUNT_TYPE: Final = "azure-native:cognitiveservices:Account"
DEPLOYMENT_TYPE: Final = "azure-native:cognitiveservices:Deployment"
RAI_POLICY_TYPE: Final = "azure-native:cognitiveservices:RaiPolicy"
RAI_BLOCKLIST_TYPE: Final = "azure-native:cognitiveservices:RaiBlocklist"
RAI_BLOCKLIST_ITEM_TYPE: Final = "azure-native:cognitiveservices:RaiBlocklistItem"
PRIVATE_ENDPOINT_TYPE: Final = "azure-native:network:PrivateEndpoint"
PRIVATE_DNS_ZONE_GROUP_TYPE: Final = "azure-native:network:PrivateDnsZoneGroup"
PRIVATE_ZONE_TYPE: Final = "azure-native:privatedns:PrivateZone"
VIRTUAL_NETWORK_LINK_TYPE: Final = "azure-native:privatedns:VirtualNetworkLink"
DIAGNOSTIC_SETTING_TYPE: Final = "azure-native:monitor:DiagnosticSetting"
ROLE_ASSIGNMENT_TYPE: Final = "azure-native:authorization:RoleAssignment"
MANAGEMENT_LOCK_TYPE: Final = "azure-native:authorization:ManagementLockByScope"
METRIC_ALERT_TYPE: Final = "azure-native:monitor:MetricAlert"
ACTIVITY_LOG_ALERT_TYPE: Final = "azure-native:monitor:ActivityLogAlert"
ACTION_GROUP_TYPE: Final = "azure-native:monitor:ActionGroup"

# --- Accounts (SPEC Account / AccountProperties; LEARN-QUOTAS; LEARN-SOFT-DELETE) -----------------------------------
API_VERSION: Final = "2025-06-01"  # the version pulumi-azure-native 3.x uses for cognitiveservices
# The versions azure-native 3.x uses for the other types aoai reads back from Azure (`aoai import`, `aoai drift`):
# reading with the same version gives the bodies the provider itself would read.
NETWORK_API_VERSION: Final = "2024-05-01"  # network:PrivateEndpoint, network:PrivateDnsZoneGroup
DIAGNOSTIC_SETTINGS_API_VERSION: Final = "2021-05-01-preview"  # monitor:DiagnosticSetting
RESOURCE_GROUPS_API_VERSION: Final = "2024-03-01"  # resources:ResourceGroup
ACCOUNT_KINDS: Final = ("OpenAI", "AIServices")
ACCOUNT_SKU: Final = "S0"
MAX_ACCOUNTS_PER_REGION: Final = {"OpenAI": 30, "AIServices": 100}  # per region per subscription
MAX_VNET_RULES: Final = 100  # NetworkRuleSet
# A deleted account stays soft-deleted, its name and subdomain unusable until purged, for this long.
ACCOUNT_SOFT_DELETE_HOURS: Final = 48
# The OpenAI inference endpoint of an account with a custom subdomain (both kinds serve it).
OPENAI_ENDPOINT_TEMPLATE: Final = "https://{subdomain}.openai.azure.com/"
# The account's primary endpoint, as Azure reports it in properties.endpoint, per kind.
ACCOUNT_ENDPOINT_TEMPLATE: Final = {
    "OpenAI": "https://{subdomain}.openai.azure.com/",
    "AIServices": "https://{subdomain}.cognitiveservices.azure.com/",
}

# --- Deployments (SPEC DeploymentProperties; LEARN-DEPLOYMENT-TYPES; LEARN-QUOTAS; LEARN-MODELS) --------------------
ProcessingLevel = Literal["regional", "global", "datazone"]
Billing = Literal["tokens", "ptu", "batch", "developer"]

# Deployment sku name → (where data is processed, what `capacity` counts).
DEPLOYMENT_SKUS: Final[dict[str, tuple[ProcessingLevel, Billing]]] = {
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
MAX_DEPLOYMENTS_PER_ACCOUNT: Final = 32
MAX_PTU_PER_DEPLOYMENT: Final = 100_000
# Sku.capacity (a deployment's capacity) is `integer, format: int32`: Azure cannot store more.
MAX_CAPACITY: Final = 2_147_483_647
# The largest context window of the models listed here (gpt-4.1 family): no request holds more tokens.
MAX_TOKENS_PER_REQUEST: Final = 1_047_576
# Azure OpenAI's own models, and the formats (publishers) of the partner and open models Azure sells directly, which
# Foundry (AIServices) accounts deploy through the same API (LEARN-FOUNDRY-MODELS).
MODEL_FORMATS: Final = ("OpenAI", *sorted(set(model_catalog.MODEL_FORMAT.values()) - {"OpenAI"}))
VERSION_UPGRADE_OPTIONS: Final = ("OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade")
# The skus Azure updates automatically, by their billing: standard deployment types only (LEARN-MODEL-UPDATES).
AUTO_UPGRADED_BILLING: Final = "tokens"

# --- Provisioned throughput (LEARN-PTU-ONBOARDING; LEARN-PTU-SIZING via model_catalog.PTU_OFFERING) ----------------
PtuOffering = model_catalog.PtuOffering
# Model → its provisioned offering (global/data-zone and regional steps, throughput), partner models included.
PTU_OFFERING: Final = model_catalog.PTU_OFFERING
# (minimum, increment) of global and data-zone provisioned deployments of an OpenAI model the catalog does not size:
# the same for every current OpenAI model. Partner models differ (PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL).
PTU_STEPS_GLOBAL_AND_DATAZONE: Final = (15, 5)
# (minimum, increment) of global and data-zone provisioned deployments, per model with a provisioned offering (100/100
# for the partner models sold by Azure).
PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL: Final[dict[str, tuple[int, int]]] = {
    model: (offering.global_minimum, offering.global_increment) for model, offering in PTU_OFFERING.items()
}
# (minimum, increment) of regional provisioned (ProvisionedManaged) deployments, per model that has them.
PTU_STEPS_REGIONAL: Final[dict[str, tuple[int, int]]] = {
    model: (offering.regional_minimum, offering.regional_increment)
    for model, offering in PTU_OFFERING.items()
    if offering.regional_minimum is not None and offering.regional_increment is not None
}
# Model → (input tokens per minute one PTU carries, input tokens one output token weighs): the "Input TPM per PTU"
# and "Output-to-input ratio" rows of LEARN-PTU-SIZING (every figure stated there, partner models included).
PTU_THROUGHPUT: Final[dict[str, tuple[int, int]]] = {
    model: (offering.input_tpm, offering.output_ratio) for model, offering in PTU_OFFERING.items()
}

# --- The model matrix (LEARN-MODEL-MATRIX, LEARN-MODEL-RETIREMENTS, LEARN-FOUNDRY-MODELS; model_catalog) -------------
# The newest ms.date of the pages read, and each page (path in MicrosoftDocs/azure-ai-docs, commit, ms.date).
CATALOG_DATE: Final = model_catalog.CATALOG_DATE
MATRIX_SOURCES: Final = model_catalog.MATRIX_SOURCES
# Model → the deployments API's model.format (OpenAI, DeepSeek, Meta, Mistral AI, xAI, ...).
MODEL_FORMAT: Final = model_catalog.MODEL_FORMAT
# Model → version → deployment sku → the regions offering it. An absent entry means "not stated", not "not offered".
OFFERED: Final = model_catalog.OFFERED
# Model → version → (deprecation date, retirement date), ISO; None where the page sets none.
RETIREMENTS: Final = model_catalog.RETIREMENTS

# --- Model versions (LEARN-MODELS) ------------------------------------------------------------------------------------
# The versions documented in articles/foundry/openai/includes/models-azure-direct-openai.md, with the version columns
# of articles/foundry/foundry-models/includes/model-matrix/deployments-{standard,provisioned}.md. Not a gate: Azure
# adds versions faster than this list. A model listed with no versions has PTU figures above but no verified version.
# To these, every version the model matrices (LEARN-MODEL-MATRIX, model_catalog.OFFERED) offer on any sku is added.


def _with_offered_versions(documented: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    return {
        model: documented.get(model, frozenset()) | frozenset(OFFERED.get(model, {}))
        for model in sorted({*documented, *OFFERED})
    }


KNOWN_MODEL_VERSIONS: Final[dict[str, frozenset[str]]] = _with_offered_versions(
    {
        # gpt-5.x models with PTU figures; their entries below override these when a version is verified
        **{model: frozenset() for model in PTU_THROUGHPUT if model.startswith("gpt-5.")},
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
)

# --- Standard quota units (LEARN-QUOTAS) ----------------------------------------------------------------------------
# One unit of standard-family capacity: (TPM, RPM as numerator and denominator). 1,000 TPM and 6 RPM for most models;
# o1 allows 1 RPM per 6,000 TPM and o3-mini 1 RPM per 10,000 TPM.
STANDARD_QUOTA_UNIT: Final = (1_000, (6, 1))
STANDARD_QUOTA_UNIT_BY_MODEL: Final = {"o1": (1_000, (1, 6)), "o3-mini": (1_000, (1, 10))}

# --- Spillover (LEARN-SPILLOVER) ------------------------------------------------------------------------------------
# Provisioned sku → the standard sku at its own data-processing level: the spillover target aoai expects. Another
# standard sku is allowed (LEARN-SPILLOVER asks only for a standard deployment) and warned.
SPILLOVER_TARGET_SKU: Final = {
    "GlobalProvisionedManaged": "GlobalStandard",
    "DataZoneProvisionedManaged": "DataZoneStandard",
    "ProvisionedManaged": "Standard",
}
# Regional ProvisionedManaged → Standard is not confirmed by the source: allowed with a warning.
SPILLOVER_UNCONFIRMED: Final = frozenset({"ProvisionedManaged"})

# --- Data zones (LEARN-DEPLOYMENT-TYPES model matrices) -------------------------------------------------------------
DATA_ZONE_STANDARD_REGIONS: Final = {
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
DATA_ZONE_PROVISIONED_REGIONS: Final = {
    "us": ("eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus3"),
    "eu": DATA_ZONE_STANDARD_REGIONS["eu"],
}

# --- Content filters (SPEC RaiPolicy; LEARN-CONTENT-FILTER; LEARN-CONTENT-SAFETY-BLOCKLIST) -------------------------
BUILTIN_RAI_POLICIES: Final = ("Microsoft.Default", "Microsoft.DefaultV2")
RAI_MODES: Final = ("Default", "Blocking", "Asynchronous_filter")
RAI_MODE_DEPRECATED: Final = {"Deferred": "Asynchronous_filter"}  # renamed in 2025-06-01
# Modes in which completions stream back before the filter has seen them.
ASYNC_RAI_MODES: Final = ("Asynchronous_filter", *RAI_MODE_DEPRECATED)
SEVERITY_LEVELS: Final = ("Low", "Medium", "High")  # Low blocks the most (strictest), High the least
DEFAULT_SEVERITY: Final = "Medium"
HARM_CATEGORIES: Final = ("Hate", "Sexual", "Violence", "Selfharm")
JAILBREAK: Final = "Jailbreak"
INDIRECT_ATTACK: Final = "Indirect Attack"
PROTECTED_MATERIAL: Final = ("Protected Material Text", "Protected Material Code")
PROFANITY: Final = "Profanity"
CONTENT_SOURCES: Final = ("Prompt", "Completion")
# What a filter left out of a RAI policy inherits from a built-in base policy: the harm categories at Medium on both
# sources, Jailbreak and protected material on, Indirect Attack off; as (enabled, blocking, threshold).
BASE_POLICY_DEFAULTS: Final = {
    **{(name, source): (True, True, DEFAULT_SEVERITY) for name in HARM_CATEGORIES for source in CONTENT_SOURCES},
    (JAILBREAK, "Prompt"): (True, True, None),
    (INDIRECT_ATTACK, "Prompt"): (False, False, None),
    **{(name, "Completion"): (True, True, None) for name in PROTECTED_MATERIAL},
}
MAX_BLOCKLIST_ITEMS: Final = 10_000
MAX_BLOCKLIST_ITEM_LENGTH: Final = 1_000
# Items per RaiBlocklistItems_BatchAdd / _BatchDelete call. SPEC declares no maximum for the request array and no
# per-call limit is documented; the Content Safety blocklist API removes at most 100 items in one request, so aoai
# sends at most that many per call: a 10,000-item list is 100 sequential calls.
MAX_BLOCKLIST_ITEMS_PER_BATCH: Final = 100

# --- Private endpoints (LEARN-PE-DNS; AVM-BICEP-5957) ---------------------------------------------------------------
PRIVATE_ENDPOINT_GROUP_ID: Final = "account"
ZONE_OPENAI: Final = "privatelink.openai.azure.com"
ZONE_COGNITIVE: Final = "privatelink.cognitiveservices.azure.com"
ZONE_AI_SERVICES: Final = "privatelink.services.ai.azure.com"
PRIVATE_DNS_ZONES: Final = {
    "OpenAI": (ZONE_OPENAI, ZONE_COGNITIVE),
    "AIServices": (ZONE_OPENAI, ZONE_COGNITIVE, ZONE_AI_SERVICES),
}

# --- Regions (LEARN-REGIONS) ----------------------------------------------------------------------------------------
# Every public Azure region by programmatic name, including those with restricted access (e.g. australiacentral2) and
# announced ones (denmarkeast). swedensouth is listed there as Sweden Central's (restricted) paired region. Which of
# them offer Azure OpenAI, a model or a sku is a narrower fact (data zones above; `aoai preflight`).
AZURE_REGIONS: Final = (
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
    "southeastasia",
    "southindia",
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
)

# --- Tags (LEARN-TAGS) ----------------------------------------------------------------------------------------------
MAX_TAGS_PER_RESOURCE: Final = 50
MAX_TAG_NAME_LENGTH: Final = 512  # 128 for storage accounts, which aoai does not create
MAX_TAG_VALUE_LENGTH: Final = 256
TAG_NAME_FORBIDDEN_CHARACTERS: Final = "<>%&\\?/"

# --- Access: Entra ID roles granted at an account or a key vault (LEARN-BUILTIN-ROLES, SPEC-AUTHORIZATION) ---------
BUILTIN_ROLES: Final = {
    "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
    "Cognitive Services OpenAI Contributor": "a001fd3d-188f-4b5d-821b-7da978bf7442",
    "Cognitive Services User": "a97b65f3-24c7-4388-baec-2e87135dc908",
    "Cognitive Services Contributor": "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
    "Azure AI Developer": "64702f94-c441-49e6-a78b-ef80e0188fee",
    "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
}
# Roles that manage everything (Owner: `*`; Contributor: `*` but role assignments) or grant access to others (User
# Access Administrator, Role Based Access Control Administrator): none belongs on an account an application calls.
PRIVILEGED_ROLES: Final = (
    "Owner",
    "Contributor",
    "User Access Administrator",
    "Role Based Access Control Administrator",
)
KEY_ACCESS_ROLE: Final = "Key Vault Crypto Service Encryption User"  # wrap and unwrap with a key: what CMK needs
PRINCIPAL_TYPES: Final = ("User", "Group", "ServicePrincipal")  # of the API's principalType values, those aoai grants
ROLE_DEFINITION_ID_TEMPLATE: Final = (
    "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{role}"
)

# Display names, as Azure Service Health names the regions an event impacts (LEARN-REGIONS); each is its programmatic
# name written out (tests/azure/test_facts.py checks it).
REGION_DISPLAY_NAMES: Final = {
    "australiacentral": "Australia Central",
    "australiacentral2": "Australia Central 2",
    "australiaeast": "Australia East",
    "australiasoutheast": "Australia Southeast",
    "austriaeast": "Austria East",
    "belgiumcentral": "Belgium Central",
    "brazilsouth": "Brazil South",
    "brazilsoutheast": "Brazil Southeast",
    "canadacentral": "Canada Central",
    "canadaeast": "Canada East",
    "centralindia": "Central India",
    "centralus": "Central US",
    "chilecentral": "Chile Central",
    "denmarkeast": "Denmark East",
    "eastasia": "East Asia",
    "eastus": "East US",
    "eastus2": "East US 2",
    "francecentral": "France Central",
    "francesouth": "France South",
    "germanynorth": "Germany North",
    "germanywestcentral": "Germany West Central",
    "indonesiacentral": "Indonesia Central",
    "israelcentral": "Israel Central",
    "italynorth": "Italy North",
    "japaneast": "Japan East",
    "japanwest": "Japan West",
    "koreacentral": "Korea Central",
    "koreasouth": "Korea South",
    "malaysiawest": "Malaysia West",
    "mexicocentral": "Mexico Central",
    "newzealandnorth": "New Zealand North",
    "northcentralus": "North Central US",
    "northeurope": "North Europe",
    "norwayeast": "Norway East",
    "norwaywest": "Norway West",
    "polandcentral": "Poland Central",
    "qatarcentral": "Qatar Central",
    "southafricanorth": "South Africa North",
    "southafricawest": "South Africa West",
    "southcentralus": "South Central US",
    "southeastasia": "Southeast Asia",
    "southindia": "South India",
    "spaincentral": "Spain Central",
    "swedencentral": "Sweden Central",
    "swedensouth": "Sweden South",
    "switzerlandnorth": "Switzerland North",
    "switzerlandwest": "Switzerland West",
    "uaecentral": "UAE Central",
    "uaenorth": "UAE North",
    "uksouth": "UK South",
    "ukwest": "UK West",
    "westcentralus": "West Central US",
    "westeurope": "West Europe",
    "westindia": "West India",
    "westus": "West US",
    "westus2": "West US 2",
    "westus3": "West US 3",
}

# --- Monitoring (LEARN-OPENAI-METRICS, AMBA-OPENAI, SPEC-MONITOR, LEARN-SERVICE-HEALTH) ---------------------------
ACCOUNT_METRIC_NAMESPACE: Final = "Microsoft.CognitiveServices/accounts"
# (metric, unit, the aggregations the metrics reference lists, its dimensions) of the Azure OpenAI metrics an estate's
# alerts read. The availability rate is (calls - server errors) / calls.
# The dimensions of the metrics that count or time calls.
CALL_DIMENSIONS: Final = (
    "ApiName",
    "OperationName",
    "Region",
    "StreamType",
    "ModelDeploymentName",
    "ModelName",
    "ModelVersion",
    "StatusCode",
)
OPENAI_METRICS: Final = {
    "AzureOpenAIProvisionedManagedUtilizationV2": (
        "Percent",
        ("Minimum", "Maximum", "Average"),
        ("Region", "StreamType", "ModelDeploymentName", "ModelName", "ModelVersion"),
    ),
    "AzureOpenAIRequests": (
        "Count",
        ("Total",),
        (*CALL_DIMENSIONS, "IsSpillover", "ServiceTierRequest", "ServiceTierResponse"),
    ),
    "AzureOpenAIAvailabilityRate": ("Percent", ("Minimum", "Maximum", "Average"), ()),
    "AzureOpenAITimeToResponse": (
        "MilliSeconds",
        ("Minimum", "Maximum", "Average"),
        CALL_DIMENSIONS,
    ),
}
PTU_UTILIZATION_METRIC: Final = "AzureOpenAIProvisionedManagedUtilizationV2"
DEPLOYMENT_DIMENSION: Final = "ModelDeploymentName"
# Legacy Cognitive Services metrics Microsoft says not to use for Azure OpenAI.
NOT_FOR_OPENAI_METRICS: Final = ("BlockedCalls", "ClientErrors", "ServerErrors", "TotalCalls", "TotalErrors")
# AMBA's verified baseline for a provisioned deployment: (operator, threshold, severity, window, frequency).
PTU_UTILIZATION_BASELINE: Final = ("GreaterThan", 80, 2, "PT5M", "PT1M")
ALERT_SEVERITIES: Final = (0, 1, 2, 3, 4)  # 0 critical … 4 verbose
METRIC_ALERT_WINDOWS: Final = ("PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "PT24H")
METRIC_ALERT_FREQUENCIES: Final = ("PT1M", "PT5M", "PT15M", "PT30M", "PT1H")
METRIC_ALERT_LOCATION: Final = "global"
ACTIVITY_LOG_ALERT_LOCATION: Final = "Global"
ACTION_GROUP_LOCATION: Final = "Global"
ACTION_GROUP_SHORT_NAME_LENGTH: Final = (1, 12)  # it prefixes SMS messages
SERVICE_HEALTH_CATEGORY: Final = "ServiceHealth"
SERVICE_HEALTH_INCIDENT_TYPES: Final = ("Incident", "Maintenance", "Informational", "ActionRequired", "Security")
SERVICE_HEALTH_REGION_FIELD: Final = "properties.impactedServices[*].ImpactedRegions[*].RegionName"  # display names

# --- Foundry (AIServices) accounts (SPEC AccountProperties, NetworkInjection; PULUMI-AZURE-NATIVE Project) -------
PROJECT_TYPE: Final = "azure-native:cognitiveservices:Project"
# The account kinds that hold projects, agent network injection and models of other formats than OpenAI.
FOUNDRY_KINDS: Final = ("AIServices",)
NETWORK_INJECTION_SCENARIOS: Final = ("agent",)  # SPEC scenarioType: 'agent' ('none' means no injection)

# --- Diagnostic settings (LEARN-OPENAI-LOGS) -----------------------------------------------------------------------
DIAGNOSTIC_LOG_CATEGORY_GROUPS: Final = ("allLogs", "audit")
DIAGNOSTIC_LOG_CATEGORIES: Final = ("Audit", "AzureOpenAIRequestUsage", "RequestResponse", "Trace")

# --- Locks (LEARN-LOCKS) ----------------------------------------------------------------------------------------
# Only CanNotDelete: ReadOnly also refuses POST calls, and listing an account's keys or regenerating them is a POST.
LOCK_LEVEL: Final = "CanNotDelete"
MAX_LOCK_NOTES_LENGTH: Final = 512

# --- Retrying what Azure answers to overlapping writes (ARM-CONFLICTS, PULUMI-HOOKS) -------------------------------
# (error code, a phrase its message must hold, or None): each means "another operation holds the resource; try again
# shortly". An account in another state than Accepted (Failed, Deleting) does not settle by waiting, so only Accepted.
TRANSIENT_CONFLICTS: Final = (
    ("RequestConflict", None),
    ("AccountProvisioningStateInvalid", "in state Accepted"),
    ("AnotherOperationInProgress", None),
)
MAX_HOOK_RETRIES: Final = 100  # the engine fails an operation retried more often
ERROR_HOOKS_SINCE: Final = "3.219.0"  # the Pulumi SDK and CLI version that have error hooks

CITATIONS: Final[dict[str, tuple[str, ...]]] = {
    **dict.fromkeys(
        (
            "RESOURCE_GROUP_TYPE",
            "ACCOUNT_TYPE",
            "DEPLOYMENT_TYPE",
            "RAI_POLICY_TYPE",
            "RAI_BLOCKLIST_TYPE",
            "RAI_BLOCKLIST_ITEM_TYPE",
            "PRIVATE_ENDPOINT_TYPE",
            "PRIVATE_DNS_ZONE_GROUP_TYPE",
            "PRIVATE_ZONE_TYPE",
            "VIRTUAL_NETWORK_LINK_TYPE",
            "DIAGNOSTIC_SETTING_TYPE",
            "ROLE_ASSIGNMENT_TYPE",
            "MANAGEMENT_LOCK_TYPE",
            "METRIC_ALERT_TYPE",
            "ACTIVITY_LOG_ALERT_TYPE",
            "ACTION_GROUP_TYPE",
        ),
        ("PULUMI-AZURE-NATIVE",),
    ),
    "API_VERSION": ("SPEC", "PULUMI-AZURE-NATIVE"),
    "NETWORK_API_VERSION": ("PULUMI-AZURE-NATIVE",),
    "DIAGNOSTIC_SETTINGS_API_VERSION": ("PULUMI-AZURE-NATIVE",),
    "RESOURCE_GROUPS_API_VERSION": ("PULUMI-AZURE-NATIVE",),
    "ACCOUNT_KINDS": ("SPEC", "LEARN-CUSTOM-SUBDOMAIN", "ARM-UPDATE-KIND"),
    "ACCOUNT_SKU": ("SPEC",),
    "MAX_ACCOUNTS_PER_REGION": ("LEARN-QUOTAS",),
    "MAX_VNET_RULES": ("SPEC",),
    "ACCOUNT_SOFT_DELETE_HOURS": ("LEARN-SOFT-DELETE",),
    "OPENAI_ENDPOINT_TEMPLATE": ("LEARN-CUSTOM-SUBDOMAIN",),
    "ACCOUNT_ENDPOINT_TEMPLATE": ("LEARN-CUSTOM-SUBDOMAIN",),
    "DEPLOYMENT_SKUS": ("SPEC", "LEARN-DEPLOYMENT-TYPES"),
    "PROVISIONED_SKUS": ("LEARN-DEPLOYMENT-TYPES",),
    "GLOBAL_SKUS": ("LEARN-DEPLOYMENT-TYPES",),
    "MAX_DEPLOYMENTS_PER_ACCOUNT": ("LEARN-QUOTAS",),
    "MAX_PTU_PER_DEPLOYMENT": ("LEARN-QUOTAS",),
    "MAX_CAPACITY": ("SPEC",),
    "MAX_TOKENS_PER_REQUEST": ("LEARN-MODELS",),
    "MODEL_FORMATS": ("SPEC", "LEARN-FOUNDRY-MODELS"),
    "VERSION_UPGRADE_OPTIONS": ("SPEC",),
    "AUTO_UPGRADED_BILLING": ("LEARN-MODEL-UPDATES",),
    "PTU_STEPS_GLOBAL_AND_DATAZONE": ("LEARN-PTU-ONBOARDING", "LEARN-PTU-SIZING"),
    "PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL": ("LEARN-PTU-SIZING",),
    "PTU_STEPS_REGIONAL": ("LEARN-PTU-ONBOARDING", "LEARN-PTU-SIZING"),
    "PTU_THROUGHPUT": ("LEARN-PTU-SIZING",),
    "KNOWN_MODEL_VERSIONS": ("LEARN-MODELS", "LEARN-MODEL-MATRIX"),
    "CATALOG_DATE": ("LEARN-MODEL-MATRIX", "LEARN-PTU-SIZING", "LEARN-MODEL-RETIREMENTS", "LEARN-FOUNDRY-MODELS"),
    "MATRIX_SOURCES": ("LEARN-MODEL-MATRIX", "LEARN-PTU-SIZING", "LEARN-MODEL-RETIREMENTS", "LEARN-FOUNDRY-MODELS"),
    "MODEL_FORMAT": ("LEARN-MODEL-MATRIX", "LEARN-FOUNDRY-MODELS"),
    "OFFERED": ("LEARN-MODEL-MATRIX",),
    "RETIREMENTS": ("LEARN-MODEL-RETIREMENTS",),
    "PTU_OFFERING": ("LEARN-PTU-SIZING",),
    "STANDARD_QUOTA_UNIT": ("LEARN-QUOTAS",),
    "STANDARD_QUOTA_UNIT_BY_MODEL": ("LEARN-QUOTAS",),
    "SPILLOVER_TARGET_SKU": ("LEARN-SPILLOVER",),
    "SPILLOVER_UNCONFIRMED": ("LEARN-SPILLOVER",),
    "DATA_ZONE_STANDARD_REGIONS": ("LEARN-DEPLOYMENT-TYPES",),
    "DATA_ZONE_PROVISIONED_REGIONS": ("LEARN-DEPLOYMENT-TYPES",),
    "BUILTIN_RAI_POLICIES": ("SPEC", "LEARN-CONTENT-FILTER"),
    "RAI_MODES": ("SPEC",),
    "RAI_MODE_DEPRECATED": ("SPEC",),
    "ASYNC_RAI_MODES": ("SPEC", "LEARN-CONTENT-FILTER"),
    "SEVERITY_LEVELS": ("SPEC", "LEARN-CONTENT-FILTER"),
    "DEFAULT_SEVERITY": ("LEARN-CONTENT-FILTER",),
    "HARM_CATEGORIES": ("LEARN-CONTENT-FILTER",),
    "JAILBREAK": ("LEARN-CONTENT-FILTER",),
    "INDIRECT_ATTACK": ("LEARN-CONTENT-FILTER",),
    "PROTECTED_MATERIAL": ("LEARN-CONTENT-FILTER",),
    "PROFANITY": ("LEARN-CONTENT-FILTER",),
    "CONTENT_SOURCES": ("SPEC", "LEARN-CONTENT-FILTER"),
    "BASE_POLICY_DEFAULTS": ("LEARN-CONTENT-FILTER",),
    "MAX_BLOCKLIST_ITEMS": ("SPEC", "LEARN-CONTENT-FILTER"),
    "MAX_BLOCKLIST_ITEM_LENGTH": ("SPEC", "LEARN-CONTENT-FILTER"),
    "MAX_BLOCKLIST_ITEMS_PER_BATCH": ("SPEC", "LEARN-CONTENT-SAFETY-BLOCKLIST"),
    "PRIVATE_ENDPOINT_GROUP_ID": ("LEARN-PE-DNS",),
    "ZONE_OPENAI": ("LEARN-PE-DNS",),
    "ZONE_COGNITIVE": ("LEARN-PE-DNS",),
    "ZONE_AI_SERVICES": ("LEARN-PE-DNS", "AVM-BICEP-5957"),
    "PRIVATE_DNS_ZONES": ("LEARN-PE-DNS", "AVM-BICEP-5957"),
    "AZURE_REGIONS": ("LEARN-REGIONS",),
    "MAX_TAGS_PER_RESOURCE": ("LEARN-TAGS",),
    "MAX_TAG_NAME_LENGTH": ("LEARN-TAGS",),
    "MAX_TAG_VALUE_LENGTH": ("LEARN-TAGS",),
    "TAG_NAME_FORBIDDEN_CHARACTERS": ("LEARN-TAGS",),
    "BUILTIN_ROLES": ("LEARN-BUILTIN-ROLES",),
    "PRIVILEGED_ROLES": ("LEARN-BUILTIN-ROLES",),
    "KEY_ACCESS_ROLE": ("LEARN-BUILTIN-ROLES",),
    "PRINCIPAL_TYPES": ("SPEC-AUTHORIZATION",),
    "ROLE_DEFINITION_ID_TEMPLATE": ("SPEC-AUTHORIZATION",),
    "REGION_DISPLAY_NAMES": ("LEARN-REGIONS",),
    "ACCOUNT_METRIC_NAMESPACE": ("LEARN-OPENAI-METRICS", "AMBA-OPENAI"),
    "CALL_DIMENSIONS": ("LEARN-OPENAI-METRICS",),
    "OPENAI_METRICS": ("LEARN-OPENAI-METRICS",),
    "NOT_FOR_OPENAI_METRICS": ("LEARN-OPENAI-METRICS",),
    "PTU_UTILIZATION_METRIC": ("LEARN-OPENAI-METRICS", "AMBA-OPENAI"),
    "DEPLOYMENT_DIMENSION": ("LEARN-OPENAI-METRICS",),
    "PTU_UTILIZATION_BASELINE": ("AMBA-OPENAI",),
    "ALERT_SEVERITIES": ("SPEC-MONITOR",),
    "METRIC_ALERT_WINDOWS": ("SPEC-MONITOR", "AMBA-OPENAI"),
    "METRIC_ALERT_FREQUENCIES": ("SPEC-MONITOR", "AMBA-OPENAI"),
    "METRIC_ALERT_LOCATION": ("SPEC-MONITOR", "AMBA-OPENAI"),
    "ACTIVITY_LOG_ALERT_LOCATION": ("SPEC-MONITOR",),
    "ACTION_GROUP_LOCATION": ("SPEC-MONITOR",),
    "ACTION_GROUP_SHORT_NAME_LENGTH": ("SPEC-MONITOR",),
    "SERVICE_HEALTH_CATEGORY": ("SPEC-MONITOR", "LEARN-SERVICE-HEALTH"),
    "SERVICE_HEALTH_INCIDENT_TYPES": ("LEARN-SERVICE-HEALTH",),
    "SERVICE_HEALTH_REGION_FIELD": ("SPEC-MONITOR",),
    "LOCK_LEVEL": ("LEARN-LOCKS",),
    "PROJECT_TYPE": ("PULUMI-AZURE-NATIVE",),
    "FOUNDRY_KINDS": ("SPEC", "LEARN-FOUNDRY-UPGRADE"),
    "NETWORK_INJECTION_SCENARIOS": ("SPEC",),
    "DIAGNOSTIC_LOG_CATEGORY_GROUPS": ("LEARN-OPENAI-LOGS",),
    "DIAGNOSTIC_LOG_CATEGORIES": ("LEARN-OPENAI-LOGS",),
    "MAX_LOCK_NOTES_LENGTH": ("LEARN-LOCKS",),
    "TRANSIENT_CONFLICTS": ("ARM-CONFLICTS",),
    "MAX_HOOK_RETRIES": ("PULUMI-HOOKS",),
    "ERROR_HOOKS_SINCE": ("PULUMI-HOOKS",),
}
"""The sources of each fact above, by its name: what the docs cite next to each table."""
