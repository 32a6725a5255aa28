"""An Azure OpenAI account and its model deployments."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from aoai import catalog
from aoai.sizing import nearest_sizes
from aoai.spec.base import (
    AccountName,
    Frozen,
    Problems,
    Region,
    ResourceName,
    Subdomain,
    SubnetId,
    TagValue,
    UserAssignedIdentityId,
    WorkspaceId,
    one_of,
)

SkuName = Annotated[str, one_of(tuple(catalog.DEPLOYMENT_SKUS), "sku")]


class ModelRef(Frozen):
    name: str = Field(min_length=1)
    version: str = Field(min_length=1, description="pinned: Azure never picks or changes it behind your back")
    format: Annotated[str, one_of(catalog.MODEL_FORMATS, "model format")] = "OpenAI"


class WorkloadSpec(Frozen):
    """The traffic a deployment must carry at its peak minute; aoai sizes the capacity from it."""

    peak_rpm: float = Field(gt=0)
    prompt_tokens: float = Field(ge=0)
    completion_tokens: float = Field(ge=0)
    cache_hit_rate: float = Field(default=0.0, ge=0, le=1)
    baseline_share: float = Field(default=1.0, gt=0, le=1)
    """Provisioned only: the share of the peak the PTU carry; the spillover target takes the rest."""
    average_utilization: float = Field(default=1.0, gt=0, le=1)
    """For cost only: the month's average traffic as a share of the peak."""


class DeploymentSpec(Frozen):
    """A model deployment; its key in `deployments` is the deployment name clients call."""

    model: ModelRef
    sku: SkuName
    capacity: int | None = Field(default=None, ge=1)
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
        facts = self.sku_facts
        if facts.provisioned and self.capacity is not None:
            self._check_ptu(problems, self.capacity)
        if self.workload is not None and facts.billing not in ("ptu", "tokens"):
            problems.add(("workload",), f"sizing from a workload needs a provisioned or standard sku, not {self.sku}")
        if self.workload is not None and self.workload.baseline_share < 1 and not facts.provisioned:
            problems.add(
                ("workload", "baseline_share"),
                "only a provisioned deployment carries a baseline share; a standard one carries its whole peak",
                self.workload.baseline_share,
            )
        if self.spillover_to is not None and not facts.provisioned:
            problems.add(
                ("spillover_to",),
                f"only provisioned deployments spill over; {self.sku} is not provisioned "
                f"(use one of {', '.join(catalog.SPILLOVER_TARGET_SKU)} or remove spillover_to)",
                self.spillover_to,
            )
        problems.raise_if_any("DeploymentSpec")
        return self

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
    def _ip_or_cidr(cls, rules: tuple[str, ...]) -> tuple[str, ...]:
        for rule in rules:
            try:
                network = ipaddress.ip_network(rule, strict=False)
            except ValueError:
                raise ValueError(f"{rule!r} is not an IPv4 address or CIDR range (e.g. 203.0.113.0/24)") from None
            if "/" in rule and str(network) != rule:
                raise ValueError(f"{rule!r} has host bits set: use {str(network)!r}")
            if network.version != 4:
                raise ValueError(f"{rule!r}: Azure AI services IP rules take IPv4 addresses and ranges only")
        return rules


class OutboundSpec(Frozen):
    restricted: bool = True
    allowed_fqdns: tuple[str, ...] = ()


class CustomerManagedKeySpec(Frozen):
    key_vault_uri: str = Field(pattern=r"^https://[a-zA-Z0-9-]{3,24}\.vault\.[a-z0-9.]+/?$")
    key_name: str = Field(min_length=1)
    key_version: str = Field(min_length=1)
    identity_id: UserAssignedIdentityId
    identity_client_id: str = Field(pattern=r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


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
    private_endpoint: PrivateEndpointSpec | None = None
    diagnostics: DiagnosticsSpec | None = None
    protect: bool | None = None
    tags: dict[str, TagValue] = {}
    deployments: dict[ResourceName, DeploymentSpec] = {}

    @field_validator("private_endpoint", mode="before")
    @classmethod
    def _no_endpoint(cls, value: Any) -> Any:
        return None if value is False else value

    @property
    def custom_subdomain(self) -> str:
        return self.subdomain or self.name

    @model_validator(mode="after")
    def _account_rules(self) -> AccountSpec:
        problems = Problems()
        if self.subdomain is None and not catalog.SUBDOMAIN_PATTERN.match(self.name):
            problems.add(
                ("name",),
                f"the custom subdomain defaults to the account name, and {self.name!r} is not a DNS label: "
                "set `subdomain` (letters, digits and '-')",
                self.name,
            )
        if len(self.deployments) > catalog.MAX_DEPLOYMENTS_PER_ACCOUNT:
            problems.add(
                ("deployments",),
                f"{len(self.deployments)} deployments; an account holds at most "
                f"{catalog.MAX_DEPLOYMENTS_PER_ACCOUNT}: split them over another account",
            )
        cmk = self.customer_managed_key
        if cmk is not None and cmk.identity_id not in self.identity.user_assigned_ids:
            problems.add(
                ("customer_managed_key", "identity_id"),
                "the key's identity must be one of the account's identity.user_assigned_ids: add it there",
                cmk.identity_id,
            )
        for key, deployment in self.deployments.items():
            self._check_data_zone_region(problems, key, deployment)
            self._check_spillover(problems, key, deployment)
        problems.raise_if_any("AccountSpec")
        return self

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

    def _check_spillover(self, problems: Problems, key: str, deployment: DeploymentSpec) -> None:
        target_key = deployment.spillover_to
        if target_key is None or not deployment.sku_facts.provisioned:
            return
        loc = ("deployments", key, "spillover_to")
        target = self.deployments.get(target_key)
        if target is None:
            known = ", ".join(k for k in self.deployments if k != key) or "none"
            problems.add(loc, f"{target_key!r} is not a deployment of this account (deployments: {known})", target_key)
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
