"""Pulumi type tokens of the azure-native resources an aoai estate is made of."""

from __future__ import annotations

from typing import Final

RESOURCE_GROUP: Final = "azure-native:resources:ResourceGroup"
ACCOUNT: Final = "azure-native:cognitiveservices:Account"
DEPLOYMENT: Final = "azure-native:cognitiveservices:Deployment"
RAI_POLICY: Final = "azure-native:cognitiveservices:RaiPolicy"
RAI_BLOCKLIST: Final = "azure-native:cognitiveservices:RaiBlocklist"
RAI_BLOCKLIST_ITEM: Final = "azure-native:cognitiveservices:RaiBlocklistItem"
PRIVATE_ENDPOINT: Final = "azure-native:network:PrivateEndpoint"
PRIVATE_DNS_ZONE_GROUP: Final = "azure-native:network:PrivateDnsZoneGroup"
PRIVATE_ZONE: Final = "azure-native:privatedns:PrivateZone"
VIRTUAL_NETWORK_LINK: Final = "azure-native:privatedns:VirtualNetworkLink"
DIAGNOSTIC_SETTING: Final = "azure-native:monitor:DiagnosticSetting"
