"""Every validation rule of the stack spec: the compliant baseline passes, one mutated field fails exactly."""

from __future__ import annotations

import pytest
from conftest import DELETE, SUBNET, UAMI, baseline, customer_managed_key, errors, mutate, second_account, valid

ACC = ("accounts", "sweden")
PTU = (*ACC, "deployments", "gpt-4o-ptu")
STD = (*ACC, "deployments", "gpt-4o")
PTU_PATH = "accounts.sweden.deployments.gpt-4o-ptu"


def test_baseline_is_valid_with_secure_defaults() -> None:
    spec = valid(baseline())
    account = spec.accounts["sweden"]
    assert account.custom_subdomain == "aoai-test-swc"
    assert account.kind == "OpenAI"
    assert account.local_auth_enabled is False
    assert account.public_network_access_enabled is False
    assert account.network_acls.default_action == "Deny"
    assert account.outbound.restricted is True
    assert account.identity.system_assigned is True
    assert spec.protects("sweden") is True
    assert account.deployments["gpt-4o"].version_upgrade_option == "OnceCurrentVersionExpired"
    assert account.deployments["embedding"].content_filter == "Microsoft.DefaultV2"


def test_protect_follows_production_unless_set() -> None:
    assert valid(mutate(baseline(), ("production",), False)).protects("sweden") is False
    assert valid(mutate(baseline(), (*ACC, "protect"), False)).protects("sweden") is False


def test_spec_is_frozen() -> None:
    spec = valid(baseline())
    with pytest.raises(Exception, match="frozen"):
        spec.environment = "other"  # type: ignore[misc]


def test_content_filter_shorthands_expand() -> None:
    spec = valid(baseline())
    selfharm = spec.content_filters["strict"].categories.selfharm
    assert (selfharm.prompt.threshold, selfharm.completion.threshold) == ("Low", "Medium")
    hate = spec.content_filters["strict"].categories.hate
    assert (hate.prompt.threshold, hate.completion.threshold, hate.prompt.blocking) == ("Low", "Low", True)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            (*ACC, "name"),
            "-bad",
            [
                (
                    "accounts.sweden.name",
                    "account name '-bad' is not valid: use letters, digits, '_', '.' and '-', "
                    "starting with a letter or digit",
                )
            ],
        ),
        ((*ACC, "name"), "a", [("accounts.sweden.name", "account name must be 2 to 64 characters long, got 1")]),
        (
            (*ACC, "name"),
            "aoai_test.swc",
            [
                (
                    "accounts.sweden.name",
                    "the custom subdomain defaults to the account name, and 'aoai_test.swc' is not a DNS label: "
                    "set `subdomain` (letters, digits and '-')",
                )
            ],
        ),
        (
            (*ACC, "subdomain"),
            "aoai-",
            [
                (
                    "accounts.sweden.subdomain",
                    "custom subdomain 'aoai-' is not valid: a DNS label: letters, digits and '-', "
                    "not starting or ending with '-'",
                )
            ],
        ),
        (
            (*ACC, "kind"),
            "CognitiveServices",
            [("accounts.sweden.kind", "account kind 'CognitiveServices' is not known: use one of OpenAI, AIServices")],
        ),
        (
            (*ACC, "region"),
            "Sweden Central",
            [
                (
                    "accounts.sweden.region",
                    "region 'Sweden Central' is not an Azure region: use its programmatic name 'swedencentral' "
                    "(`az account list-locations --query [].name` lists them)",
                )
            ],
        ),
    ],
)
def test_account_names(path: tuple[str, ...], value: str, expected: list[tuple[str, str]]) -> None:
    assert errors(mutate(baseline(), path, value)) == expected


def test_account_names_and_subdomains_are_unique_case_insensitively() -> None:
    raw = mutate(baseline(), ("accounts", "france"), {**second_account(), "name": "AOAI-TEST-SWC"})
    assert errors(raw) == [
        (
            "accounts.france.name",
            "account name 'AOAI-TEST-SWC' is already used by accounts.sweden; account names must be unique "
            "(Azure compares them case-insensitively)",
        ),
        (
            "accounts.france.name",
            "custom subdomain 'AOAI-TEST-SWC' is already used by accounts.sweden; custom subdomains must be unique "
            "(Azure compares them case-insensitively)",
        ),
    ]
    raw = mutate(baseline(), ("accounts", "france"), {**second_account(), "subdomain": "aoai-test-swc"})
    assert errors(raw) == [
        (
            "accounts.france.subdomain",
            "custom subdomain 'aoai-test-swc' is already used by accounts.sweden; custom subdomains must be unique "
            "(Azure compares them case-insensitively)",
        )
    ]


