"""Whether Azure offers a deployment's model, version and sku in its account's region, per the catalog's model
matrix (generated from Microsoft's published tables; see `catalog.CATALOG_DATE`), and how far its version is from
retirement. The matrix lags Azure: a region it does not list is an error a deployment can waive with
`availability: unverified`, and a model or version it does not know is only warned (`aoai preflight` asks Azure)."""

from __future__ import annotations

import os
from datetime import date
from typing import Final, Protocol

from aoai.azure import catalog
from aoai.errors import Issue, UsageError
from aoai.validation.text import quoted


class _Model(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...


class Deployment(Protocol):
    """What these rules read of a deployment (aoai.spec.account.DeploymentSpec, which imports this module)."""

    @property
    def model(self) -> _Model: ...
    @property
    def sku(self) -> str: ...
    @property
    def availability(self) -> str: ...
    @property
    def version_upgrade_option(self) -> str: ...
    @property
    def sku_facts(self) -> catalog.SkuFacts: ...


RETIREMENT_NOTICE_DAYS: Final = 90
"""A version retiring within this many days is warned: aoai's own horizon, a quarter to plan the move."""


TODAY_VARIABLE: Final = "AOAI_TODAY"
"""An ISO date to judge retirements on instead of the machine's: for a review that reads the same on every day it is
re-run, and for tests."""


def today() -> date:
    """The date retirements are judged on: `AOAI_TODAY` when set, else the machine's."""
    stated = os.environ.get(TODAY_VARIABLE)
    if stated is None:
        return date.today()
    try:
        return date.fromisoformat(stated)
    except ValueError:
        raise UsageError(
            f"the environment variable {TODAY_VARIABLE}",
            [Issue(TODAY_VARIABLE, f"{quoted(stated)} is not a date: write it as YYYY-MM-DD, or unset it")],
        ) from None


def _tables() -> str:
    return f"Microsoft's model tables of {catalog.CATALOG_DATE.isoformat()}"


def region_problem(region: str, deployment: Deployment) -> str | None:
    """Why the catalog says `deployment` cannot be made in `region`, or None (offered, waived, or not stated)."""
    if deployment.availability == "unverified":
        return None
    model, version, sku = deployment.model.name, deployment.model.version, deployment.sku
    regions = catalog.offered_regions(model, version, sku)
    if regions is None:
        # Microsoft's table of a sku lists every model version it offers: a version the tables know that this one
        # does not list is not offered on it. A sku without a table, or a version none lists, is not stated.
        if sku not in catalog.MATRIX_SKUS or version not in catalog.offered_versions(model):
            return None
        regions = frozenset()
    if region in regions:
        return None
    where = f"{model} {version} on {sku}"
    if regions:
        offered = f"it is offered in {', '.join(sorted(regions))}: deploy it from an account in one of those regions"
    else:
        skus = sorted(s for s in catalog.DEPLOYMENT_SKUS if catalog.offered_regions(model, version, s))
        offered = f"it is offered in no region on {sku}" + (f"; it is on {', '.join(skus)}" if skus else "")
    return (
        f"{where} is not offered in {region} ({_tables()}); {offered}, or choose another sku. If Azure offers it now,"
        " set availability: unverified on this deployment (`aoai preflight` then checks it against Azure)"
    )


def model_warning(deployment: Deployment) -> tuple[str, str] | None:
    """(`name` or `version`, why) when the catalog does not know the model or its version."""
    model, version = deployment.model.name, deployment.model.version
    known = catalog.KNOWN_MODEL_VERSIONS.get(model)
    if known is None and catalog.model_format(model) is None:
        return "name", (
            f"model {quoted(model)} is not in aoai's catalog ({_tables()}): unverified offline; `aoai preflight`"
            " checks it against Azure"
        )
    # KNOWN_MODEL_VERSIONS already holds every version the matrices offer; a partner model may list none.
    if known and version not in known:
        return "version", (
            f"{model} version {quoted(version)} is not in aoai's catalog ({_tables()}; known:"
            f" {', '.join(sorted(known))}): unverified offline; `aoai preflight` checks it against Azure"
        )
    return None


def retirement_warning(deployment: Deployment, today: date) -> str | None:
    """Why a deployment's version is retired or retires within RETIREMENT_NOTICE_DAYS of `today`, or None."""
    model, version = deployment.model.name, deployment.model.version
    _, retires = catalog.retirement(model, version)
    if retires is None:
        return None
    days = (retires - today).days
    if days > RETIREMENT_NOTICE_DAYS:
        return None
    when = f"retired on {retires.isoformat()}" if days < 0 else f"retires on {retires.isoformat()}, in {days} days"
    if deployment.sku_facts.billing == catalog.AUTO_UPGRADED_BILLING:
        then = {
            "NoAutoUpgrade": "this deployment then stops working",
            "OnceCurrentVersionExpired": "Azure then moves this deployment to the default version",
            "OnceNewDefaultVersionAvailable": "Azure moves this deployment to the default version",
        }[deployment.version_upgrade_option]
    else:
        then = "Azure does not move provisioned or batch deployments by itself"
    return f"{model} {version} {when} ({_tables()}): {then}; pin a newer version"
