"""An Azure OpenAI account and its model deployments."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from aoai.azure import catalog
from aoai.capacity.sizing import nearest_sizes
from aoai.spec import availability
from aoai.spec.base import (
    AccountName,
    DeploymentName,
    EventHubRuleId,
    Guid,
    KeyVaultId,
    KeyVaultUri,
    Region,
    ResourceGroupName,
    ResourceName,
    StorageAccountId,
    Subdomain,
    SubnetId,
    Tags,
    UserAssignedIdentityId,
    VisibleText,
    WorkspaceId,
)
from aoai.validation.rules import Frozen, Invalid, Problems, case_twins, one_of
from aoai.validation.text import quoted

SkuName = Annotated[str, one_of(tuple(catalog.DEPLOYMENT_SKUS), "sku")]

# The field descriptions quote the catalog, so that the generated reference states the rules' own numbers.


def _steps(steps: catalog.PtuSteps) -> str:
    low, step = steps.minimum, steps.increment
    return f"{low}/{step} ({low}, {low + step}, {low + 2 * step}, …)"


def _regional_steps_in_words() -> str:
    """`gpt-4o, o3 50/50 (50, 100, 150, …); …`: the regional PTU steps, models with the same steps together."""
    grouped: dict[catalog.PtuSteps, list[str]] = {}
    for model, steps in catalog.PTU_STEPS_REGIONAL.items():
        grouped.setdefault(steps, []).append(model)
    return "; ".join(f"{', '.join(models)} {_steps(steps)}" for steps, models in grouped.items())


def _data_zone_gaps_in_words() -> str:
    """` (`X` is not offered in r1, r2)` for each data-zone sku missing from regions of its zone."""
    words = ""
    for name, sku in catalog.DEPLOYMENT_SKUS.items():
        if sku.processing != "datazone":
            continue
        gaps = {
            region
            for zone in catalog.DATA_ZONES
            for region in catalog.DATA_ZONE_STANDARD_REGIONS[zone] - catalog.data_zone_regions(name, zone)
        }
        if gaps:
            words += f" (`{name}` is not offered in {', '.join(sorted(gaps))})"
    return words


def _within_int32(capacity: int) -> int:
    if capacity > catalog.MAX_CAPACITY:
        raise ValueError(
            f"{capacity} is more than Azure can store: a deployment's capacity is at most {catalog.MAX_CAPACITY:,}"
            " (a 32-bit integer)"
        )
    return capacity


Capacity = Annotated[int, Field(ge=1), AfterValidator(_within_int32)]


class ModelRef(Frozen):
    name: VisibleText = Field(description="Model name, e.g. `gpt-4o`.")
    version: VisibleText = Field(
        description='Pinned version, e.g. `"2024-11-20"` (quote it). Azure never picks or changes it behind your back.'
    )
    format: Annotated[str, one_of(catalog.MODEL_FORMATS, "model format")] = Field(
        default="OpenAI",
        description=(
            "Model format (its publisher): "
            + ", ".join(f"`{f}`" for f in catalog.MODEL_FORMATS)
            + ". Formats other than `OpenAI` (partner and open models sold by Azure) need an `AIServices` account."
        ),
    )


def _servable_rpm(rpm: float) -> float:
    if rpm > catalog.MAX_WORKLOAD_RPM:
        raise ValueError(
            f"{rpm:g} requests a minute is more than the largest deployment carries "
            f"({catalog.MAX_PTU_PER_DEPLOYMENT:,} PTU): at most {catalog.MAX_WORKLOAD_RPM:,}; split the traffic"
        )
    return rpm


def _tokens_fit(tokens: float) -> float:
    if tokens > catalog.MAX_TOKENS_PER_REQUEST:
        raise ValueError(
            f"{tokens:g} tokens is more than a request can hold: the largest context window is "
            f"{catalog.MAX_TOKENS_PER_REQUEST:,} tokens"
        )
    return tokens


TokensPerRequest = Annotated[float, Field(ge=0), AfterValidator(_tokens_fit)]


class WorkloadSpec(Frozen):
    """The traffic a deployment must carry at its peak minute; aoai sizes the capacity from it. Every number is
    finite and bounded (see catalog.MAX_WORKLOAD_RPM), so that no sizing overflows."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    peak_rpm: Annotated[float, Field(gt=0), AfterValidator(_servable_rpm)] = Field(
        description=(
            f"Requests per minute at the peak: > 0 and at most {catalog.MAX_WORKLOAD_RPM:,} (what the largest "
            "deployment could carry)."
        )
    )
    prompt_tokens: TokensPerRequest = Field(
        description=(
            f"Average prompt tokens per request: ≥ 0 and at most {catalog.MAX_TOKENS_PER_REQUEST:,} (the largest "
            "context window)."
        )
    )
    completion_tokens: TokensPerRequest = Field(
        description=(f"Average completion tokens per request: ≥ 0 and at most {catalog.MAX_TOKENS_PER_REQUEST:,}.")
    )
    cache_hit_rate: float = Field(
        default=0.0, ge=0, le=1, description="Share of prompt tokens served from the prompt cache, 0–1."
    )
    baseline_share: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description=(
            "Provisioned SKUs only, > 0 and ≤ 1: the share of the peak the PTU carry; the spillover target's quota "
            "covers the rest."
        ),
    )
    average_utilization: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="For cost only: the month's average traffic as a share of the peak, > 0 and ≤ 1.",
    )