def test_at_most_32_deployments_per_account() -> None:
    many = {
        f"d{i:02}": {"model": {"name": "gpt-4o", "version": "2024-11-20"}, "sku": "DataZoneStandard", "capacity": 1}
        for i in range(33)
    }
    assert errors(mutate(baseline(), (*ACC, "deployments"), many)) == [
        ("accounts.sweden.deployments", "33 deployments; an account holds at most 32: split them over another account")
    ]
    assert valid(mutate(baseline(), (*ACC, "deployments"), dict(list(many.items())[:32])))


def test_unknown_sku_lists_the_allowed_ones() -> None:
    assert errors(mutate(baseline(), (*STD, "sku"), "Premium")) == [
        (
            f"{'accounts.sweden.deployments.gpt-4o'}.sku",
            "sku 'Premium' is not known: use one of Standard, GlobalStandard, DataZoneStandard, ProvisionedManaged, "
            "GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch, DeveloperTier",
        )
    ]


@pytest.mark.parametrize(
    ("sku", "model", "capacity", "message"),
    [
        (
            "DataZoneProvisionedManaged",
            "gpt-4o",
            10,
            "10 PTU is not valid for DataZoneProvisionedManaged gpt-4o: sizes start at 15 and grow in steps of 5 "
            "(15, 20, 25, …; nearest: 15)",
        ),
        (
            "DataZoneProvisionedManaged",
            "gpt-4o",
            17,
            "17 PTU is not valid for DataZoneProvisionedManaged gpt-4o: sizes start at 15 and grow in steps of 5 "
            "(15, 20, 25, …; nearest: 15 or 20)",
        ),
        (
            "ProvisionedManaged",
            "gpt-4o",
            25,
            "25 PTU is not valid for ProvisionedManaged gpt-4o: sizes start at 50 and grow in steps of 50 "
            "(50, 100, 150, …; nearest: 50)",
        ),
        (
            "ProvisionedManaged",
            "o1",
            50,
            "50 PTU is not valid for ProvisionedManaged o1: sizes start at 25 and grow in steps of 50 "
            "(25, 75, 125, …; nearest: 25 or 75)",
        ),
        ("DataZoneProvisionedManaged", "gpt-4o", 100_005, "at most 100000 PTU per deployment"),
    ],
)
def test_provisioned_capacity_minimum_and_increment(sku: str, model: str, capacity: int, message: str) -> None:
    raw = mutate(baseline(), (*PTU, "capacity"), capacity)
    raw = mutate(raw, (*PTU, "sku"), sku)
    raw = mutate(raw, (*PTU, "model", "name"), model)
    raw = mutate(raw, (*PTU, "spillover_to"), DELETE)
    raw = mutate(raw, ("data_zone",), DELETE)
    assert errors(raw) == [(f"{PTU_PATH}.capacity", message)]


@pytest.mark.parametrize(
    ("sku", "model", "capacity"),
    [
        ("DataZoneProvisionedManaged", "gpt-4o", 15),
        ("GlobalProvisionedManaged", "anything-new", 20),
        ("ProvisionedManaged", "gpt-4o-mini", 25),
        ("ProvisionedManaged", "gpt-4o", 100),
        ("ProvisionedManaged", "o1", 25),
        ("ProvisionedManaged", "o1", 75),
    ],
)
def test_provisioned_capacity_valid_values(sku: str, model: str, capacity: int) -> None:
    raw = mutate(baseline(), (*PTU, "sku"), sku)
    raw = mutate(raw, (*PTU, "model", "name"), model)
    raw = mutate(raw, (*PTU, "capacity"), capacity)
    raw = mutate(raw, (*PTU, "spillover_to"), DELETE)
    raw = mutate(raw, ("data_zone",), DELETE)
    assert valid(raw).accounts["sweden"].deployments["gpt-4o-ptu"].capacity == capacity


def test_regional_ptu_of_an_unknown_model_names_the_known_ones() -> None:
    raw = mutate(baseline(), (*PTU, "sku"), "ProvisionedManaged")
    raw = mutate(raw, (*PTU, "model", "name"), "mystery")
    raw = mutate(raw, (*PTU, "spillover_to"), DELETE)
    ((path, message),) = errors(raw)
    assert path == f"{PTU_PATH}.model.name"
    assert message.startswith("the regional PTU minimum and increment of 'mystery' are not in the catalog (known: ")
    assert "gpt-4o-mini" in message
    assert message.endswith("use GlobalProvisionedManaged or DataZoneProvisionedManaged, or a known model")


