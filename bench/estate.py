"""Synthetic estates for benchmarks: A accounts × D deployments, shaped like a large production stack.

Every account is an AIServices account with a private endpoint, diagnostics and the shared strict content filter
(with a blocklist). Its deployments cycle through provisioned gpt-5.1 with a spillover target and two embedding
models, so every kind of resource and dependency the program creates appears at scale. Accounts are spread over the
EU data zone's regions that offer all of them (per the catalog's model matrix), as a real EU estate would be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aoai.azure import catalog

SUBSCRIPTION = "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30"
_NET = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks"
_WORKSPACE = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law"
)
_CHAT = {"name": "gpt-5.1", "version": "2025-11-13"}
_SMALL = {"name": "text-embedding-3-small", "version": "1"}
_EMBEDDING = {"name": "text-embedding-3-large", "version": "1"}
# The four deployments of each group: (name prefix, model, sku, capacity, content filter, spills over).
_GROUP = (
    ("chat-ptu", _CHAT, "DataZoneProvisionedManaged", 15, "strict", True),
    ("chat", _CHAT, "DataZoneStandard", 100, "strict", False),
    ("small-embedding", _SMALL, "DataZoneStandard", 50, "strict", False),
    ("embedding", _EMBEDDING, "DataZoneStandard", 20, None, False),
)
REGIONS = sorted(
    region
    for region in catalog.DATA_ZONE_PROVISIONED_REGIONS["eu"]
    if all(region in (catalog.offered_regions(m["name"], m["version"], sku) or ()) for _, m, sku, *_ in _GROUP)
)


def _deployments(count: int) -> dict[str, Any]:
    """`count` deployments: in each group of four, a provisioned gpt-5.1 spilling over to a standard one, and two
    embedding models."""
    deployments: dict[str, Any] = {}
    for index in range(count):
        group, slot = divmod(index, 4)
        prefix, model, sku, capacity, content_filter, spills = _GROUP[slot]
        deployment: dict[str, Any] = {"model": model, "sku": sku, "capacity": capacity}
        if content_filter:
            deployment["content_filter"] = content_filter
        if spills:
            deployment["spillover_to"] = f"chat-{group}"
        deployments[f"{prefix}-{group}"] = deployment
    if count % 4 == 1:  # a provisioned deployment whose spillover target did not fit: give it one
        deployments[f"chat-{count // 4}"] = {"model": _CHAT, "sku": "DataZoneStandard", "capacity": 100}
    return deployments


def synthetic_stack(accounts: int, deployments: int) -> dict[str, Any]:
    """The `aoai:` configuration of an estate of `accounts` accounts with `deployments` deployments each."""
    return {
        "environment": "bench",
        "production": True,
        "data_zone": "eu",
        "subscription_id": SUBSCRIPTION,
        "tags": {"owner": "platform-team", "cost-center": "4711"},
        "required_tags": ["owner"],
        "resource_group": {"name": "rg-aoai-bench", "location": REGIONS[0]},
        "diagnostics": {"workspace_id": _WORKSPACE},
        "private_access": {
            "subnet_id": f"{_NET}/vnet-spoke/subnets/snet-private-endpoints",
            "dns_zones": {"create": True, "vnet_links": {"hub": f"{_NET}/vnet-hub"}},
        },
        "blocklists": {
            "banned-terms": {
                "description": "Terms legal does not allow.",
                "items": {"falcon": {"pattern": "Project Falcon"}, "hosts": {"pattern": r"\w+\.corp", "regex": True}},
            }
        },
        "content_filters": {
            "strict": {
                "name": "aoai-strict",
                "mode": "Blocking",
                "categories": {"hate": "Low", "sexual": "Low", "violence": "Low", "selfharm": "Low"},
                "prompt_shields": {"jailbreak": True, "indirect_attack": True},
                "protected_material": {"text": True, "code": True},
                "blocklists": {"banned-terms": {}},
            }
        },
        "accounts": {
            f"account-{index:03d}": {
                "name": f"aoai-bench-{index:03d}",
                "region": REGIONS[index % len(REGIONS)],
                "kind": "AIServices",
                "private_endpoint": True,
                "deployments": _deployments(deployments),
            }
            for index in range(accounts)
        },
    }


def write_stack_file(folder: Path, name: str, raw: dict[str, Any]) -> Path:
    """A stack file as the Pulumi CLI reads it (JSON is YAML 1.2)."""
    path = folder / f"Pulumi.{name}.yaml"
    path.write_text(json.dumps({"config": {f"aoai:{key}": value for key, value in raw.items()}}), encoding="utf-8")
    return path
