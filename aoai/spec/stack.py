"""The whole environment: one stack file's `aoai:` namespace, and the rules that span accounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, model_validator

from aoai.azure import catalog
from aoai.azure.catalog import PtuThroughput
from aoai.capacity.prices import PricesSpec
from aoai.spec.access import AccessGrantSpec
from aoai.spec.account import AccountSpec, DeploymentSpec, DiagnosticsSpec
from aoai.spec.base import (
    EnvironmentName,
    Guid,
    PrivateDnsZoneId,
    Region,
    ResourceGroupName,
    ResourceName,
    SubnetId,
    TagName,
    Tags,
    VirtualNetworkId,
)
from aoai.spec.content_filter import BlocklistSpec, ContentFilterSpec
from aoai.spec.monitoring import MonitoringSpec
from aoai.spec.planned import PlannedCapacity, plan_account
from aoai.validation.rules import Frozen, Invalid, Problems, case_twins, one_of
from aoai.validation.text import escaped, quoted

MANAGED_BY_TAG = ("managed-by", "aoai")


class ResourceGroupSpec(Frozen):
    name: ResourceGroupName = Field(
        description=(
            f"Resource group name: {'–'.join(map(str, catalog.RESOURCE_GROUP_NAME_LENGTH))} characters of letters, "
            "digits, `_`, `-`, `.`, `(`, `)`; must not end in `.`."
        )
    )
    create: bool = Field(default=True, description="`false` uses an existing group of that name.")
    location: Region | None = Field(
        default=None, description="Required when `create` is `true`: the region of the group."
    )


class DnsZonesSpec(Frozen):
    """Private DNS zones for private endpoints: created by this stack, or existing ones (hub-and-spoke)."""

    create: bool = Field(
        default=False,
        description=(
            "Required unless `existing` is given: `true` means this stack creates the privatelink zones its accounts'"
            " kinds need. Exactly one of `create: true` or `existing`."
        ),
    )
    vnet_links: dict[ResourceName, VirtualNetworkId] = Field(
        default={},
        description=(
            "Only with `create: true`. Map of link name (ARM name) → VNet id; every created zone is linked to every "
            "VNet (registration off)."
        ),
    )
    existing: dict[
        Annotated[str, one_of(frozenset(z for zones in catalog.PRIVATE_DNS_ZONES.values() for z in zones), "zone")],
        PrivateDnsZoneId,
    ] = Field(
        default={},
        description=(
            "Required unless `create` is `true`: map of zone name → private DNS zone id (hub-and-spoke). Must "
            "include every zone each private-endpoint account's kind needs ("
            + "; ".join(
                f"{kind}: {', '.join(f'`{z}`' for z in zones)}" for kind, zones in catalog.PRIVATE_DNS_ZONES.items()
            )
            + ")."
        ),
    )

    @model_validator(mode="after")
    def _one_source(self) -> DnsZonesSpec:
        problems = Problems()
        if self.create and self.existing:
            problems.add(("existing",), "set either create: true or existing zone ids, not both")
        if not self.create and not self.existing:
            problems.add(("create",), "set create: true (this stack owns the zones) or list existing zone ids")
        if self.vnet_links and not self.create:
            problems.add(("vnet_links",), "VNet links are made only for zones this stack creates (create: true)")
        problems.raise_if_any("DnsZonesSpec")
        return self


class PrivateAccessSpec(Frozen):
    subnet_id: SubnetId | None = Field(
        default=None, description="Default subnet id for private endpoints that name none."
    )
    dns_zones: DnsZonesSpec = Field(description="Where the privatelink DNS zones come from.")


class PtuThroughputSpec(Frozen):
    """How much one PTU of a model the catalog does not know carries (Azure AI Foundry capacity calculator)."""

    input_tpm_per_ptu: int = Field(
        ge=1, le=catalog.MAX_CAPACITY, description="Input tokens per minute one PTU carries (integer ≥ 1)."
    )
    output_ratio: int = Field(
        ge=1, le=catalog.MAX_CAPACITY, description="How many input tokens one output token counts as (integer ≥ 1)."
    )


class RetriesSpec(Frozen):
    """How `pulumi up` retries what Azure answers to overlapping writes: `RequestConflict`, an account still
    `Accepted`, `AnotherOperationInProgress` (every other error fails at once)."""

    attempts: int = Field(
        default=5,
        ge=0,
        le=20,
        description=(
            "Retries of one write at most (0 to 20; 0 attaches no retry hook). Needs the Pulumi CLI"
            f" {catalog.ERROR_HOOKS_SINCE} or later."
        ),
    )
    first_delay_seconds: int = Field(
        default=10, ge=1, le=300, description="Seconds before the first retry; each later one waits twice as long."
    )
    max_delay_seconds: int = Field(default=120, ge=1, le=3600, description="The longest wait between two retries.")

    @model_validator(mode="after")
    def _delays(self) -> RetriesSpec:
        if self.first_delay_seconds > self.max_delay_seconds:
            problems = Problems()
            problems.add(
                ("max_delay_seconds",),
                f"{self.max_delay_seconds} is shorter than first_delay_seconds ({self.first_delay_seconds}): the"
                " longest wait must be at least the first",
            )
            problems.raise_if_any("RetriesSpec")
        return self


class StackSpec(Frozen):
    """One environment of an Azure OpenAI estate, as read from `stacks/Pulumi.<env>.yaml`."""

    environment: EnvironmentName = Field(
        description=(
            f"{'–'.join(map(str, catalog.ENVIRONMENT_NAME_LENGTH))} characters: lower-case letters, digits, `-`; "
            "starts with a letter or digit. Becomes the `environment` tag."
        )
    )
    production: bool = Field(
        default=False, description="Protects the resource group and (by default) every account with Pulumi's `protect`."
    )
    lock: Literal["CanNotDelete"] | None = Field(
        default=None,
        description=(
            "`CanNotDelete` locks every account (see `accounts.<key>.lock`), e.g. for production. Only CanNotDelete:"
            " a ReadOnly lock would also refuse listing an account's keys and other POST calls."
        ),
    )
    subscription_id: Guid | None = Field(
        default=None,
        description=(
            "Subscription GUID used for resource ids in offline plans (all zeros when unset). Not used by `pulumi up`."
        ),
    )
    data_zone: Annotated[str, one_of(catalog.DATA_ZONES, "data zone")] | None = Field(
        default=None,
        description=(
            " or ".join(f"`{z}`" for z in catalog.DATA_ZONES)
            + ". Every account must be in a region of the zone ("
            + "; ".join(f"{z}: {', '.join(sorted(catalog.DATA_ZONE_STANDARD_REGIONS[z]))}" for z in catalog.DATA_ZONES)
            + ") and no deployment may use a globally processed SKU ("
            + ", ".join(f"`{n}`" for n, s in catalog.DEPLOYMENT_SKUS.items() if s.processing == "global")
            + ")."
        ),
    )
    tags: Tags = Field(
        default={},
        description=(
            "Map of string to string (a number such as `4711` is taken as its text). Added to the resource group, "
            "DNS zones, accounts and private endpoints, after aoai's own `environment` and `managed-by: aoai`. "
            f"Azure's limits: at most {catalog.MAX_TAGS_PER_RESOURCE} tags per resource (also after merging with an "
            f"account's `tags`), names 1–{catalog.MAX_TAG_NAME_LENGTH} characters without "
            + ", ".join(f"`{c}`" for c in catalog.TAG_NAME_FORBIDDEN_CHARACTERS)
            + f", values at most {catalog.MAX_TAG_VALUE_LENGTH} characters."
        ),
    )
    aoai_tags: bool = Field(
        default=True,
        description=(
            "Adds aoai's own tags, `environment: <environment>` and `managed-by: aoai`, before `tags`. `false` leaves"
            " them off: what `aoai import` writes, so that adopting an estate changes no tag (set it to `true` later,"
            " as a reviewed change)."
        ),
    )
    required_tags: tuple[TagName, ...] = Field(
        default=(),
        description=(
            "Tag names (same rules as `tags`) every account must carry with a non-blank value, after merging `tags` "
            "and the account's `tags`."
        ),
    )
    resource_group: ResourceGroupSpec = Field(description="The resource group every resource is created in.")
    diagnostics: DiagnosticsSpec | None = Field(
        default=None, description="Log Analytics workspace for every account that sets none of its own."
    )
    private_access: PrivateAccessSpec | None = Field(
        default=None,
        description=(
            "Required when any account has a `private_endpoint`: the default subnet and the privatelink DNS zones."
        ),
    )
    content_filters: dict[ResourceName, ContentFilterSpec] = Field(
        default={}, description="Map of key (ARM name) → content filter (RAI policy). Deployments reference the key."
    )
    blocklists: dict[ResourceName, BlocklistSpec] = Field(
        default={}, description="Map of blocklist name (ARM name) → custom blocklist."
    )
    accounts: dict[ResourceName, AccountSpec] = Field(
        min_length=1,
        description=(
            "Map of key (ARM name) → account; at least one. At most "
            + " and ".join(f"{n} `{kind}`" for kind, n in catalog.MAX_ACCOUNTS_PER_REGION.items())
            + " accounts per region (per-subscription limits). The key is a stable handle used in Pulumi names and "
            "outputs: renaming it replaces the account."
        ),
    )
    access: dict[ResourceName, AccessGrantSpec] = Field(
        default={},
        description=(
            "Map of grant key (a stable handle used in Pulumi names) → a role granted to a principal on the stack's"
            " accounts: one role assignment per grant and account, named by a GUID derived from the account, the"
            " principal and the role (the same on every run). aoai's accounts allow only Entra ID by default"
            " (`local_auth_enabled: false`), so applications need a grant to call them."
        ),
    )
    monitoring: MonitoringSpec | None = Field(
        default=None,
        description=(
            "Alerts and where they go: per provisioned deployment a utilisation alert, per account a throttling and an"
            " availability alert, and one Azure Service Health alert for the stack's regions, all sent to one action"
            " group. Unset: no alerts."
        ),
    )
    retries: RetriesSpec = Field(
        default_factory=RetriesSpec,
        description=(
            "Retries of Azure's transient conflicts on every child write of an account (blocklists, their items,"
            " content filters, deployments) and on private endpoints; defaults: 5 retries, from 10 up to 120 seconds"
            " apart."
        ),
    )
    ptu_throughput: dict[str, PtuThroughputSpec] = Field(
        default={},
        description=(
            "Map of model name → throughput per PTU (from the Azure AI Foundry capacity calculator), for sizing a "
            "`workload` of a model the catalog does not know or to override its figures."
        ),
    )
    prices: PricesSpec | None = Field(
        default=None,
        description=(
            "The price table for cost figures (see [Cost](sizing-and-cost.md#cost)). Without it, clearly labelled "
            "example prices are used."
        ),
    )

    # --- derived values the components use -------------------------------------------------------------------

    def own_tags(self) -> dict[str, str]:
        """aoai's own tags (none when `aoai_tags` is false)."""
        return {"environment": self.environment, MANAGED_BY_TAG[0]: MANAGED_BY_TAG[1]} if self.aoai_tags else {}

    def account_tags(self, key: str) -> dict[str, str]:
        """Tags of an account: aoai's own, then the stack's, then the account's (later wins)."""
        return {**self.own_tags(), **self.tags, **self.accounts[key].tags}

    def stack_tags(self) -> dict[str, str]:
        return {**self.own_tags(), **self.tags}

    def protects(self, key: str) -> bool:
        explicit = self.accounts[key].protect
        return self.production if explicit is None else explicit

    def lock_for(self, key: str) -> str | None:
        """The management lock level of an account: its own `lock`, else the stack's."""
        return self.accounts[key].lock or self.lock

    def diagnostics_for(self, key: str) -> DiagnosticsSpec | None:
        return self.accounts[key].diagnostics or self.diagnostics

    def filters_used_by(self, key: str) -> list[str]:
        """Keys of the stack's content filters that deployments of this account use, sorted."""
        used = {d.content_filter for d in self.accounts[key].deployments.values()}
        return sorted(used & self.content_filters.keys())

    def blocklists_used_by(self, key: str) -> list[str]:
        used = {name for f in self.filters_used_by(key) for name in self.content_filters[f].blocklists}
        return sorted(used)

    def grants_for(self, key: str) -> dict[str, AccessGrantSpec]:
        """The grants that apply to an account, by grant key (sorted)."""
        return {name: self.access[name] for name in sorted(self.access) if self.access[name].applies_to(key)}

    def custom_throughput(self) -> dict[str, PtuThroughput]:
        return {m: PtuThroughput(t.input_tpm_per_ptu, t.output_ratio) for m, t in self.ptu_throughput.items()}

    @cached_property
    def _planned(self) -> dict[str, dict[str, PlannedCapacity]]:
        custom = self.custom_throughput()
        return {key: plan_account(account, custom)[0] for key, account in self.accounts.items()}

    def capacities(self, key: str) -> dict[str, PlannedCapacity]:
        """The capacity of each deployment of an account: given, or sized from a workload (worked out once)."""
        return self._planned[key]

    def sizing_notes(self) -> dict[str, dict[str, Any]]:
        """Every capacity worked out from a workload, by "<account name>/<deployment name in Azure>"."""
        notes: dict[str, dict[str, Any]] = {}
        for key, account in self.accounts.items():
            for name, planned in self.capacities(key).items():
                if planned.derivation is not None:
                    notes[f"{account.name}/{account.deployments[name].physical_name(name)}"] = {
                        "capacity": planned.value,
                        "sized": planned.sized,
                        "derivation": planned.derivation,
                    }
        return notes

    def private_endpoint_subnet(self, key: str) -> str | None:
        endpoint = self.accounts[key].private_endpoint
        if endpoint is None:
            return None
        return endpoint.subnet_id or (self.private_access.subnet_id if self.private_access else None)

    # --- rules that span the stack ---------------------------------------------------------------------------

    @model_validator(mode="after")
    def _stack_rules(self) -> StackSpec:
        problems = Problems()
        self.check_stack_rules(problems)
        problems.raise_if_any("StackSpec")
        return self

    def check_stack_rules(self, problems: Problems, invalid: Invalid | None = None) -> None:
        """The rules that span the stack. `invalid` names the parts of the file that failed their own validation:
        rules that would read them are skipped, so nothing is reported twice or wrongly."""
        invalid = invalid or Invalid()
        if "resource_group" not in invalid.fields:
            self._check_resource_group(problems)
        self._check_unique_names(problems)
        if not invalid.fields & {"tags", "required_tags", "environment"}:
            self._check_tags(problems)
        self._check_filter_references(problems, invalid.keys)
        if "data_zone" not in invalid.fields:
            self._check_data_zone(problems, self.accounts)
        if "private_access" not in invalid.fields:
            self._check_private_endpoints(problems)
        self._check_region_limits(problems)
        self._check_access(problems, invalid.keys)
        if "ptu_throughput" not in invalid.fields:
            self._check_capacities(problems)

    def _check_capacities(self, problems: Problems) -> None:
        custom = self.custom_throughput()
        for key, account in self.accounts.items():
            planned, found = plan_account(account, custom)
            for loc, message in found:
                problems.add(("accounts", key, "deployments", *loc), message)
            for name, capacity in planned.items():
                deployment = account.deployments[name]
                loc = ("accounts", key, "deployments", name, "workload")
                if deployment.sku_facts.provisioned and capacity.value > catalog.MAX_PTU_PER_DEPLOYMENT:
                    problems.add(
                        loc,
                        f"needs {capacity.value} PTU, more than the {catalog.MAX_PTU_PER_DEPLOYMENT} a deployment"
                        " may have: split the traffic over more deployments or accounts",
                    )
                elif capacity.value > catalog.MAX_CAPACITY:
                    problems.add(
                        loc if deployment.workload is not None else ("accounts", key, "deployments", name, "capacity"),
                        f"needs {capacity.value} quota units, more than the {catalog.MAX_CAPACITY:,} a deployment's "
                        "capacity can hold (a 32-bit integer): split the traffic over more deployments or accounts",
                    )

    def _check_resource_group(self, problems: Problems) -> None:
        if self.resource_group.create and self.resource_group.location is None:
            problems.add(("resource_group", "location"), "required when create is true (e.g. swedencentral)")

    def _check_unique_names(self, problems: Problems) -> None:
        for attribute, what in (("name", "account name"), ("custom_subdomain", "custom subdomain")):
            seen: dict[str, str] = {}
            for key, account in self.accounts.items():
                value = getattr(account, attribute)
                if value.lower() in seen:
                    field = "name" if attribute == "name" or account.subdomain is None else "subdomain"
                    problems.add(
                        ("accounts", key, field),
                        f"{what} {value!r} is already used by accounts.{seen[value.lower()]}; "
                        f"{what}s must be unique (Azure compares them case-insensitively)",
                        value,
                    )
                else:
                    seen[value.lower()] = key
        first_key: dict[str, str] = {}
        builtin = {name.casefold(): name for name in catalog.BUILTIN_RAI_POLICIES}
        for key, spec in self.content_filters.items():
            name = spec.physical_name(key)
            folded = name.casefold()
            if folded in builtin:
                shown = quoted(name)
                same = (
                    "" if name == builtin[folded] else f" (Azure compares names case-insensitively: {builtin[folded]})"
                )
                problems.add(("content_filters", key), f"{shown} is a built-in policy name{same}; choose another", name)
            elif folded in first_key:
                other = first_key[folded]
                problems.add(
                    ("content_filters", key),
                    f"policy name {quoted(name)} is also the policy name of content_filters.{escaped(other)}; "
                    "Azure compares policy names case-insensitively, so they would be one policy: rename one",
                    name,
                )
            else:
                first_key[folded] = key
        for key, first in case_twins(self.blocklists):
            problems.add(
                ("blocklists", key),
                f"{quoted(key)} and {quoted(first)} differ only in case: Azure compares blocklist names "
                "case-insensitively, so they would be one blocklist; rename or remove one",
            )

    def _check_tags(self, problems: Problems) -> None:
        for key in self.accounts:
            tags = self.account_tags(key)
            missing = [tag for tag in self.required_tags if not tags.get(tag, "").strip()]
            if missing:
                problems.add(
                    ("accounts", key, "tags"),
                    f"missing required tags {', '.join(escaped(tag) for tag in missing)} (set them, not blank, in "
                    "`tags` or the account's `tags`)",
                )
            if len(tags) > catalog.MAX_TAGS_PER_RESOURCE:
                problems.add(
                    ("accounts", key, "tags"),
                    f"{len(tags)} tags after merging aoai's, the stack's and the account's; Azure allows at most "
                    f"{catalog.MAX_TAGS_PER_RESOURCE} per resource",
                )
            for name, first in case_twins(tags):
                problems.add(
                    ("accounts", key, "tags"),
                    f"tag names {quoted(name)} and {quoted(first)} differ only in case after merging the stack's and "
                    "the account's tags: Azure treats them as one tag; use one spelling",
                )

    def _check_filter_references(self, problems: Problems, unvalidated: frozenset[str]) -> None:
        allowed = sorted(self.content_filters) + list(catalog.BUILTIN_RAI_POLICIES)
        for key, account in self.accounts.items():
            for name, deployment in account.deployments.items():
                if deployment.content_filter not in allowed and deployment.content_filter not in unvalidated:
                    problems.add(
                        ("accounts", key, "deployments", name, "content_filter"),
                        f"{quoted(deployment.content_filter)} is not a content filter of this stack: use one of "
                        f"{', '.join(allowed)}",
                        deployment.content_filter,
                    )
        for key, spec in self.content_filters.items():
            for blocklist in spec.blocklists:
                if blocklist not in self.blocklists and blocklist not in unvalidated:
                    known = ", ".join(sorted(self.blocklists)) or "none are defined"
                    problems.add(
                        ("content_filters", key, "blocklists", blocklist),
                        f"{quoted(blocklist)} is not a blocklist of this stack (blocklists: {known})",
                    )

    def _check_data_zone(
        self, problems: Problems, accounts: Mapping[str, AccountSpec], invalid: Mapping[str, Invalid] | None = None
    ) -> None:
        """Residency: every account in the zone, no globally processed sku. `invalid` names, for accounts that are
        only partly valid, the fields that are not (their region is then not judged)."""
        zone = self.data_zone
        if zone is None:
            return
        regions = catalog.DATA_ZONE_STANDARD_REGIONS[zone]
        for key, account in accounts.items():
            region_known = invalid is None or "region" not in invalid[key].fields
            if region_known and account.region not in regions:
                problems.add(
                    ("accounts", key, "region"),
                    f"{account.region} is outside the {zone} data zone set in data_zone: use one of "
                    f"{', '.join(sorted(regions))}",
                    account.region,
                )
            for name, deployment in account.deployments.items():
                if deployment.sku_facts.processing == "global":
                    problems.add(
                        ("accounts", key, "deployments", name, "sku"),
                        f"{deployment.sku} may process data in any region, which data_zone: {zone} forbids: "
                        "use a DataZone* or regional sku",
                        deployment.sku,
                    )

    def _check_private_endpoints(self, problems: Problems) -> None:
        for key, account in self.accounts.items():
            if account.private_endpoint is None:
                continue
            loc = ("accounts", key, "private_endpoint")
            if self.private_endpoint_subnet(key) is None:
                problems.add(
                    (*loc, "subnet_id"),
                    "a private endpoint needs a subnet: set it here or as private_access.subnet_id",
                )
            if self.private_access is None:
                problems.add(loc, "a private endpoint needs private DNS zones: add a private_access.dns_zones section")
                continue
            existing = self.private_access.dns_zones.existing
            if existing:
                missing = [z for z in catalog.PRIVATE_DNS_ZONES[account.kind] if z not in existing]
                if missing:
                    problems.add(
                        ("private_access", "dns_zones", "existing"),
                        f"accounts.{key} ({account.kind}) needs zones {', '.join(missing)}: add their ids",
                    )

    def _check_access(self, problems: Problems, unvalidated: frozenset[str]) -> None:
        """Grants name accounts of this stack, and no two grants make the same role assignment (Azure holds one per
        principal, role and scope, and refuses the second)."""
        made: dict[tuple[str, str, str], str] = {}
        for name, grant in self.access.items():
            for position, key in enumerate(grant.accounts or ()):
                if key not in self.accounts and key not in unvalidated:
                    known = ", ".join(sorted(self.accounts)) or "none"
                    problems.add(
                        ("access", name, "accounts", position),
                        f"{quoted(key)} is not an account of this stack (accounts: {known})",
                        key,
                    )
            for key in sorted(self.accounts):
                if not grant.applies_to(key):
                    continue
                assignment = (grant.principal_id.lower(), grant.role_guid, key)
                if assignment in made:
                    problems.add(
                        ("access", name),
                        f"grants {grant.role} to {grant.principal_id} on accounts.{key}, as access.{made[assignment]}"
                        " already does: Azure holds one role assignment per principal, role and account; remove one",
                    )
                else:
                    made[assignment] = name

    def _check_region_limits(self, problems: Problems) -> None:
        per_region = Counter((a.region, a.kind) for a in self.accounts.values())
        for (region, kind), count in per_region.items():
            limit = catalog.MAX_ACCOUNTS_PER_REGION[kind]
            if count > limit:
                problems.add(
                    ("accounts",),
                    f"{count} {kind} accounts in {region}; a subscription holds at most {limit} per region",
                )


