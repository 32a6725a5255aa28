"""An Azure OpenAI account and its model deployments."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from aoai.azure import catalog
from aoai.capacity.sizing import nearest_sizes
from aoai.spec.base import (
    AccountName,
    Guid,
    KeyVaultUri,
    Region,
    ResourceName,
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


def _within_int32(capacity: int) -> int:
    if capacity > catalog.MAX_CAPACITY:
        raise ValueError(
            f"{capacity} is more than Azure can store: a deployment's capacity is at most {catalog.MAX_CAPACITY:,}"
            " (a 32-bit integer)"
        )
    return capacity


Capacity = Annotated[int, Field(ge=1), AfterValidator(_within_int32)]


class ModelRef(Frozen):
    name: VisibleText
    version: VisibleText = Field(description="pinned: Azure never picks or changes it behind your back")
    format: Annotated[str, one_of(catalog.MODEL_FORMATS, "model format")] = "OpenAI"


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

    peak_rpm: Annotated[float, Field(gt=0), AfterValidator(_servable_rpm)]
    prompt_tokens: TokensPerRequest
    completion_tokens: TokensPerRequest
    cache_hit_rate: float = Field(default=0.0, ge=0, le=1)
    baseline_share: float = Field(default=1.0, gt=0, le=1)
    """Provisioned only: the share of the peak the PTU carry; the spillover target takes the rest."""
    average_utilization: float = Field(default=1.0, gt=0, le=1)
    """For cost only: the month's average traffic as a share of the peak."""


class DeploymentSpec(Frozen):
    """A model deployment; its key in `deployments` is the deployment name clients call."""

    model: ModelRef
    sku: SkuName
    capacity: Capacity | None = None
    """PTU for provisioned skus, quota units otherwise; may be left out when `workload` sizes it."""
    workload: WorkloadSpec | None = None
    version_upgrade_option: Annotated[str, one_of(catalog.VERSION_UPGRADE_OPTIONS, "version upgrade option")] = (
        "OnceCurrentVersionExpired"
    )
    content_filter: str = "Microsoft.DefaultV2"
    spillover_to: str | None = None

    @property
    def sku_facts(self) -> catalog.SkuFacts:
        return catalog.DEPLOYMENT_SKUS[self.sku]

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
        if facts.provisioned and self.capacity is not None and not invalid & {"capacity", "model"}:
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
    system_assigned: bool = True
    user_assigned_ids: tuple[UserAssignedIdentityId, ...] = ()


class NetworkAclsSpec(Frozen):
    default_action: Literal["Allow", "Deny"] = "Deny"
    bypass: Literal["None", "AzureServices"] = "AzureServices"
    ip_rules: tuple[str, ...] = ()
    subnet_ids: Annotated[tuple[SubnetId, ...], Field(max_length=catalog.MAX_VNET_RULES)] = ()

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
    restricted: bool = True
    allowed_fqdns: tuple[str, ...] = ()


class CustomerManagedKeySpec(Frozen):
    key_vault_uri: KeyVaultUri
    key_name: VisibleText
    key_version: VisibleText
    identity_id: UserAssignedIdentityId
    identity_client_id: Guid


class PrivateEndpointSpec(Frozen):
    """A private endpoint to the account. `true` is shorthand for one in the stack's default subnet."""

    subnet_id: SubnetId | None = None
    location: Region | None = Field(default=None, description="the subnet's region; defaults to the account's")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {} if value is True else value


class DiagnosticsSpec(Frozen):
    workspace_id: WorkspaceId


class AccountSpec(Frozen):
    """One Azure OpenAI (or AI Services) account; its key in `accounts` is a stable handle, not a physical name."""

    name: AccountName
    region: Region
    kind: Annotated[str, one_of(catalog.ACCOUNT_KINDS, "account kind")] = "OpenAI"
    subdomain: Subdomain | None = None
    identity: IdentitySpec = IdentitySpec()
    public_network_access_enabled: bool = False
    network_acls: NetworkAclsSpec = NetworkAclsSpec()
    local_auth_enabled: bool = False
    outbound: OutboundSpec = OutboundSpec()
    customer_managed_key: CustomerManagedKeySpec | None = None
    # `false` means none, as leaving it out does.
    private_endpoint: Annotated[PrivateEndpointSpec | None, BeforeValidator(lambda v: None if v is False else v)] = None
    diagnostics: DiagnosticsSpec | None = None
    protect: bool | None = None
    tags: Tags = {}
    deployments: dict[ResourceName, DeploymentSpec] = {}

    @property
    def custom_subdomain(self) -> str:
        return self.subdomain or self.name

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
        for key, deployment in self.deployments.items():
            if "region" not in invalid.fields:
                self._check_data_zone_region(problems, key, deployment)
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

    def _check_key_identity(self, problems: Problems) -> None:
        cmk = self.customer_managed_key
        if cmk is not None and cmk.identity_id not in self.identity.user_assigned_ids:
            problems.add(
                ("customer_managed_key", "identity_id"),
                "the key's identity must be one of the account's identity.user_assigned_ids: add it there",
                cmk.identity_id,
            )

    def _check_data_zone_region(self, problems: Problems, key: str, deployment: DeploymentSpec) -> None:
        if deployment.sku_facts.processing != "datazone":
            return
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
        elif target.sku != wanted:
            problems.add(
                loc,
                f"{target_key!r} is {target.sku}; a {deployment.sku} deployment spills over to {wanted} "
                "(the same data-processing level)",
                target_key,
            )
        if (target.model.name, target.model.version) != (deployment.model.name, deployment.model.version):
            problems.add(
                loc,
                f"{target_key!r} serves {target.model.name} {target.model.version}; the target must serve the same "
                f"model and version ({deployment.model.name} {deployment.model.version})",
                target_key,
            )
