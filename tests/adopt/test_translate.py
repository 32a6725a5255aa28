"""Turning live bodies into a stack never fails on what Azure sends: any body with a value of an unexpected type
somewhere still gives a stack aoai accepts (or, for shapes no estate has, a ConfigError), never an exception."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from arm_server import Azure
from hypothesis import given
from hypothesis import strategies as st
from test_import import ESTATES, SUBSCRIPTION

from aoai.adopt import compare, shapes
from aoai.adopt.importer import live_bodies
from aoai.adopt.live import LiveAccount, LiveEstate, LivePrivateEndpoint
from aoai.adopt.translate import adopt, stable_key
from aoai.azure import catalog
from aoai.errors import ConfigError


def estate_of(name: str) -> LiveEstate:
    azure = Azure(SUBSCRIPTION)
    group = ESTATES[name](azure)
    accounts = []
    for (g, account), body in sorted(azure.accounts.items()):
        endpoints = [
            LivePrivateEndpoint(pe, azure.zone_groups.get(key, []))
            for key, pe in sorted(azure.private_endpoints.items())
        ]
        items = {
            b: [{"name": i, "properties": p} for i, p in found.items()]
            for (gg, a, b), found in azure.blocklists.items()
            if (gg, a) == (g, account)
        }
        accounts.append(
            LiveAccount(
                body,
                azure.deployments.get((g, account), []),
                azure.rai_policies.get((g, account), []),
                azure.blocklist_bodies.get((g, account), []),
                items,
                endpoints,
                azure.diagnostic_settings.get((g, account), []),
            )
        )
    return LiveEstate(SUBSCRIPTION, group, accounts)


def bodies_and_shapes(live: LiveEstate) -> Iterator[tuple[Any, shapes.Shape]]:
    for account in live.accounts:
        yield account.body, shapes.ACCOUNT
        yield from ((d, shapes.DEPLOYMENT) for d in account.deployments)
        yield from ((p, shapes.RAI_POLICY) for p in account.rai_policies)
        yield from ((b, shapes.BLOCKLIST) for b in account.blocklists)
        yield from ((i, shapes.BLOCKLIST_ITEM) for items in account.blocklist_items.values() for i in items)
        yield from ((s, shapes.DIAGNOSTIC_SETTING) for s in account.diagnostic_settings)
        for endpoint in account.private_endpoints:
            yield endpoint.body, shapes.PRIVATE_ENDPOINT
            yield from ((g, shapes.ZONE_GROUP) for g in endpoint.zone_groups)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=3) | st.floats(allow_nan=True),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4,
)


def _containers(value: Any, found: list[tuple[Any, Any]]) -> None:
    """Every (container, key) pair in `value`, depth first."""
    if isinstance(value, dict):
        for key in value:
            found.append((value, key))
            _containers(value[key], found)
    elif isinstance(value, list):
        for index in range(len(value)):
            found.append((value, index))
            _containers(value[index], found)


@given(st.sampled_from(sorted(ESTATES)), st.data())
def test_any_value_anywhere_gives_a_stack_or_a_config_error(name: str, data: st.DataObject) -> None:
    live = estate_of(name)
    places: list[tuple[Any, Any]] = []
    for account in live.accounts:
        for part in (
            account.body,
            account.deployments,
            account.rai_policies,
            account.blocklists,
            account.blocklist_items,
            account.diagnostic_settings,
            [(e.body, e.zone_groups) for e in account.private_endpoints],
        ):
            _containers(part, places)
    for _ in range(data.draw(st.integers(1, 3))):
        container, key = data.draw(st.sampled_from(places))
        container[key] = data.draw(JSON)
    if any(shapes.problem(body, shape) for body, shape in bodies_and_shapes(live)):
        return  # the reader refuses it (tests/adopt/test_import.py: a failed read is one clear message)
    try:
        adoption = adopt(copy.deepcopy(live), "adopted", "stacks/Pulumi.adopted.yaml")
    except ConfigError:
        return
    assert adoption.spec is not None
    for type_, body in live_bodies(live).values():
        compare.flatten(compare.live_inputs(type_, body))


@given(st.text(max_size=80), st.lists(st.text(max_size=10), max_size=5))
def test_a_stable_key_is_always_a_valid_unused_key(name: str, taken: list[str]) -> None:
    key = stable_key(name, taken)
    low, high = catalog.ARM_CHILD_NAME_LENGTH
    assert low <= len(key) <= high
    assert catalog.ARM_CHILD_NAME_PATTERN.fullmatch(key)
    assert key.lower() not in {t.lower() for t in taken}
