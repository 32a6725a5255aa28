"""Plans of the shipped stacks as `aoai diff` reads them, and the edits review tests make to them."""

from __future__ import annotations

import copy
import json
import re

from conftest import ROOT
from policy_kit import CONFIG_DIR

from aoai.plan.build import document_of
from aoai.plan.document import PlanDocument
from aoai.plan.engine import Plan
from aoai.policy.evaluate import evaluate
from aoai.spec.load import read_stack_file, spec_from_config

SWEDEN = "aoai-sweden-account"
FRANCE = "aoai-france-account"
PTU = "aoai-sweden-deployment-chat-ptu"
STANDARD = "aoai-sweden-deployment-chat"
POLICY = "aoai-sweden-policy-strict"


def document(plan: Plan) -> PlanDocument:
    """The plan as `aoai plan --format json` writes it: data zone from the stack file, verdicts from its config."""
    stack_file = ROOT / "stacks" / f"Pulumi.{plan.stack}.yaml"
    plan.data_zone = spec_from_config(read_stack_file(stack_file), str(stack_file)).data_zone
    evaluation = evaluate(plan, CONFIG_DIR / f"{plan.stack}.json")
    return PlanDocument.from_json(json.loads(document_of(plan, evaluation).to_text()))


def dropped(plan: Plan, *names: str) -> Plan:
    plan = copy.deepcopy(plan)
    plan.resources = [r for r in plan.resources if r.name not in names]
    return plan


def renamed_key(plan: Plan, old: str, new: str) -> Plan:
    """The plan as the program writes it after the account key `old` is renamed `new` in the stack file: the
    account's component and every resource named after it get the new name; Azure names stay."""
    plan = copy.deepcopy(plan)
    pattern = re.compile(rf"(^|::)aoai-{re.escape(old)}(?=-|$)")

    def rename(text: str) -> str:
        return pattern.sub(rf"\g<1>aoai-{new}", text)

    for resource in plan.resources:
        resource.urn, resource.name = rename(resource.urn), rename(resource.name)
        resource.parent = rename(resource.parent) if resource.parent else None
        resource.dependencies = [rename(d) for d in resource.dependencies]
        resource.property_dependencies = {k: [rename(u) for u in v] for k, v in resource.property_dependencies.items()}
    plan.resources.sort(key=lambda r: r.urn)
    return plan