def partial_stack_problems(raw: dict[str, Any]) -> Problems:
    """The stack-wide and account-wide rules, run over the parts of an invalid stack file that are valid on their
    own.

    Pydantic runs a model's rules only once all its fields are valid; this lets one run report a misplaced region
    or a dangling filter reference together with a typo elsewhere in the file.
    """
    problems = Problems()
    values, invalid_fields, invalid_keys = parse_fields(StackSpec, raw, _KEYED_SECTIONS)
    partial_accounts: dict[str, AccountSpec] = {}
    partial_invalid: dict[str, Invalid] = {}
    raw_accounts = raw.get("accounts")
    for key in invalid_keys.get("accounts", ()):
        item = raw_accounts[key] if isinstance(raw_accounts, dict) else None
        if isinstance(item, dict):
            account, invalid = _partial_account(item, problems, ("accounts", key))
            partial_accounts[key], partial_invalid[key] = account, invalid
    for name in ("accounts", "content_filters", "blocklists", "access"):
        values.setdefault(name, {})
    partial = StackSpec.model_construct(**values)
    unvalidated = frozenset(k for keys in invalid_keys.values() for k in keys)
    partial.check_stack_rules(problems, Invalid(frozenset(invalid_fields), unvalidated))
    if "data_zone" not in invalid_fields:
        partial._check_data_zone(problems, partial_accounts, partial_invalid)
    return problems


