"""From a live estate to a stack: the `aoai:` values of a stack file, every value as it is live.

No aoai default silently replaces a live value: where aoai has a default, the live value is written explicitly. What a
stack cannot say is never dropped in silence: a resource aoai cannot manage as it is (a partner model, a second private
endpoint, diagnostics to a storage account) is left out of the stack and listed as left alone, so Pulumi never touches
it; a value aoai states differently is listed in `notes`, and the plan comparison (`aoai.adopt.compare`) shows the
exact property the first `pulumi up` would change. The values are then validated like any stack file; a part aoai's
rules refuse (e.g. a PTU capacity off Azure's steps) is left out with the rule's message, instead of failing the
whole import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from aoai.adopt.live import LiveAccount, LiveEstate, LivePrivateEndpoint
from aoai.azure import catalog
from aoai.errors import ConfigError, Issue
from aoai.spec import StackSpec, parse_stack
from aoai.spec.account import DeploymentSpec, ip_rule_problem
from aoai.validation.rules import path

MAX_EXCLUSION_ROUNDS: Final = 50
_KEY_UNSAFE: Final = re.compile(r"[^a-zA-Z0-9_.-]+")


@dataclass(frozen=True)
class LeftAlone:
    """A live resource the stack does not declare: Pulumi will neither import nor change it."""

    resource: str
    reason: str

    def __str__(self) -> str:
        return f"{self.resource}: {self.reason}"


@dataclass
class Adoption:
    values: dict[str, Any]
    """The `aoai:` namespace of the stack file, key by key."""
    left_alone: list[LeftAlone] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Why a live value is stated differently (the comparison lists the exact properties)."""
    spec: StackSpec | None = None


def stable_key(name: str, taken: Iterable[str]) -> str:
    """A key for `name` that aoai's keys allow (letters, digits, `_`, `.`, `-`, 2–64 characters, starting with a letter
    or digit) and that differs, ignoring case, from every key `taken`."""
    low, high = catalog.ARM_CHILD_NAME_LENGTH
    key = _KEY_UNSAFE.sub("-", name).strip("-_.")[:high]  # what is left starts with a letter or digit
    if len(key) < low:
        key = f"{key or 'key'}-{low}"  # long enough, whatever `low` is: "m" → "m-2"
    used = {t.lower() for t in taken}
    candidate, n = key[:high], 2
    while candidate.lower() in used:
        suffix = f"-{n}"
        candidate, n = key[: high - len(suffix)] + suffix, n + 1
    return candidate


def _props(body: Mapping[str, Any]) -> dict[str, Any]:
    found = body.get("properties")
    return found if isinstance(found, dict) else {}


def _region(body: Mapping[str, Any]) -> str | None:
    location = body.get("location")
    return catalog.region_name(location) if isinstance(location, str) else None


def _last(resource_id: str) -> str:
    return resource_id.rstrip("/").rsplit("/", 1)[-1]


def _resource_group_of(resource_id: str) -> str:
    parts = resource_id.split("/")
    lowered = [p.lower() for p in parts]
    return parts[lowered.index("resourcegroups") + 1] if "resourcegroups" in lowered else ""


