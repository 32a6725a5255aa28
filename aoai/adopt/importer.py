"""`aoai import`, after the reading: the stack of a live estate, planned and checked against what is live.

The stack is planned offline as `pulumi up` would run it (the project's program under mocks), and every planned
resource is matched to the live resource of the same id and compared property by property (`aoai.adopt.compare`).
What differs is what the first `pulumi up` after `pulumi import --file` would change: it is listed in the stack
file's header and in the report, never left for the preview to reveal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aoai import program
from aoai.adopt import compare
from aoai.adopt.import_file import ImportFile, import_file, logical_name
from aoai.adopt.live import LiveEstate
from aoai.adopt.stack_file import render
from aoai.adopt.translate import Adoption, adopt
from aoai.azure import types
from aoai.plan.build import document_of
from aoai.plan.engine import run_program
from aoai.policy import config as pack_config
from aoai.policy.evaluate import Verdict, evaluate
from aoai.spec.load import NAMESPACE, config_value
from aoai.spec.project import Project


@dataclass(frozen=True)
class Change:
    """A property the first `pulumi up` would change on a live resource."""

    resource: str
    """"<type name> <Azure name>", e.g. "Deployment aoai-dev/gpt-4o"."""
    difference: compare.Difference

    def __str__(self) -> str:
        return f"{self.resource}: {self.difference}"


@dataclass
class Imported:
    adoption: Adoption
    stack_text: str
    imports: ImportFile
    changes: list[Change] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    """The policy pack's verdicts on the estate as it is (the stack's own configuration, else the default)."""
    policy_config: str | None = None
    resources_compared: int = 0
    properties_compared: int = 0
    calls: int = 0


def live_bodies(live: LiveEstate) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every live resource aoai can manage, by id lower-cased: (its Pulumi type, its body)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}

    def add(type_: str, body: dict[str, Any]) -> None:
        if body.get("id"):
            found[str(body["id"]).lower().rstrip("/")] = (type_, body)

    for account in live.accounts:
        add(types.ACCOUNT, account.body)
        for deployment in account.deployments:
            add(types.DEPLOYMENT, deployment)
        for policy in account.rai_policies:
            add(types.RAI_POLICY, policy)
        for blocklist in account.blocklists:
            add(types.RAI_BLOCKLIST, blocklist)
        for endpoint in account.private_endpoints:
            add(types.PRIVATE_ENDPOINT, endpoint.body)
            for group in endpoint.zone_groups:
                add(types.PRIVATE_DNS_ZONE_GROUP, group)
        for setting in account.diagnostic_settings:
            add(types.DIAGNOSTIC_SETTING, setting)
    return found


def described(resource: Mapping[str, Any]) -> str:
    type_name = str(resource["type"]).rsplit(":", 1)[-1]
    if resource["type"] == types.BLOCKLIST_ITEMS:
        inputs = resource.get("inputs") or {}
        return f"items of blocklist {inputs.get('accountName')}/{inputs.get('raiBlocklistName')}"
    resource_id = str(resource.get("id") or "")
    parts = resource_id.split("/")
    # The Azure name, with its account for an account's children: ".../accounts/a/deployments/d" → "a/d".
    lowered = [p.lower() for p in parts]
    if "accounts" in lowered and lowered.index("accounts") + 3 < len(parts):
        at = lowered.index("accounts")
        return f"{type_name} {parts[at + 1]}/{parts[-1]}"
    return f"{type_name} {parts[-1] if resource_id else logical_name(str(resource['urn']))}"


def header(live: LiveEstate, imported: Imported, today: date) -> list[str]:
    adoption = imported.adoption
    lines = [
        f"Written by `aoai import` on {today.isoformat()} from subscription {live.subscription}, resource group"
        f" {live.resource_group}: every value is the live one.",
        "Review it, then adopt the resources with `pulumi import --file` (see docs/adopting.md).",
    ]
    if imported.changes:
        lines += ["", "Applying this stack CHANGES these live properties (aoai cannot state the live value):"]
        lines += [f"  - {change}" for change in imported.changes]
    if adoption.notes:
        lines += ["", "Why:"] + [f"  - {note}" for note in adoption.notes]
    mandatory = [v for v in imported.verdicts if v.mandatory]
    if mandatory:
        lines += ["", f"The estate as it is violates these mandatory policies ({imported.policy_config}):"]
        lines += [f"  - {v.policy}: {v.message}" for v in mandatory]
    if imported.imports.created:
        lines += [
            "",
            "Created by the first `pulumi up` (Pulumi cannot import dynamic resources), writing the same items again:",
        ]
        lines += [f"  - {described(r)}" for r in imported.imports.created]
    if imported.imports.missing:
        lines += ["", "Created by the first `pulumi up` (declared by this stack, not found in Azure):"]
        lines += [f"  - {described(r)}" for r in imported.imports.missing]
    if adoption.left_alone:
        lines += ["", "Not in this stack, left as they are in Azure (Pulumi will not manage them):"]
        lines += [f"  - {item}" for item in adoption.left_alone]
    return [*lines, ""]


def import_estate(live: LiveEstate, environment: str, project: Project, shown_path: str, today: date) -> Imported:
    """The stack of `live` for `environment`, its import file and what applying it would change."""
    adoption = adopt(live, environment, f"{shown_path}, as aoai import would write it (nothing was written)")
    config = {f"{NAMESPACE}:{key}": value for key, value in adoption.values.items()}
    plan = run_program(
        project.program or program.main,
        {key: config_value(value) for key, value in config.items()},
        stack=environment,
        project=project.name,
        subscription_id=live.subscription,
    )
    resources = document_of(plan).resources
    bodies = live_bodies(live)
    imports = import_file(resources, {key: body["id"] for key, (_, body) in bodies.items()})
    imported = Imported(adoption, "", imports, calls=live.calls)
    if adoption.spec is not None:
        policy_config = pack_config.config_file(project.folder, environment)
        chosen = policy_config if policy_config.is_file() else None
        evaluation = evaluate(plan, chosen, pack_config.stack_facts(adoption.spec, shown_path))
        imported.verdicts = evaluation.verdicts
        imported.policy_config = evaluation.config or "the pack's defaults"
    for resource in resources:
        _compare(imported, resource, bodies, live)
    imported.stack_text = render(adoption.values, header(live, imported, today))
    return imported


def _compare(
    imported: Imported, resource: Mapping[str, Any], bodies: Mapping[str, tuple[str, dict[str, Any]]], live: LiveEstate
) -> None:
    type_ = resource["type"]
    if not resource.get("custom"):
        return
    if type_ == types.BLOCKLIST_ITEMS:
        inputs = resource["inputs"]
        items = live.blocklist_items(str(inputs.get("accountName")), str(inputs.get("raiBlocklistName"))) or []
        found = compare.item_differences(items, inputs.get("items") or {})
        imported.resources_compared += 1
        imported.properties_compared += len(compare.flatten({"items": inputs.get("items") or {}}))
    elif type_ in compare.COMPARED_TYPES and str(resource.get("id") or "").lower().rstrip("/") in bodies:
        _, body = bodies[str(resource["id"]).lower().rstrip("/")]
        found, compared = compare.resource_differences(type_, resource["inputs"], body)
        imported.resources_compared += 1
        imported.properties_compared += compared
    else:
        return
    imported.changes += [Change(described(resource), difference) for difference in found]