class DeploymentSpec(Frozen):
    """A model deployment; its key in `deployments` is the deployment name clients call, unless `name` says another."""

    model: ModelRef = Field(description="The model and its pinned version.")
    sku: SkuName = Field(
        description=(
            ", ".join(f"`{n}`" for n in catalog.DEPLOYMENT_SKUS)
            + ". `DataZone*` SKUs need an account in a data-zone region"
            + _data_zone_gaps_in_words()
            + ". Models Microsoft offers on no provisioned sku are refused on them ("
            + ", ".join(sorted(catalog.WITHOUT_PROVISIONED_OFFERING))
            + ")."
        )
    )
    capacity: Capacity | None = Field(
        default=None,
        description=(
            "Required unless `workload` is given, or the deployment is the `spillover_to` target of a provisioned "
            "deployment with a `workload` and a `baseline_share` below 1 (it then gets the standard quota for the "
            f"rest of that peak). Integer from 1 to {catalog.MAX_CAPACITY:,} (Azure stores it as a 32-bit integer). "
            f"For provisioned SKUs it counts PTU, at most {catalog.MAX_PTU_PER_DEPLOYMENT:,}, and must be the "
            "minimum plus a multiple of the increment (minimum/increment): `GlobalProvisionedManaged` and "
            f"`DataZoneProvisionedManaged` {_steps(catalog.PTU_STEPS_GLOBAL_AND_DATAZONE)}; `ProvisionedManaged` per "
            "model: "
            + _regional_steps_in_words()
            + "; a model the catalog does not list is rejected for `ProvisionedManaged`. Other SKUs count quota units."
        ),
    )
    workload: WorkloadSpec | None = Field(
        default=None,
        description=(
            "The peak this deployment must carry; aoai sizes `capacity` from it (see [Sizing](sizing-and-cost.md)). "
            "Provisioned and standard SKUs only. With `capacity` as well, `capacity` is deployed and a different "
            "sizing is warned; a spillover target with less `capacity` than the rest of the peak needs is warned. The"
            " plan shows each derivation."
        ),
    )
    version_upgrade_option: Annotated[str, one_of(catalog.VERSION_UPGRADE_OPTIONS, "version upgrade option")] = Field(
        default="OnceCurrentVersionExpired",
        description=(
            "`OnceNewDefaultVersionAvailable`, `OnceCurrentVersionExpired` or `NoAutoUpgrade` (warned). Azure updates"
            " only standard deployment types automatically: on other SKUs it has no effect (stating it is warned)."
        ),
    )
    content_filter: str = Field(
        default="Microsoft.DefaultV2",
        description="A key of `content_filters`, `Microsoft.Default` or `Microsoft.DefaultV2`.",
    )
    spillover_to: str | None = Field(
        default=None,
        description=(
            "Provisioned SKUs only. Another deployment of the same account, with the same model name and version, on a"
            " standard SKU; one at the same data-processing level is expected ("
            + ", ".join(
                f"`{p}` → `{s}`" + (" (warned: unconfirmed by Microsoft)" if p in catalog.SPILLOVER_UNCONFIRMED else "")
                for p, s in catalog.SPILLOVER_TARGET_SKU.items()
            )
            + "), another level is warned. Never itself, never another provisioned deployment."
        ),
    )

    name: DeploymentName | None = Field(
        default=None,
        description=(
            "The deployment's name in Azure (the name clients call), when the key cannot be it: e.g. a live"
            " deployment adopted with `aoai import` whose name has a space. Defaults to the key."
        ),
    )
    availability: Literal["catalog", "unverified"] = Field(
        default="catalog",
        description=(
            "`catalog`: a model, version and SKU that Microsoft's model tables (aoai's catalog, dated"
            f" {catalog.CATALOG_DATE.isoformat()}) do not offer in the account's region is an error naming the"
            " regions that offer it. `unverified`: Azure offers it now although the catalog lags; the plan warns and"
            " `aoai preflight` checks it against Azure."
        ),
    )

    @property
    def sku_facts(self) -> catalog.SkuFacts:
        return catalog.DEPLOYMENT_SKUS[self.sku]

    def physical_name(self, key: str) -> str:
        """The deployment's name in Azure: `name`, else its key."""
        return self.name or key

    @model_validator(mode="after")
    def _capacity_fits_sku(self) -> DeploymentSpec:
        problems = Problems()
        self.check_deployment_rules(problems)
        problems.raise_if_any("DeploymentSpec")
        return self

    def check_deployment_rules(self, problems: Problems, invalid: frozenset[str] = frozenset()) -> None:
        """The rules that tie a deployment's fields to its sku; those reading an `invalid` field are skipped."""
        if "sku" in invalid:
            return
        facts = self.sku_facts
        unoffered = "model" not in invalid and self.model.name in catalog.WITHOUT_PROVISIONED_OFFERING
        if facts.provisioned and unoffered and self.availability == "catalog":
            standard = catalog.SPILLOVER_TARGET_SKU[self.sku]
            problems.add(
                ("sku",),
                f"{self.model.name} has no provisioned offering (Microsoft's model tables of"
                f" {catalog.CATALOG_DATE.isoformat()} list no provisioned sku and no PTU throughput for it): deploy it"
                f" on a standard sku such as {standard}. If Azure offers it now, set availability: unverified",
                self.sku,
            )
        elif facts.provisioned and self.capacity is not None and not invalid & {"capacity", "model"}:
            self._check_ptu(problems, self.capacity)
        workload = None if "workload" in invalid else self.workload
        if workload is not None and facts.billing not in ("ptu", "tokens"):
            problems.add(("workload",), f"sizing from a workload needs a provisioned or standard sku, not {self.sku}")
        if workload is not None and workload.baseline_share < 1 and not facts.provisioned:
            problems.add(
                ("workload", "baseline_share"),
                "only a provisioned deployment carries a baseline share; a standard one carries its whole peak",
                workload.baseline_share,
            )
        if self.spillover_to is not None and not facts.provisioned and "spillover_to" not in invalid:
            problems.add(
                ("spillover_to",),
                f"only provisioned deployments spill over; {self.sku} is not provisioned "
                f"(use one of {', '.join(catalog.SPILLOVER_TARGET_SKU)} or remove spillover_to)",
                self.spillover_to,
            )

    def _check_ptu(self, problems: Problems, capacity: int) -> None:
        try:
            steps = catalog.ptu_steps(self.sku, self.model.name)
        except catalog.UnknownModelError:
            if self.model.name in catalog.PTU_THROUGHPUT:  # sized by Microsoft, but on global and data-zone skus only
                problems.add(
                    ("sku",),
                    f"{self.model.name} has no {self.sku} offering (Microsoft's PTU sizing lists global and data-zone"
                    " steps only): use GlobalProvisionedManaged or DataZoneProvisionedManaged",
                    self.sku,
                )
                return
            known = ", ".join(sorted(catalog.PTU_STEPS_REGIONAL))
            problems.add(
                ("model", "name"),
                f"the regional PTU minimum and increment of {self.model.name!r} are not in the catalog "
                f"(known: {known}); use GlobalProvisionedManaged or DataZoneProvisionedManaged, or a known model",
                self.model.name,
            )
            return
        if capacity > catalog.MAX_PTU_PER_DEPLOYMENT:
            problems.add(("capacity",), f"at most {catalog.MAX_PTU_PER_DEPLOYMENT} PTU per deployment", capacity)
        elif capacity < steps.minimum or (capacity - steps.minimum) % steps.increment:
            low, step = steps.minimum, steps.increment
            below, above = nearest_sizes(capacity, low, step)
            nearest = str(below) if below == above else f"{below} or {above}"
            problems.add(
                ("capacity",),
                f"{capacity} PTU is not valid for {self.sku} {self.model.name}: sizes start at {low} and grow in "
                f"steps of {step} ({low}, {low + step}, {low + 2 * step}, …; nearest: {nearest})",
                capacity,
            )


