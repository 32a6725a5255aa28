"""Policies on `azure-native:cognitiveservices:Account` inputs.

An absent property is read as Azure reads it: no `publicNetworkAccess` means public access is on, no
`disableLocalAuth` means API keys work, no `identity` means no managed identity, no `encryption` means
Microsoft-managed keys, no `restrictOutboundNetworkAccess` means outbound calls are unrestricted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, ResourceValidationArgs, Severity

from aoai_policies import facts
from aoai_policies.define import Settings, not_applicable, resource_policy, string_list
from aoai_policies.props import flag, items, mapping, names, region, text


def _public_network_access(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    access = text(args.props, "properties", "publicNetworkAccess")
    if access == "Disabled":
        return
    default_action = text(args.props, "properties", "networkAcls", "defaultAction")
    if settings["allowFirewalledPublicAccess"] and default_action == "Deny":
        return
    stated = f"publicNetworkAccess is '{access}'" if access else "publicNetworkAccess is not set (Azure enables it)"
    if settings["allowFirewalledPublicAccess"]:
        action = f"'{default_action}'" if default_action else "not set (Azure allows all)"
        yield f"{stated} and networkAcls.defaultAction is {action}: anyone on the internet can reach the account."
    else:
        yield f"{stated}: the account is reachable from the internet."


def _local_auth(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    disabled = flag(args.props, "properties", "disableLocalAuth")
    if disabled is True:
        return
    if disabled is None:
        yield "disableLocalAuth is not set, so Azure accepts API keys."
    else:
        yield "disableLocalAuth is false, so Azure accepts API keys."


def _managed_identity(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    identity_type = text(args.props, "identity", "type")
    if identity_type is not None and ("SystemAssigned" in identity_type or "UserAssigned" in identity_type):
        return
    if identity_type is None:
        yield "identity is not set: the account has no managed identity."
    else:
        yield f"identity.type is '{identity_type}': the account has no managed identity."


def _custom_subdomain(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    if not text(args.props, "properties", "customSubDomainName"):
        yield (
            "customSubDomainName is not set: Entra ID tokens, disabling local auth and private endpoints all need it,"
            " and it cannot be added later without recreating the account."
        )


def _customer_managed_key(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    encryption = mapping(args.props, "properties", "encryption")
    if not encryption:
        yield "encryption is not set: data at rest is encrypted with Microsoft-managed keys."
        return
    source = text(encryption, "keySource")
    if source != "Microsoft.KeyVault":
        yield f"encryption.keySource is '{source}': data at rest is encrypted with Microsoft-managed keys."
        return
    missing = [key for key in ("keyVaultUri", "keyName") if not text(encryption, "keyVaultProperties", key)]
    if missing:
        yield f"encryption.keyVaultProperties lacks {names(missing)}: Azure cannot find the key."


def _outbound(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    restricted = flag(args.props, "properties", "restrictOutboundNetworkAccess")
    if restricted is not True:
        stated = "not set" if restricted is None else "false"
        yield f"restrictOutboundNetworkAccess is {stated}: the account may call any host on the internet."
    elif not items(args.props, "properties", "allowedFqdnList"):
        yield (
            "restrictOutboundNetworkAccess is true but allowedFqdnList is empty: list the hosts the account may call"
            " (features that call out, such as On Your Data, fail without them)."
        )


def _network_rules(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    acls = mapping(args.props, "properties", "networkAcls")
    ip_rules = [text(rule, "value") or "a rule without a value" for rule in items(acls, "ipRules")]
    subnets = items(acls, "virtualNetworkRules")
    if ip_rules and not settings["allowIpRules"]:
        yield f"networkAcls.ipRules admits {names(ip_rules)}: reach the account privately instead."
    if subnets and not settings["allowVirtualNetworkRules"]:
        yield (
            f"networkAcls.virtualNetworkRules admits {len(subnets)} subnet(s): use a private endpoint instead of"
            " service endpoints."
        )


def _kinds(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    kind = text(args.props, "kind")
    allowed = list(settings["allowedKinds"])
    if kind is None:
        yield f"kind is not set; allowed kinds: {names(allowed)}."
    elif kind not in allowed:
        yield f"kind '{kind}' is not allowed; allowed kinds: {names(allowed)}."


def _regions(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    allowed = [region(r) or "" for r in settings["allowedRegions"]]
    if not allowed:
        not_applicable(args, "no allowedRegions configured")
    location = text(args.props, "location")
    if location is None:
        yield (
            "location is not set, so the account takes its resource group's region, which this policy cannot see;"
            " set it explicitly."
        )
    elif region(location) not in allowed:
        yield f"location '{location}' is not an allowed region; allowed: {names(allowed)}."


def _tags(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    required = list(settings["requiredTags"])
    if not required:
        not_applicable(args, "no requiredTags configured")
    tags = mapping(args.props, "tags")
    missing = [key for key in required if key not in tags]
    empty = [key for key in required if key in tags and not (text(tags, key) or "").strip()]
    if missing:
        yield f"missing required tags: {names(missing)}."
    if empty:
        yield f"required tags with empty values: {names(empty)}."


def _naming(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    pattern = settings.get("pattern")
    if not pattern:
        not_applicable(args, "no naming pattern configured")
    name = text(args.props, "accountName")
    try:
        matched = name is not None and re.fullmatch(pattern, name) is not None
    except re.error as error:
        yield f"the configured pattern '{pattern}' is not a valid regular expression: {error}."
        return
    if not matched:
        yield f"account name '{name}' does not match the naming convention '{pattern}'."


def _protect(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    if not args.opts.protect:
        yield (
            "the account is not protected: `pulumi destroy` or a replacement would delete it with its deployments,"
            " and its name stays blocked for 48 hours of soft delete."
        )


def _projects_private(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    if flag(args.props, "properties", "allowProjectManagement") is not True:
        return
    access = text(args.props, "properties", "publicNetworkAccess")
    if access != "Disabled":
        stated = f"'{access}'" if access else "not set (Azure enables it)"
        yield (
            f"the account holds Foundry projects (allowProjectManagement) but publicNetworkAccess is {stated}: the"
            " agents and data of its projects are reachable from the internet."
        )


POLICIES = [
    resource_policy(
        name="account-disallow-public-network-access",
        description="Azure OpenAI accounts must not be reachable from the public internet.",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Set properties.publicNetworkAccess to 'Disabled' and reach the account through a private endpoint"
            " (aoai: public_network_access_enabled: false with private_endpoint). Where the organisation accepts"
            " a firewalled public endpoint, set allowFirewalledPublicAccess and networkAcls.defaultAction 'Deny'."
        ),
        settings={
            "allowFirewalledPublicAccess": {
                "type": "boolean",
                "default": False,
                "description": "Accept public network access when networkAcls.defaultAction is 'Deny'.",
            }
        },
        check=_public_network_access,
        tags=["network"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-projects-require-private-access",
        description=(
            "An account that holds Foundry projects (agents, their threads, files and connections) must not be"
            " reachable from the public internet."
        ),
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.ADVISORY,
        remediation=(
            "Set properties.publicNetworkAccess to 'Disabled' and reach the account through a private endpoint, or"
            " keep projects out of this account (aoai: public_network_access_enabled: false with private_endpoint,"
            " or no projects). Make this policy mandatory where projects are allowed only in private production"
            " accounts."
        ),
        check=_projects_private,
        tags=["network", "foundry"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-disallow-local-auth",
        description="Azure OpenAI accounts must accept only Entra ID tokens, not API keys.",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Set properties.disableLocalAuth to true (aoai: local_auth_enabled: false, the default) and grant"
            " callers the 'Cognitive Services OpenAI User' role."
        ),
        check=_local_auth,
        tags=["identity"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-require-managed-identity",
        description="Azure OpenAI accounts must have a managed identity.",
        severity=Severity.MEDIUM,
        remediation=(
            "Set identity.type to 'SystemAssigned' or 'UserAssigned' (aoai: identity.system_assigned: true, the"
            " default, or identity.user_assigned_ids)."
        ),
        check=_managed_identity,
        tags=["identity"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-require-custom-subdomain",
        description="Azure OpenAI accounts must have a custom subdomain.",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Set properties.customSubDomainName to a globally unique DNS label (aoai: subdomain, which defaults to"
            " the account name). It is immutable: choose it before the first deployment."
        ),
        check=_custom_subdomain,
        tags=["identity", "network"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-require-customer-managed-key",
        description="Azure OpenAI accounts must encrypt data at rest with a customer-managed key.",
        severity=Severity.MEDIUM,
        remediation=(
            "Set properties.encryption with keySource 'Microsoft.KeyVault' and keyVaultProperties (aoai:"
            " customer_managed_key). The Key Vault must be in the account's region with purge protection, and the"
            " identity needs 'Key Vault Crypto Service Encryption User'."
        ),
        check=_customer_managed_key,
        tags=["encryption"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-restrict-outbound-network",
        description="Azure OpenAI accounts must restrict outbound calls to a list of allowed hosts.",
        severity=Severity.MEDIUM,
        remediation=(
            "Set properties.restrictOutboundNetworkAccess to true and list the hosts in allowedFqdnList (aoai:"
            " outbound.restricted and outbound.allowed_fqdns)."
        ),
        check=_outbound,
        tags=["network", "exfiltration"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-disallow-ip-and-vnet-rules",
        description="Azure OpenAI accounts must not admit callers by IP range or service endpoint.",
        severity=Severity.MEDIUM,
        remediation=(
            "Remove networkAcls.ipRules and networkAcls.virtualNetworkRules (aoai: network_acls.ip_rules and"
            " subnet_ids) and reach the account through a private endpoint."
        ),
        settings={
            "allowIpRules": {"type": "boolean", "default": False, "description": "Accept networkAcls.ipRules."},
            "allowVirtualNetworkRules": {
                "type": "boolean",
                "default": False,
                "description": "Accept networkAcls.virtualNetworkRules.",
            },
        },
        check=_network_rules,
        tags=["network"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-allowed-kinds",
        description="Azure OpenAI accounts must be of an allowed kind.",
        severity=Severity.MEDIUM,
        remediation="Set kind to one of the allowed kinds (aoai: kind, OpenAI or AIServices).",
        settings={"allowedKinds": string_list(list(facts.ACCOUNT_KINDS), "Account kinds that may be created.")},
        check=_kinds,
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-allowed-regions",
        description="Azure OpenAI accounts must be in an allowed region.",
        severity=Severity.HIGH,
        remediation="Set location to one of the allowed regions (aoai: region).",
        settings={
            "allowedRegions": string_list(
                [], "Programmatic region names (e.g. swedencentral); empty means not applicable."
            )
        },
        check=_regions,
        tags=["residency"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-require-tags",
        description="Azure OpenAI accounts must carry the organisation's required tags.",
        severity=Severity.LOW,
        remediation="Add the missing tags with non-empty values (aoai: tags, or an account's tags).",
        settings={"requiredTags": string_list([], "Tag keys every account must have; empty means not applicable.")},
        check=_tags,
        tags=["tagging"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-naming-convention",
        description="Azure OpenAI account names must follow the naming convention.",
        severity=Severity.LOW,
        remediation="Rename the account to match the configured pattern (aoai: an account's name).",
        settings={
            "pattern": {
                "type": "string",
                "format": "regex",
                "description": "A regular expression the whole account name must match; unset means not applicable.",
            }
        },
        check=_naming,
        tags=["naming"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
    resource_policy(
        name="account-require-protect",
        description="Azure OpenAI accounts must be protected from deletion by Pulumi.",
        severity=Severity.MEDIUM,
        remediation="Set the resource option protect (aoai: production: true, or an account's protect: true).",
        check=_protect,
        tags=["resilience"],
        resource_type=facts.ACCOUNT_TYPE,
    ),
]
