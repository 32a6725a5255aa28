"""Preflight checks: what Azure would refuse, found before `pulumi up` writes anything.

Each check turns what `aoai.preflight.fetch.observe` read into results: pass, warn (deployable, but look), fail (Azure
would refuse, or a name is blocked) or error (the listing it needs could not be read; the other checks still run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final, Literal

from aoai.azure import catalog
from aoai.capacity.sizing import nearest_sizes
from aoai.preflight.fetch import Fetched, ModelKey, Observed
from aoai.spec import DeploymentSpec, StackSpec
from aoai.spec.content_filter import ContentFilterSpec

Status = Literal["pass", "warn", "fail", "error"]
CHECKS: Final = (
    "model-offered",
    "model-lifecycle",
    "capacity-range",
    "quota",
    "ptu-capacity",
    "subdomain",
    "soft-deleted",
    "content-filters",
)
RETIREMENT_WARNING: Final = timedelta(days=90)
"""A model version retiring within this long is a warning: plan the upgrade before the deployment stops."""


@dataclass(frozen=True)
class CheckResult:
    check: str
    target: str
    status: Status
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "target": self.target, "status": self.status, "detail": self.detail}


def _model_key(deployment: DeploymentSpec) -> ModelKey:
    return deployment.model.format, deployment.model.name, deployment.model.version


def _offers(models: list[Any], key: ModelKey, kind: str) -> list[Any]:
    """Listing entries for one model version, the account's kind first."""
    found = [m for m in models if (m.model.format, m.model.name, m.model.version) == key]
    return sorted(found, key=lambda m: m.kind != kind)


def _sku(entries: list[Any], name: str) -> Any | None:
    return next((s for entry in entries for s in entry.model.skus or [] if s.name == name), None)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class _Deployment:
    account_key: str
    account: Any
    name: str
    spec: DeploymentSpec
    capacity: int

    @property
    def target(self) -> str:
        return f"{self.account.name}/{self.name}"


def _deployments(spec: StackSpec) -> list[_Deployment]:
    return [
        _Deployment(key, account, deployment.physical_name(name), deployment, spec.capacities(key)[name].value)
        for key, account in spec.accounts.items()
        for name, deployment in account.deployments.items()
    ]


def _listing_error(fetched: Fetched[Any] | None) -> str | None:
    if fetched is None:
        return "not read"
    return fetched.error


def _model_checks(d: _Deployment, seen: Observed, today: date) -> Iterator[CheckResult]:
    region = d.account.region
    listing = seen.models.get(region)
    failure = _listing_error(listing)
    if failure is not None:
        for check in ("model-offered", "model-lifecycle", "capacity-range"):
            yield CheckResult(check, d.target, "error", f"cannot list the models of {region}: {failure}")
        return
    models = listing.value or [] if listing else []
    key = _model_key(d.spec)
    entries = _offers(models, key, d.account.kind)
    model = f"{key[1]} {key[2]}"
    if not entries:
        versions = sorted({m.model.version for m in models if (m.model.format, m.model.name) == key[:2]})
        offered = f"versions offered there: {', '.join(versions)}" if versions else f"{key[1]} is not offered there"
        yield CheckResult("model-offered", d.target, "fail", f"{model} is not offered in {region} ({offered})")
        return
    sku = _sku(entries, d.spec.sku)
    if sku is None:
        skus = sorted({s.name for e in entries for s in e.model.skus or []})
        detail = f"{model} is offered in {region}, but not as {d.spec.sku} (skus: {', '.join(skus) or 'none'})"
        yield CheckResult("model-offered", d.target, "fail", detail)
        return
    yield CheckResult("model-offered", d.target, "pass", f"{model} as {d.spec.sku} in {region}")
    yield _lifecycle(d, entries[0], sku, today)
    yield _capacity_range(d, sku)


def _lifecycle(d: _Deployment, entry: Any, sku: Any, today: date) -> CheckResult:
    deprecation = getattr(entry.model, "deprecation", None)
    retires = [x for x in (_date(getattr(deprecation, "inference", None)), _date(sku.deprecation_date)) if x]
    status = entry.model.lifecycle_status
    if retires:
        when = min(retires)
        if when <= today:
            return CheckResult(
                "model-lifecycle", d.target, "fail", f"retired on {when.isoformat()}: pick a newer version"
            )
        if when - today <= RETIREMENT_WARNING:
            detail = f"retires on {when.isoformat()}, in {(when - today).days} days: plan the upgrade"
            return CheckResult("model-lifecycle", d.target, "warn", detail)
    if status in ("Deprecating", "Deprecated"):
        return CheckResult("model-lifecycle", d.target, "warn", f"lifecycle status {status}")
    until = f"; retires on {min(retires).isoformat()}" if retires else ""
    return CheckResult("model-lifecycle", d.target, "pass", f"lifecycle status {status or 'unknown'}{until}")


