"""Values are checked as Azure checks them, every error of a file comes in one run, and messages are aoai's words."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from conftest import DELETE, SOURCE, baseline, errors, mutate, second_account, valid
from hypothesis import given
from hypothesis import strategies as st

from aoai.azure import catalog
from aoai.errors import ConfigError
from aoai.spec import parse_stack
from aoai.spec.advice import warnings
from aoai.validation.text import is_invisible

ACC = ("accounts", "sweden")
DEPLOYMENTS = (*ACC, "deployments")
STD = (*DEPLOYMENTS, "gpt-4o")
PTU = (*DEPLOYMENTS, "gpt-4o-ptu")
REGIONS_HINT = "(`az account list-locations --query [].name` lists them)"


# --- a stack without accounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (DELETE, "required key is missing"),
        (None, "must be a map of keys to values"),
        ("main", "must be a map of keys to values (got 'main')"),
        ({}, "must have at least one entry"),
    ],
)
def test_accounts_missing_null_or_not_a_map_is_an_error(value: object, expected: str) -> None:
    assert errors(mutate(baseline(), ("accounts",), value)) == [("accounts", expected)]


def test_a_stack_that_is_not_a_map_is_an_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_stack(["accounts"], SOURCE)  # type: ignore[arg-type]
    assert [str(i) for i in info.value.issues] == ["the aoai: settings must be a map of keys to values"]


# --- case twins ---------------------------------------------------------------------------------------------------


def test_deployment_names_that_differ_only_in_case_are_one_deployment() -> None:
    raw = mutate(baseline(), (*DEPLOYMENTS, "GPT-4o"), baseline()["accounts"]["sweden"]["deployments"]["gpt-4o"])
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.GPT-4o",
            "'GPT-4o' and 'gpt-4o' differ only in case: Azure compares deployment names case-insensitively, so they "
            "would be one deployment; rename or remove one",
        )
    ]
    assert valid(mutate(raw, (*DEPLOYMENTS, "GPT-4o"), DELETE))


def test_deployment_case_twins_are_found_when_the_account_has_other_errors() -> None:
    raw = mutate(baseline(), (*DEPLOYMENTS, "GPT-4o"), {"model": {"name": "gpt-4o"}, "sku": "DataZoneStandard"})
    assert [p for p, _ in errors(raw)] == [
        "accounts.sweden.deployments.GPT-4o",
        "accounts.sweden.deployments.GPT-4o.model.version",
    ]


def test_content_filter_policy_names_that_differ_only_in_case_are_one_policy() -> None:
    strict = baseline()["content_filters"]["strict"]
    raw = mutate(baseline(), ("content_filters", "loud"), {**strict, "name": "AOAI-Strict"})
    assert errors(raw) == [
        (
            "content_filters.loud",
            "policy name 'AOAI-Strict' is also the policy name of content_filters.strict; Azure compares policy "
            "names case-insensitively, so they would be one policy: rename one",
        )
    ]
    assert valid(mutate(raw, ("content_filters", "loud", "name"), "aoai-loud"))


def test_a_built_in_policy_name_in_other_case_is_refused() -> None:
    raw = mutate(baseline(), ("content_filters", "strict", "name"), "microsoft.defaultv2")
    assert errors(raw) == [
        (
            "content_filters.strict",
            "'microsoft.defaultv2' is a built-in policy name (Azure compares names case-insensitively: "
            "Microsoft.DefaultV2); choose another",
        )
    ]


def test_blocklist_names_that_differ_only_in_case_are_one_blocklist() -> None:
    raw = mutate(baseline(), ("blocklists", "Banned"), {"items": {"x1": {"pattern": "x"}}})
    assert errors(raw) == [
        (
            "blocklists.Banned",
            "'Banned' and 'banned' differ only in case: Azure compares blocklist names case-insensitively, so they "
            "would be one blocklist; rename or remove one",
        )
    ]


def test_blocklist_item_names_that_differ_only_in_case_are_one_item() -> None:
    raw = mutate(baseline(), ("blocklists", "banned", "items", "FALCON"), {"pattern": "falcon"})
    assert errors(raw) == [
        (
            "blocklists.banned.items.FALCON",
            "'FALCON' and 'falcon' differ only in case: Azure compares blocklist item names case-insensitively, so "
            "they would be one item; rename or remove one",
        )
    ]
    assert valid(mutate(raw, ("blocklists", "banned", "items", "FALCON"), DELETE))


def test_tag_names_that_differ_only_in_case_are_one_tag() -> None:
    assert errors(mutate(baseline(), ("tags", "Owner"), "x")) == [
        (
            "tags",
            "tag names differ only in case ('Owner' and 'owner'): Azure treats them as one tag; keep one",
        )
    ]
    assert errors(mutate(baseline(), (*ACC, "tags"), {"OWNER": "team"})) == [
        (
            "accounts.sweden.tags",
            "tag names 'OWNER' and 'owner' differ only in case after merging the stack's and the account's tags: "
            "Azure treats them as one tag; use one spelling",
        )
    ]


# --- regions ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "hint"),
    [
        ((*ACC, "region"), "atlantis", "use a programmatic name such as 'swedencentral'"),
        ((*ACC, "region"), "swedencentrall", "did you mean 'swedencentral'?"),
        (("resource_group", "location"), "swedencentrall", "did you mean 'swedencentral'?"),
        (("resource_group", "location"), "West Europe", "use its programmatic name 'westeurope'"),
        ((*ACC, "private_endpoint"), {"location": "atlantis"}, "use a programmatic name such as 'swedencentral'"),
    ],
)
def test_regions_must_exist(path: tuple[str, ...], value: object, hint: str) -> None:
    where = ".".join(path) + (".location" if isinstance(value, dict) else "")
    shown = value["location"] if isinstance(value, dict) else value
    assert errors(mutate(baseline(), path, value)) == [
        (where, f"region '{shown}' is not an Azure region: {hint} {REGIONS_HINT}")
    ]


def test_every_azure_region_is_accepted_and_others_in_the_data_zone_too() -> None:
    raw = mutate(baseline(), ("data_zone",), DELETE)
    raw = mutate(raw, (*ACC, "deployments"), {})
    for region in ("uksouth", "australiacentral2", "westus3", "italynorth"):
        assert valid(mutate(raw, (*ACC, "region"), region)).accounts["sweden"].region == region


def test_an_unknown_region_in_a_data_zone_stack_is_blamed_on_the_region_alone() -> None:
    assert errors(mutate(baseline(), (*ACC, "region"), "swedencentrall")) == [
        (
            "accounts.sweden.region",
            f"region 'swedencentrall' is not an Azure region: did you mean 'swedencentral'? {REGIONS_HINT}",
        )
    ]


# --- whole-string patterns, words instead of regular expressions ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ((*ACC, "name"), "aoai-test-swc\n", "account name 'aoai-test-swc\\n' contains invisible characters (\\x0a)"),
        ((*ACC, "subdomain"), "aoai swc", "custom subdomain 'aoai swc' is not valid"),
        (("environment",), "test\n", "environment 'test\\n' contains invisible characters (\\x0a)"),
        (("environment",), "Test", "environment 'Test' is not valid: use lower-case letters, digits and '-'"),
        (("resource_group", "name"), "rg-aoai.", "resource group name 'rg-aoai.' is not valid"),
        (("resource_group", "name"), "rg aoai", "resource group name 'rg aoai' is not valid"),
        (("subscription_id",), "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30\n", "GUID '6d2f8c43"),
        (("subscription_id",), "not-a-guid", "GUID 'not-a-guid' is not valid: write it as 8-4-4-4-12"),
        (("diagnostics", "workspace_id"), "/subscriptions/x\n", "Log Analytics workspace id '/subscriptions/x\\n'"),
    ],
)
def test_patterns_match_the_whole_value_and_say_what_is_allowed(
    path: tuple[str, ...], value: str, expected: str
) -> None:
    ((where, message),) = errors(mutate(baseline(), path, value))
    assert where == ".".join(path)
    assert message.startswith(expected)
    assert "^" not in message
    assert "[a-z" not in message


def test_subdomain_is_a_dns_label_of_at_most_63_characters() -> None:
    assert errors(mutate(baseline(), (*ACC, "subdomain"), "a" * 64)) == [
        ("accounts.sweden.subdomain", "custom subdomain must be 2 to 63 characters long, got 64")
    ]
    assert valid(mutate(baseline(), (*ACC, "subdomain"), "a" * 63)).accounts["sweden"].subdomain == "a" * 63


# --- numbers ------------------------------------------------------------------------------------------------------


def test_capacity_fits_azures_32_bit_integer() -> None:
    assert errors(mutate(baseline(), (*STD, "capacity"), 2_147_483_648)) == [
        (
            "accounts.sweden.deployments.gpt-4o.capacity",
            "2147483648 is more than Azure can store: a deployment's capacity is at most 2,147,483,647 (a 32-bit "
            "integer)",
        )
    ]
    assert valid(mutate(baseline(), (*STD, "capacity"), 2_147_483_647))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("peak_rpm", math.nan, "must be a finite number (not NaN or infinity) (got nan)"),
        ("peak_rpm", math.inf, "must be a finite number (not NaN or infinity) (got inf)"),
        (
            "prompt_tokens",
            1e308,
            "1e+308 tokens is more than a request can hold: the largest context window is 1,047,576 tokens",
        ),
        (
            "peak_rpm",
            1e12,
            "1e+12 requests a minute is more than the largest deployment carries (100,000 PTU): at most "
            "5,940,000,000; split the traffic",
        ),
        ("cache_hit_rate", -math.inf, "must be a finite number (not NaN or infinity) (got -inf)"),
    ],
)
def test_workload_numbers_are_finite_and_bounded(field: str, value: float, expected: str) -> None:
    workload = {"peak_rpm": 600, "prompt_tokens": 500, "completion_tokens": 100, field: value}
    raw = mutate(baseline(), (*STD, "workload"), workload)
    raw = mutate(raw, (*STD, "capacity"), DELETE)
    assert errors(raw) == [(f"accounts.sweden.deployments.gpt-4o.workload.{field}", expected)]


def test_the_largest_workload_is_an_error_not_an_overflow() -> None:
    workload = {"peak_rpm": 5_940_000_000, "prompt_tokens": 1_047_576, "completion_tokens": 1_047_576}
    raw = mutate(baseline(), (*STD, "workload"), workload)
    raw = mutate(raw, (*STD, "capacity"), DELETE)
    assert [where for where, _ in errors(raw)] == [
        "accounts.sweden.deployments.gpt-4o.workload.completion_tokens",
        "accounts.sweden.deployments.gpt-4o.workload.prompt_tokens",
    ]


# --- tags ---------------------------------------------------------------------------------------------------------


def test_tag_limits_are_azures() -> None:
    assert errors(mutate(baseline(), ("tags", "owner"), "x" * 257)) == [
        ("tags.owner", "a tag value has at most 256 characters in Azure, got 257")
    ]
    assert valid(mutate(baseline(), ("tags", "owner"), "x" * 256))
    assert errors(mutate(baseline(), ("tags", "n" * 513), "x")) == [
        (f"tags.{'n' * 513}", "a tag name has 1 to 512 characters in Azure, got 513")
    ]
    assert errors(mutate(baseline(), ("tags", "cost/center"), "x")) == [
        ("tags.cost/center", "tag name 'cost/center' contains /: Azure tag names cannot contain < > % & \\ ? /")
    ]
    many = {f"t{i}": "x" for i in range(51)}
    assert errors(mutate(baseline(), ("tags",), many)) == [("tags", "51 tags; Azure allows at most 50 per resource")]


def test_merged_tags_stay_within_50() -> None:
    # 47 of the stack's + owner + aoai's environment and managed-by = 50; one more on the account makes 51.
    raw = mutate(baseline(), ("tags",), {"owner": "platform", **{f"t{i}": "x" for i in range(47)}})
    assert valid(raw)
    assert errors(mutate(raw, (*ACC, "tags"), {"extra": "x"})) == [
        (
            "accounts.sweden.tags",
            "51 tags after merging aoai's, the stack's and the account's; Azure allows at most 50 per resource",
        )
    ]


def test_required_tag_names_follow_the_tag_rules() -> None:
    assert errors(mutate(baseline(), ("required_tags",), ["owner", "a&b"])) == [
        ("required_tags.1", "tag name 'a&b' contains &: Azure tag names cannot contain < > % & \\ ? /")
    ]


# --- ip rules -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "range_", "what"),
    [
        ("10.1.2.0/24", "10.0.0.0/8", "private (RFC 1918)"),
        ("172.20.0.1", "172.16.0.0/12", "private (RFC 1918)"),
        ("192.168.0.0/16", "192.168.0.0/16", "private (RFC 1918)"),
        ("100.64.0.0/10", "100.64.0.0/10", "shared carrier-grade NAT space (RFC 6598)"),
        ("127.0.0.1", "127.0.0.0/8", "loopback"),
        ("169.254.1.0/24", "169.254.0.0/16", "link-local"),
        ("8.0.0.0/5", "10.0.0.0/8", "private (RFC 1918)"),
    ],
)
def test_ip_rules_admit_public_addresses_only(rule: str, range_: str, what: str) -> None:
    assert errors(mutate(baseline(), (*ACC, "network_acls"), {"ip_rules": [rule]})) == [
        (
            "accounts.sweden.network_acls.ip_rules",
            f"'{rule}' is in {range_}, {what}: Azure IP rules admit public internet addresses only; reach the "
            "account from private networks with a private endpoint or network_acls.subnet_ids",
        )
    ]


def test_an_ip_rule_for_every_address_is_refused_with_the_reason() -> None:
    assert errors(mutate(baseline(), (*ACC, "network_acls"), {"ip_rules": ["0.0.0.0/0"]})) == [
        (
            "accounts.sweden.network_acls.ip_rules",
            "'0.0.0.0/0' allows every address, so the firewall would block nothing: remove it, and to open the "
            "account to the internet say so with network_acls.default_action: Allow",
        )
    ]


def test_public_ip_rules_are_accepted() -> None:
    rules = ["203.0.113.0/24", "20.50.1.7", "8.8.8.0/24"]
    spec = valid(mutate(baseline(), (*ACC, "network_acls"), {"ip_rules": rules}))
    assert spec.accounts["sweden"].network_acls.ip_rules == tuple(rules)


# --- invisible characters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u202e", "\u00a0", "\x07"])
def test_invisible_characters_in_tag_names_are_refused_and_shown_escaped(char: str) -> None:
    escape = f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    raw = mutate(baseline(), ("tags",), {f"owner{char}": "platform"})
    assert errors(raw) == [
        (
            f"tags.owner{escape}",
            f"tag name 'owner{escape}' contains invisible characters ({escape}): remove them; they make names "
            "that look alike but differ",
        ),
    ]


def test_a_required_tag_with_an_invisible_character_is_shown_escaped() -> None:
    assert errors(mutate(baseline(), ("required_tags",), ["owner\u200b"])) == [
        (
            "required_tags.0",
            "tag name 'owner\\u200b' contains invisible characters (\\u200b): remove them; they make names that "
            "look alike but differ",
        )
    ]


def test_invisible_characters_in_deployment_names_and_model_names_are_refused() -> None:
    deployment = baseline()["accounts"]["sweden"]["deployments"]["embedding"]
    raw = mutate(baseline(), (*DEPLOYMENTS, "embedding\u200b"), deployment)
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.embedding\\u200b",
            "name 'embedding\\u200b' contains invisible characters (\\u200b): remove them; they make names that "
            "look alike but differ",
        )
    ]
    raw = mutate(baseline(), (*STD, "model", "version"), "2024-11-20\ufeff")
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.gpt-4o.model.version",
            "value '2024-11-20\\ufeff' contains invisible characters (\\ufeff): remove them; they make names that "
            "look alike but differ",
        )
    ]


# --- all errors in one run ----------------------------------------------------------------------------------------


def test_residency_is_reported_with_other_errors_of_the_same_account() -> None:
    raw = mutate(baseline(), ("accounts", "us"), {**second_account(), "name": "aoai-us", "region": "eastus"})
    raw = mutate(raw, ("accounts", "us", "kind"), "CognitiveServices")
    raw = mutate(raw, ("accounts", "us", "deployments", "gpt-4o", "sku"), "GlobalStandard")
    assert [p for p, _ in errors(raw)] == [
        "accounts.us.deployments.gpt-4o.sku",
        "accounts.us.kind",
        "accounts.us.region",
    ]


def test_account_rules_run_even_when_another_field_of_the_account_is_invalid() -> None:
    raw = mutate(baseline(), (*ACC, "kind"), "CognitiveServices")
    raw = mutate(raw, (*PTU, "spillover_to"), "nope")
    assert [p for p, _ in errors(raw)] == [
        "accounts.sweden.deployments.gpt-4o-ptu.spillover_to",
        "accounts.sweden.kind",
    ]


def test_deployment_rules_run_even_when_another_field_of_the_deployment_is_invalid() -> None:
    raw = mutate(baseline(), (*PTU, "capacity"), 17)
    raw = mutate(raw, (*PTU, "version_upgrade_option"), "Never")
    assert [p for p, _ in errors(raw)] == [
        "accounts.sweden.deployments.gpt-4o-ptu.capacity",
        "accounts.sweden.deployments.gpt-4o-ptu.version_upgrade_option",
    ]


def test_a_dangling_spillover_lists_every_deployment_even_invalid_ones() -> None:
    raw = mutate(baseline(), (*STD, "capacity"), -3)
    raw = mutate(raw, (*PTU, "spillover_to"), "nope")
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.gpt-4o-ptu.spillover_to",
            "'nope' is not a deployment of this account (deployments: gpt-4o, embedding)",
        ),
        ("accounts.sweden.deployments.gpt-4o.capacity", "must be at least 1 (got -3)"),
    ]


# --- warnings -----------------------------------------------------------------------------------------------------


def _warnings(raw: dict[str, Any]) -> list[str]:
    return [str(w) for w in warnings(valid(raw))]


def test_unused_content_filters_and_blocklists_are_warned() -> None:
    raw = baseline()
    for name in ("gpt-4o", "gpt-4o-ptu"):
        raw = mutate(raw, (*DEPLOYMENTS, name, "content_filter"), DELETE)
    assert _warnings(raw) == [
        "content_filters.strict: defined but used by no deployment: it is not created in any account",
        "blocklists.banned: defined but no content filter a deployment uses references it: it is not created in "
        "any account",
    ]
    assert _warnings(baseline()) == []


def test_models_and_versions_the_catalog_does_not_list_are_warned() -> None:
    raw = mutate(baseline(), (*DEPLOYMENTS, "embedding", "model"), {"name": "text-embedding-4", "version": "1"})
    tables = f"Microsoft's model tables of {catalog.CATALOG_DATE.isoformat()}"
    assert _warnings(raw) == [
        "accounts.sweden.deployments.embedding.model.name: model 'text-embedding-4' is not in aoai's catalog"
        f" ({tables}): unverified offline; `aoai preflight` checks it against Azure"
    ]
    raw = mutate(baseline(), (*DEPLOYMENTS, "embedding", "model", "version"), "7")
    assert _warnings(raw) == [
        "accounts.sweden.deployments.embedding.model.version: text-embedding-3-large version '7' is not in aoai's"
        f" catalog ({tables}; known: 1): unverified offline; `aoai preflight` checks it against Azure"
    ]


# --- properties ---------------------------------------------------------------------------------------------------

# Every regular expression the spec applies; none may reach a message (users get the rule in words).
PATTERNS = [value.pattern for value in vars(catalog).values() if isinstance(value, re.Pattern)] + [
    pattern.pattern for pattern in catalog.ARM_ID_PATTERNS.values()
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _at(node: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _paths(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    return found


BASELINE_PATHS = _paths(baseline())
MAP_PATHS = [()] + [p for p in BASELINE_PATHS if isinstance(_at(baseline(), p), dict)]


def _outcome(raw: Any) -> list[str]:
    """The messages parse_stack gives, [] for a valid spec; anything but ConfigError fails the property."""
    try:
        parse_stack(raw, SOURCE)
    except ConfigError as error:
        return [str(issue) for issue in error.issues]
    return []


@given(st.sampled_from(BASELINE_PATHS), json_values)
def test_property_any_value_at_any_key_gives_a_spec_or_a_config_error(path: tuple[str, ...], value: Any) -> None:
    for message in _outcome(mutate(baseline(), path, value)):
        assert not any(pattern in message for pattern in PATTERNS), message
        assert "should match pattern" not in message, message
        assert not any(is_invisible(c) for c in message), message
        assert "Input should" not in message, message
        assert "String should" not in message, message


@given(
    st.sampled_from(BASELINE_PATHS),
    st.text(alphabet=st.sampled_from("ab-_.\u200b\ufeff\u202e\u00a0\n\t /<&"), min_size=1, max_size=12),
)
def test_property_text_with_invisible_characters_is_shown_escaped(path: tuple[str, ...], value: str) -> None:
    for message in _outcome(mutate(baseline(), path, value)):
        assert not any(is_invisible(c) for c in message), message


@given(st.sampled_from(MAP_PATHS), st.text(max_size=10), json_values)
def test_property_an_extra_key_anywhere_gives_a_spec_or_a_config_error(
    path: tuple[str, ...], key: str, value: Any
) -> None:
    for message in _outcome(mutate(baseline(), (*path, key), value)):
        assert not any(is_invisible(c) for c in message), message


def test_a_model_without_a_provisioned_offering_is_refused_on_every_provisioned_sku() -> None:
    for sku in ("GlobalProvisionedManaged", "DataZoneProvisionedManaged", "ProvisionedManaged"):
        raw = mutate(baseline(), ("accounts", "sweden", "deployments", "embedding", "sku"), sku)
        raw = mutate(raw, ("accounts", "sweden", "deployments", "embedding", "capacity"), 15)
        standard = {
            "GlobalProvisionedManaged": "GlobalStandard",
            "DataZoneProvisionedManaged": "DataZoneStandard",
            "ProvisionedManaged": "Standard",
        }[sku]
        assert (sku, errors(raw)) == (
            sku,
            [
                (
                    "accounts.sweden.deployments.embedding.sku",
                    "text-embedding-3-large has no provisioned offering (Microsoft's model tables of"
                    f" {catalog.CATALOG_DATE.isoformat()} list no provisioned sku and no PTU throughput for it): deploy"
                    f" it on a standard sku such as {standard}. If Azure offers it now, set availability: unverified",
                )
            ],
        )
        unverified = mutate(raw, ("accounts", "sweden", "deployments", "embedding", "availability"), "unverified")
        if sku == "DataZoneProvisionedManaged":  # the other two have their own errors here (residency, regional steps)
            assert valid(unverified).accounts["sweden"].deployments["embedding"].sku == sku


def test_a_model_with_a_provisioned_offering_or_unknown_to_the_catalog_is_not_refused_so() -> None:
    assert valid(baseline()).accounts["sweden"].deployments["gpt-4o-ptu"].sku == "DataZoneProvisionedManaged"
    raw = mutate(baseline(), ("accounts", "sweden", "deployments", "gpt-4o-ptu", "model", "name"), "model-from-2027")
    raw = mutate(raw, ("accounts", "sweden", "deployments", "gpt-4o", "model", "name"), "model-from-2027")
    assert valid(raw).accounts["sweden"].deployments["gpt-4o-ptu"].model.name == "model-from-2027"