def _partial_account(raw: dict[str, Any], problems: Problems, loc: tuple[str, ...]) -> tuple[AccountSpec, Invalid]:
    """The account rules over the valid fields and deployments of an account that is not valid as a whole."""
    values, invalid_fields, invalid_keys = parse_fields(AccountSpec, raw, {"deployments": DeploymentSpec})
    invalid = Invalid(frozenset(invalid_fields), frozenset(invalid_keys.get("deployments", ())))
    account = AccountSpec.model_construct(**values)
    found = Problems()
    raw_deployments = raw.get("deployments")
    keys = list(raw_deployments) if isinstance(raw_deployments, dict) else []
    account.check_account_rules(found, invalid, [str(k) for k in keys])
    for key in invalid.keys:
        item = raw_deployments[key] if isinstance(raw_deployments, dict) else None
        if isinstance(item, dict):
            _partial_deployment(item, found, ("deployments", key))
    for where, message, value in found.found:
        problems.add((*loc, *where), message, value)
    return account, invalid


def _partial_deployment(raw: dict[str, Any], problems: Problems, loc: tuple[str, ...]) -> None:
    """The deployment rules over the valid fields of a deployment that is not valid as a whole."""
    values, invalid_fields, _ = parse_fields(DeploymentSpec, raw, {})
    deployment = DeploymentSpec.model_construct(**values)
    found = Problems()
    deployment.check_deployment_rules(found, frozenset(invalid_fields))
    for where, message, value in found.found:
        problems.add((*loc, *where), message, value)


