"""The review as a pull-request comment: a Markdown snapshot, Mermaid that parses, and GitHub's size limit.

Set AOAI_UPDATE_SNAPSHOTS=1 to rewrite the snapshot after an intended change, then read its diff before committing.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from conftest import ROOT
from policy_kit import shipped_plan, with_inputs
from test_review import FRANCE, PTU, SWEDEN, document, dropped

from aoai import render_review
from aoai.mermaid import estate_diagram, label
from aoai.render_review import markdown, marker
from aoai.review import Review, review

SNAPSHOT = ROOT / "tests" / "snapshots" / "review-prod.md"
NODE_ID = re.compile(r"^[a-z]+_[0-9]+$")


def example() -> Review:
    """PTU shrunk in Sweden, Sweden opened to the internet, France's private endpoint removed."""
    head = with_inputs(shipped_plan("prod"), PTU, {"sku.capacity": 45})
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
    assert label('a"b', "<c>&#d`") == '"a#quot;b<br/>#lt;c#gt;#amp;#35;d#96;"'


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
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index("<!-- review-example:start -->"), readme.index("<!-- review-example:end -->")
    example_lines = [line for line in readme[start:end].splitlines()[1:] if line and not line.startswith("**")]
    snapshot = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert len(example_lines) > 40
    assert [line for line in example_lines if line not in snapshot] == []
