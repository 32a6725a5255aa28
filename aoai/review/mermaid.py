"""A Mermaid flowchart of an estate after a change, which GitHub renders in pull-request comments.

Regions hold accounts; accounts point to their deployments; provisioned deployments point to their spillover
targets; private endpoints point to their accounts; alerts watch their account (or deployment) and notify their
action group, which is drawn once outside the regions with the Service Health alert. Resources the change creates,
updates or replaces are coloured; deleted ones are drawn from the base plan, marked deleted. Node ids are generated
(`account_0`), never taken from resource names, and every label is quoted with Mermaid's entity codes for characters
that would end or alter it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from aoai.azure import catalog, types
from aoai.review.diff import ResourceChange
from aoai.review.risks import account_of_id, private_link_accounts

if TYPE_CHECKING:
    from aoai.plan.document import PlanDocument

_CLASSES: Final = {
    "create": "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
    "update": "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
    "replace": "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
    "delete": "fill:#f6f8fa,stroke:#cf222e,stroke-dasharray:4 3,color:#59636e",
}
_ENTITIES: Final = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;"}


def node_label(*lines: str) -> str:
    """A quoted Mermaid label; lines are joined with <br/>, every character that is markup is an entity code."""
    return '"' + "<br/>".join("".join(_ENTITIES.get(ch, ch) for ch in line) for line in lines) + '"'


class _Ids:
    """Node ids by kind and key, numbered per kind in order of first use."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._used: dict[str, int] = defaultdict(int)

    def known(self) -> set[tuple[str, str]]:
        return set(self._ids)

    def __call__(self, kind: str, key: str) -> str:
        if (kind, key) not in self._ids:
            self._ids[(kind, key)] = f"{kind}_{self._used[kind]}"
            self._used[kind] += 1
        return self._ids[(kind, key)]


def _inputs(resource: Mapping[str, Any]) -> Mapping[str, Any]:
    return resource.get("inputs", {})


def _account_key(inputs: Mapping[str, Any]) -> str:
    return f"{inputs.get('resourceGroupName')}/{inputs.get('accountName')}"


@dataclass
class _Estate:
    """The resources drawn, joined as Azure joins them: deployments and private endpoints to their account."""

    accounts: dict[str, Mapping[str, Any]]
    deployments: dict[str, list[Mapping[str, Any]]]
    endpoints: dict[str, list[Mapping[str, Any]]]
    regions: dict[str, list[str]]
    alerts: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    """Metric alerts by the account their scope names."""
    notified: list[Mapping[str, Any]] = field(default_factory=list)
    """Action groups and Service Health alerts: the estate's, outside any region."""

    @classmethod
    def of(cls, resources: Sequence[Mapping[str, Any]]) -> _Estate:
        accounts = {_account_key(_inputs(r)): r for r in resources if r["type"] == types.ACCOUNT}
        deployments: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        endpoints: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for resource in resources:
            if resource["type"] == types.DEPLOYMENT:
                deployments[_account_key(_inputs(resource))].append(resource)
            elif resource["type"] == types.PRIVATE_ENDPOINT:
                for group, name in private_link_accounts(_inputs(resource))[:1]:
                    endpoints[f"{group}/{name}"].append(resource)
        regions: dict[str, list[str]] = defaultdict(list)
        for key, account in accounts.items():
            regions[str(_inputs(account).get("location"))].append(key)
        by_lower = {key.lower(): key for key in accounts}
        alerts: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for resource in resources:
            if resource["type"] == types.METRIC_ALERT:
                scopes = _inputs(resource).get("scopes") or [""]
                target = account_of_id(str(scopes[0]))
                if target is not None and f"{target[0]}/{target[1]}".lower() in by_lower:
                    alerts[by_lower[f"{target[0]}/{target[1]}".lower()]].append(resource)
        notified = [r for r in resources if r["type"] in (types.ACTION_GROUP, types.ACTIVITY_LOG_ALERT)]
        return cls(accounts, deployments, endpoints, regions, alerts, notified)

    def deployment_keys(self) -> set[str]:
        return {f"{key}/{_inputs(d).get('deploymentName')}" for key, ds in self.deployments.items() for d in ds}


