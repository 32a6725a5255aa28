"""A readable tree of a plan: the estate's shared resources, then each account with what it holds."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from aoai.azure import catalog, types
from aoai.errors import Issue
from aoai.plan.engine import Plan, PlannedResource

_ORDER = [
    types.RESOURCE_GROUP,
    types.PRIVATE_ZONE,
    types.VIRTUAL_NETWORK_LINK,
    "aoai:index:OpenAIAccount",
    "aoai:index:PrivateAccess",
    types.ACCOUNT,
    types.DIAGNOSTIC_SETTING,
    types.RAI_BLOCKLIST,
    types.BLOCKLIST_ITEMS,
    types.RAI_BLOCKLIST_ITEM,
    types.RAI_POLICY,
    types.DEPLOYMENT,
    types.ROLE_ASSIGNMENT,
    types.MANAGEMENT_LOCK,
    types.METRIC_ALERT,
    "aoai:index:Monitoring",
    types.ACTION_GROUP,
    types.ACTIVITY_LOG_ALERT,
]


# A blocklist holds up to 10,000 items: the tree names the first ones; the JSON plan has them all.
ITEMS_SHOWN = 20


def _item_label(name: str, item: dict[str, Any]) -> str:
    return f"item [b]{name}[/]{' (regex)' if item.get('isRegex') else ''}"


def _blocklist_items_label(inputs: dict[str, Any]) -> str:
    items = inputs.get("items") or {}
    regex = sum(1 for item in items.values() if item.get("isRegex"))
    return f"blocklist items of [b]{inputs['raiBlocklistName']}[/]: {len(items):,} ({regex:,} regex)"


def _blocklist_item_leaves(inputs: dict[str, Any]) -> list[str]:
    items = inputs.get("items") or {}
    names = sorted(items)
    leaves = [_item_label(name, items[name]) for name in names[:ITEMS_SHOWN]]
    if len(names) > ITEMS_SHOWN:
        leaves.append(f"[dim]… {len(names) - ITEMS_SHOWN:,} more (all of them in `aoai plan --format json`)[/]")
    return leaves


def _grant_label(inputs: dict[str, Any]) -> str:
    role_guid = str(inputs.get("roleDefinitionId", "")).rsplit("/", 1)[-1]
    role = catalog.role_name(role_guid) or f"custom role {role_guid}"
    return f"grant [b]{role}[/] to {inputs.get('principalType', 'principal')} {inputs.get('principalId', '?')}"


def _deployment_label(inputs: dict[str, Any]) -> str:
    props = inputs["properties"]
    model = props["model"]
    sku = inputs["sku"]
    label = (
        f"deployment [b]{inputs['deploymentName']}[/]: {model['name']} {model['version']} · "
        f"{sku['name']} × {sku['capacity']} · filter {props.get('raiPolicyName')}"
    )
    if props.get("spilloverDeploymentName"):
        label += f" · spillover → {props['spilloverDeploymentName']}"
    return label


_LABELS: dict[str, Callable[[dict[str, Any]], str]] = {
    types.RESOURCE_GROUP: lambda i: f"resource group [b]{i['resourceGroupName']}[/] ({i['location']})",
    types.PRIVATE_ZONE: lambda i: f"private DNS zone [b]{i['privateZoneName']}[/]",
    types.VIRTUAL_NETWORK_LINK: lambda i: (
        f"VNet link [b]{i['virtualNetworkLinkName']}[/]: {i['privateZoneName']} → "
        f"{i['virtualNetwork']['id'].rsplit('/', 1)[-1]}"
    ),
    types.ACCOUNT: lambda i: (
        f"account [b]{i['accountName']}[/] ({i['kind']}, {i['location']}) "
        f"public={i['properties']['publicNetworkAccess']} localAuth="
        f"{'off' if i['properties'].get('disableLocalAuth') else 'on'}"
    ),
    types.RAI_BLOCKLIST: lambda i: f"blocklist [b]{i['raiBlocklistName']}[/]",
    types.BLOCKLIST_ITEMS: _blocklist_items_label,
    types.RAI_BLOCKLIST_ITEM: lambda i: (
        f"blocklist item [b]{i['raiBlocklistItemName']}[/]{' (regex)' if i['properties'].get('isRegex') else ''}"
    ),
    types.RAI_POLICY: lambda i: (
        f"content filter [b]{i['raiPolicyName']}[/] (mode {i['properties'].get('mode')}, "
        f"base {i['properties'].get('basePolicyName')})"
    ),
    types.DEPLOYMENT: _deployment_label,
    types.ROLE_ASSIGNMENT: _grant_label,
    types.METRIC_ALERT: lambda i: (
        f"alert [b]{i['ruleName']}[/] (severity {i['severity']}, every {i['evaluationFrequency']})"
    ),
    types.ACTION_GROUP: lambda i: f"action group [b]{i['actionGroupName']}[/] ({i['groupShortName']})",
    types.ACTIVITY_LOG_ALERT: lambda i: f"Service Health alert [b]{i['activityLogAlertName']}[/]",
    types.MANAGEMENT_LOCK: lambda i: f"lock [b]{i['lockName']}[/] ({i['level']})",
    types.DIAGNOSTIC_SETTING: lambda i: f"diagnostics [b]{i['name']}[/] → {i['workspaceId'].rsplit('/', 1)[-1]}",
    types.PRIVATE_ENDPOINT: lambda i: (
        f"private endpoint [b]{i['privateEndpointName']}[/] ({i['location']}, "
        f"subnet {i['subnet']['id'].rsplit('/', 1)[-1]})"
    ),
    types.PRIVATE_DNS_ZONE_GROUP: lambda i: (
        f"DNS zone group [b]{i['privateDnsZoneGroupName']}[/] ({len(i['privateDnsZoneConfigs'])} zones)"
    ),
}


def label(resource: PlannedResource) -> str:
    make = _LABELS.get(resource.type)
    if make is None:
        return f"{resource.type} [b]{resource.name}[/]"
    text = make(resource.inputs)
    return f"{text} [red](protected)[/]" if resource.protect else text


def write_order(siblings: list[PlannedResource]) -> list[PlannedResource]:
    """Siblings in an order the engine could write them: dependencies first, then by kind and name."""
    urns = {r.urn for r in siblings}
    waiting = {r.urn: {d for d in r.dependencies if d in urns} for r in siblings}
    by_urn = {r.urn: r for r in siblings}
    ready = [(_rank(r), r.name, r.urn) for r in siblings if not waiting[r.urn]]
    heapq.heapify(ready)
    ordered: list[PlannedResource] = []
    while ready:
        _, _, urn = heapq.heappop(ready)
        ordered.append(by_urn[urn])
        for other, deps in waiting.items():
            if urn in deps:
                deps.discard(urn)
                if not deps:
                    heapq.heappush(ready, (_rank(by_urn[other]), by_urn[other].name, other))
    return ordered


def _rank(resource: PlannedResource) -> int:
    return _ORDER.index(resource.type) if resource.type in _ORDER else len(_ORDER)


def tree(plan: Plan) -> Tree:
    """Components are grouped under their parents; siblings are listed in write order."""
    children: dict[str | None, list[PlannedResource]] = {}
    for resource in plan.resources:
        children.setdefault(resource.parent, []).append(resource)
    custom = sum(r.custom for r in plan.resources)
    root = Tree(f"[b]{plan.project}[/] · stack [b]{plan.stack}[/] · {custom} Azure resources")
    known = plan.by_urn()

    def add(node: Tree, resource: PlannedResource) -> None:
        if resource.custom:
            leaf = node.add(label(resource))
            inputs = resource.inputs
            note = plan.sizing.get(f"{inputs.get('accountName')}/{inputs.get('deploymentName')}")
            if resource.type == types.DEPLOYMENT and note:
                leaf.add(f"[dim]{note['derivation']}[/]")
            if resource.type == types.BLOCKLIST_ITEMS:
                for item in _blocklist_item_leaves(inputs):
                    leaf.add(item)
            return
        branch = node.add(f"[cyan]{resource.type.rsplit(':', 1)[-1]}[/] {resource.name}")
        for child in write_order(children.get(resource.urn, [])):
            add(branch, child)

    for resource in write_order([r for r in plan.resources if r.parent not in known]):
        add(root, resource)
    return root


def cost_summary(cost: dict[str, Any]) -> Text:
    """The monthly cost of a plan: the stack, each account, and what could not be priced."""
    currency = cost["currency"]
    lines = [f"\nMonthly cost: {cost['monthly']:,.2f} {currency} ({cost['label']})"]
    lines += [f"  {name}: {total:,.2f} {currency}" for name, total in cost["accounts"].items()]
    unknown = [name for name, line in cost["deployments"].items() if line["monthly"] is None]
    if unknown:
        lines.append(f"  not included ({len(unknown)}): {', '.join(unknown)}: usage-based or unpriced")
    return Text("\n".join(lines))


def render_plan(plan: Plan, warnings: list[Issue]) -> Group:
    parts: list[Any] = [tree(plan)]
    if plan.cost is not None:
        parts.append(cost_summary(plan.cost))
    if warnings:
        parts.append(Text(f"\n{len(warnings)} warning(s):", style="yellow bold"))
        parts.extend(Text(f"  ! {w}", style="yellow") for w in warnings)
    return Group(*parts)