def _capacity_range(d: _Deployment, sku: Any) -> CheckResult:
    limits = sku.capacity
    if limits is None:
        return CheckResult("capacity-range", d.target, "pass", "no capacity limits listed")
    low, high, step = limits.minimum or 1, limits.maximum, limits.step or 1
    problems = []
    if d.capacity < low:
        problems.append(f"below the minimum {low}")
    if high is not None and d.capacity > high:
        problems.append(f"above the maximum {high}")
    if d.capacity >= low and (d.capacity - low) % step:
        below, above = nearest_sizes(d.capacity, low, step)
        problems.append(f"not {low} plus a multiple of {step} (nearest: {below} or {above})")
    bounds = f"{low}–{high if high is not None else '…'} in steps of {step}"
    if problems:
        return CheckResult("capacity-range", d.target, "fail", f"{d.capacity} is {'; '.join(problems)} ({bounds})")
    return CheckResult("capacity-range", d.target, "pass", f"{d.capacity} within {bounds}")


def _held(d: _Deployment, seen: Observed) -> int:
    """What the deployment already holds in Azure (0 when it does not exist yet)."""
    existing = seen.deployments.get(d.account_key)
    for deployment in (existing.value if existing and existing.value else []) or []:
        if deployment.name == d.name and deployment.sku is not None:
            return deployment.sku.capacity or 0
    return 0


def _quota(deployments: list[_Deployment], seen: Observed) -> Iterator[CheckResult]:
    needs: dict[tuple[str, str], list[_Deployment]] = {}
    unreadable = sorted({d.account.region for d in deployments if _listing_error(seen.models.get(d.account.region))})
    for region in unreadable:
        failure = _listing_error(seen.models.get(region))
        yield CheckResult("quota", region, "error", f"cannot tell which quotas the deployments use: {failure}")
    for d in deployments:
        listing = seen.models.get(d.account.region)
        if listing is None or listing.value is None:
            continue
        sku = _sku(_offers(listing.value, _model_key(d.spec), d.account.kind), d.spec.sku)
        if sku is not None and sku.usage_name:
            needs.setdefault((d.account.region, sku.usage_name), []).append(d)
    for (region, usage_name), users in sorted(needs.items()):
        target = f"{region} {usage_name}"
        usages = seen.usages.get(region)
        failure = _listing_error(usages)
        if failure is not None:
            yield CheckResult("quota", target, "error", f"cannot list the usages of {region}: {failure}")
            continue
        usage = next((u for u in usages.value or [] if u.name and u.name.value == usage_name), None) if usages else None
        if usage is None:
            yield CheckResult("quota", target, "fail", f"the subscription has no quota named {usage_name} in {region}")
            continue
        planned = sum(d.capacity for d in users)
        more = planned - sum(_held(d, seen) for d in users)
        free = (usage.limit or 0) - (usage.current_value or 0)
        numbers = f"needs {max(more, 0):g} more ({planned:g} planned), {free:g} of {usage.limit:g} free"
        names = ", ".join(d.target for d in users)
        if more > free:
            advice = "request more quota or plan less capacity"
            yield CheckResult("quota", target, "fail", f"{numbers}: {advice} ({names})")
        else:
            yield CheckResult("quota", target, "pass", f"{numbers} ({names})")


def _ptu_capacity(d: _Deployment, seen: Observed) -> Iterator[CheckResult]:
    if not d.spec.sku_facts.provisioned:
        return
    key = _model_key(d.spec)
    here = seen.capacity_here.get((d.account.region, key))
    failure = _listing_error(here)
    if failure is not None:
        yield CheckResult(
            "ptu-capacity", d.target, "error", f"cannot read the capacity of {d.account.region}: {failure}"
        )
        return
    needed = d.capacity - _held(d, seen)
    available = sum(
        item.properties.available_capacity or 0
        for item in (here.value or [] if here else [])
        if item.properties and item.properties.sku_name == d.spec.sku
    )
    if needed <= available:
        detail = f"{available:g} PTU of {d.spec.sku} available in {d.account.region}, {max(needed, 0):g} needed"
        yield CheckResult("ptu-capacity", d.target, "pass", detail)
        return
    detail = f"only {available:g} PTU of {d.spec.sku} available in {d.account.region}, {needed:g} needed"
    yield CheckResult("ptu-capacity", d.target, "warn", f"{detail}; {_elsewhere(d, key, needed, seen)}")


def _elsewhere(d: _Deployment, key: ModelKey, needed: int, seen: Observed) -> str:
    anywhere = seen.capacity_anywhere.get(key)
    if anywhere is None or anywhere.value is None:
        return f"regions with capacity unknown ({anywhere.error if anywhere else 'not read'})"
    regions = sorted(
        (
            (item.location, item.properties.available_capacity)
            for item in anywhere.value
            if item.properties
            and item.properties.sku_name == d.spec.sku
            and (item.properties.available_capacity or 0) >= needed
            and item.location != d.account.region
        ),
        key=lambda pair: -pair[1],
    )
    if not regions:
        return "no other region has that much"
    return "available in " + ", ".join(f"{region} ({capacity:g})" for region, capacity in regions[:5])


