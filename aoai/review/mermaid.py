"""A Mermaid flowchart of an estate after a change, which GitHub renders in pull-request comments.

Regions hold accounts; accounts point to their deployments; provisioned deployments point to their spillover
targets; private endpoints point to their accounts. Resources the change creates, updates or replaces are coloured;
deleted ones are drawn from the base plan, marked deleted. Node ids are generated (`account_0`), never taken from
resource names, and every label is quoted with Mermaid's entity codes for characters that would end or alter it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from aoai.azure import catalog, types
from aoai.review.diff import ResourceChange
from aoai.review.risks import private_link_accounts

_CLASSES: Final = {
    "create": "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
    "update": "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
    "replace": "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
    "delete": "fill:#f6f8fa,stroke:#cf222e,stroke-dasharray:4 3,color:#59636e",
}
_ENTITIES: Final = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;"}


def label(*lines: str) -> str:
    """A quoted Mermaid label; lines are joined with <br/>, every character that is markup is an entity code."""
    return '"' + "<br/>".join("".join(_ENTITIES.get(ch, ch) for ch in line) for line in lines) + '"'


class _Ids:
    """Node ids by kind and key, numbered per kind in order of first use."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._used: dict[str, int] = defaultdict(int)

    def __call__(self, kind: str, key: str) -> str:
        if (kind, key) not in self._ids:
            self._ids[(kind, key)] = f"{kind}_{self._used[kind]}"
            self._used[kind] += 1
        return self._ids[(kind, key)]


def _inputs(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    return resource.get("inputs", {})


def _account_key(inputs: Mapping[str, Any]) -> str:
    return f"{inputs.get('resourceGroupName')}/{inputs.get('accountName')}"


def estate_diagram(head: Mapping[str, Any], base: Mapping[str, Any], changes: list[ResourceChange]) -> str:
    """The flowchart source (without the ```mermaid fence)."""
    action = {c.urn: c.action for c in changes}
    deleted = {c.urn for c in changes if c.action == "delete"}
    resources = [*head["resources"], *(r for r in base["resources"] if r["urn"] in deleted)]
    resources.sort(key=lambda r: r["urn"])
    ids = _Ids()
    styled: dict[str, list[str]] = defaultdict(list)

    def node(resource: Mapping[str, Any], kind: str, key: str, *text: str) -> str:
        node_id = ids(kind, key)
        if resource["urn"] in action:
            styled[action[resource["urn"]]].append(node_id)
        if resource["urn"] in deleted:
            text = (*text, "(deleted)")
        shape = "([{}])" if kind == "endpoint" else "[{}]"
        return f"{node_id}{shape.format(label(*text))}"

    accounts = {_account_key(_inputs(r)): r for r in resources if r["type"] == types.ACCOUNT}
    deployments: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    endpoints: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for resource in resources:
        if resource["type"] == types.DEPLOYMENT:
            deployments[_account_key(_inputs(resource))].append(resource)
        elif resource["type"] == types.PRIVATE_ENDPOINT:
            for group, name in private_link_accounts(_inputs(resource))[:1]:
                endpoints[f"{group}/{name}"].append(resource)
    deployment_keys = {f"{key}/{_inputs(d).get('deploymentName')}" for key, ds in deployments.items() for d in ds}
    regions: dict[str, list[str]] = defaultdict(list)
    for key, account in accounts.items():
        regions[str(_inputs(account).get("location"))].append(key)

    nodes, edges = ["flowchart LR"], []
    for region in sorted(regions):
        nodes.append(f"  subgraph {ids('region', region)}[{label(region)}]")
        for key in sorted(regions[region]):
            inputs = _inputs(accounts[key])
            nodes.append(
                "    " + node(accounts[key], "account", key, str(inputs.get("accountName")), str(inputs.get("kind")))
            )
            for deployment in deployments.get(key, []):
                d = _inputs(deployment)
                sku = d.get("sku") or {}
                facts = catalog.DEPLOYMENT_SKUS.get(str(sku.get("name")))
                unit = catalog.CAPACITY_UNITS[facts.billing] if facts else "units"
                deployment_key = f"{key}/{d.get('deploymentName')}"
                text = (str(d.get("deploymentName")), f"{sku.get('name')} · {sku.get('capacity')} {unit}")
                nodes.append("    " + node(deployment, "deployment", deployment_key, *text))
                edges.append(f"  {ids('account', key)} --> {ids('deployment', deployment_key)}")
                target = f"{key}/{(d.get('properties') or {}).get('spilloverDeploymentName')}"
                if target in deployment_keys:
                    edges.append(f"  {ids('deployment', deployment_key)} -. spillover .-> {ids('deployment', target)}")
            for endpoint in endpoints.get(key, []):
                name = str(_inputs(endpoint).get("privateEndpointName"))
                nodes.append("    " + node(endpoint, "endpoint", endpoint["urn"], name))
                edges.append(f"  {ids('endpoint', endpoint['urn'])} -. private link .-> {ids('account', key)}")
        nodes.append("  end")

    for action, style in _CLASSES.items():
        if styled[action]:
            edges.append(f"  classDef {action}d {style}")  # created, updated, ...: no clash with Mermaid keywords
            edges.append(f"  class {','.join(styled[action])} {action}d")
    return "\n".join([*nodes, *edges])