class _Translator:
    def __init__(self, live: LiveEstate, environment: str) -> None:
        self.live = live
        self.environment = environment
        self.left_alone: list[LeftAlone] = []
        self.notes: list[str] = []
        self.filters: dict[str, dict[str, Any]] = {}
        self.filter_keys: dict[tuple[str, str], str] = {}
        """(account name, policy name lower) → content filter key."""
        self.filter_owner: dict[str, str] = {}
        self.blocklists: dict[str, dict[str, Any]] = {}
        self.blocklist_owner: dict[str, str] = {}
        self.zones: dict[str, str] = {}
        """Zone name → private DNS zone id, from the zone groups of the endpoints written."""

    def stack(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "environment": self.environment,
            "subscription_id": self.live.subscription,
            "aoai_tags": False,
            "resource_group": {"name": self.live.resource_group, "create": False},
        }
        accounts: dict[str, Any] = {}
        for account in self.live.accounts:
            key = stable_key(account.name, accounts)
            accounts[key] = self.account(account)
        for name, why in self.live.skipped:
            self.left_alone.append(LeftAlone(f"account {name}", why))
        if self.filters:
            values["content_filters"] = self.filters
        if self.blocklists:
            values["blocklists"] = self.blocklists
        if self.zones:
            values["private_access"] = {"dns_zones": {"existing": dict(sorted(self.zones.items()))}}
        values["accounts"] = accounts
        return values

    # --- accounts -------------------------------------------------------------------------------------------------

    def account(self, live: LiveAccount) -> dict[str, Any]:
        body, props, name = live.body, _props(live.body), live.name
        spec: dict[str, Any] = {"name": name, "region": _region(body), "kind": body.get("kind")}
        subdomain = props.get("customSubDomainName")
        if not subdomain:
            self.notes.append(
                f"account {name} has no custom subdomain: aoai gives every account one (Entra ID sign-in and private"
                f" endpoints need it), so applying the stack sets it to {name}, which cannot be undone"
            )
        elif subdomain != name:
            spec["subdomain"] = subdomain
        sku = (body.get("sku") or {}).get("name")
        if sku != catalog.ACCOUNT_SKU:
            self.notes.append(f"account {name} has sku {sku!r}; aoai deploys {catalog.ACCOUNT_SKU}")
        spec["identity"] = self._identity(body)
        spec["public_network_access_enabled"] = props.get("publicNetworkAccess") != "Disabled"
        spec["network_acls"] = self._network_acls(name, props.get("networkAcls"))
        spec["local_auth_enabled"] = not props.get("disableLocalAuth")
        restricted = bool(props.get("restrictOutboundNetworkAccess"))
        fqdns = [str(f) for f in props.get("allowedFqdnList") or []]
        spec["outbound"] = {"restricted": restricted, "allowed_fqdns": fqdns}
        if fqdns and not restricted:
            self.notes.append(
                f"account {name} lists allowed FQDNs but does not restrict outbound access; aoai sends the list only"
                " when access is restricted"
            )
        cmk = self._customer_managed_key(name, body)
        if cmk is not None:
            spec["customer_managed_key"] = cmk
        spec["tags"] = {str(k): str(v) for k, v in (body.get("tags") or {}).items()}
        spec.update(self._foundry(name, props))
        endpoint = self._private_endpoint(live)
        if endpoint is not None:
            spec["private_endpoint"] = endpoint
        diagnostics = self._diagnostics(live)
        if diagnostics is not None:
            spec["diagnostics"] = diagnostics
        spec["deployments"] = self._deployments(live)
        self._unused_children(live)
        return spec

    def _foundry(self, name: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Dynamic throttling and agent network injection as the account has them; projects are noted, not read."""
        spec: dict[str, Any] = {}
        if props.get("dynamicThrottlingEnabled") is True:
            spec["dynamic_throttling_enabled"] = True
        injections = [i for i in props.get("networkInjections") or [] if isinstance(i, Mapping)]
        agents = [i for i in injections if i.get("scenario") in catalog.NETWORK_INJECTION_SCENARIOS]
        if len(agents) == 1 and len(injections) == 1 and agents[0].get("subnetArmId"):
            spec["network_injection"] = {
                "subnet_id": agents[0]["subnetArmId"],
                "scenario": agents[0]["scenario"],
                "microsoft_managed_network": bool(agents[0].get("useMicrosoftManagedNetwork")),
            }
        elif injections:
            self.notes.append(
                f"account {name} has network injections aoai cannot state (it states one agent subnet): the stack"
                " states none"
            )
        if props.get("allowProjectManagement") is True:
            self.notes.append(
                f"account {name} allows Foundry projects, which `aoai import` does not read: write them under"
                " projects (and default_project) before applying the stack, or it states no project management"
            )
        return spec

    def _identity(self, body: Mapping[str, Any]) -> dict[str, Any]:
        identity = body.get("identity") or {}
        kind = str(identity.get("type") or "None")
        user = sorted((identity.get("userAssignedIdentities") or {}).keys())
        return {"system_assigned": "SystemAssigned" in kind, "user_assigned_ids": user}

    def _network_acls(self, name: str, acls: Any) -> dict[str, Any]:
        if not isinstance(acls, dict):
            self.notes.append(
                f"account {name} has no network rules; aoai states the firewall: the stack says default_action: Allow,"
                " which admits what no rules admit"
            )
            return {"default_action": "Allow", "bypass": "AzureServices", "ip_rules": [], "subnet_ids": []}
        for key, default in (("defaultAction", "Allow"), ("bypass", "AzureServices")):
            if acls.get(key) is None:
                self.notes.append(
                    f"account {name} states no network rule {key}; aoai always states one: the stack says {default}"
                )
        rules: list[str] = []
        for rule in acls.get("ipRules") or []:
            value = str((rule or {}).get("value", ""))
            problem = ip_rule_problem(value)
            if problem is None:
                rules.append(value)
            else:
                self.notes.append(f"account {name}: IP rule {problem}; the stack leaves it out")
        return {
            "default_action": acls.get("defaultAction") or "Allow",
            "bypass": acls.get("bypass") or "AzureServices",
            "ip_rules": rules,
            "subnet_ids": [str((r or {}).get("id")) for r in acls.get("virtualNetworkRules") or []],
        }

    def _customer_managed_key(self, name: str, body: Mapping[str, Any]) -> dict[str, Any] | None:
        encryption = _props(body).get("encryption") or {}
        if encryption.get("keySource") != "Microsoft.KeyVault":
            return None
        vault = encryption.get("keyVaultProperties") or {}
        client_id = str(vault.get("identityClientId") or "")
        identities = (body.get("identity") or {}).get("userAssignedIdentities") or {}
        identity_id = next(
            (i for i, v in identities.items() if str((v or {}).get("clientId", "")).lower() == client_id.lower()), None
        )
        missing = [k for k in ("keyVaultUri", "keyName", "keyVersion") if not vault.get(k)]
        if identity_id is None or not client_id or missing:
            why = f"no {', '.join(missing)}" if missing else "the key is used through no user-assigned identity"
            self.notes.append(
                f"account {name} is encrypted with a customer-managed key that aoai cannot state ({why}; aoai needs a"
                " key version and a user-assigned identity): the stack leaves the key out"
            )
            return None
        return {
            "key_vault_uri": vault["keyVaultUri"],
            "key_name": vault["keyName"],
            "key_version": vault["keyVersion"],
            "identity_id": identity_id,
            "identity_client_id": client_id,
        }

    # --- private endpoint and diagnostics ----------------------------------------------------------------------------

    def _private_endpoint(self, live: LiveAccount) -> dict[str, Any] | None:
        written: dict[str, Any] | None = None
        for endpoint in live.private_endpoints:
            name = str(endpoint.body.get("name", ""))
            where = f"private endpoint {name} (to account {live.name})"
            if written is not None:
                self.left_alone.append(LeftAlone(where, "aoai manages one private endpoint per account"))
                continue
            why = self._endpoint_problem(live, endpoint)
            if why is not None:
                self.left_alone.append(LeftAlone(where, why))
                continue
            props = _props(endpoint.body)
            written = {"subnet_id": (props.get("subnet") or {}).get("id")}
            if _region(endpoint.body) != _region(live.body):
                written["location"] = _region(endpoint.body)
            if name != f"pe-{live.name}":
                written["name"] = name
            group = _resource_group_of(str(endpoint.body.get("id", "")))
            if group.lower() != self.live.resource_group.lower():
                written["resource_group"] = group
            for config in _zone_configs(endpoint):
                zone_id = str(_props(config).get("privateDnsZoneId"))
                self.zones.setdefault(_last(zone_id), zone_id)
        return written

    def _endpoint_problem(self, live: LiveAccount, endpoint: LivePrivateEndpoint) -> str | None:
        return _endpoint_shape_problem(live, endpoint) or self._zone_group_problem(live, endpoint)

    def _zone_group_problem(self, live: LiveAccount, endpoint: LivePrivateEndpoint) -> str | None:
        groups = endpoint.zone_groups
        if len(groups) != 1 or groups[0].get("name") != "default":
            return "aoai gives an endpoint one DNS zone group named 'default'"
        zones = {_last(str(_props(c).get("privateDnsZoneId"))): c for c in _zone_configs(endpoint)}
        wanted = set(catalog.PRIVATE_DNS_ZONES.get(str(live.body.get("kind")), ()))
        if set(zones) != wanted:
            held = ", ".join(sorted(zones)) or "no zones"
            return f"its zone group holds {held}; aoai links {', '.join(sorted(wanted))}"
        for zone, config in zones.items():
            zone_id = str(_props(config).get("privateDnsZoneId"))
            if config.get("name") != zone.replace(".", "-"):
                return f"aoai names the zone configuration of {zone} {zone.replace('.', '-')!r}"
            if self.zones.get(zone, zone_id).lower() != zone_id.lower():
                return f"it uses another {zone} zone than an endpoint already written ({self.zones[zone]})"
        return None

    def _diagnostics(self, live: LiveAccount) -> dict[str, Any] | None:
        written: dict[str, Any] | None = None
        for setting in live.diagnostic_settings:
            name = str(setting.get("name", ""))
            where = f"diagnostic setting {name} (of account {live.name})"
            props = _props(setting)
            logs = {
                (g.get("categoryGroup"), g.get("category"), bool(g.get("enabled"))) for g in props.get("logs") or []
            }
            metrics = {(m.get("category"), bool(m.get("enabled"))) for m in props.get("metrics") or []}
            chosen = sorted(group or category or "" for group, category, enabled in logs if enabled)
            known = (*catalog.DIAGNOSTIC_LOG_CATEGORY_GROUPS, *catalog.DIAGNOSTIC_LOG_CATEGORIES)
            others = [k for k in ("serviceBusRuleId", "marketplacePartnerId") if props.get(k)]
            if written is not None:
                self.left_alone.append(LeftAlone(where, "aoai manages one diagnostic setting per account"))
            elif others:
                self.left_alone.append(
                    LeftAlone(where, "aoai sends diagnostics to Log Analytics, storage and Event Hubs, not elsewhere")
                )
            elif not chosen or any(c not in known for c in chosen):
                self.left_alone.append(
                    LeftAlone(
                        where,
                        f"aoai sends one or more of the log categories {', '.join(known)}, and this"
                        " setting sends none of them or others",
                    )
                )
            elif {m for m in metrics if m[1]} - {(catalog.DIAGNOSTIC_METRIC_CATEGORY, True)}:
                self.left_alone.append(
                    LeftAlone(where, f"aoai sends {catalog.DIAGNOSTIC_METRIC_CATEGORY!r} or no metrics")
                )
            elif not catalog.ARM_CHILD_NAME_PATTERN.fullmatch(name):
                self.left_alone.append(LeftAlone(where, "its name is not one aoai can give a diagnostic setting"))
            else:
                written = self._diagnostics_spec(
                    props, name, chosen, (catalog.DIAGNOSTIC_METRIC_CATEGORY, True) in metrics
                )
        return written

    @staticmethod
    def _diagnostics_spec(props: Mapping[str, Any], name: str, logs: list[str], metrics: bool) -> dict[str, Any]:
        """The stack's `diagnostics` for a live setting: its destinations, categories and name, as Azure states them."""
        spec: dict[str, Any] = {}
        for key, stated in (("workspaceId", "workspace_id"), ("storageAccountId", "storage_account_id")):
            if props.get(key):
                spec[stated] = props[key]
        if props.get("eventHubAuthorizationRuleId"):
            hub = {"authorization_rule_id": props["eventHubAuthorizationRuleId"]}
            spec["event_hub"] = hub | ({"name": props["eventHubName"]} if props.get("eventHubName") else {})
        if logs != [catalog.DIAGNOSTIC_LOG_CATEGORY_GROUP]:
            spec["logs"] = logs
        if not metrics:
            spec["metrics"] = False
        return spec | {"name": name}

    # --- deployments, content filters, blocklists ----------------------------------------------------------------

    def _upgrade_option(self, where: str, upgrade: object, sku_name: str) -> str | None:
        """The `version_upgrade_option` to write, or None to leave aoai's default."""
        default = DeploymentSpec.model_fields["version_upgrade_option"].default
        if upgrade == default and catalog.DEPLOYMENT_SKUS[sku_name].billing != catalog.AUTO_UPGRADED_BILLING:
            return None  # aoai states the same; written, it would only be warned as having no effect on this sku
        if upgrade in catalog.VERSION_UPGRADE_OPTIONS:
            return str(upgrade)
        self.notes.append(
            f"{where} states no version upgrade option; aoai always states one (the stack says {default})"
        )
        return None

    def _deployments(self, live: LiveAccount) -> dict[str, Any]:
        keys: dict[str, str] = {}
        """Deployment name lower → key."""
        written: dict[str, dict[str, Any]] = {}
        for deployment in sorted(live.deployments, key=lambda d: str(d.get("name"))):
            name = str(deployment.get("name", ""))
            where = f"deployment {live.name}/{name}"
            props = _props(deployment)
            model = props.get("model") or {}
            sku = deployment.get("sku") or {}
            why = _deployment_problem(model, sku)
            if why is not None:
                self.left_alone.append(LeftAlone(where, why))
                continue
            key = stable_key(name, written)
            spec: dict[str, Any] = {}
            if key != name:
                spec["name"] = name
            spec["model"] = {"name": model["name"], "version": model["version"]}
            if model["format"] != "OpenAI":
                spec["model"]["format"] = model["format"]
            spec["sku"] = sku["name"]
            spec["capacity"] = sku["capacity"]
            upgrade = self._upgrade_option(where, props.get("versionUpgradeOption"), sku["name"])
            if upgrade is not None:
                spec["version_upgrade_option"] = upgrade
            spec["content_filter"] = self._filter_for(live, where, props.get("raiPolicyName"))
            written[key] = spec
            keys[name.lower()] = key
            spillover = props.get("spilloverDeploymentName")
            if spillover:
                spec["spillover_to"] = str(spillover)  # resolved to a key below, once every key is known
        for key, spec in written.items():
            target = spec.get("spillover_to")
            if target is not None:
                resolved = keys.get(target.lower())
                if resolved is None:
                    self.notes.append(
                        f"deployment {live.name}/{spec.get('name', key)} spills over to {target}, which the stack does"
                        " not declare: the stack leaves spillover off"
                    )
                    del spec["spillover_to"]
                else:
                    spec["spillover_to"] = resolved
        return written

    def _filter_for(self, live: LiveAccount, where: str, policy_name: Any) -> str:
        if not policy_name:
            self.notes.append(f"{where} names no content filter; the stack says Microsoft.DefaultV2")
            return "Microsoft.DefaultV2"
        folded = str(policy_name).lower()
        builtin = {b.lower(): b for b in catalog.BUILTIN_RAI_POLICIES}
        if folded in builtin:
            return builtin[folded]
        known = self.filter_keys.get((live.name, folded))
        if known is not None:
            return known
        policy = next((p for p in live.rai_policies if str(p.get("name", "")).lower() == folded), None)
        if policy is None:
            self.notes.append(
                f"{where} names content filter {policy_name}, which Azure does not list; the stack says"
                " Microsoft.DefaultV2"
            )
            return "Microsoft.DefaultV2"
        key = self._content_filter(live, policy)
        self.filter_keys[(live.name, folded)] = key
        return key

    def _content_filter(self, live: LiveAccount, policy: Mapping[str, Any]) -> str:
        name = str(policy.get("name", ""))
        spec = self._filter_spec(live, name, _props(policy))
        existing = next((k for k, v in self.filters.items() if (v.get("name") or k).lower() == name.lower()), None)
        if existing is not None:
            if _without_name(self.filters[existing]) != _without_name(spec):
                self.notes.append(
                    f"content filter {name} of account {live.name} differs from the one of the same name in account"
                    f" {self.filter_owner[existing]}; a stack holds one filter of a name, so applying it gives"
                    f" {live.name}'s the settings of {self.filter_owner[existing]}'s"
                )
            return existing
        key = stable_key(name, self.filters)
        if key != name:
            spec = {"name": name, **spec}
        self.filters[key] = spec
        self.filter_owner[key] = live.name
        return key

    def _filter_spec(self, live: LiveAccount, name: str, props: Mapping[str, Any]) -> dict[str, Any]:
        where = f"content filter {name} of account {live.name}"
        entries = {(str(f.get("name")), str(f.get("source"))): f for f in props.get("contentFilters") or []}
        spec: dict[str, Any] = {}
        base = props.get("basePolicyName")
        if base in catalog.BUILTIN_RAI_POLICIES:
            spec["base_policy"] = base
        else:
            self.notes.append(f"{where} has base policy {base!r}; the stack says Microsoft.DefaultV2")
        mode = props.get("mode")
        if mode in catalog.RAI_MODES:
            spec["mode"] = mode
        elif mode in catalog.RAI_MODE_DEPRECATED:
            spec["mode"] = catalog.RAI_MODE_DEPRECATED[mode]
            self.notes.append(
                f"{where} has mode {mode!r}, deprecated in API {catalog.API_VERSION}: the stack says {spec['mode']!r}"
            )
        else:
            spec["mode"] = "Default"
            self.notes.append(f"{where} has mode {mode!r}; the stack says 'Default'")
        categories: dict[str, Any] = {}
        for key, filter_name in catalog.HARM_CATEGORIES.items():
            sides: dict[str, Any] = {}
            for source in catalog.CONTENT_SOURCES:
                entry = entries.pop((filter_name, source), None)
                if entry is None:
                    self.notes.append(
                        f"{where} does not state {filter_name} on {source.lower()}s; aoai states Microsoft's default"
                    )
                    continue
                threshold = entry.get("severityThreshold")
                if threshold not in catalog.SEVERITY_LEVELS:
                    self.notes.append(
                        f"{where}: {filter_name} on {source.lower()}s has no severity; the stack says"
                        f" {catalog.DEFAULT_SEVERITY}"
                    )
                    threshold = catalog.DEFAULT_SEVERITY
                sides[source.lower()] = {
                    "threshold": threshold,
                    "enabled": bool(entry.get("enabled")),
                    "blocking": bool(entry.get("blocking")),
                }
            categories[key] = sides
        spec["categories"] = categories
        spec["prompt_shields"] = {
            key: self._switch(where, entries, filter_name, ("Prompt",))
            for key, filter_name in catalog.PROMPT_SHIELDS.items()
        }
        spec["protected_material"] = {
            key: self._switch(where, entries, filter_name, ("Completion",))
            for key, filter_name in catalog.PROTECTED_MATERIAL.items()
        }
        spec["profanity"] = self._switch(where, entries, catalog.PROFANITY, catalog.CONTENT_SOURCES)
        for filter_name, source in sorted(entries):
            self.notes.append(f"{where} has a {filter_name} filter on {source}, which aoai does not state")
        spec["blocklists"] = self._blocklist_uses(live, where, props.get("customBlocklists") or [])
        return spec

    def _switch(
        self, where: str, entries: dict[tuple[str, str], Any], filter_name: str, sources: tuple[str, ...]
    ) -> bool:
        """A filter aoai turns on (enabled and blocking) or off as a whole, on `sources`."""
        states = []
        for source in sources:
            entry = entries.pop((filter_name, source), None)
            states.append(None if entry is None else (bool(entry.get("enabled")), bool(entry.get("blocking"))))
        stated = [s for s in states if s is not None]
        on = any(enabled for enabled, _ in stated)
        if len(stated) != len(states) or len(set(stated)) > 1 or any(e != b for e, b in stated):
            self.notes.append(
                f"{where}: {filter_name} is {' / '.join(_state(s) for s in states)};"
                f" aoai turns it on or off as a whole (enabled and blocking): the stack says {'on' if on else 'off'}"
            )
        return on

    def _blocklist_uses(self, live: LiveAccount, where: str, configs: list[Any]) -> dict[str, Any]:
        uses: dict[str, dict[str, bool]] = {}
        blocking: dict[str, set[bool]] = {}
        for config in configs:
            name = str((config or {}).get("blocklistName", ""))
            use = uses.setdefault(name, {"prompt": False, "completion": False})
            source = str(config.get("source", ""))
            if source in catalog.CONTENT_SOURCES:
                use[source.lower()] = True
            blocking.setdefault(name, set()).add(bool(config.get("blocking")))
        written: dict[str, Any] = {}
        for name in sorted(uses):
            key = self._blocklist(live, name)
            if key is None:
                self.notes.append(
                    f"{where} applies blocklist {name}, which Azure does not list; the stack leaves it out"
                )
                continue
            if len(blocking[name]) > 1:
                self.notes.append(
                    f"{where} applies blocklist {name} blocking on one side only; the stack blocks on both"
                )
            written[key] = {**uses[name], "blocking": any(blocking[name])}
        return written

    def _blocklist(self, live: LiveAccount, name: str) -> str | None:
        found = next((b for b in live.blocklists if str(b.get("name", "")).lower() == name.lower()), None)
        if found is None:
            return None
        physical = str(found.get("name"))
        items = {
            str(item.get("name")): {
                "pattern": str(_props(item).get("pattern", "")),
                "regex": bool(_props(item).get("isRegex")),
            }
            for item in live.blocklist_items.get(physical, [])
        }
        spec = {"description": str(_props(found).get("description") or ""), "items": dict(sorted(items.items()))}
        existing = next((k for k in self.blocklists if k.lower() == physical.lower()), None)
        if existing is not None:
            if self.blocklists[existing] != spec:
                self.notes.append(
                    f"blocklist {physical} of account {live.name} differs from the one of the same name in account"
                    f" {self.blocklist_owner[existing]}; a stack holds one blocklist of a name, so applying it gives"
                    f" {live.name}'s the items of {self.blocklist_owner[existing]}'s"
                )
            return existing
        self.blocklists[physical] = spec
        self.blocklist_owner[physical] = live.name
        return physical

    def _unused_children(self, live: LiveAccount) -> None:
        """Custom policies and blocklists no written deployment uses: aoai declares only what deployments use."""
        used_policies = {p for (account, p) in self.filter_keys if account == live.name}
        builtin = {b.lower() for b in catalog.BUILTIN_RAI_POLICIES}
        for policy in live.rai_policies:
            name = str(policy.get("name", ""))
            if (
                name.lower() in builtin
                or _props(policy).get("type") == "SystemManaged"
                or name.lower() in used_policies
            ):
                continue
            self.left_alone.append(
                LeftAlone(f"content filter {live.name}/{name}", "no deployment the stack declares uses it")
            )
        used_lists = {
            name.lower()
            for key in {self.filter_keys[k] for k in self.filter_keys if k[0] == live.name}
            for name in self.filters[key].get("blocklists", {})
        }
        for blocklist in live.blocklists:
            name = str(blocklist.get("name", ""))
            if name.lower() not in used_lists:
                self.left_alone.append(
                    LeftAlone(f"blocklist {live.name}/{name}", "no content filter the stack declares applies it")
                )


def _deployment_problem(model: Mapping[str, Any], sku: Mapping[str, Any]) -> str | None:
    """Why aoai cannot state a deployment of this model and sku, or None."""
    if model.get("format") not in catalog.MODEL_FORMATS:
        return f"model format {model.get('format')!r}: aoai deploys {', '.join(catalog.MODEL_FORMATS)} models"
    if sku.get("name") not in catalog.DEPLOYMENT_SKUS:
        return f"sku {sku.get('name')!r} is not one aoai deploys"
    if not model.get("version") or not model.get("name") or not isinstance(sku.get("capacity"), int):
        return "Azure reports no model name, version or capacity for it"
    return None


def _endpoint_shape_problem(live: LiveAccount, endpoint: LivePrivateEndpoint) -> str | None:
    """Why aoai cannot state this endpoint itself (its zone group aside), or None."""
    body, props = endpoint.body, _props(endpoint.body)
    name = str(body.get("name", ""))
    if not catalog.ARM_CHILD_NAME_PATTERN.fullmatch(name):
        return "its name is not one aoai can give an endpoint"
    connections = props.get("privateLinkServiceConnections") or []
    if props.get("manualPrivateLinkServiceConnections") or len(connections) != 1:
        return "aoai makes endpoints with exactly one automatically approved connection"
    if [str(g) for g in _props(connections[0]).get("groupIds") or []] != [catalog.PRIVATE_ENDPOINT_GROUP_ID]:
        return f"its connection is not to the account's {catalog.PRIVATE_ENDPOINT_GROUP_ID!r} sub-resource"
    return _endpoint_naming_problem(live, endpoint)


def _endpoint_naming_problem(live: LiveAccount, endpoint: LivePrivateEndpoint) -> str | None:
    body, props = endpoint.body, _props(endpoint.body)
    name = str(body.get("name", ""))
    connections = props.get("privateLinkServiceConnections") or [{}]
    if str(connections[0].get("name")) != name or props.get("customNetworkInterfaceName") != f"{name}-nic":
        return (
            f"aoai names an endpoint's connection like the endpoint and its network interface `{name}-nic`;"
            " Azure cannot rename them in place"
        )
    if (body.get("tags") or {}) != (live.body.get("tags") or {}):
        return "its tags differ from its account's, and aoai tags an endpoint like its account"
    return None


def _state(state: tuple[bool, bool] | None) -> str:
    return "unstated" if state is None else f"enabled={state[0]}, blocking={state[1]}"


def _zone_configs(endpoint: LivePrivateEndpoint) -> list[dict[str, Any]]:
    return [c for group in endpoint.zone_groups for c in _props(group).get("privateDnsZoneConfigs") or []]


def _without_name(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k != "name"}


def adopt(live: LiveEstate, environment: str, source: str) -> Adoption:
    """The stack of `live` for `environment`, validated; `source` names the stack file in messages."""
    translator = _Translator(live, environment)
    values = translator.stack()
    adoption = Adoption(values, translator.left_alone, translator.notes)
    for _ in range(MAX_EXCLUSION_ROUNDS):
        try:
            adoption.spec = parse_stack(values, source)
        except ConfigError as error:
            if not _exclude(values, error.issues, adoption.left_alone):
                raise
            continue
        if not _drop_unused(values, translator, adoption.left_alone):
            return adoption
    raise ConfigError(source, [Issue("", "aoai import could not write a stack that aoai accepts")])


def _drop_unused(values: dict[str, Any], translator: _Translator, left_alone: list[LeftAlone]) -> bool:
    """Leave out content filters no deployment uses any more (their deployments were left out), then blocklists no
    filter applies; False when there were none."""
    accounts = values.get("accounts", {}).values()
    used = {d.get("content_filter") for account in accounts for d in account.get("deployments", {}).values()}
    filters = values.get("content_filters", {})
    dropped = False
    for key in [k for k in filters if k not in used]:
        spec = filters.pop(key)
        left_alone.append(
            LeftAlone(
                f"content filter {spec.get('name', key)} (of account {translator.filter_owner.get(key, '?')})",
                "no deployment the stack declares uses it",
            )
        )
        dropped = True
    applied = {name for spec in filters.values() for name in spec.get("blocklists", {})}
    blocklists = values.get("blocklists", {})
    for name in [n for n in blocklists if n not in applied]:
        del blocklists[name]
        owner = translator.blocklist_owner.get(name, "?")
        left_alone.append(LeftAlone(f"blocklist {owner}/{name}", "no content filter the stack declares applies it"))
        dropped = True
    for key in ("content_filters", "blocklists"):
        if key in values and not values[key]:
            del values[key]
    return dropped


def _exclude(values: dict[str, Any], issues: list[Issue], left_alone: list[LeftAlone]) -> bool:
    """Leave out each deployment an issue is about (with the issue as the reason); False when an issue is about
    something else (a bug in the translation, reported as it is)."""
    excluded = False
    for key, account in values.get("accounts", {}).items():
        for name in list(account.get("deployments", {})):
            where = path(("accounts", key, "deployments", name))
            found = [i for i in issues if i.path == where or i.path.startswith((where + ".", where + "["))]
            if found:
                spec = account["deployments"].pop(name)
                reason = "; ".join(f"{i.path.removeprefix(where).lstrip('.') or 'it'}: {i.message}" for i in found)
                left_alone.append(
                    LeftAlone(f"deployment {account['name']}/{spec.get('name', name)}", f"aoai refuses it ({reason})")
                )
                excluded = True
    return excluded