@dataclass
class _Drawing:
    """The flowchart's lines as they are drawn; node ids are handed out in drawing order."""

    action: dict[str, str]
    deleted: set[str]
    ids: _Ids = field(default_factory=_Ids)
    styled: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    nodes: list[str] = field(default_factory=lambda: ["flowchart LR"])
    edges: list[str] = field(default_factory=list)

    def node(self, resource: Mapping[str, Any], kind: str, key: str, *text: str) -> str:
        node_id = self.ids(kind, key)
        if resource["urn"] in self.action:
            self.styled[self.action[resource["urn"]]].append(node_id)
        if resource["urn"] in self.deleted:
            text = (*text, "(deleted)")
        shape = "([{}])" if kind == "endpoint" else "[{}]"
        return f"{node_id}{shape.format(node_label(*text))}"

    def deployment(self, key: str, deployment: Mapping[str, Any], deployment_keys: set[str]) -> None:
        ids, d = self.ids, _inputs(deployment)
        sku = d.get("sku") or {}
        facts = catalog.DEPLOYMENT_SKUS.get(str(sku.get("name")))
        unit = catalog.CAPACITY_UNITS[facts.billing] if facts else "units"
        deployment_key = f"{key}/{d.get('deploymentName')}"
        text = (str(d.get("deploymentName")), f"{sku.get('name')} · {sku.get('capacity')} {unit}")
        self.nodes.append("    " + self.node(deployment, "deployment", deployment_key, *text))
        self.edges.append(f"  {ids('account', key)} --> {ids('deployment', deployment_key)}")
        target = f"{key}/{(d.get('properties') or {}).get('spilloverDeploymentName')}"
        if target in deployment_keys:
            self.edges.append(f"  {ids('deployment', deployment_key)} -. spillover .-> {ids('deployment', target)}")

    def account(self, estate: _Estate, key: str, deployment_keys: set[str], group: str | None = None) -> None:
        inputs = _inputs(estate.accounts[key])
        self.nodes.append(
            "    "
            + self.node(estate.accounts[key], "account", key, str(inputs.get("accountName")), str(inputs.get("kind")))
        )
        for deployment in estate.deployments.get(key, []):
            self.deployment(key, deployment, deployment_keys)
        for endpoint in estate.endpoints.get(key, []):
            name = str(_inputs(endpoint).get("privateEndpointName"))
            self.nodes.append("    " + self.node(endpoint, "endpoint", endpoint["urn"], name))
            self.edges.append(
                f"  {self.ids('endpoint', endpoint['urn'])} -. private link .-> {self.ids('account', key)}"
            )
        for alert in estate.alerts.get(key, []):
            self.alert(key, alert, group)

    def alert(self, key: str, alert: Mapping[str, Any], group: str | None) -> None:
        inputs = _inputs(alert)
        criteria = (inputs.get("criteria") or {}).get("allOf") or [{}]
        metric = str(criteria[0].get("metricName", "metric"))
        self.nodes.append("    " + self.node(alert, "alert", alert["urn"], str(inputs.get("ruleName")), metric))
        watched = self.ids("account", key)
        deployment = next(
            (
                v
                for d in criteria[0].get("dimensions") or []
                if d.get("name") == catalog.DEPLOYMENT_DIMENSION
                for v in d.get("values") or []
            ),
            None,
        )
        if deployment is not None and ("deployment", f"{key}/{deployment}") in self.ids.known():
            watched = self.ids("deployment", f"{key}/{deployment}")
        self.edges.append(f"  {self.ids('alert', alert['urn'])} -. watches .-> {watched}")
        if group is not None:
            self.edges.append(f"  {self.ids('alert', alert['urn'])} --> {group}")

    def classes(self) -> None:
        for action, style in _CLASSES.items():
            if self.styled[action]:
                self.edges.append(
                    f"  classDef {action}d {style}"
                )  # created, updated, ...: no clash with Mermaid keywords
                self.edges.append(f"  class {','.join(self.styled[action])} {action}d")


def estate_diagram(head: PlanDocument, base: PlanDocument, changes: list[ResourceChange]) -> str:
    """The flowchart source (without the ```mermaid fence)."""
    deleted = {c.urn for c in changes if c.action == "delete"}
    resources = [*head.resources, *(r for r in base.resources if r["urn"] in deleted)]
    resources.sort(key=lambda r: r["urn"])
    estate = _Estate.of(resources)
    deployment_keys = estate.deployment_keys()
    drawing = _Drawing({c.urn: c.action for c in changes}, deleted)
    groups = [r for r in estate.notified if r["type"] == types.ACTION_GROUP]
    group = drawing.ids("group", groups[0]["urn"]) if groups else None
    for region in sorted(estate.regions):
        drawing.nodes.append(f"  subgraph {drawing.ids('region', region)}[{node_label(region)}]")
        for key in sorted(estate.regions[region]):
            drawing.account(estate, key, deployment_keys, group)
        drawing.nodes.append("  end")
    for resource in estate.notified:
        inputs = _inputs(resource)
        if resource["type"] == types.ACTION_GROUP:
            label = ("action group", str(inputs.get("actionGroupName")))
            drawing.nodes.append("  " + drawing.node(resource, "group", resource["urn"], *label))
        else:
            label = ("Service Health alert", str(inputs.get("activityLogAlertName")))
            drawing.nodes.append("  " + drawing.node(resource, "health", resource["urn"], *label))
            if group is not None:
                drawing.edges.append(f"  {drawing.ids('health', resource['urn'])} --> {group}")
    drawing.classes()
    return "\n".join([*drawing.nodes, *drawing.edges])