def _subdomain(key: str, account: Any, seen: Observed) -> CheckResult:
    target, wanted = account.name, account.custom_subdomain
    found = seen.accounts.get(key)
    failure = _listing_error(found)
    if failure is not None:
        return CheckResult("subdomain", target, "error", f"cannot read account {account.name}: {failure}")
    existing = found.value if found else None
    if existing is not None:
        current = existing.properties.custom_sub_domain_name if existing.properties else None
        if (current or "").lower() == wanted.lower():
            return CheckResult("subdomain", target, "pass", f"the account exists with subdomain {wanted}")
        detail = (
            f"the account exists with subdomain {current}; a custom subdomain cannot change, so {wanted} means a new"
            " account: keep the current subdomain or choose another account name"
        )
        return CheckResult("subdomain", target, "fail", detail)
    availability = seen.subdomains.get(key)
    failure = _listing_error(availability)
    if failure is not None:
        return CheckResult("subdomain", target, "error", f"cannot check subdomain {wanted}: {failure}")
    result = availability.value if availability else None
    if result is not None and result.is_subdomain_available:
        return CheckResult("subdomain", target, "pass", f"{wanted} is available")
    reason = f" ({result.reason})" if result is not None and result.reason else ""
    detail = f"{wanted} is taken{reason}: set the account's subdomain to another name"
    return CheckResult("subdomain", target, "fail", detail)


_DELETED_ID = re.compile(r"/locations/([^/]+)/resourceGroups/([^/]+)/deletedAccounts/([^/]+)$", re.IGNORECASE)


def _soft_deleted(account: Any, seen: Observed) -> CheckResult:
    target = account.name
    if seen.deleted.error is not None:
        return CheckResult("soft-deleted", target, "error", f"cannot list soft-deleted accounts: {seen.deleted.error}")
    wanted = {account.name.lower(), account.custom_subdomain.lower()}
    for deleted in seen.deleted.value or []:
        subdomain = deleted.properties.custom_sub_domain_name if deleted.properties else None
        if {(deleted.name or "").lower(), (subdomain or "").lower()} & wanted:
            match = _DELETED_ID.search(deleted.id or "")
            location, group, name = match.groups() if match else (deleted.location, "<resource-group>", deleted.name)
            where = f"--name {name} --resource-group {group} --location {location}"
            purge = deleted.properties.scheduled_purge_date if deleted.properties else None
            until = f" (Azure purges it on {purge})" if purge else f" (for {catalog.ACCOUNT_SOFT_DELETE_HOURS} h)"
            detail = (
                f"soft-deleted account {name} holds this name or subdomain{until}. Recover it with `az"
                f" cognitiveservices account recover {where}` and import it (`pulumi import`), or free the name with"
                f" `az cognitiveservices account purge {where}` (needs rights at subscription scope)"
            )
            return CheckResult("soft-deleted", target, "fail", detail)
    return CheckResult("soft-deleted", target, "pass", "no soft-deleted account holds the name or subdomain")


def filter_names(content_filter: ContentFilterSpec) -> set[str]:
    """The RAI content filters a policy switches on, by their ARM names."""
    names = set(catalog.HARM_CATEGORIES.values())
    shields = content_filter.prompt_shields
    names |= {catalog.PROMPT_SHIELDS[k] for k in catalog.PROMPT_SHIELDS if getattr(shields, k)}
    material = content_filter.protected_material
    names |= {catalog.PROTECTED_MATERIAL[k] for k in catalog.PROTECTED_MATERIAL if getattr(material, k)}
    if content_filter.profanity:
        names.add(catalog.PROFANITY)
    return names


def _content_filters(spec: StackSpec, seen: Observed) -> Iterator[CheckResult]:
    for region in sorted({a.region for a in spec.accounts.values()}):
        wanted: set[str] = set()
        for key, account in spec.accounts.items():
            if account.region == region:
                for used in spec.filters_used_by(key):
                    wanted |= filter_names(spec.content_filters[used])
        if not wanted:
            continue
        listing = seen.content_filters.get(region)
        failure = _listing_error(listing)
        if failure is not None:
            yield CheckResult("content-filters", region, "error", f"cannot list the content filters: {failure}")
            continue
        offered = {
            (f.properties.name if f.properties else None) or f.name for f in (listing.value or [] if listing else [])
        }
        missing = sorted(wanted - offered)
        if missing:
            yield CheckResult("content-filters", region, "fail", f"not offered in {region}: {', '.join(missing)}")
        else:
            yield CheckResult("content-filters", region, "pass", f"{len(wanted)} filters offered")


def check_stack(spec: StackSpec, seen: Observed, today: date) -> list[CheckResult]:
    """Every check's verdict, in the order of CHECKS, then by target."""
    deployments = _deployments(spec)
    found: list[CheckResult] = []
    for d in deployments:
        found += _model_checks(d, seen, today)
        found += _ptu_capacity(d, seen)
    found += _quota(deployments, seen)
    for key, account in spec.accounts.items():
        found.append(_subdomain(key, account, seen))
        found.append(_soft_deleted(account, seen))
    found += _content_filters(spec, seen)
    return sorted(found, key=lambda v: (CHECKS.index(v.check), v.target))