class IdentitySpec(Frozen):
    system_assigned: bool = Field(default=True, description="System-assigned managed identity.")
    user_assigned_ids: tuple[UserAssignedIdentityId, ...] = Field(default=(), description="User-assigned identity ids.")


class NetworkAclsSpec(Frozen):
    default_action: Literal["Allow", "Deny"] = Field(
        default="Deny", description="What the firewall does with traffic no rule admits: `Allow` or `Deny`."
    )
    bypass: Literal["None", "AzureServices"] = Field(
        default="AzureServices",
        description="`AzureServices` lets trusted Azure services through the firewall; `None` does not.",
    )
    ip_rules: tuple[str, ...] = Field(
        default=(),
        description=(
            "Public IPv4 addresses or CIDR ranges (`203.0.113.0/24`); a range with host bits set (`203.0.113.7/24`) "
            "is an error naming the network to use. Ranges that are not public internet addresses are refused, as "
            "Azure does: "
            + "; ".join(f"{what} `{network}`" for network, what in catalog.IP_RULE_REFUSED_RANGES.items())
            + ". So is `0.0.0.0/0`, which would firewall nothing."
        ),
    )
    subnet_ids: Annotated[tuple[SubnetId, ...], Field(max_length=catalog.MAX_VNET_RULES)] = Field(
        default=(), description=(f"Subnet ids for VNet rules; at most {catalog.MAX_VNET_RULES}.")
    )

    @field_validator("ip_rules")
    @classmethod
    def _public_ipv4(cls, rules: tuple[str, ...]) -> tuple[str, ...]:
        problems = [message for rule in rules if (message := ip_rule_problem(rule))]
        if problems:
            raise ValueError("; ".join(problems))
        return rules


