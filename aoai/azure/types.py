"""Pulumi type tokens of the resources an aoai estate is made of: azure-native ones, and aoai's dynamic resource that
holds a blocklist's items (components/blocklist_items.py)."""

from __future__ import annotations

from typing import Final

RESOURCE_GROUP: Final = "azure-native:resources:ResourceGroup"
ACCOUNT: Final = "azure-native:cognitiveservices:Account"
DEPLOYMENT: Final = "azure-native:cognitiveservices:Deployment"
RAI_POLICY: Final = "azure-native:cognitiveservices:RaiPolicy"
RAI_BLOCKLIST: Final = "azure-native:cognitiveservices:RaiBlocklist"
RAI_BLOCKLIST_ITEM: Final = "azure-native:cognitiveservices:RaiBlocklistItem"  # plans made before BlocklistItems
# `pulumi-python:` + the dynamic resource type `dynamic/<module>:<name>` (pulumi.dynamic.Resource.__init_subclass__).
BLOCKLIST_ITEMS: Final = "pulumi-python:dynamic/aoai:BlocklistItems"
DYNAMIC_PROVIDER_INPUT: Final = "__provider"  # the pickled provider every dynamic resource carries as an input
PRIVATE_ENDPOINT: Final = "azure-native:network:PrivateEndpoint"
PRIVATE_DNS_ZONE_GROUP: Final = "azure-native:network:PrivateDnsZoneGroup"
PRIVATE_ZONE: Final = "azure-native:privatedns:PrivateZone"
VIRTUAL_NETWORK_LINK: Final = "azure-native:privatedns:VirtualNetworkLink"
DIAGNOSTIC_SETTING: Final = "azure-native:monitor:DiagnosticSetting"