def test_standard_capacity_at_least_one() -> None:
    assert errors(mutate(baseline(), (*STD, "capacity"), 0)) == [
        ("accounts.sweden.deployments.gpt-4o.capacity", "must be at least 1 (got 0)")
    ]


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (
            ((*PTU, "spillover_to"), "nope"),
            "'nope' is not a deployment of this account (deployments: gpt-4o, embedding)",
        ),
        (((*PTU, "spillover_to"), "gpt-4o-ptu"), "a deployment cannot spill over to itself"),
        (
            ((*STD, "sku"), "DataZoneBatch"),
            "'gpt-4o' is DataZoneBatch; spillover goes to a standard deployment of the same account (DataZoneStandard)",
        ),
        (
            ((*STD, "model", "version"), "2024-08-06"),
            "'gpt-4o' serves gpt-4o 2024-08-06; the target must serve the same model and version (gpt-4o 2024-11-20)",
        ),
        (
            ((*STD, "sku"), "DataZoneProvisionedManaged"),
            "'gpt-4o' is provisioned (DataZoneProvisionedManaged); spillover goes to a standard deployment "
            "(DataZoneStandard), never along a chain of provisioned ones",
        ),
    ],
)
def test_spillover_rules(mutation: tuple[tuple[str, ...], object], expected: str) -> None:
    raw = mutate(baseline(), (*ACC, "deployments", "gpt-4o", "sku"), "DataZoneStandard")
    raw = mutate(raw, *mutation)
    assert errors(raw) == [(f"{PTU_PATH}.spillover_to", expected)]


def test_only_provisioned_deployments_spill_over() -> None:
    raw = mutate(baseline(), (*STD, "spillover_to"), "embedding")
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.gpt-4o.spillover_to",
            "only provisioned deployments spill over; DataZoneStandard is not provisioned (use one of "
            "GlobalProvisionedManaged, DataZoneProvisionedManaged, ProvisionedManaged or remove spillover_to)",
        )
    ]


def test_data_zone_skus_only_in_data_zone_regions() -> None:
    raw = mutate(baseline(), ("data_zone",), DELETE)
    raw = mutate(raw, (*ACC, "region"), "uksouth")
    assert errors(raw) == [
        (
            f"accounts.sweden.deployments.{name}.sku",
            f"{sku} is not offered in uksouth: it needs an account in a data-zone region ({regions})",
        )
        for name, sku, regions in [
            (
                "embedding",
                "DataZoneStandard",
                "centralus, eastus, eastus2, francecentral, germanywestcentral, italynorth, northcentralus, "
                "polandcentral, southcentralus, spaincentral, swedencentral, westeurope, westus, westus3",
            ),
            (
                "gpt-4o-ptu",
                "DataZoneProvisionedManaged",
                "eastus, eastus2, francecentral, germanywestcentral, italynorth, northcentralus, polandcentral, "
                "southcentralus, spaincentral, swedencentral, westeurope, westus, westus3",
            ),
            (
                "gpt-4o",
                "DataZoneStandard",
                "centralus, eastus, eastus2, francecentral, germanywestcentral, italynorth, northcentralus, "
                "polandcentral, southcentralus, spaincentral, swedencentral, westeurope, westus, westus3",
            ),
        ]
    ]


def test_data_zone_provisioned_not_in_centralus() -> None:
    raw = mutate(baseline(), ("data_zone",), "us")
    raw = mutate(raw, (*ACC, "region"), "centralus")
    assert [path for path, _ in errors(raw)] == [f"{PTU_PATH}.sku"]


def test_data_zone_keeps_accounts_in_zone_and_forbids_global_skus() -> None:
    raw = mutate(baseline(), ("accounts", "us"), {**second_account(), "name": "aoai-us", "region": "eastus"})
    raw = mutate(raw, ("accounts", "us", "deployments", "gpt-4o", "sku"), "GlobalStandard")
    assert errors(raw) == [
        (
            "accounts.us.deployments.gpt-4o.sku",
            "GlobalStandard may process data in any region, which data_zone: eu forbids: use a DataZone* or "
            "regional sku",
        ),
        (
            "accounts.us.region",
            "eastus is outside the eu data zone set in data_zone: use one of francecentral, germanywestcentral, "
            "italynorth, polandcentral, spaincentral, swedencentral, westeurope",
        ),
    ]


def test_content_filter_reference_must_exist() -> None:
    assert errors(mutate(baseline(), (*STD, "content_filter"), "strictt")) == [
        (
            "accounts.sweden.deployments.gpt-4o.content_filter",
            "'strictt' is not a content filter of this stack: use one of strict, Microsoft.Default, "
            "Microsoft.DefaultV2",
        )
    ]


