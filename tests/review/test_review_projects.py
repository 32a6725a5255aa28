"""Foundry projects in a review: deleting or replacing one loses its agents and data, which a reviewer must approve."""

from __future__ import annotations

import json

from conftest import baseline, mutate, plan_of
from policy_kit import CONFIG_DIR
from review_kit import dropped

from aoai.plan.build import document_of
from aoai.plan.document import PlanDocument
from aoai.plan.engine import Plan
from aoai.policy.evaluate import evaluate
from aoai.review.deltas import review


def _document(plan: Plan) -> PlanDocument:
    return PlanDocument.from_json(json.loads(document_of(plan, evaluate(plan, CONFIG_DIR / "default.json")).to_text()))


def _with_projects() -> Plan:
    raw = mutate(baseline(), ("accounts", "sweden", "kind"), "AIServices")
    return plan_of(mutate(raw, ("accounts", "sweden", "projects"), {"support-bot": {}}))


def test_deleting_a_project_is_destructive() -> None:
    base = _with_projects()
    head = dropped(base, "aoai-sweden-project-support-bot")
    found = [(r.kind, r.resource, r.reason) for r in review(_document(base), _document(head)).risks]
    assert found == [
        (
            "destructive",
            "aoai-sweden-project-support-bot",
            "Foundry project support-bot of account aoai-test-swc is deleted: its agents, threads, files and"
            " connections go with it",
        )
    ]


def test_adding_a_project_is_not_a_risk() -> None:
    base = plan_of(mutate(baseline(), ("accounts", "sweden", "kind"), "AIServices"))
    head = _with_projects()
    assert review(_document(base), _document(head)).risks == []
