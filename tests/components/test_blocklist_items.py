"""A blocklist's items as one dynamic resource: its provider against the loopback ARM server (batch add, batch
delete, list), the plan of a blocklist at Azure's size limit, and how plan, review and tree show the items."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dill
import pytest
from arm_server import ArmServer, Azure, example, serving
from conftest import baseline, mutate, plan_of
from pulumi.dynamic.dynamic import serialize_provider

from aoai.azure import catalog, types
from aoai.azure.client import Connection
from aoai.components.blocklist_items import BlocklistItemsProvider, ItemChanges, chunks, item_changes
from aoai.plan.build import document_of
from aoai.plan.document import PlanDocument
from aoai.plan.engine import Plan, PlannedResource
from aoai.plan.tree import ITEMS_SHOWN, label, tree
from aoai.policy.evaluate import evaluate
from aoai.review.deltas import review

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP, ACCOUNT, BLOCKLIST = "rg-aoai", "aoai-swc", "banned"
KEY = (GROUP, ACCOUNT, BLOCKLIST)
BLOCKLIST_PATH = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices"
    f"/accounts/{ACCOUNT}/raiBlocklists/{BLOCKLIST}"
)
ITEMS_RESOURCE = "aoai-sweden-blocklist-banned-items"


def items(count: int, prefix: str = "term") -> dict[str, dict[str, Any]]:
    return {f"{prefix}-{i:05d}": {"pattern": f"{prefix} {i}", "isRegex": i % 7 == 0} for i in range(count)}


def props(item_map: dict[str, dict[str, Any]], **changed: str) -> dict[str, Any]:
    return {
        "subscriptionId": SUBSCRIPTION,
        "resourceGroupName": GROUP,
        "accountName": ACCOUNT,
        "raiBlocklistName": BLOCKLIST,
        "items": item_map,
        **changed,
    }


@pytest.fixture
def azure() -> Azure:
    azure = Azure(SUBSCRIPTION)
    azure.blocklists[KEY] = {}
    return azure


@pytest.fixture
def server(azure: Azure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArmServer]:
    yield from serving(azure, tmp_path, monkeypatch)


@pytest.fixture
def provider(server: ArmServer) -> BlocklistItemsProvider:
    return BlocklistItemsProvider(Connection(endpoint=server.url, retries=0))


def batch_calls(azure: Azure) -> list[tuple[str, int]]:
    """Each batch call in order: which one, and how many items it carried."""
    verbs = [path.rsplit("/", 1)[-1] for method, path, _ in azure.calls if method == "POST"]
    return [(verb, len(body)) for verb, body in zip(verbs, azure.bodies, strict=True)]


# --- the provider against ARM ------------------------------------------------------------------------------------


def test_create_adds_250_items_in_sequential_batches_of_the_catalog_size(
    provider: BlocklistItemsProvider, azure: Azure
) -> None:
    wanted = items(250)
    result = provider.create(props(wanted))
    assert catalog.MAX_BLOCKLIST_ITEMS_PER_BATCH == 100
    calls = math.ceil(250 / catalog.MAX_BLOCKLIST_ITEMS_PER_BATCH)
    assert batch_calls(azure) == [("addRaiBlocklistItems", size) for size in (100, 100, 50)]
    assert len(batch_calls(azure)) == calls
    assert [c[1] for c in azure.calls] == [f"{BLOCKLIST_PATH}/addRaiBlocklistItems"] * calls
    assert azure.bodies[0][0] == {"name": "term-00000", "properties": {"pattern": "term 0", "isRegex": True}}
    assert azure.blocklists[KEY] == wanted
    assert result.id == f"{BLOCKLIST_PATH}/raiBlocklistItems"
    assert result.outs == props(wanted)


def test_update_adds_and_changes_first_then_deletes_what_was_removed(
    provider: BlocklistItemsProvider, azure: Azure
) -> None:
    old = items(150)
    provider.create(props(old))
    new = {name: item for name, item in old.items() if name >= "term-00120"}  # 120 removed, 30 kept
    new["term-00149"] = {"pattern": "a changed pattern", "isRegex": False}
    new |= items(5, prefix="extra")
    azure.calls.clear()
    azure.bodies.clear()
    result = provider.update(f"{BLOCKLIST_PATH}/raiBlocklistItems", props(old), props(new))
    assert batch_calls(azure) == [
        ("addRaiBlocklistItems", 6),
        ("deleteRaiBlocklistItems", 100),
        ("deleteRaiBlocklistItems", 20),
    ]
    assert sorted(entry["name"] for entry in azure.bodies[0]) == [*items(5, prefix="extra"), "term-00149"]
    assert azure.bodies[1][:2] == ["term-00000", "term-00001"]
    assert azure.blocklists[KEY] == new
    assert result.outs == props(new)


def test_an_update_without_item_changes_makes_no_call(provider: BlocklistItemsProvider, azure: Azure) -> None:
    provider.update("id", props(items(3)), props(items(3)))
    assert azure.calls == []


def test_delete_removes_every_item_and_tolerates_a_blocklist_already_gone(
    provider: BlocklistItemsProvider, azure: Azure
) -> None:
    provider.create(props(items(101)))
    provider.delete("id", props(items(101)))
    assert azure.blocklists[KEY] == {}
    assert batch_calls(azure)[-2:] == [("deleteRaiBlocklistItems", 100), ("deleteRaiBlocklistItems", 1)]
    del azure.blocklists[KEY]
    provider.delete("id", props(items(3)))  # 404: nothing left to delete


def test_read_returns_the_live_items_so_refresh_shows_drift(provider: BlocklistItemsProvider, azure: Azure) -> None:
    provider.create(props(items(3)))
    azure.blocklists[KEY]["term-00001"] = {"pattern": "edited in the portal", "isRegex": False}
    del azure.blocklists[KEY]["term-00002"]
    result = provider.read("the-id", props(items(3)))
    assert result.id == "the-id"
    assert result.outs == props(
        {
            "term-00000": {"pattern": "term 0", "isRegex": True},
            "term-00001": {"pattern": "edited in the portal", "isRegex": False},
        }
    )
    del azure.blocklists[KEY]
    assert provider.read("the-id", props(items(3))).id is None


def test_a_refused_batch_is_the_providers_error(provider: BlocklistItemsProvider, azure: Azure) -> None:
    del azure.blocklists[KEY]
    with pytest.raises(Exception, match="blocklist banned not found"):
        provider.create(props(items(2)))


def test_diff_replaces_on_another_blocklist_and_updates_on_items() -> None:
    provider = BlocklistItemsProvider()
    same = provider.diff("id", props(items(2)), props(items(2)))
    assert (same.changes, same.replaces) == (False, [])
    more = provider.diff("id", props(items(2)), props(items(3)))
    assert (more.changes, more.replaces) == (True, [])
    moved = provider.diff("id", props(items(2)), props(items(2), raiBlocklistName="other", accountName="aoai-frc"))
    assert (moved.changes, moved.replaces) == (True, ["accountName", "raiBlocklistName"])


def test_item_changes_name_exactly_what_is_added_changed_and_removed() -> None:
    before = {"a": {"pattern": "a", "isRegex": False}, "b": {"pattern": "b", "isRegex": False}, "c": {"pattern": "c"}}
    after = {"a": {"pattern": "a", "isRegex": True}, "c": {"pattern": "c"}, "d": {"pattern": "d", "isRegex": False}}
    changes = item_changes(before, after)
    assert changes == ItemChanges(added=["d"], changed=["a"], removed=["b"])
    assert changes.writes == ["a", "d"]
    assert not item_changes(after, after)
    assert list(chunks(["x"] * 201)) == [["x"] * 100, ["x"] * 100, ["x"]]
    assert list(chunks([])) == []


def test_the_provider_pickles_by_reference_so_pulumi_up_can_load_it() -> None:
    """Pulumi stores the provider as a dill pickle in the resource's state and loads it in the provider's own process:
    it must name an importable class (components.blocklist_items), not carry a copy of the code."""
    blob = base64.b64decode(serialize_provider(BlocklistItemsProvider(Connection(endpoint="https://arm.example"))))
    assert b"components.blocklist_items" in blob
    loaded = dill.loads(blob)  # our own pickle
    assert type(loaded) is BlocklistItemsProvider
    assert loaded.connection == Connection(endpoint="https://arm.example")


# --- the plan ----------------------------------------------------------------------------------------------------


def one(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.name == name]
    return found


def with_items(count: int) -> dict[str, Any]:
    return mutate(
        baseline(),
        ("blocklists", "banned", "items"),
        {f"term-{i:05d}": {"pattern": f"term {i}", "regex": i % 7 == 0} for i in range(count)},
    )


def test_a_blocklist_of_1000_items_plans_as_one_resource() -> None:
    """Regression (issue #12): one RaiBlocklistItem per item crashed the plan with RecursionError at 1,000 items."""
    plan = plan_of(with_items(1_000))
    resource = one(plan, ITEMS_RESOURCE)
    assert resource.type == types.BLOCKLIST_ITEMS == "pulumi-python:dynamic/aoai:BlocklistItems"
    assert len(resource.inputs["items"]) == 1_000
    assert resource.inputs["items"]["term-00007"] == {"pattern": "term 7", "isRegex": True}
    assert plan.of_type(types.RAI_BLOCKLIST_ITEM) == []


def test_a_blocklist_at_azures_limit_plans() -> None:
    plan = plan_of(with_items(catalog.MAX_BLOCKLIST_ITEMS))
    assert len(one(plan, ITEMS_RESOURCE).inputs["items"]) == 10_000


def test_the_pickled_provider_is_left_out_of_the_plan() -> None:
    resource = one(plan_of(baseline()), ITEMS_RESOURCE)
    assert types.DYNAMIC_PROVIDER_INPUT not in resource.inputs
    assert types.DYNAMIC_PROVIDER_INPUT not in resource.outputs
    assert types.DYNAMIC_PROVIDER_INPUT not in resource.property_dependencies
    assert "__provider" not in json.dumps(plan_of(baseline()).to_json())


def test_the_tree_names_the_first_items_and_counts_the_rest() -> None:
    plan = plan_of(with_items(ITEMS_SHOWN + 5))
    resource = one(plan, ITEMS_RESOURCE)
    assert label(resource) == f"blocklist items of [b]banned[/]: {ITEMS_SHOWN + 5} (4 regex)"
    node = next(n for n in _nodes(tree(plan)) if str(n.label) == label(resource))
    leaves = [str(child.label) for child in node.children]
    assert leaves[0] == "item [b]term-00000[/] (regex)"
    assert leaves[1] == "item [b]term-00001[/]"
    assert len(leaves) == ITEMS_SHOWN + 1
    assert leaves[-1] == "[dim]… 5 more (all of them in `aoai plan --format json`)[/]"


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in node.children:
        yield from _nodes(child)


# --- the review --------------------------------------------------------------------------------------------------


def _document(plan: Plan) -> PlanDocument:
    return document_of(plan, evaluate(plan, None))


def _safety(base: dict[str, Any], head: dict[str, Any]) -> list[tuple[str | None, str]]:
    found = review(_document(plan_of(base)), _document(plan_of(head))).risks
    return [(r.resource, r.reason) for r in found if r.kind == "safety"]


def test_a_removed_or_changed_item_is_a_safety_risk_with_its_old_pattern() -> None:
    head = mutate(baseline(), ("blocklists", "banned", "items", "falcon"), {"pattern": "Project Eagle"})
    head = mutate(head, ("blocklists", "banned", "items", "eagle"), {"pattern": "Project Falcon 2"})
    assert _safety(baseline(), head) == [(ITEMS_RESOURCE, "blocklist banned no longer blocks 'Project Falcon'")]
    removed = mutate(baseline(), ("blocklists", "banned", "items"), {"falcon": {"pattern": "Project Falcon"}})
    assert _safety(baseline(), removed) == [(ITEMS_RESOURCE, "blocklist banned no longer blocks '\\\\w+\\\\.corp'")]


def test_added_items_are_not_a_risk() -> None:
    head = mutate(baseline(), ("blocklists", "banned", "items", "eagle"), {"pattern": "Project Eagle"})
    assert _safety(baseline(), head) == []


def test_example_fixtures_are_the_official_ones() -> None:
    assert example("AddRaiBlocklistItems")["name"] == "myblocklist"
    assert example("PutRaiBlocklistItem")["properties"] == {"pattern": "Pattern To Block", "isRegex": False}
