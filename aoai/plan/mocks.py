"""Pulumi mocks that answer like Azure: ARM resource ids, physical names, endpoints and identities.

State has the shape azure-native gives it: the resource's properties as Azure returns them plus `id`, `name` and
`type`, but not the path parameters (`accountName`, `resourceGroupName`, `deploymentName`, ...), which exist only as
inputs. Stack policies read outputs, so a policy that leaned on an input-only field would fail here as it would
against Azure.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from pulumi.runtime import Mocks
from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

from aoai.azure import catalog, types

DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
MOCK_TENANT = "11111111-1111-1111-1111-111111111111"
CLIENT_CONFIG = "azure-native:authorization:getClientConfig"

# Pulumi type → (ARM path below the resource group or parent id, the input naming the resource, ARM type).
_RG = "/subscriptions/{sub}/resourceGroups/{resourceGroupName}"
_ACCOUNT = _RG + "/providers/Microsoft.CognitiveServices/accounts/{accountName}"
_ARM_SHAPES: dict[str, tuple[str, str, str]] = {
    types.RESOURCE_GROUP: (_RG, "resourceGroupName", "Microsoft.Resources/resourceGroups"),
    types.ACCOUNT: (_ACCOUNT, "accountName", "Microsoft.CognitiveServices/accounts"),
    types.DEPLOYMENT: (
        _ACCOUNT + "/deployments/{deploymentName}",
        "deploymentName",
        "Microsoft.CognitiveServices/accounts/deployments",
    ),
    types.PROJECT: (
        _ACCOUNT + "/projects/{projectName}",
        "projectName",
        "Microsoft.CognitiveServices/accounts/projects",
    ),
    types.RAI_POLICY: (
        _ACCOUNT + "/raiPolicies/{raiPolicyName}",
        "raiPolicyName",
        "Microsoft.CognitiveServices/accounts/raiPolicies",
    ),
    types.RAI_BLOCKLIST: (
        _ACCOUNT + "/raiBlocklists/{raiBlocklistName}",
        "raiBlocklistName",
        "Microsoft.CognitiveServices/accounts/raiBlocklists",
    ),
    types.RAI_BLOCKLIST_ITEM: (
        _ACCOUNT + "/raiBlocklists/{raiBlocklistName}/raiBlocklistItems/{raiBlocklistItemName}",
        "raiBlocklistItemName",
        "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems",
    ),
    # The items of a blocklist: the id is the ARM path that lists them (components/blocklist_items.collection_id).
    types.BLOCKLIST_ITEMS: (
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.CognitiveServices"
        "/accounts/{accountName}/raiBlocklists/{raiBlocklistName}/raiBlocklistItems",
        "raiBlocklistName",
        "Microsoft.CognitiveServices/accounts/raiBlocklists/raiBlocklistItems",
    ),
    types.PRIVATE_ENDPOINT: (
        _RG + "/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}",
        "privateEndpointName",
        "Microsoft.Network/privateEndpoints",
    ),
    types.PRIVATE_DNS_ZONE_GROUP: (
        _RG + "/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}"
        "/privateDnsZoneGroups/{privateDnsZoneGroupName}",
        "privateDnsZoneGroupName",
        "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    ),
    types.PRIVATE_ZONE: (
        _RG + "/providers/Microsoft.Network/privateDnsZones/{privateZoneName}",
        "privateZoneName",
        "Microsoft.Network/privateDnsZones",
    ),
    types.VIRTUAL_NETWORK_LINK: (
        _RG + "/providers/Microsoft.Network/privateDnsZones/{privateZoneName}"
        "/virtualNetworkLinks/{virtualNetworkLinkName}",
        "virtualNetworkLinkName",
        "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    ),
    types.DIAGNOSTIC_SETTING: (
        "{resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}",
        "name",
        "Microsoft.Insights/diagnosticSettings",
    ),
    types.MANAGEMENT_LOCK: (
        "{scope}/providers/Microsoft.Authorization/locks/{lockName}",
        "lockName",
        "Microsoft.Authorization/locks",
    ),
    types.METRIC_ALERT: (
        _RG + "/providers/Microsoft.Insights/metricAlerts/{ruleName}",
        "ruleName",
        "Microsoft.Insights/metricAlerts",
    ),
    types.ACTIVITY_LOG_ALERT: (
        _RG + "/providers/Microsoft.Insights/activityLogAlerts/{activityLogAlertName}",
        "activityLogAlertName",
        "Microsoft.Insights/activityLogAlerts",
    ),
    types.ACTION_GROUP: (
        _RG + "/providers/Microsoft.Insights/actionGroups/{actionGroupName}",
        "actionGroupName",
        "Microsoft.Insights/actionGroups",
    ),
    types.ROLE_ASSIGNMENT: (
        "{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
        "roleAssignmentName",
        "Microsoft.Authorization/roleAssignments",
    ),
}
# Types azure-native names with a random GUID when the program gives no name (their name must be a GUID).
_AUTONAMED_WITH_GUID: frozenset[str] = frozenset({types.ROLE_ASSIGNMENT})
# Path parameters that Azure also returns as properties of the resource (a role assignment's `scope`).
_RETURNED_PATH_PARAMETERS: dict[str, frozenset[str]] = {types.ROLE_ASSIGNMENT: frozenset({"scope"})}


_PLACEHOLDER = re.compile(r"{(\w+)}")


def _path_parameters(template: str) -> frozenset[str]:
    return frozenset(_PLACEHOLDER.findall(template)) - {"sub"}


def _stable_guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(parts)))


class AzureMocks(Mocks):
    """Answers resource registrations the way Azure Resource Manager would after a successful create."""

    def __init__(self, subscription_id: str = DEFAULT_SUBSCRIPTION) -> None:
        self.subscription_id = subscription_id

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        if not args.custom:
            return None, {}
        shape = _ARM_SHAPES.get(args.typ)
        if shape is None:
            return f"{args.name}-id", dict(args.inputs)
        template, name_key, arm_type = shape
        inputs = {k: v for k, v in args.inputs.items() if k != types.DYNAMIC_PROVIDER_INPUT}
        if args.typ == types.BLOCKLIST_ITEMS:
            # A dynamic provider's state is what its create returns: here every input, path parameters included.
            return template.format(**inputs), inputs
        if args.typ in _AUTONAMED_WITH_GUID and name_key not in inputs:
            inputs[name_key] = _stable_guid(args.name, name_key)  # azure-native names it with a new GUID
        resource_id = template.format(
            sub=self.subscription_id, **{k: v for k, v in inputs.items() if isinstance(v, str)}
        )
        path_parameters = _path_parameters(template) - _RETURNED_PATH_PARAMETERS.get(args.typ, frozenset())
        state: dict[str, Any] = {k: v for k, v in inputs.items() if k not in path_parameters}
        state.update(id=resource_id, name=inputs[name_key], type=arm_type)
        if args.typ == types.ACCOUNT:
            state.update(self._account_state(inputs, resource_id))
        elif args.typ.startswith("azure-native:cognitiveservices:"):
            state["properties"] = {**inputs.get("properties", {}), "provisioningState": "Succeeded"}
        return resource_id, state

    def _account_state(self, inputs: dict[str, Any], resource_id: str) -> dict[str, Any]:
        properties = dict(inputs.get("properties", {}))
        subdomain = properties.get("customSubDomainName", inputs["accountName"])
        kind = inputs.get("kind", "OpenAI")
        properties.update(
            endpoint=catalog.ACCOUNT_ENDPOINT_TEMPLATE[kind].format(subdomain=subdomain),
            provisioningState="Succeeded",
        )
        identity = dict(inputs.get("identity", {}))
        if "SystemAssigned" in identity.get("type", ""):
            identity.update(principalId=_stable_guid(resource_id, "principal"), tenantId=MOCK_TENANT)
        if "userAssignedIdentities" in identity:
            # Azure answers a map of identity id → its principal and client ids, not the list it was given.
            identity["userAssignedIdentities"] = {
                uami: {"principalId": _stable_guid(uami, "principal"), "clientId": _stable_guid(uami, "client")}
                for uami in identity["userAssignedIdentities"]
            }
        return {"properties": properties, "identity": identity}

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if args.token == CLIENT_CONFIG:  # who runs the program: the plan's subscription
            client = {"clientId": _stable_guid("client"), "objectId": _stable_guid("object")}
            return {"subscriptionId": self.subscription_id, "tenantId": MOCK_TENANT, **client}, []
        return {}, []
