"""Warnings: valid configurations that a reviewer should still look at twice. They never block a plan."""

from __future__ import annotations

from datetime import date

from aoai.azure import catalog
from aoai.errors import Issue
from aoai.spec import availability
from aoai.spec.account import AccountSpec, DeploymentSpec
from aoai.spec.content_filter import ContentFilterSpec
from aoai.spec.stack import StackSpec
from aoai.validation.text import escaped


def warnings(spec: StackSpec, today: date | None = None) -> list[Issue]:
    """The plan's warnings; `today` (default: the machine's date) dates the retirement warnings."""
    found: list[Issue] = []
    for key, account in spec.accounts.items():
        found += _account_warnings(f"accounts.{key}", account)
        for name, deployment in account.deployments.items():
            found += _deployment_warnings(f"accounts.{key}.deployments.{name}", deployment)
    found += _spillover_levels(spec)
    found += _capacity_warnings(spec)
    found += _unverified_models(spec)
    found += _retiring_models(spec, today or availability.today())
    found += _unused_definitions(spec)
    for key, content_filter in spec.content_filters.items():
        found += _content_filter_warnings(f"content_filters.{key}", content_filter)
    return found


def _capacity_warnings(spec: StackSpec) -> list[Issue]:
    """A given capacity that differs from what a workload needs, or a spillover target too small for the rest."""
    found: list[Issue] = []
    for key, account in spec.accounts.items():
        for name, planned in spec.capacities(key).items():
            deployment = account.deployments[name]
            given, sized = deployment.capacity, planned.sized
            if given is None or sized is None or given == sized:
                continue
            where = f"accounts.{key}.deployments.{name}.capacity"
            if deployment.workload is not None:
                message = f"{given} is deployed, but the workload needs {sized} ({planned.derivation})"
                found.append(Issue(where, message))
            elif given < sized:
                found.append(Issue(where, f"{given} is less than the {sized} needed for {planned.derivation}"))
    return found


def _spillover_levels(spec: StackSpec) -> list[Issue]:
    """A spillover target at another data-processing level than its provisioned deployment: allowed by Azure's current
    documentation (LEARN-SPILLOVER asks only for a standard deployment of the same resource), but overflow is then
    processed elsewhere than the baseline."""
    found: list[Issue] = []
    for key, account in spec.accounts.items():
        for name, deployment in account.deployments.items():
            target = account.deployments.get(deployment.spillover_to or "")
            if target is None or not (deployment.sku_facts.provisioned and target.sku_facts.standard):
                continue
            wanted = catalog.SPILLOVER_TARGET_SKU[deployment.sku]
            if target.sku != wanted:
                found.append(
                    Issue(
                        f"accounts.{key}.deployments.{escaped(name)}.spillover_to",
                        f"{deployment.spillover_to!r} is {target.sku} ({target.sku_facts.processing} processing) but"
                        f" this {deployment.sku} deployment is {deployment.sku_facts.processing}: overflow is processed"
                        f" elsewhere than the baseline; use a {wanted} target to keep one processing level (Microsoft's"
                        " spillover page asks only for a standard deployment, so this is not refused)",
                    )
                )
    return found


def _unverified_models(spec: StackSpec) -> list[Issue]:
    """Models and versions the catalog does not list (maybe new, maybe a typo that only Azure would catch), and
    deployments whose availability is declared unverified."""
    found: list[Issue] = []
    for key, account in spec.accounts.items():
        for name, deployment in account.deployments.items():
            where = f"accounts.{key}.deployments.{escaped(name)}"
            unknown = availability.model_warning(deployment)
            if unknown is not None:
                found.append(Issue(f"{where}.model.{unknown[0]}", unknown[1]))
            elif deployment.availability == "unverified":
                found.append(
                    Issue(
                        f"{where}.availability",
                        "unverified: aoai does not check the catalog's regions for this deployment; `aoai preflight`"
                        " checks it against Azure",
                    )
                )
    return found


def _retiring_models(spec: StackSpec, today: date) -> list[Issue]:
    found: list[Issue] = []
    for key, account in spec.accounts.items():
        for name, deployment in account.deployments.items():
            why = availability.retirement_warning(deployment, today)
            if why is not None:
                found.append(Issue(f"accounts.{key}.deployments.{escaped(name)}.model.version", why))
    return found


def _unused_definitions(spec: StackSpec) -> list[Issue]:
    """Content filters and blocklists that no deployment uses: they are created in no account."""
    used_filters = {name for key in spec.accounts for name in spec.filters_used_by(key)}
    used_blocklists = {name for key in spec.accounts for name in spec.blocklists_used_by(key)}
    found = [
        Issue(
            f"content_filters.{escaped(key)}",
            "defined but used by no deployment: it is not created in any account",
        )
        for key in spec.content_filters
        if key not in used_filters
    ]
    found += [
        Issue(
            f"blocklists.{escaped(key)}",
            "defined but no content filter a deployment uses references it: it is not created in any account",
        )
        for key in spec.blocklists
        if key not in used_blocklists
    ]
    return found


def _account_warnings(base: str, account: AccountSpec) -> list[Issue]:
    found: list[Issue] = []
    if not account.public_network_access_enabled and account.private_endpoint is None:
        found.append(
            Issue(base, "public network access is disabled and there is no private endpoint: nothing can reach it")
        )
    if account.public_network_access_enabled and account.network_acls.default_action == "Allow":
        found.append(Issue(f"{base}.network_acls.default_action", "Allow opens the account to the whole internet"))
    return found


def _deployment_warnings(where: str, deployment: DeploymentSpec) -> list[Issue]:
    found: list[Issue] = []
    if deployment.spillover_to and deployment.sku in catalog.SPILLOVER_UNCONFIRMED:
        found.append(
            Issue(
                f"{where}.spillover_to",
                "Microsoft documents spillover for Global and DataZone provisioned deployments; regional "
                "ProvisionedManaged → Standard is unconfirmed",
            )
        )
    auto_upgraded = deployment.sku_facts.billing == catalog.AUTO_UPGRADED_BILLING
    if auto_upgraded and deployment.version_upgrade_option == "NoAutoUpgrade":
        found.append(
            Issue(f"{where}.version_upgrade_option", "NoAutoUpgrade deployments stop working when the model retires")
        )
    elif not auto_upgraded and "version_upgrade_option" in deployment.model_fields_set:
        found.append(
            Issue(
                f"{where}.version_upgrade_option",
                f"Azure updates only standard deployment types automatically, so it has no effect on {deployment.sku}:"
                " move the deployment to a new model version yourself before this one retires",
            )
        )
    if deployment.sku_facts.billing == "developer":
        found.append(Issue(f"{where}.sku", "DeveloperTier serves fine-tuned models only, with no SLA"))
    return found


def _content_filter_warnings(where: str, content_filter: ContentFilterSpec) -> list[Issue]:
    found: list[Issue] = []
    if content_filter.mode == "Asynchronous_filter":
        found.append(
            Issue(f"{where}.mode", "Asynchronous_filter needs Microsoft's approval (modified content filters)")
        )
    for category in catalog.HARM_CATEGORIES:
        for side in catalog.CONTENT_SOURCES:
            level = getattr(getattr(content_filter.categories, category), side.lower())
            if not (level.enabled and level.blocking):
                found.append(
                    Issue(
                        f"{where}.categories.{category}.{side.lower()}",
                        "turning a harm filter off or to annotate-only needs Microsoft's approval "
                        "(modified content filters)",
                    )
                )
    return found