def test_content_filter_blocklist_must_exist() -> None:
    raw = mutate(baseline(), ("content_filters", "strict", "blocklists"), {"missing": {}})
    assert errors(raw) == [
        ("content_filters.strict.blocklists.missing", "'missing' is not a blocklist of this stack (blocklists: banned)")
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("mode",),
            "Deferred",
            ("content_filters.strict.mode", "'Deferred' is deprecated from API 2025-06-01: use 'Asynchronous_filter'"),
        ),
        (
            ("mode",),
            "Lazy",
            (
                "content_filters.strict.mode",
                "mode 'Lazy' is not known: use one of Default, Blocking, Asynchronous_filter",
            ),
        ),
        (
            ("base_policy",),
            "Microsoft.Nothing",
            (
                "content_filters.strict.base_policy",
                "base policy 'Microsoft.Nothing' is not known: use one of Microsoft.Default, Microsoft.DefaultV2",
            ),
        ),
        (
            ("categories", "violence", "prompt", "threshold"),
            "Lowest",
            (
                "content_filters.strict.categories.violence.prompt.threshold",
                "must be one of 'Low', 'Medium' or 'High' (got 'Lowest')",
            ),
        ),
        (
            ("name",),
            "Microsoft.DefaultV2",
            ("content_filters.strict", "'Microsoft.DefaultV2' is a built-in policy name; choose another"),
        ),
        (
            ("blocklists", "banned"),
            {"prompt": False, "completion": False},
            (
                "content_filters.strict.blocklists.banned.prompt",
                "a blocklist must apply to the prompt, the completion or both",
            ),
        ),
        (
            ("categories", "gore"),
            "Low",
            (
                "content_filters.strict.categories.gore",
                "unknown key; allowed keys: hate, sexual, violence, selfharm",
            ),
        ),
    ],
)
def test_content_filter_values(path: tuple[str, ...], value: object, expected: tuple[str, str]) -> None:
    raw = baseline()
    if path == ("categories", "violence", "prompt", "threshold"):
        raw = mutate(raw, ("content_filters", "strict", "categories", "violence"), {"prompt": {"threshold": "Low"}})
    assert errors(mutate(raw, ("content_filters", "strict", *path), value)) == [expected]


def test_blocklist_items() -> None:
    items = ("blocklists", "banned", "items")
    assert errors(mutate(baseline(), (*items, "bad"), {"pattern": "([", "regex": True})) == [
        (
            "blocklists.banned.items.bad.pattern",
            "is not a valid regular expression: unterminated character set at position 1",
        )
    ]
    assert errors(mutate(baseline(), (*items, "long"), {"pattern": "x" * 1001})) == [
        ("blocklists.banned.items.long.pattern", "must have at most 1,000 characters")
    ]


def test_private_endpoint_needs_subnet_and_dns_zones() -> None:
    raw = mutate(baseline(), ("private_access", "subnet_id"), DELETE)
    assert errors(raw) == [
        (
            "accounts.sweden.private_endpoint.subnet_id",
            "a private endpoint needs a subnet: set it here or as private_access.subnet_id",
        )
    ]
    raw = mutate(baseline(), ("private_access",), DELETE)
    raw = mutate(raw, (*ACC, "private_endpoint"), {"subnet_id": SUBNET})
    assert errors(raw) == [
        (
            "accounts.sweden.private_endpoint",
            "a private endpoint needs private DNS zones: add a private_access.dns_zones section",
        )
    ]


def test_existing_dns_zones_must_cover_the_account_kind() -> None:
    zone_id = (
        f"{SUBNET.split('/providers/')[0]}/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com"
    )
    raw = mutate(baseline(), ("private_access", "dns_zones"), {"existing": {"privatelink.openai.azure.com": zone_id}})
    raw = mutate(raw, (*ACC, "kind"), "AIServices")
    assert errors(raw) == [
        (
            "private_access.dns_zones.existing",
            "accounts.sweden (AIServices) needs zones privatelink.cognitiveservices.azure.com, "
            "privatelink.services.ai.azure.com: add their ids",
        )
    ]


def test_dns_zones_are_created_or_existing() -> None:
    assert errors(mutate(baseline(), ("private_access", "dns_zones"), {})) == [
        (
            "private_access.dns_zones.create",
            "set create: true (this stack owns the zones) or list existing zone ids",
        )
    ]
    assert errors(mutate(baseline(), ("private_access", "dns_zones", "existing"), {"nope.example.com": "x"})) == [
        (
            "private_access.dns_zones.existing.nope.example.com",
            "'x' is not a private DNS zone resource id: expected /subscriptions/<subscription-guid>/resourceGroups/"
            "<rg>/providers/Microsoft.Network/privateDnsZones/<zone>",
        ),
        (
            "private_access.dns_zones.existing.nope.example.com",
            "zone 'nope.example.com' is not known: use one of privatelink.cognitiveservices.azure.com, "
            "privatelink.openai.azure.com, privatelink.services.ai.azure.com",
        ),
    ]


