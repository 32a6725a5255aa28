"""Pulumi type tokens of the resources an aoai estate is made of: azure-native ones (written once, in the pack's
`aoai_policies.facts`), and aoai's dynamic resource that holds a blocklist's items (components/blocklist_items.py)."""

from __future__ import annotations

from typing import Final

from aoai_policies import facts

RESOURCE_GROUP: Final = facts.RESOURCE_GROUP_TYPE
ACCOUNT: Final = facts.ACCOUNT_TYPE
DEPLOYMENT: Final = facts.DEPLOYMENT_TYPE
RAI_POLICY: Final = facts.RAI_POLICY_TYPE
RAI_BLOCKLIST: Final = facts.RAI_BLOCKLIST_TYPE
PROJECT: Final = facts.PROJECT_TYPE
RAI_BLOCKLIST_ITEM: Final = facts.RAI_BLOCKLIST_ITEM_TYPE  # plans made before BlocklistItems
# `pulumi-python:` + the dynamic resource type `dynamic/<module>:<name>` (pulumi.dynamic.Resource.__init_subclass__).
BLOCKLIST_ITEMS: Final = "pulumi-python:dynamic/aoai:BlocklistItems"
DYNAMIC_PROVIDER_INPUT: Final = "__provider"  # the pickled provider every dynamic resource carries as an input
PRIVATE_ENDPOINT: Final = facts.PRIVATE_ENDPOINT_TYPE
PRIVATE_DNS_ZONE_GROUP: Final = facts.PRIVATE_DNS_ZONE_GROUP_TYPE
PRIVATE_ZONE: Final = facts.PRIVATE_ZONE_TYPE
VIRTUAL_NETWORK_LINK: Final = facts.VIRTUAL_NETWORK_LINK_TYPE
DIAGNOSTIC_SETTING: Final = facts.DIAGNOSTIC_SETTING_TYPE
ROLE_ASSIGNMENT: Final = facts.ROLE_ASSIGNMENT_TYPE
MANAGEMENT_LOCK: Final = facts.MANAGEMENT_LOCK_TYPE
METRIC_ALERT: Final = facts.METRIC_ALERT_TYPE
ACTIVITY_LOG_ALERT: Final = facts.ACTIVITY_LOG_ALERT_TYPE
ACTION_GROUP: Final = facts.ACTION_GROUP_TYPE