def ip_rule_problem(rule: str) -> str | None:
    """Why Azure would refuse `rule` as an account's IP rule (public IPv4 addresses and ranges only), or None."""
    shown = quoted(rule)
    try:
        network = ipaddress.ip_network(rule, strict=False)
    except ValueError:
        return f"{shown} is not an IPv4 address or CIDR range (e.g. 203.0.113.0/24)"
    if "/" in rule and str(network) != rule:
        return f"{shown} has host bits set: use {str(network)!r}"
    if network.version != 4:
        return f"{shown}: Azure AI services IP rules take IPv4 addresses and ranges only"
    if network.prefixlen == 0:
        return (
            f"{shown} allows every address, so the firewall would block nothing: remove it, and to open the account "
            "to the internet say so with network_acls.default_action: Allow"
        )
    for refused, what in catalog.IP_RULE_REFUSED_RANGES.items():
        reserved = ipaddress.IPv4Network(refused)
        if isinstance(network, ipaddress.IPv4Network) and network.overlaps(reserved):
            return (
                f"{shown} is in {refused}, {what}: Azure IP rules admit public internet addresses only; reach the "
                "account from private networks with a private endpoint or network_acls.subnet_ids"
            )
    return None


class OutboundSpec(Frozen):
    restricted: bool = Field(
        default=True, description="`restrictOutboundNetworkAccess`: the account calls out only to `allowed_fqdns`."
    )
    allowed_fqdns: tuple[str, ...] = Field(
        default=(), description="Allowed outbound FQDNs; ignored when `restricted` is `false`."
    )


