"""The review as a pull-request comment: a Markdown snapshot, Mermaid that parses, and GitHub's size limit.

Set AOAI_UPDATE_SNAPSHOTS=1 to rewrite the snapshot after an intended change, then read its diff before committing.
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from typing import Any

import pytest
from conftest import ROOT
from policy_kit import shipped_plan, with_inputs
from review_kit import FRANCE, PTU, SWEDEN, document, dropped, renamed_key

from aoai.azure import types
from aoai.plan.document import PlanDocument
from aoai.review import markdown as render_review
from aoai.review.deltas import Review, review
from aoai.review.markdown import markdown, marker, summary_line
from aoai.review.mermaid import estate_diagram, node_label

SNAPSHOT = ROOT / "tests" / "snapshots" / "review-prod.md"
NODE_ID = re.compile(r"^[a-z]+_[0-9]+$")


def example() -> Review:
    """PTU shrunk in Sweden, Sweden opened to the internet, France's private endpoint removed."""
    head = with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 35})
    head = with_inputs(head, SWEDEN, {"properties.publicNetworkAccess": "Enabled", "tags.owner": "ai-team"})
    head = dropped(head, "aoai-france-private-endpoint", "aoai-france-private-dns")
    return review(document(shipped_plan("prod")), document(head))


def test_markdown_snapshot() -> None:
    text = markdown(example()) + "\n"
    if os.environ.get("AOAI_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_comment_opens_with_its_marker_and_verdict() -> None:
    lines = markdown(example()).splitlines()
    assert lines[:4] == [
        marker("prod"),
        "## aoai diff · `prod`",
        "",
        "⛔ **Needs approval: 1 destructive, 2 exposure risks."
        " 0 to create · 2 to update · 0 to replace · 2 to delete.**",
    ]


def test_a_change_free_review_says_so() -> None:
    text = markdown(review(document(shipped_plan("prod")), document(shipped_plan("prod"))))
    assert "✅ **No changes to Azure resources.**" in text
    assert "### Risks" not in text


def _statements(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines()[1:]]


def _declared(source: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\s*([a-z]+_[0-9]+)(?:\[|\(\[)", source, re.MULTILINE)]


@pytest.mark.parametrize("scenario", ["example", "new dev stack", "prod region moved"])
def test_mermaid_is_well_formed(scenario: str) -> None:
    if scenario == "example":
        result = example()
    elif scenario == "new dev stack":
        result = review(None, document(shipped_plan("dev")))
    else:
        head = with_inputs(shipped_plan("prod"), SWEDEN, {"location": "westeurope"})
        result = review(document(shipped_plan("prod")), document(dropped(head, FRANCE)))
    source = estate_diagram(result.head, result.base, result.changes)
    statements = _statements(source)
    assert source.startswith("flowchart LR\n")
    assert sum(s.startswith("subgraph ") for s in statements) == statements.count("end") > 0
    declared = _declared(source)
    assert all(NODE_ID.match(i) for i in declared)
    assert not [i for i, n in Counter(declared).items() if n > 1 and not i.startswith("region_")]
    referenced = {i for s in statements if "-->" in s or ".->" in s for i in re.findall(r"\b[a-z]+_[0-9]+\b", s)}
    assert referenced <= set(declared)
    for labelled in re.findall(r'\["(.*?)"\]', source):
        assert not set(labelled.replace("<br/>", "")) & set('"<>`')


def test_deleted_resources_are_drawn_from_the_base_plan() -> None:
    source = estate_diagram(example().head, example().base, example().changes)
    assert 'endpoint_0(["pe-aoai-prod-frc<br/>(deleted)"])' in source
    assert "class endpoint_0 deleted" in source
    assert re.search(r"class account_1,deployment_\d updated", source)


def test_labels_escape_mermaid_markup() -> None:
    assert node_label('a"b', "<c>&#d`") == '"a#quot;b<br/>#lt;c#gt;#amp;#35;d#96;"'


def test_an_oversized_comment_drops_details_then_the_diagram(monkeypatch: pytest.MonkeyPatch) -> None:
    full = markdown(example())
    without_details = len(full) - 1
    monkeypatch.setattr(render_review, "COMMENT_LIMIT", without_details)
    shorter = markdown(example())
    assert "<details>" not in shorter
    assert "```mermaid" in shorter
    assert "Property details are left out" in shorter
    monkeypatch.setattr(render_review, "COMMENT_LIMIT", len(shorter) - 1)
    shortest = markdown(example())
    assert "```mermaid" not in shortest
    assert "### Changes" in shortest


def test_the_readme_example_is_taken_from_the_snapshot() -> None:
    readme = (ROOT / "docs" / "reviewing.md").read_text(encoding="utf-8")
    start, end = readme.index("<!-- review-example:start -->"), readme.index("<!-- review-example:end -->")
    example_lines = [line for line in readme[start:end].splitlines()[1:] if line and not line.startswith("**")]
    snapshot = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert len(example_lines) > 40
    assert [line for line in example_lines if line not in snapshot] == []


# --- GitHub's comment limit at scale -------------------------------------------------------------------------------

_RG = "rg-big"
_ESTATE = "urn:pulumi:big::aoai::pulumi:pulumi:Stack$aoai:index:Estate::aoai"


def _resource(type_: str, name: str, parent: str, arm_id: str | None, inputs: dict[str, Any]) -> dict[str, Any]:
    parent_type = parent.split("::")[-2].rsplit("$", 1)[-1]
    return {
        "urn": f"urn:pulumi:big::aoai::{parent_type}${type_}::{name}",
        "type": type_,
        "name": name,
        "parent": parent,
        "custom": arm_id is not None,
        "id": arm_id,
        "inputs": inputs,
        "outputs": {},
        "dependencies": [],
        "propertyDependencies": {},
        "protect": False,
    }


def big_plan(accounts: int, deployments: int) -> dict[str, Any]:
    """A plan document of `accounts` accounts × `deployments` standard deployments, built directly (planning an estate
    this size under mocks takes minutes)."""
    resources = [
        _resource("aoai:index:Estate", "aoai", "urn:pulumi:big::aoai::pulumi:pulumi:Stack::aoai-big", None, {})
    ]
    cost: dict[str, Any] = {}
    for a in range(accounts):
        name, key = f"aoai-big-{a:03d}", f"aoai-a{a:03d}"
        component = _resource("aoai:index:OpenAIAccount", key, _ESTATE, None, {})
        arm = f"/subscriptions/0/resourceGroups/{_RG}/providers/Microsoft.CognitiveServices/accounts/{name}"
        account = {
            "accountName": name,
            "resourceGroupName": _RG,
            "location": "swedencentral",
            "kind": "AIServices",
            "properties": {"publicNetworkAccess": "Disabled", "disableLocalAuth": True, "customSubDomainName": name},
        }
        resources += [component, _resource(types.ACCOUNT, f"{key}-account", component["urn"], arm, account)]
        for d in range(deployments):
            deployment = {
                "accountName": name,
                "resourceGroupName": _RG,
                "deploymentName": f"gpt-4o-{d:02d}",
                "sku": {"name": "DataZoneStandard", "capacity": 100},
                "properties": {"model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-11-20"}},
            }
            arm_id = f"{arm}/deployments/gpt-4o-{d:02d}"
            resources.append(
                _resource(types.DEPLOYMENT, f"{key}-deployment-{d:02d}", component["urn"], arm_id, deployment)
            )
            cost[f"{name}/gpt-4o-{d:02d}"] = {"monthly": None, "basis": "usage-based"}
    plan = {"version": 1, "stack": "big", "project": "aoai", "dataZone": "eu", "resources": resources}
    summary = {"label": "example", "currency": "USD", "monthly": 0.0, "accounts": {}, "deployments": cost}
    return {**plan, "outputs": {}, "warnings": [], "policyConfig": None, "policies": [], "cost": summary}


def one_in_ten_changed(plan: dict[str, Any]) -> dict[str, Any]:
    """Every tenth deployment grows (with a new model version and a cost), and the first account is opened."""
    head = copy.deepcopy(plan)
    deployments = [r for r in head["resources"] if r["type"] == types.DEPLOYMENT]
    for deployment in deployments[::10]:
        inputs = deployment["inputs"]
        inputs["sku"]["capacity"] = 150
        inputs["properties"]["model"]["version"] = "2025-01-01"
        head["cost"]["deployments"][f"{inputs['accountName']}/{inputs['deploymentName']}"]["monthly"] = 10.0
    first = next(r for r in head["resources"] if r["type"] == types.ACCOUNT)
    first["inputs"]["properties"]["publicNetworkAccess"] = "Enabled"
    return head


def one_in_ten_global(plan: dict[str, Any]) -> dict[str, Any]:
    """Every tenth deployment moves to GlobalStandard, outside the stack's data zone, which a policy also flags."""
    head = copy.deepcopy(plan)
    for deployment in [r for r in head["resources"] if r["type"] == types.DEPLOYMENT][::10]:
        deployment["inputs"]["sku"]["name"] = "GlobalStandard"
        head["policies"].append(
            {
                "policy": "deployment-sku-in-data-zone",
                "enforcement": "mandatory",
                "severity": "high",
                "urn": deployment["urn"],
                "message": "sku GlobalStandard processes data in any Azure region, outside the stack's EU data zone.",
            }
        )
    return head


@pytest.mark.parametrize(
    ("accounts", "deployments", "change"),
    [(50, 20, one_in_ten_changed), (50, 20, one_in_ten_global), (200, 32, one_in_ten_changed)],
)
def test_a_large_review_fits_githubs_comment_limit(accounts: int, deployments: int, change: Any) -> None:
    """Issue #12: at 50 × 20 with a tenth of the deployments moved to a global sku, the comment was cut off mid-table
    at 60,000 characters."""
    base = big_plan(accounts, deployments)
    result = review(PlanDocument.from_json(base), PlanDocument.from_json(change(base)))
    comment = markdown(result)
    assert len(comment) <= render_review.COMMENT_LIMIT
    assert comment.endswith(render_review.artifact_pointer("big"))
    assert comment.startswith(marker("big"))
    assert [r.reason for r in result.risks if render_review._cell(r.reason) not in comment] == []
    assert result.cost is not None
    if result.cost.delta:
        assert render_review._cell(result.cost.describe()) in comment
    assert "### Capacity" in comment
    full = markdown(result, full=True)
    assert full.count("<details>") == len(result.azure_changes) >= accounts * deployments // 10
    assert render_review.artifact_pointer("big") not in full


def test_details_shrink_level_by_level(monkeypatch: pytest.MonkeyPatch) -> None:
    base = big_plan(10, 10)
    result = review(PlanDocument.from_json(base), PlanDocument.from_json(one_in_ten_changed(base)))
    shown = {
        "full": "<details>",
        "no-properties": "```mermaid",
        "no-diagram": "### Changes\n",
        "grouped": "### Changes by account and type",
        "counts": "counted in the verdict line.",
    }
    comment = markdown(result)
    assert not comment.endswith(render_review.artifact_pointer("big"))
    expected = {
        "full": ["full", "no-properties", "no-diagram"],
        "no-properties": ["no-properties", "no-diagram"],
        "no-diagram": ["no-diagram"],
        "grouped": ["grouped"],
        "counts": ["counts"],
    }
    for level in render_review.DETAIL_LEVELS:
        assert [name for name, mark in shown.items() if mark in comment] == expected[level]
        if level != "full":
            assert comment.endswith(render_review.artifact_pointer("big"))
        monkeypatch.setattr(render_review, "COMMENT_LIMIT", len(comment) - 1)
        comment = markdown(result)
        assert len(comment) <= render_review.COMMENT_LIMIT
    assert "more risks: see the full review" in comment  # past counts only the risks can shrink


def test_risks_that_alone_pass_the_limit_are_listed_short(monkeypatch: pytest.MonkeyPatch) -> None:
    base = big_plan(40, 2)
    head = copy.deepcopy(base)
    for account in (r for r in head["resources"] if r["type"] == types.ACCOUNT):
        account["inputs"]["properties"]["publicNetworkAccess"] = "Enabled"
    result = review(PlanDocument.from_json(base), PlanDocument.from_json(head))
    table = "\n".join(render_review._risk_table(result.risks))
    monkeypatch.setattr(render_review, "COMMENT_LIMIT", len(table) // 2)
    comment = markdown(result)
    assert len(comment) <= len(table) // 2
    assert comment.endswith(render_review.artifact_pointer("big"))
    assert "more risks: see the full review" in comment
    assert summary_line(result) in comment


def test_a_rename_shows_its_old_name_and_alias() -> None:
    result = review(document(shipped_plan("prod")), document(renamed_key(shipped_plan("prod"), "sweden", "se")))
    comment = markdown(result)
    assert re.search(r"0 to delete · \d+ to rename\.\*\*", comment)
    assert "| 🟠 rename | <code>aoai-se-account</code> | Account | 0 |" in comment
    assert "Renamed from <code>aoai-sweden-account</code>.\n\nTo keep the live resource:" in comment
    assert "No property changes." in comment
    assert "to rename" not in markdown(example())  # only a review with renames counts them


def test_alerts_watch_their_account_or_deployment_and_notify_the_action_group() -> None:
    result = review(None, document(shipped_plan("prod")))
    source = estate_diagram(result.head, result.base, result.changes)
    assert 'group_0["action group<br/>ag-aoai-prod"]' in source
    assert 'health_0["Service Health alert<br/>aoai-prod-service-health"]' in source
    assert "health_0 --> group_0" in source
    alerts = re.findall(r'(alert_\d+)\["([^"<]+)<br/>', source)
    assert sorted(name for _, name in alerts) == [
        "aoai-prod-frc-availability",
        "aoai-prod-frc-chat-ptu-utilization",
        "aoai-prod-frc-throttling",
        "aoai-prod-swc-availability",
        "aoai-prod-swc-chat-ptu-utilization",
        "aoai-prod-swc-throttling",
    ]
    for node, name in alerts:
        assert f"{node} --> group_0" in source
        watched = re.search(rf"{node} -\. watches \.-> (\w+)", source)
        assert watched is not None
        kind = "deployment" if name.endswith("-utilization") else "account"
        assert watched[1].startswith(kind + "_"), name
