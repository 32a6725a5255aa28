"""The baseline: a plain azure-native program, no spec and no components, that registers the resources of a plan
(`bench:plan`, a file written by `aoai plan --format json`) with the same inputs and the same dependencies.

It is what a team would get from hand-written azure-native code for the same estate, so the time it takes is the
floor that Pulumi's SDK and azure-native's types set; aoai's overhead is measured against it.
"""

from __future__ import annotations

import importlib
import json
import re
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import pulumi

from aoai.azure import types
from aoai.components.blocklist_items import BlocklistItems, BlocklistItemsArgs


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _register(type_: str, name: str, options: pulumi.ResourceOptions, arguments: dict[str, Any]) -> Any:
    if type_ == types.BLOCKLIST_ITEMS:  # no azure-native resource writes items in batches: the same dynamic resource
        return BlocklistItems(name, BlocklistItemsArgs(**arguments), opts=options)
    _, module, class_name = type_.split(":")
    resource_class = getattr(importlib.import_module(f"pulumi_azure_native.{module}"), class_name)
    return resource_class(name, opts=options, **arguments)


def _from(sources: list[pulumi.CustomResource], value: Any) -> pulumi.Output[Any]:
    """`value` as an output of `sources`, as `account_name=account.name` is in hand-written code: the input then
    depends on those resources, exactly as the plan's property dependencies say."""
    return pulumi.Output.all(*(source.urn for source in sources)).apply(lambda _: value)


def replay(plan: dict[str, Any]) -> dict[str, pulumi.CustomResource]:
    custom = {r["urn"]: r for r in plan["resources"] if r["custom"]}
    order = TopologicalSorter({urn: [d for d in r["dependencies"] if d in custom] for urn, r in custom.items()})
    created: dict[str, pulumi.CustomResource] = {}
    for urn in order.static_order():
        resource = custom[urn]
        arguments: dict[str, Any] = {}
        for key, value in resource["inputs"].items():
            sources = [created[u] for u in resource["propertyDependencies"].get(key, []) if u in created]
            arguments[_snake(key)] = _from(sources, value) if sources else value
        depends_on = [created[d] for d in resource["dependencies"] if d in created]
        options = pulumi.ResourceOptions(depends_on=depends_on, protect=resource["protect"])
        created[urn] = _register(resource["type"], resource["name"], options, arguments)
    return created


replay(json.loads(Path(pulumi.Config("bench").require("plan")).read_text(encoding="utf-8")))