class CustomerManagedKeySpec(Frozen):
    key_vault_uri: KeyVaultUri = Field(description="`https://<vault>.vault.<domain>/`.")
    key_name: VisibleText = Field(description="Name of the key in the vault; non-empty.")
    key_version: VisibleText = Field(description="Version of the key; non-empty.")
    identity_id: UserAssignedIdentityId = Field(
        description="User-assigned identity id; must also be listed in `identity.user_assigned_ids`."
    )
    identity_client_id: Guid = Field(description="That identity's client id (GUID).")
    grant_key_access: bool = Field(
        default=False,
        description=(
            f"`true`: aoai grants the key's identity `{catalog.KEY_ACCESS_ROLE}` on the key vault (a role assignment"
            " made before the account, which needs the key when it is created). Needs `key_vault_id` and"
            " `identity_principal_id`, and a vault that uses Azure RBAC."
        ),
    )
    key_vault_id: KeyVaultId | None = Field(
        default=None, description="Required with `grant_key_access`: the resource id of the vault in `key_vault_uri`."
    )
    identity_principal_id: Guid | None = Field(
        default=None,
        description="Required with `grant_key_access`: the object (principal) id of the identity in `identity_id`.",
    )

    @model_validator(mode="after")
    def _key_access(self) -> CustomerManagedKeySpec:
        problems = Problems()
        if self.grant_key_access:
            for name in ("key_vault_id", "identity_principal_id"):
                if getattr(self, name) is None:
                    problems.add((name,), "required when grant_key_access is true")
        elif self.key_vault_id is not None or self.identity_principal_id is not None:
            problems.add(
                ("grant_key_access",),
                "key_vault_id and identity_principal_id are used only to grant key access: set grant_key_access: true"
                " or remove them",
            )
        if self.key_vault_id is not None:
            uri_vault = self.key_vault_uri.removeprefix("https://").split(".", 1)[0]
            id_vault = self.key_vault_id.rstrip("/").rsplit("/", 1)[-1]
            if uri_vault.lower() != id_vault.lower():
                problems.add(
                    ("key_vault_id",),
                    f"names vault {quoted(id_vault)} but key_vault_uri names vault {quoted(uri_vault)}: the grant must"
                    " be on the vault that holds the key",
                    self.key_vault_id,
                )
        problems.raise_if_any("CustomerManagedKeySpec")
        return self


class PrivateEndpointSpec(Frozen):
    """A private endpoint to the account. `true` is shorthand for one in the stack's default subnet."""

    subnet_id: SubnetId | None = Field(
        default=None,
        description=(
            "Required when the stack sets no `private_access.subnet_id`: the subnet the endpoint is created in."
        ),
    )
    location: Region | None = Field(default=None, description="The subnet's region; defaults to the account's.")
    name: ResourceName | None = Field(
        default=None,
        description=(
            "The endpoint's name in Azure; defaults to `pe-<account name>`. Its network interface is `<name>-nic` and"
            " its connection to the account is `<name>`."
        ),
    )
    resource_group: ResourceGroupName | None = Field(
        default=None,
        description=(
            "The resource group the endpoint is created in (e.g. a spoke's, next to its subnet); it must exist."
            " Defaults to the stack's resource group."
        ),
    )

    def physical_name(self, account_name: str) -> str:
        return self.name or f"pe-{account_name}"

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {} if value is True else value


class EventHubSpec(Frozen):
    authorization_rule_id: EventHubRuleId = Field(
        description="The Event Hubs namespace's authorization rule id (it needs the `Send` right)."
    )
    name: ResourceName | None = Field(
        default=None, description="The event hub; unset, Azure creates one per log category in the namespace."
    )


def _log_choice(logs: tuple[str, ...]) -> tuple[str, ...]:
    known = (*catalog.DIAGNOSTIC_LOG_CATEGORY_GROUPS, *catalog.DIAGNOSTIC_LOG_CATEGORIES)
    unknown = [quoted(log) for log in logs if log not in known]
    if unknown:
        raise ValueError(
            f"{', '.join(unknown)}: not a log category or category group of an account (known: {', '.join(known)})"
        )
    if len(set(logs)) != len(logs):
        raise ValueError("names a category twice")
    if catalog.DIAGNOSTIC_LOG_CATEGORY_GROUP in logs and len(logs) > 1:
        raise ValueError(f"{catalog.DIAGNOSTIC_LOG_CATEGORY_GROUP} already holds every category: name it alone")
    return logs


class DiagnosticsSpec(Frozen):
    """Where an account's diagnostic logs and metrics go: for every account at stack level, or one account's own."""

    workspace_id: WorkspaceId | None = Field(
        default=None, description="Log Analytics workspace id. At least one destination is required."
    )
    storage_account_id: StorageAccountId | None = Field(
        default=None, description="A storage account to archive logs and metrics in (id)."
    )
    event_hub: EventHubSpec | None = Field(default=None, description="An Event Hub to stream them to (e.g. a SIEM).")
    logs: Annotated[tuple[str, ...], Field(min_length=1), AfterValidator(_log_choice)] = Field(
        default=(catalog.DIAGNOSTIC_LOG_CATEGORY_GROUP,),
        description=(
            "The log category groups ("
            + ", ".join(f"`{g}`" for g in catalog.DIAGNOSTIC_LOG_CATEGORY_GROUPS)
            + ") or categories ("
            + ", ".join(f"`{c}`" for c in catalog.DIAGNOSTIC_LOG_CATEGORIES)
            + f") sent; default `[{catalog.DIAGNOSTIC_LOG_CATEGORY_GROUP}]`, every log."
        ),
    )
    metrics: bool = Field(default=True, description=f"Send `{catalog.DIAGNOSTIC_METRIC_CATEGORY}`.")
    name: ResourceName = Field(default="aoai-diagnostics", description="The diagnostic setting's name on the account.")

    @model_validator(mode="after")
    def _destination(self) -> DiagnosticsSpec:
        if self.workspace_id is None and self.storage_account_id is None and self.event_hub is None:
            raise ValueError("name at least one destination: workspace_id, storage_account_id or event_hub")
        return self


