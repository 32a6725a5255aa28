"""Live estates for the loopback ARM server: what `aoai import` adopts and `aoai drift` compares.

Every body starts from an official example of the REST spec (tests/fixtures/arm, tests/fixtures/arm-more) and changes
only what the estate needs, so the shapes are the ones Azure sends.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from arm_server import EXAMPLES, Azure, example

MORE = Path(__file__).parent / "fixtures" / "arm-more"
PROVIDER = "providers/Microsoft.CognitiveServices"
HARM = ("Hate", "Sexual", "Violence", "Selfharm")


def more(name: str, status: str = "200") -> Any:
    return json.loads((MORE / f"{name}.json").read_text(encoding="utf-8"))["responses"][status]["body"]


class LiveEstate:
    """Builds one resource group's accounts and their children into an `Azure` the server answers from."""

    def __init__(self, azure: Azure, group: str) -> None:
        self.azure, self.group = azure, group
        self.base = f"/subscriptions/{azure.subscription}/resourceGroups/{group}"

    def account_id(self, name: str) -> str:
        return f"{self.base}/{PROVIDER}/accounts/{name}"

    def account(self, name: str, region: str, kind: str = "AIServices", **properties: Any) -> dict[str, Any]:
        body = copy.deepcopy(example("CreateAccountMin"))
        body.update(id=self.account_id(name), name=name, location=region, kind=kind, tags={})
        body["identity"] = {
            "type": "SystemAssigned",
            "principalId": body["identity"]["principalId"],
            "tenantId": body["identity"]["tenantId"],
        }
        body["properties"].update(customSubDomainName=name, endpoint=f"https://{name}.openai.azure.com/")
        body["properties"].update(properties)
        self.azure.accounts[(self.group, name)] = body
        self.azure.deployments.setdefault((self.group, name), [])
        return body

    def deployment(  # noqa: PLR0917 - reads like the deployment it makes
        self,
        account: str,
        name: str,
        model: str,
        version: str,
        sku: str,
        capacity: int,
        **properties: Any,
    ) -> dict[str, Any]:
        body = copy.deepcopy(example("PutDeployment"))
        body.update(
            id=f"{self.account_id(account)}/deployments/{name}", name=name, sku={"name": sku, "capacity": capacity}
        )
        body["properties"]["model"] = {"format": "OpenAI", "name": model, "version": version}
        body["properties"].update(properties)
        self.azure.deployments.setdefault((self.group, account), []).append(body)
        return body

    def policy(
        self,
        account: str,
        name: str,
        *,
        mode: str = "Blocking",
        base: str = "Microsoft.DefaultV2",
        harm: dict[tuple[str, str], tuple[bool, bool, str]] | None = None,
        switches: dict[tuple[str, str], tuple[bool, bool]] | None = None,
        blocklists: list[tuple[str, str, bool]] = (),  # type: ignore[assignment]
    ) -> dict[str, Any]:
        """A custom RAI policy: every harm category on both sides (enabled, blocking, severity; default Medium, on),
        the switch filters aoai knows (default: Microsoft's defaults), blocklists as (name, source, blocking)."""
        body = copy.deepcopy(
            json.loads((EXAMPLES / "PutRaiPolicy.json").read_text("utf-8"))["responses"]["200"]["body"]
        )
        template = body["properties"]["contentFilters"][0]
        filters = []
        for category in HARM:
            for source in ("Prompt", "Completion"):
                enabled, blocking, severity = (harm or {}).get((category, source), (True, True, "Medium"))
                filters.append(
                    {
                        **template,
                        "name": category,
                        "source": source,
                        "enabled": enabled,
                        "blocking": blocking,
                        "severityThreshold": severity,
                    }
                )
        chosen = {
            ("Jailbreak", "Prompt"): (True, True),
            ("Indirect Attack", "Prompt"): (False, False),
            ("Protected Material Text", "Completion"): (True, True),
            ("Protected Material Code", "Completion"): (True, True),
            ("Profanity", "Prompt"): (False, False),
            ("Profanity", "Completion"): (False, False),
            **(switches or {}),
        }
        for (filter_name, source), (enabled, blocking) in chosen.items():
            filters.append({"name": filter_name, "source": source, "enabled": enabled, "blocking": blocking})
        body.update(name=name, id=f"{self.account_id(account)}/raiPolicies/{name}")
        body["properties"].update(
            basePolicyName=base,
            mode=mode,
            contentFilters=filters,
            customBlocklists=[{"blocklistName": b, "source": s, "blocking": on} for b, s, on in blocklists],
        )
        self.azure.rai_policies.setdefault((self.group, account), []).append(body)
        return body

    def blocklist(self, account: str, name: str, description: str, items: dict[str, tuple[str, bool]]) -> None:
        body = copy.deepcopy(more("GetRaiBlocklist"))
        body.update(name=name, id=f"{self.account_id(account)}/raiBlocklists/{name}")
        body["properties"] = {"description": description}
        self.azure.blocklist_bodies.setdefault((self.group, account), []).append(body)
        self.azure.blocklists[(self.group, account, name)] = {
            item: {"pattern": pattern, "isRegex": regex} for item, (pattern, regex) in items.items()
        }

    def private_endpoint(
        self,
        account: str,
        name: str,
        subnet_id: str,
        zone_ids: dict[str, str],
        *,
        group: str | None = None,
        tags: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """An endpoint made the way the portal makes one: connection named like it, NIC `<name>-nic`, one zone group
        `default` with a configuration per zone named after it; the account lists its connection."""
        group = group or self.group
        endpoint_id = (
            f"/subscriptions/{self.azure.subscription}/resourceGroups/{group}"
            f"/providers/Microsoft.Network/privateEndpoints/{name}"
        )
        account_body = self.azure.accounts[(self.group, account)]
        body = copy.deepcopy(more("PrivateEndpointGet"))
        body.update(
            id=endpoint_id,
            name=name,
            location=account_body["location"],
            tags=dict(account_body.get("tags") or {}) if tags is None else tags,
        )
        props = body["properties"]
        connection = copy.deepcopy((props.get("privateLinkServiceConnections") or [{}])[0])
        connection.update(name=name, id=f"{endpoint_id}/privateLinkServiceConnections/{name}")
        connection_props = connection.setdefault("properties", {})
        connection_props.update(privateLinkServiceId=self.account_id(account), groupIds=["account"])
        connection_props.pop("requestMessage", None)  # an automatically approved connection asks nothing
        props.update(
            subnet={"id": subnet_id},
            privateLinkServiceConnections=[connection],
            manualPrivateLinkServiceConnections=[],
            customNetworkInterfaceName=f"{name}-nic",
        )
        props.pop("ipConfigurations", None)
        props.pop("applicationSecurityGroups", None)
        self.azure.private_endpoints[(group, name)] = body
        zone_group = copy.deepcopy(more("PrivateEndpointDnsZoneGroupGet"))
        config_template = zone_group["properties"]["privateDnsZoneConfigs"][0]
        zone_group.update(name="default", id=f"{endpoint_id}/privateDnsZoneGroups/default")
        zone_group["properties"]["privateDnsZoneConfigs"] = [
            {
                **copy.deepcopy(config_template),
                "name": zone.replace(".", "-"),
                "properties": {**config_template.get("properties", {}), "privateDnsZoneId": zone_id},
            }
            for zone, zone_id in sorted(zone_ids.items())
        ]
        self.azure.zone_groups[(group, name)] = [zone_group]
        account_body["properties"].setdefault("privateEndpointConnections", []).append(
            {
                "id": f"{self.account_id(account)}/privateEndpointConnections/{name}.conn",
                "properties": {"privateEndpoint": {"id": endpoint_id}},
            }
        )
        return body

    def diagnostics(
        self,
        account: str,
        name: str,
        *,
        workspace_id: str | None = None,
        storage_account_id: str | None = None,
        logs: list[dict[str, Any]] | None = None,
        metrics: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        body = copy.deepcopy(more("getDiagnosticSetting"))
        body.update(name=name, id=f"{self.account_id(account)}/providers/Microsoft.Insights/diagnosticSettings/{name}")
        props = body["properties"]
        for key in (
            "storageAccountId",
            "eventHubAuthorizationRuleId",
            "eventHubName",
            "workspaceId",
            "serviceBusRuleId",
            "marketplacePartnerId",
            "logAnalyticsDestinationType",
        ):
            props.pop(key, None)
        if workspace_id:
            props["workspaceId"] = workspace_id
        if storage_account_id:
            props["storageAccountId"] = storage_account_id
        props["logs"] = (
            logs
            if logs is not None
            else [{"categoryGroup": "allLogs", "enabled": True, "retentionPolicy": {"enabled": False, "days": 0}}]
        )
        props["metrics"] = (
            metrics
            if metrics is not None
            else [{"category": "AllMetrics", "enabled": True, "retentionPolicy": {"enabled": False, "days": 0}}]
        )
        self.azure.diagnostic_settings.setdefault((self.group, account), []).append(body)
        return body