def test_customer_managed_key_must_be_complete_and_use_an_attached_identity() -> None:
    cmk = customer_managed_key()
    raw = mutate(baseline(), (*ACC, "customer_managed_key"), cmk)
    assert errors(raw) == [
        (
            "accounts.sweden.customer_managed_key.identity_id",
            "the key's identity must be one of the account's identity.user_assigned_ids: add it there",
        )
    ]
    assert valid(mutate(raw, (*ACC, "identity"), {"user_assigned_ids": [UAMI]}))
    incomplete = {k: v for k, v in cmk.items() if k != "key_version"}
    assert errors(mutate(baseline(), (*ACC, "customer_managed_key"), incomplete)) == [
        ("accounts.sweden.customer_managed_key.key_version", "required key is missing")
    ]


def test_network_rules() -> None:
    assert errors(mutate(baseline(), (*ACC, "network_acls"), {"ip_rules": ["300.1.1.1"]})) == [
        (
            "accounts.sweden.network_acls.ip_rules",
            "'300.1.1.1' is not an IPv4 address or CIDR range (e.g. 203.0.113.0/24)",
        )
    ]
    assert errors(mutate(baseline(), (*ACC, "network_acls"), {"subnet_ids": ["not-an-id"]})) == [
        (
            "accounts.sweden.network_acls.subnet_ids.0",
            "'not-an-id' is not a subnet resource id: expected /subscriptions/<subscription-guid>/resourceGroups/"
            "<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
        )
    ]


def test_unknown_keys_are_errors_with_a_suggestion() -> None:
    raw = mutate(baseline(), ("acounts",), {})
    assert errors(raw) == [
        (
            "acounts",
            "unknown key; did you mean 'accounts'? allowed keys: environment, production, lock, subscription_id, "
            "data_zone, tags, aoai_tags, required_tags, resource_group, diagnostics, private_access, content_filters, "
            "blocklists, accounts, access, monitoring, retries, ptu_throughput, prices",
        )
    ]
    raw = mutate(baseline(), (*PTU, "spillover"), "gpt-4o")
    assert errors(raw) == [
        (
            f"{PTU_PATH}.spillover",
            "unknown key; did you mean 'spillover_to'? allowed keys: model, sku, capacity, workload, "
            "version_upgrade_option, "
            "content_filter, spillover_to, name, availability",
        )
    ]


def test_required_tags() -> None:
    raw = mutate(baseline(), ("required_tags",), ["owner", "cost-center"])
    assert errors(raw) == [
        (
            "accounts.sweden.tags",
            "missing required tags cost-center (set them, not blank, in `tags` or the account's `tags`)",
        )
    ]
    assert valid(mutate(raw, (*ACC, "tags"), {"cost-center": "42"}))


def test_resource_group_location_required_when_created() -> None:
    raw = mutate(baseline(), ("resource_group", "location"), DELETE)
    assert errors(raw) == [("resource_group.location", "required when create is true (e.g. swedencentral)")]
    assert valid(mutate(raw, ("resource_group", "create"), False))


def test_all_errors_of_a_file_are_reported_at_once() -> None:
    raw = mutate(baseline(), ("acounts",), {})
    raw = mutate(raw, (*STD, "capacity"), 0)
    raw = mutate(raw, ("accounts", "france"), {**second_account(), "region": "eastus"})
    raw = mutate(raw, ("resource_group", "location"), DELETE)
    assert [path for path, _ in errors(raw)] == [
        "accounts.france.region",
        "accounts.sweden.deployments.gpt-4o.capacity",
        "acounts",
        "resource_group.location",
    ]


def test_lenient_forms_that_mean_one_thing() -> None:
    spec = valid(mutate(mutate(baseline(), (*ACC, "private_endpoint"), False), ("tags", "cost-center"), 4711))
    assert spec.accounts["sweden"].private_endpoint is None
    assert spec.tags["cost-center"] == "4711"


def test_ip_rule_with_host_bits_names_the_network() -> None:
    assert errors(mutate(baseline(), (*ACC, "network_acls"), {"ip_rules": ["203.0.113.7/24"]})) == [
        ("accounts.sweden.network_acls.ip_rules", "'203.0.113.7/24' has host bits set: use '203.0.113.0/24'")
    ]