class ProjectSpec(Frozen):
    """A Foundry project of an `AIServices` account: a container for access, data and cost of agents and apps."""

    display_name: VisibleText | None = Field(default=None, description="The name the Foundry portal shows.")
    description: VisibleText | None = Field(default=None, description="What the project is for.")
    identity: IdentitySpec = Field(default=IdentitySpec(), description="Managed identities of the project.")


class NetworkInjectionSpec(Frozen):
    """Foundry Agent Service in the customer's network: agents' traffic goes through a delegated subnet."""

    subnet_id: SubnetId = Field(description="The subnet agents are injected into.")
    scenario: Literal["agent"] = Field(default="agent", description="What is injected: `agent` (the only scenario).")
    microsoft_managed_network: bool = Field(
        default=False, description="`useMicrosoftManagedNetwork`: let Microsoft manage the network for the subnet."
    )


class AccountSpec(Frozen):
    """One Azure OpenAI (or AI Services) account; its key in `accounts` is a stable handle, not a physical name."""

    name: AccountName = Field(
        description="Physical account name (ARM name). Unique in the stack, compared case-insensitively."
    )
    region: Region = Field(description="An Azure region's programmatic name, e.g. `swedencentral`.")
    kind: Annotated[str, one_of(catalog.ACCOUNT_KINDS, "account kind")] = Field(
        default="OpenAI", description="`OpenAI` or `AIServices`."
    )
    subdomain: Subdomain | None = Field(
        default=None,
        description=(
            "Required when `name` is not a DNS label (e.g. contains `_` or `.`): the custom subdomain, a globally "
            f"unique DNS label of {'–'.join(map(str, catalog.SUBDOMAIN_LENGTH))} letters, digits and `-`, not "
            "starting or ending with `-`. Defaults to the `name`. Unique in the stack. Immutable in Azure."
        ),
    )
    identity: IdentitySpec = Field(default=IdentitySpec(), description="Managed identities of the account.")
    public_network_access_enabled: bool = Field(default=False, description="`publicNetworkAccess` Enabled/Disabled.")
    network_acls: NetworkAclsSpec = Field(default=NetworkAclsSpec(), description="The account's firewall.")
    local_auth_enabled: bool = Field(default=False, description="API-key authentication; off means Entra ID only.")
    outbound: OutboundSpec = Field(default=OutboundSpec(), description="Outbound network access of the account.")
    customer_managed_key: CustomerManagedKeySpec | None = Field(
        default=None, description="Encryption with a Key Vault key; all its keys are required."
    )
    # `false` means none, as leaving it out does.
    private_endpoint: Annotated[PrivateEndpointSpec | None, BeforeValidator(lambda v: None if v is False else v)] = (
        Field(
            default=None,
            description=(
                "A private endpoint to the account: `true` (shorthand for `{}`) or `{subnet_id, location}`; omit it "
                "or write `false` for none."
            ),
        )
    )
    diagnostics: DiagnosticsSpec | None = Field(
        default=None, description="Overrides the stack's `diagnostics` workspace for this account."
    )
    protect: bool | None = Field(
        default=None, description="Pulumi `protect` for this account; unset follows `production`."
    )
    lock: Literal["CanNotDelete"] | None = Field(
        default=None,
        description=(
            "`CanNotDelete`: an Azure management lock on the account, so that nobody (in Azure, not only in Pulumi)"
            " deletes it or its deployments, content filters and blocklists until the lock is removed; unset follows"
            " the stack's `lock`."
        ),
    )
    tags: Tags = Field(default={}, description="Merged over the stack's `tags`.")
    dynamic_throttling_enabled: bool = Field(
        default=False, description="`dynamicThrottlingEnabled`: let the service throttle dynamically."
    )
    projects: dict[ResourceName, ProjectSpec] = Field(
        default={},
        description=(
            "`AIServices` accounts only. Foundry projects by name (their Azure name); with any, the account allows"
            " project management (`allowProjectManagement`)."
        ),
    )
    default_project: str | None = Field(
        default=None,
        description=(
            "The project data-plane calls without a project reach: a key of `projects`. Required with two projects"
            " or more; defaults to the only one."
        ),
    )
    network_injection: NetworkInjectionSpec | None = Field(
        default=None, description="`AIServices` accounts only: run Foundry agents in your own subnet."
    )
    deployments: dict[ResourceName, DeploymentSpec] = Field(
        default={},
        description=(
            "Map of deployment name (ARM name; the name clients call) → deployment; at most "
            f"{catalog.MAX_DEPLOYMENTS_PER_ACCOUNT} per account."
        ),
    )

    @property
    def custom_subdomain(self) -> str:
        return self.subdomain or self.name

    @property
    def foundry(self) -> bool:
        """Whether the account is a Foundry (AIServices) resource: projects, agents, partner models."""
        return self.kind in catalog.FOUNDRY_KINDS

    @property
    def the_default_project(self) -> str | None:
        """The project calls without a project parameter reach: `default_project`, or the only project."""
        if self.default_project is not None:
            return self.default_project
        return next(iter(self.projects)) if len(self.projects) == 1 else None

    @model_validator(mode="after")
    def _account_rules(self) -> AccountSpec:
        problems = Problems()
        self.check_account_rules(problems)
        problems.raise_if_any("AccountSpec")
        return self

    def check_account_rules(
        self, problems: Problems, invalid: Invalid | None = None, deployment_keys: Sequence[str] | None = None
    ) -> None:
        """The rules that span the account's fields. `invalid` names the fields and deployments that failed their
        own validation (their rules are skipped); `deployment_keys` are all keys of `deployments`, valid or not."""
        invalid = invalid or Invalid()
        keys = list(self.deployments) if deployment_keys is None else list(deployment_keys)
        if not invalid.fields & {"name", "subdomain"}:
            self._check_subdomain(problems)
        if "deployments" not in invalid.fields:
            self._check_deployment_keys(problems, keys)
        if not invalid.fields & {"customer_managed_key", "identity"}:
            self._check_key_identity(problems)
        self._check_deployment_names(problems)
        if not invalid.fields & {"kind", "projects", "default_project", "network_injection"}:
            self._check_foundry(problems)
        for key, deployment in self.deployments.items():
            if "kind" not in invalid.fields and key not in invalid.keys:
                self._check_model_format(problems, key, deployment)
            if "region" not in invalid.fields:
                reported = self._check_data_zone_region(problems, key, deployment)
                checked = not reported and key not in invalid.keys
                if checked and (problem := availability.region_problem(self.region, deployment)):
                    problems.add(("deployments", key, "model"), problem)
            self._check_spillover(problems, key, deployment, invalid.keys, keys)

    def _check_subdomain(self, problems: Problems) -> None:
        if self.subdomain is None and not catalog.SUBDOMAIN_PATTERN.fullmatch(self.name):
            problems.add(
                ("name",),
                f"the custom subdomain defaults to the account name, and {quoted(self.name)} is not a DNS label: "
                "set `subdomain` (letters, digits and '-')",
                self.name,
            )

    def _check_deployment_keys(self, problems: Problems, keys: list[str]) -> None:
        if len(keys) > catalog.MAX_DEPLOYMENTS_PER_ACCOUNT:
            problems.add(
                ("deployments",),
                f"{len(keys)} deployments; an account holds at most "
                f"{catalog.MAX_DEPLOYMENTS_PER_ACCOUNT}: split them over another account",
            )
        for key, first in case_twins(keys):
            problems.add(
                ("deployments", key),
                f"{quoted(key)} and {quoted(first)} differ only in case: Azure compares deployment names "
                "case-insensitively, so they would be one deployment; rename or remove one",
            )

    def _check_deployment_names(self, problems: Problems) -> None:
        """A `name` must not be another deployment's name in Azure (compared case-insensitively, as Azure does)."""
        seen: dict[str, str] = {}
        for key, deployment in self.deployments.items():
            physical = deployment.physical_name(key).lower()
            if physical in seen and (deployment.name or self.deployments[seen[physical]].name):
                # keys alone that differ only in case are reported as such (_check_deployment_keys)
                problems.add(
                    ("deployments", key, "name") if deployment.name else ("deployments", key),
                    f"{quoted(deployment.physical_name(key))} is also the name of deployments.{seen[physical]} in"
                    " Azure (names compare case-insensitively): give one of them another name",
                )
            else:
                seen[physical] = key

    def _check_foundry(self, problems: Problems) -> None:
        """Projects and agent network injection exist on Foundry (AIServices) accounts only."""
        if not self.foundry:
            for field, value in (("projects", self.projects), ("network_injection", self.network_injection)):
                if value:
                    problems.add(
                        (field,),
                        f"only an AIServices (Foundry) account has {field.replace('_', ' ')}; this account is"
                        f" {self.kind}: set kind: AIServices (Azure upgrades an OpenAI account in place) or remove it",
                    )
        if self.default_project is not None and self.default_project not in self.projects:
            known = ", ".join(self.projects) or "none"
            problems.add(
                ("default_project",),
                f"{quoted(self.default_project)} is not one of this account's projects (projects: {known})",
                self.default_project,
            )
        elif self.default_project is None and len(self.projects) > 1:
            problems.add(
                ("default_project",),
                f"{len(self.projects)} projects: name the one data-plane calls without a project reach"
                f" ({', '.join(self.projects)})",
            )
        for key, first in case_twins(list(self.projects)):
            problems.add(
                ("projects", key),
                f"{quoted(key)} and {quoted(first)} differ only in case: Azure compares names case-insensitively;"
                " rename or remove one",
            )

    def _check_model_format(self, problems: Problems, key: str, deployment: DeploymentSpec) -> None:
        fmt = deployment.model.format
        if fmt != "OpenAI" and not self.foundry:
            problems.add(
                ("deployments", key, "model", "format"),
                f"{fmt} models are deployed on AIServices (Foundry) accounts only; this account is {self.kind}: set"
                " kind: AIServices or deploy the model in an AIServices account",
                fmt,
            )

    def _check_key_identity(self, problems: Problems) -> None:
        cmk = self.customer_managed_key
        if cmk is not None and cmk.identity_id not in self.identity.user_assigned_ids:
            problems.add(
                ("customer_managed_key", "identity_id"),
                "the key's identity must be one of the account's identity.user_assigned_ids: add it there",
                cmk.identity_id,
            )

    def _check_data_zone_region(self, problems: Problems, key: str, deployment: DeploymentSpec) -> bool:
        """Reports a data-zone sku in an account outside a data zone; True when it did."""
        if deployment.sku_facts.processing != "datazone":
            return False
        zone = catalog.data_zone_of(self.region)
        offered = zone is not None and self.region in catalog.data_zone_regions(deployment.sku, zone)
        if not offered:
            regions = sorted(
                region for z in catalog.DATA_ZONES for region in catalog.data_zone_regions(deployment.sku, z)
            )
            problems.add(
                ("deployments", key, "sku"),
                f"{deployment.sku} is not offered in {self.region}: it needs an account in a data-zone region "
                f"({', '.join(regions)})",
                deployment.sku,
            )
        return not offered

    def _check_spillover(
        self, problems: Problems, key: str, deployment: DeploymentSpec, unvalidated: frozenset[str], keys: list[str]
    ) -> None:
        target_key = deployment.spillover_to
        if target_key is None or not deployment.sku_facts.provisioned or target_key in unvalidated:
            return
        loc = ("deployments", key, "spillover_to")
        target = self.deployments.get(target_key)
        if target is None:
            known = ", ".join(k for k in keys if k != key) or "none"
            problems.add(
                loc, f"{quoted(target_key)} is not a deployment of this account (deployments: {known})", target_key
            )
            return
        if target_key == key:
            problems.add(loc, "a deployment cannot spill over to itself", target_key)
            return
        wanted = catalog.SPILLOVER_TARGET_SKU[deployment.sku]
        if target.sku_facts.provisioned:
            problems.add(
                loc,
                f"{target_key!r} is provisioned ({target.sku}); spillover goes to a standard deployment ({wanted}), "
                "never along a chain of provisioned ones",
                target_key,
            )
        elif not target.sku_facts.standard:
            problems.add(
                loc,
                f"{target_key!r} is {target.sku}; spillover goes to a standard deployment of the same account"
                f" ({wanted})",
                target_key,
            )
        if (target.model.name, target.model.version) != (deployment.model.name, deployment.model.version):
            problems.add(
                loc,
                f"{target_key!r} serves {target.model.name} {target.model.version}; the target must serve the same "
                f"model and version ({deployment.model.name} {deployment.model.version})",
                target_key,
            )