def parse_fields(
    model: type[BaseModel], raw: dict[str, Any], keyed: Mapping[str, type[BaseModel]]
) -> tuple[dict[str, Any], set[str], dict[str, set[str]]]:
    """Each field of `model` validated on its own: (valid values, invalid or missing required fields, per keyed
    section the keys whose item is invalid). Items of a keyed section are validated one by one."""
    values: dict[str, Any] = {}
    invalid_fields: set[str] = set()
    invalid_keys: dict[str, set[str]] = {}
    for name, field in model.model_fields.items():
        if name not in raw:
            if field.is_required():
                invalid_fields.add(name)
            continue
        if name in keyed and isinstance(raw[name], dict):
            item_adapter = TypeAdapter(keyed[name])
            values[name] = {}
            for key, item in raw[name].items():
                try:
                    values[name][key] = item_adapter.validate_python(item)
                except ValidationError:
                    invalid_keys.setdefault(name, set()).add(key)
            continue
        try:
            # The field's own constraints (min_length, bounds) travel with its annotation.
            field_type: Any = Annotated[field.annotation, field]  # pyright: ignore[reportInvalidTypeForm]
            values[name] = TypeAdapter(field_type).validate_python(raw[name])
        except ValidationError:
            invalid_fields.add(name)
    return values, invalid_fields, invalid_keys


_KEYED_SECTIONS: dict[str, type[BaseModel]] = {
    "accounts": AccountSpec,
    "content_filters": ContentFilterSpec,
    "blocklists": BlocklistSpec,
    "access": AccessGrantSpec,
}
