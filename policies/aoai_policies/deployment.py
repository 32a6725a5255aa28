"""Policies on `azure-native:cognitiveservices:Deployment` inputs: sku, model, upgrades, content filter, PTU."""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, ResourceValidationArgs, Severity

from aoai_policies import facts
from aoai_policies.define import Settings, not_applicable, resource_policy, string_list
from aoai_policies.props import amount, names, number, text

STEPS = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {"minimum": {"type": "integer", "minimum": 1}, "increment": {"type": "integer", "minimum": 1}},
        "required": ["minimum", "increment"],
    },
}


def _sku(args: ResourceValidationArgs) -> str | None:
    return text(args.props, "sku", "name")


def _model(args: ResourceValidationArgs) -> tuple[str | None, str | None]:
    return text(args.props, "properties", "model", "name"), text(args.props, "properties", "model", "version")


def _allowed_skus(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    sku = _sku(args)
    allowed = list(settings["allowedSkus"])
    if sku is None:
        yield f"sku.name is not set; allowed skus: {names(allowed)}."
    elif sku not in allowed:
        yield f"sku '{sku}' is not allowed; allowed skus: {names(allowed)}."


def _allowed_models(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    entries = [e for e in settings["allowedModels"] if isinstance(e, dict) and ("name" in e or "format" in e)]
    if not entries:
        not_applicable(args, "no allowedModels configured")
    name, version = _model(args)
    model_format = text(args.props, "properties", "model", "format") or "OpenAI"
    if any("name" not in e and e.get("format") == model_format for e in entries):
        return  # every model of this format is approved
    # A named entry approves that model of its format (OpenAI unless it says another publisher's).
    allowed = {(e["name"], e.get("format") or "OpenAI"): list(e.get("versions") or []) for e in entries if "name" in e}
    if (name, model_format) not in allowed:
        formats = sorted({f for n, f in allowed if n == name})
        if formats:
            yield (
                f"model '{name}' of format '{model_format}' is not allowed; '{name}' is allowed only as"
                f" {names(formats)}."
            )
            return
        labels = sorted(n if f == "OpenAI" else f"{n} ({f})" for n, f in allowed)
        labels += sorted(f"any {e['format']} model" for e in entries if "name" not in e)
        yield f"model '{name}' is not allowed; allowed models: {names(labels)}."
        return
    versions = allowed[(name, model_format)]
    if versions and version not in versions:
        stated = f"version '{version}'" if version else "an unpinned version"
        yield f"model '{name}' is deployed at {stated}; allowed versions: {names(versions)}."


def _pinned_version(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    name, version = _model(args)
    if not version:
        yield f"model '{name}' has no version: Azure deploys its current default and may move it to another."


def _upgrade_options(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    sku = _sku(args)
    if sku in facts.DEPLOYMENT_SKUS and facts.DEPLOYMENT_SKUS[sku][1] != facts.AUTO_UPGRADED_BILLING:
        return  # Azure updates only standard deployment types automatically (LEARN-MODEL-UPDATES)
    option = text(args.props, "properties", "versionUpgradeOption")
    allowed = list(settings["allowedOptions"])
    if option is None:
        yield f"versionUpgradeOption is not set (Azure reports null); allowed: {names(allowed)}."
    elif option not in allowed:
        consequence = (
            " The deployment stops working when its model version retires." if option == "NoAutoUpgrade" else ""
        )
        yield f"versionUpgradeOption '{option}' is not allowed; allowed: {names(allowed)}.{consequence}"


def _content_filter(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    policy = text(args.props, "properties", "raiPolicyName")
    allowed = list(settings["allowedBuiltIns"])
    if not policy:
        yield "raiPolicyName is not set: Azure applies its default content filter, which this stack does not state."
    elif policy in facts.BUILTIN_RAI_POLICIES and policy not in allowed:
        yield f"raiPolicyName '{policy}' is a built-in filter that is not allowed; allowed built-ins: {names(allowed)}."


def _spillover(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    sku = _sku(args)
    if sku not in facts.PROVISIONED_SKUS:
        return
    if not text(args.props, "properties", "spilloverDeploymentName"):
        target = facts.SPILLOVER_TARGET_SKU.get(sku or "", "standard")
        yield (
            f"provisioned deployment ({sku}) has no spilloverDeploymentName: requests beyond its PTUs fail with"
            f" HTTP 429 instead of spilling over to a {target} deployment."
        )


def _capacity_bounds(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    sku = _sku(args)
    if sku not in facts.PROVISIONED_SKUS:
        return
    capacity = amount(args.props, "sku", "capacity")
    if capacity is None:
        yield f"sku.capacity is not set on a {sku} deployment: state the PTUs to buy."
        return
    model, _ = _model(args)
    regional = facts.DEPLOYMENT_SKUS[sku][0] == "regional"
    steps = (
        settings["regionalModelSteps"].get(model or "")
        if regional
        else settings["globalModelSteps"].get(model or "") or settings["skuSteps"].get(sku)
    )
    if steps is None:
        yield (
            f"no PTU minimum and increment known for {sku} with model '{model}': add them to this policy's"
            " regionalModelSteps setting."
        )
        return
    # Settings arrive as protobuf doubles, like properties.
    minimum, increment = steps["minimum"], steps["increment"]
    maximum = settings["maximum"]
    if capacity < minimum:
        yield f"{number(capacity)} PTU is below the {sku} minimum of {number(minimum)} for '{model}'."
    elif (capacity - minimum) % increment:
        below = minimum + (capacity - minimum) // increment * increment
        yield (
            f"{number(capacity)} PTU is not a valid {sku} size for '{model}': sizes are {number(minimum)} plus steps"
            f" of {number(increment)} (nearest: {number(below)} or {number(below + increment)})."
        )
    if capacity > maximum:
        yield f"{number(capacity)} PTU is above the per-deployment maximum of {number(maximum)}."


_NOT_DEVELOPER = [sku for sku, (_, billing) in facts.DEPLOYMENT_SKUS.items() if billing != "developer"]

POLICIES = [
    resource_policy(
        name="deployment-allowed-skus",
        description="Model deployments must use an allowed deployment type (sku).",
        severity=Severity.MEDIUM,
        remediation="Choose an allowed sku (aoai: a deployment's sku).",
        settings={
            "allowedSkus": string_list(
                _NOT_DEVELOPER,
                "Deployment skus that may be used (DeveloperTier has no SLA and is left out).",
                list(facts.DEPLOYMENT_SKUS),
            )
        },
        check=_allowed_skus,
        tags=["cost", "residency"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-allowed-models",
        description="Model deployments must use an approved model and, where listed, an approved version.",
        severity=Severity.MEDIUM,
        remediation="Deploy an approved model and version (aoai: a deployment's model.name and model.version).",
        settings={
            "allowedModels": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "format": {"type": "string"},
                        "versions": {"type": "array", "items": {"type": "string"}},
                    },
                    "anyOf": [{"required": ["name"]}, {"required": ["format"]}],
                    "additionalProperties": False,
                },
                "default": [],
                "description": (
                    "Approved models: a name with optional versions and format (its publisher, default OpenAI), or"
                    " a format alone to approve all its models; empty means not applicable."
                ),
            }
        },
        check=_allowed_models,
        tags=["models"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-require-pinned-version",
        description="Model deployments must pin the model version.",
        severity=Severity.MEDIUM,
        remediation="Set properties.model.version (aoai: a deployment's model.version).",
        check=_pinned_version,
        tags=["models", "change-control"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-allowed-version-upgrade-options",
        description="Model deployments must use an allowed version upgrade option.",
        severity=Severity.LOW,
        remediation=(
            "Set properties.versionUpgradeOption to an allowed value (aoai: a deployment's version_upgrade_option)."
        ),
        settings={
            "allowedOptions": string_list(
                ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"],
                "Accepted upgrade options (NoAutoUpgrade stops working at model retirement).",
                list(facts.VERSION_UPGRADE_OPTIONS),
            )
        },
        check=_upgrade_options,
        tags=["models", "change-control"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-require-content-filter",
        description="Model deployments must name their content filter (RAI policy).",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Set properties.raiPolicyName to a content filter of the account (aoai: a deployment's content_filter)"
            " or to an allowed built-in."
        ),
        settings={
            "allowedBuiltIns": string_list(
                list(facts.BUILTIN_RAI_POLICIES),
                "Built-in filters deployments may name; empty requires a custom filter.",
                list(facts.BUILTIN_RAI_POLICIES),
            )
        },
        check=_content_filter,
        tags=["responsible-ai"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-provisioned-require-spillover",
        description="Provisioned (PTU) deployments must spill over to a standard deployment.",
        severity=Severity.MEDIUM,
        remediation=(
            "Set properties.spilloverDeploymentName to a standard deployment of the same account, model and"
            " data-processing level (aoai: a deployment's spillover_to)."
        ),
        check=_spillover,
        tags=["ptu", "resilience"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
    resource_policy(
        name="deployment-provisioned-capacity-bounds",
        description="Provisioned (PTU) deployments must buy a size Azure sells: the minimum plus whole increments.",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation="Set sku.capacity to the minimum plus a multiple of the increment (aoai: a deployment's capacity).",
        settings={
            "skuSteps": {
                **STEPS,
                "default": {
                    sku: dict(zip(("minimum", "increment"), facts.PTU_STEPS_GLOBAL_AND_DATAZONE, strict=True))
                    for sku, (level, billing) in facts.DEPLOYMENT_SKUS.items()
                    if billing == "ptu" and level != "regional"
                },
                "description": "PTU minimum and increment of global and data-zone skus, for models not listed below.",
            },
            "globalModelSteps": {
                **STEPS,
                "default": {
                    model: dict(zip(("minimum", "increment"), steps, strict=True))
                    for model, steps in facts.PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL.items()
                    if steps != facts.PTU_STEPS_GLOBAL_AND_DATAZONE
                },
                "description": (
                    "PTU minimum and increment of global and data-zone deployments of models whose steps differ from"
                    " skuSteps (partner models sold by Azure)."
                ),
            },
            "regionalModelSteps": {
                **STEPS,
                "default": {
                    model: dict(zip(("minimum", "increment"), steps, strict=True))
                    for model, steps in facts.PTU_STEPS_REGIONAL.items()
                },
                "description": "PTU minimum and increment of ProvisionedManaged (regional) deployments by model.",
            },
            "maximum": {
                "type": "integer",
                "minimum": 1,
                "default": facts.MAX_PTU_PER_DEPLOYMENT,
                "description": "Most PTU one deployment may have.",
            },
        },
        check=_capacity_bounds,
        tags=["ptu", "cost"],
        resource_type=facts.DEPLOYMENT_TYPE,
    ),
]
