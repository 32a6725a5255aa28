"""Shared test helpers: a compliant baseline stack, one-field mutations, and planning a spec under mocks."""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from aoai.errors import ConfigError
from aoai.plan.engine import Plan, run_program
from aoai.program import main
from aoai.spec import StackSpec, availability, parse_stack

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = main
SOURCE = "stacks/Pulumi.test.yaml"
SUB = "/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/resourceGroups"
SUBNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-pe"
VNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub"
WORKSPACE = f"{SUB}/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law"
UAMI = f"{SUB}/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
DELETE = object()

# Property-based tests stay within seconds in `make test`; `make fuzz` selects the larger budget.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("AOAI_HYPOTHESIS_PROFILE", "default"))

TODAY = date(2026, 6, 1)
"""The date the suite judges model retirements on (here and in every `aoai` it runs), so that no test changes verdict
as the calendar moves; tests of retirement warnings pass their own dates."""
os.environ[availability.TODAY_VARIABLE] = TODAY.isoformat()


def baseline() -> dict[str, Any]:
    """A compliant production stack that exercises every feature; tests mutate one field of it."""
    return {
        "environment": "test",
        "production": True,
        "data_zone": "eu",
        "tags": {"owner": "platform"},
        "required_tags": ["owner"],
        "resource_group": {"name": "rg-aoai-test", "location": "swedencentral"},
        "diagnostics": {"workspace_id": WORKSPACE},
        "private_access": {"subnet_id": SUBNET, "dns_zones": {"create": True, "vnet_links": {"hub": VNET}}},
        "blocklists": {
            "banned": {
                "description": "terms",
                "items": {"falcon": {"pattern": "Project Falcon"}, "hosts": {"pattern": r"\w+\.corp", "regex": True}},
            }
        },
        "content_filters": {
            "strict": {
                "name": "aoai-strict",
                "mode": "Blocking",
                "categories": {"hate": "Low", "sexual": "Low", "violence": "Low", "selfharm": {"prompt": "Low"}},
                "prompt_shields": {"jailbreak": True, "indirect_attack": True},
                "blocklists": {"banned": {}},
            }
        },
        "accounts": {
            "sweden": {
                "name": "aoai-test-swc",
                "region": "swedencentral",
                "private_endpoint": True,
                "deployments": {
                    "gpt-4o-ptu": {
                        "model": {"name": "gpt-4o", "version": "2024-11-20"},
                        "sku": "DataZoneProvisionedManaged",
                        "capacity": 15,
                        "content_filter": "strict",
                        "spillover_to": "gpt-4o",
                    },
                    "gpt-4o": {
                        "model": {"name": "gpt-4o", "version": "2024-11-20"},
                        "sku": "DataZoneStandard",
                        "capacity": 100,
                        "content_filter": "strict",
                    },
                    "embedding": {
                        "model": {"name": "text-embedding-3-large", "version": "1"},
                        "sku": "DataZoneStandard",
                        "capacity": 20,
                    },
                },
            }
        },
    }


MONITORING: dict[str, Any] = {
    "action_group": {"name": "ag-aoai-test", "short_name": "aoai-test", "emails": {"oncall": "oncall@contoso.com"}}
}
"""Alerts to an on-call mailbox: what a production stack judged by the production-like default configuration needs."""


def monitored(raw: dict[str, Any]) -> dict[str, Any]:
    return mutate(raw, ("monitoring",), MONITORING)


def second_account() -> dict[str, Any]:
    return {
        "name": "aoai-test-frc",
        "region": "francecentral",
        "kind": "AIServices",
        "private_endpoint": True,
        "deployments": {
            "gpt-4o": {
                "model": {"name": "gpt-4o", "version": "2024-11-20"},
                "sku": "DataZoneStandard",
                "capacity": 50,
                "content_filter": "strict",
            }
        },
    }


def customer_managed_key() -> dict[str, Any]:
    return {
        "key_vault_uri": "https://kv-aoai.vault.azure.net/",
        "key_name": "aoai",
        "key_version": "0123456789abcdef",
        "identity_id": UAMI,
        "identity_client_id": "2d1f0c5e-5a7b-4c3d-9e8f-0a1b2c3d4e5f",
    }


def mutate(raw: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of `raw` with the value at `path` replaced (or removed with DELETE)."""
    result = copy.deepcopy(raw)
    node = result
    for part in path[:-1]:
        node = node.setdefault(part, {})
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result


def errors(raw: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as info:
        parse_stack(raw, SOURCE)
    assert info.value.source == SOURCE
    return [(issue.path, issue.message) for issue in info.value.issues]


def valid(raw: dict[str, Any]) -> StackSpec:
    return parse_stack(raw, SOURCE)


def as_config(raw: dict[str, Any]) -> dict[str, str]:
    """What the Pulumi CLI hands the program for these `aoai:` keys."""
    return {
        f"aoai:{key}": json.dumps(value)
        if isinstance(value, dict | list)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
        for key, value in raw.items()
    }


def plan_of(raw: dict[str, Any], stack: str = "test") -> Plan:
    return run_program(PROGRAM, as_config(raw), stack=stack, project="aoai")
