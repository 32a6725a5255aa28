"""Stack policies: rules that join resources — spillover targets, filters, private access, diagnostics, residency,
PTU budgets. They read outputs and dependencies, as the engine supplies them after (or, where known, during) a run."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, PolicyResource, Severity, StackValidationArgs

from aoai_policies import facts
from aoai_policies.define import Settings, not_applicable, stack_policy, string_list
from aoai_policies.estate import Account, estate, name_of, zone_names
from aoai_policies.props import amount, flag, items, names, number, region, text, texts

Finding = tuple[str, str | None]


def _model(deployment: PolicyResource) -> tuple[str | None, str | None]:
    return (
        text(deployment.props, "properties", "model", "name"),
        text(deployment.props, "properties", "model", "version"),
    )


def _model_label(model: tuple[str | None, str | None]) -> str:
    return f"{model[0]} {model[1]}" if model[1] else f"{model[0]} (no version)"


def _spillover_findings(account: Account) -> Iterator[Finding]:
    by_name = {name_of(d): d for d in account.deployments}
    for name, deployment in sorted(by_name.items()):
        target_name = text(deployment.props, "properties", "spilloverDeploymentName")
        if not target_name:
            continue
        where = f"deployment '{name}' of account '{account.name}'"
        sku = text(deployment.props, "sku", "name")
        target = by_name.get(target_name)
        if target is None:
            yield f"{where} spills over to '{target_name}', which is not a deployment of that account.", deployment.urn
            continue
        target_sku = text(target.props, "sku", "name")
        if sku not in facts.PROVISIONED_SKUS:
            yield (
                f"{where} is not provisioned ({sku}), so it cannot spill over; remove spilloverDeploymentName.",
                deployment.urn,
            )
        elif target_sku in facts.PROVISIONED_SKUS:
            yield (
                f"{where} spills over to '{target_name}', which is itself provisioned ({target_sku}): the target must"
                f" be a {facts.SPILLOVER_TARGET_SKU.get(sku or '', 'standard')} deployment.",
                deployment.urn,
            )
        elif facts.DEPLOYMENT_SKUS.get(target_sku or "", ("", ""))[1] != "tokens":
            wanted = facts.SPILLOVER_TARGET_SKU.get(sku or "")
            such = f" such as {wanted}" if wanted else ""
            yield (
                f"{where} spills over to '{target_name}' ({target_sku}), which is not a standard deployment: the"
                f" target must be a standard deployment{such}.",
                deployment.urn,
            )
        if _model(deployment) != _model(target):
            yield (
                f"{where} serves {_model_label(_model(deployment))} but its spillover target '{target_name}' serves"
                f" {_model_label(_model(target))}: both must serve the same model and version.",
                deployment.urn,
            )
    yield from _spillover_cycles(account.name, by_name)


def _spillover_cycles(account_name: str, by_name: dict[str, PolicyResource]) -> Iterator[Finding]:
    reported: set[frozenset[str]] = set()
    for start in sorted(by_name):
        path = [start]
        while True:
            following = text(by_name[path[-1]].props, "properties", "spilloverDeploymentName")
            if not following or following not in by_name:
                break
            if following in path:
                cycle = path[path.index(following) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    loop = " → ".join([*cycle, following])
                    yield f"spillover in account '{account_name}' loops: {loop}.", by_name[following].urn
                break
            path.append(following)


def _spillover_target_valid(args: StackValidationArgs, _: Settings) -> Iterator[Finding]:
    for account in estate(args.resources).accounts:
        yield from _spillover_findings(account)


def _spillover_same_level(args: StackValidationArgs, _: Settings) -> Iterator[Finding]:
    for account in estate(args.resources).accounts:
        by_name = {name_of(d): d for d in account.deployments}
        for name, deployment in sorted(by_name.items()):
            sku = text(deployment.props, "sku", "name") or ""
            target = by_name.get(text(deployment.props, "properties", "spilloverDeploymentName") or "")
            if target is None:
                continue
            target_sku = text(target.props, "sku", "name")
            wanted = facts.SPILLOVER_TARGET_SKU.get(sku)
            if wanted is None or target_sku is None or target_sku == wanted:
                continue
            if facts.DEPLOYMENT_SKUS.get(target_sku, ("", ""))[1] != "tokens":
                continue  # not a standard deployment: stack-spillover-target-valid reports it
            yield (
                f"deployment '{name}' of account '{account.name}' ({sku}, {facts.DEPLOYMENT_SKUS[sku][0]} processing)"
                f" spills over to '{name_of(target)}' ({target_sku}, {facts.DEPLOYMENT_SKUS[target_sku][0]}"
                f" processing): its overflow is processed elsewhere than its baseline.",
                deployment.urn,
            )


def _filter_exists(args: StackValidationArgs, settings: Settings) -> Iterator[Finding]:
    built_ins = list(settings["allowedBuiltIns"])
    for account in estate(args.resources).accounts:
        policies = {name_of(p) for p in account.rai_policies}
        for deployment in account.deployments:
            policy = text(deployment.props, "properties", "raiPolicyName")
            if not policy or policy in policies or policy in built_ins:
                continue
            yield (
                f"deployment '{name_of(deployment)}' of account '{account.name}' uses content filter '{policy}', which"
                f" is neither a RAI policy of that account in this stack (it has: {names(sorted(policies))}) nor an"
                f" allowed built-in (allowed: {names(built_ins)}).",
                deployment.urn,
            )


def _private_endpoint(args: StackValidationArgs, _: Settings) -> Iterator[Finding]:
    found = estate(args.resources)
    for account in found.accounts:
        if text(account.resource.props, "properties", "publicNetworkAccess") != "Disabled":
            continue
        if not account.private_endpoints:
            yield (
                f"account '{account.name}' has public network access disabled but no private endpoint: no client"
                " can reach it.",
                account.urn,
            )
            continue
        kind = text(account.resource.props, "kind") or "OpenAI"
        needed = set(facts.PRIVATE_DNS_ZONES.get(kind, facts.PRIVATE_DNS_ZONES["OpenAI"]))
        for endpoint in account.private_endpoints:
            yield from _endpoint_findings(account, endpoint, needed, found.zone_groups.get(endpoint.urn, []))


def _endpoint_findings(
    account: Account, endpoint: PolicyResource, needed: set[str], groups: list[PolicyResource]
) -> Iterator[Finding]:
    label = f"private endpoint '{name_of(endpoint)}' to account '{account.name}'"
    group_ids = {
        group_id
        for key in ("privateLinkServiceConnections", "manualPrivateLinkServiceConnections")
        for connection in items(endpoint.props, key)
        for group_id in texts(connection, "groupIds")
    }
    if facts.PRIVATE_ENDPOINT_GROUP_ID not in group_ids:
        yield (
            f"{label} connects to groupIds {names(sorted(group_ids))}, not '{facts.PRIVATE_ENDPOINT_GROUP_ID}'.",
            endpoint.urn,
        )
    if not groups:
        yield (
            f"{label} has no private DNS zone group: the account's name keeps resolving to its public address.",
            endpoint.urn,
        )
        return
    missing = sorted(needed - set().union(*(zone_names(g) for g in groups)))
    if missing:
        yield f"{label} registers in no zone for {names(missing)}, which the account's kind needs.", endpoint.urn


def _diagnostics(args: StackValidationArgs, _: Settings) -> Iterator[Finding]:
    for account in estate(args.resources).accounts:
        if not account.diagnostic_settings:
            yield (
                f"account '{account.name}' has no diagnostic setting: its requests, errors and content-filter events"
                " are not logged.",
                account.urn,
            )
            continue
        enabled = [
            log
            for setting in account.diagnostic_settings
            for log in items(setting.props, "logs")
            if flag(log, "enabled")
        ]
        if not enabled:
            yield f"the diagnostic settings of account '{account.name}' enable no logs.", account.urn


def _residency(args: StackValidationArgs, settings: Settings) -> Iterator[Finding]:
    zone = settings.get("dataZone")
    if not zone:
        not_applicable(args, "no dataZone configured")
    regions = facts.DATA_ZONE_STANDARD_REGIONS[zone]
    for account in estate(args.resources).accounts:
        location = text(account.resource.props, "location")
        if region(location) not in regions:
            yield (
                f"account '{account.name}' is in {location or 'an unstated region'}, outside the {zone} data zone"
                f" ({names(list(regions))}).",
                account.urn,
            )
        for deployment in account.deployments:
            sku = text(deployment.props, "sku", "name")
            if sku in facts.GLOBAL_SKUS:
                yield (
                    f"deployment '{name_of(deployment)}' of account '{account.name}' uses {sku}, which may process"
                    f" data in any Azure region: use a DataZone or regional sku.",
                    deployment.urn,
                )


def _budget(args: StackValidationArgs, settings: Settings) -> Iterator[Finding]:
    budgets = dict(settings["budgets"])
    if not budgets:
        not_applicable(args, "no PTU budgets configured")
    totals: dict[str, list[tuple[str, float]]] = {}
    for account in estate(args.resources).accounts:
        for deployment in account.deployments:
            sku = text(deployment.props, "sku", "name")
            if sku is not None and sku in budgets:
                capacity = amount(deployment.props, "sku", "capacity") or 0
                totals.setdefault(sku, []).append((f"{account.name}/{name_of(deployment)}", capacity))
    for sku, entries in sorted(totals.items()):
        total = sum(capacity for _, capacity in entries)
        if total > budgets[sku]:
            parts = ", ".join(f"{label} {number(capacity)}" for label, capacity in sorted(entries))
            yield (
                f"{sku} deployments total {number(total)} PTU, over the budget of {number(budgets[sku])} PTU: {parts}.",
                None,
            )


POLICIES = [
    stack_policy(
        name="stack-spillover-target-valid",
        description=(
            "A provisioned deployment's spillover target must be a standard deployment of the same account, model"
            " and version, without loops."
        ),
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Point spilloverDeploymentName at a standard deployment of the same account serving the same model and"
            " version (aoai: spillover_to)."
        ),
        check=_spillover_target_valid,
        tags=["ptu", "resilience"],
    ),
    stack_policy(
        name="stack-spillover-same-processing-level",
        description=(
            "A provisioned deployment spills over to a standard deployment at its own data-processing level"
            " (global, data zone or regional), so that overflow is processed where the baseline is. Microsoft's"
            " spillover page (2026-03-04) asks only for a standard deployment, so this is advice."
        ),
        severity=Severity.MEDIUM,
        enforcement=EnforcementLevel.ADVISORY,
        remediation=(
            "Use the matching standard sku for the target (GlobalProvisionedManaged → GlobalStandard,"
            " DataZoneProvisionedManaged → DataZoneStandard, ProvisionedManaged → Standard; aoai: spillover_to)."
        ),
        check=_spillover_same_level,
        tags=["ptu", "residency"],
    ),
    stack_policy(
        name="stack-deployment-filter-exists",
        description="Every content filter a deployment names must exist in its account (or be an allowed built-in).",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Create the RAI policy in the same account in this stack, or name an allowed built-in (aoai: define"
            " the filter under content_filters and use its key as a deployment's content_filter)."
        ),
        settings={
            "allowedBuiltIns": string_list(
                list(facts.BUILTIN_RAI_POLICIES),
                "Built-in filters that exist in every account.",
                list(facts.BUILTIN_RAI_POLICIES),
            )
        },
        check=_filter_exists,
        tags=["responsible-ai"],
    ),
    stack_policy(
        name="stack-account-private-endpoint",
        description=(
            "Each account without public access must have a private endpoint (groupId"
            f" '{facts.PRIVATE_ENDPOINT_GROUP_ID}') registered in every private DNS zone its kind needs."
        ),
        severity=Severity.HIGH,
        remediation=(
            f"Give the account a private endpoint with groupId '{facts.PRIVATE_ENDPOINT_GROUP_ID}' and a DNS zone"
            f" group over {' and '.join(facts.PRIVATE_DNS_ZONES['OpenAI'])} (and"
            f" {facts.ZONE_AI_SERVICES} for AIServices) (aoai: private_endpoint and private_access)."
        ),
        check=_private_endpoint,
        tags=["network"],
    ),
    stack_policy(
        name="stack-account-diagnostics",
        description="Each account must send its logs to a diagnostic destination.",
        severity=Severity.MEDIUM,
        remediation="Add a diagnostic setting with logs enabled to each account (aoai: diagnostics.workspace_id).",
        check=_diagnostics,
        tags=["logging"],
    ),
    stack_policy(
        name="stack-data-zone-residency",
        description="With a data zone configured, every account is in that zone and no deployment uses a Global sku.",
        severity=Severity.CRITICAL,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Move accounts into the zone's regions and use DataZone* or regional skus instead of Global* ones"
            " (aoai: data_zone, an account's region, a deployment's sku)."
        ),
        settings={
            "dataZone": {
                "type": "string",
                "enum": list(facts.DATA_ZONE_STANDARD_REGIONS),
                "description": "The data zone (eu or us) data must stay in; unset means not applicable.",
            }
        },
        check=_residency,
        tags=["residency"],
    ),
    stack_policy(
        name="stack-provisioned-capacity-budget",
        description="The stack's provisioned throughput per sku must stay within budget.",
        severity=Severity.MEDIUM,
        remediation="Lower capacities or raise the budget after approval (aoai: a deployment's capacity).",
        settings={
            "budgets": {
                "type": "object",
                "propertyNames": {"enum": list(facts.PROVISIONED_SKUS)},
                "additionalProperties": {"type": "integer", "minimum": 0},
                "default": {},
                "description": "Most PTU all deployments of a provisioned sku may total; empty means not applicable.",
            }
        },
        check=_budget,
        tags=["ptu", "cost"],
    ),
]
