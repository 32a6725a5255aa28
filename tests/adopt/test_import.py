"""`aoai import` against live estates in the loopback ARM server: the stack it writes plans, states every live
writable property as it is (the round trip), and the import file follows Pulumi's format with aoai's names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from arm_server import ArmServer, Azure, Fault, serving
from live_estates import LiveEstate

from aoai.adopt import compare, live
from aoai.adopt.importer import live_bodies
from aoai.cli import main
from aoai.cli.exit_codes import ExitCode
from aoai.plan.engine import run_program
from aoai.program import main as program
from aoai.spec.load import read_stack_file, spec_from_config

SUBSCRIPTION = "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30"
SUB = f"/subscriptions/{SUBSCRIPTION}/resourceGroups"
WORKSPACE = f"{SUB}/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law-platform"
STORAGE = f"{SUB}/rg-obs/providers/Microsoft.Storage/storageAccounts/stlogs"
SUBNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-pe"
UAMI = f"{SUB}/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk"
UAMI_CLIENT = "0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"
ZONES = {
    zone: f"{SUB}/rg-dns/providers/Microsoft.Network/privateDnsZones/{zone}"
    for zone in (
        "privatelink.cognitiveservices.azure.com",
        "privatelink.openai.azure.com",
        "privatelink.services.ai.azure.com",
    )
}


def clean(azure: Azure) -> str:
    """One Foundry account made the way aoai would make it: nothing to change, nothing left out."""
    estate = LiveEstate(azure, "rg-clean")
    estate.account(
        "aoai-clean-swc",
        "swedencentral",
        publicNetworkAccess="Disabled",
        networkAcls={"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [], "virtualNetworkRules": []},
        disableLocalAuth=True,
        restrictOutboundNetworkAccess=True,
        allowedFqdnList=["aoai-clean-swc.openai.azure.com"],
    )["tags"] = {"owner": "platform-team", "cost-center": "4711"}
    estate.blocklist(
        "aoai-clean-swc",
        "banned-terms",
        "Terms legal does not allow.",
        {
            "project-falcon": ("Project Falcon", False),
            "internal-hosts": (r"\b[a-z0-9-]+\.corp\.contoso\.com\b", True),
        },
    )
    estate.policy(
        "aoai-clean-swc",
        "strict",
        harm={
            (c, s): (True, True, "Low")
            for c in ("Hate", "Sexual", "Violence", "Selfharm")
            for s in ("Prompt", "Completion")
        },
        switches={("Indirect Attack", "Prompt"): (True, True)},
        blocklists=[("banned-terms", "Prompt", True), ("banned-terms", "Completion", True)],
    )
    estate.deployment(
        "aoai-clean-swc",
        "gpt-4o",
        "gpt-4o",
        "2024-11-20",
        "GlobalStandard",
        50,
        raiPolicyName="strict",
        versionUpgradeOption="OnceCurrentVersionExpired",
    )
    estate.deployment(
        "aoai-clean-swc",
        "text-embedding-3-large",
        "text-embedding-3-large",
        "1",
        "Standard",
        20,
        raiPolicyName="Microsoft.DefaultV2",
        versionUpgradeOption="OnceCurrentVersionExpired",
    )
    estate.diagnostics("aoai-clean-swc", "aoai-diagnostics", workspace_id=WORKSPACE)
    return "rg-clean"


def messy(azure: Azure) -> str:
    """A portal-made classic account: the default filter, annotate-only categories, a regional PTU, an unpinned
    version with auto-upgrade, a deployment name that is not a valid key, public access with IP rules, local auth
    on; plus what aoai leaves alone (diagnostics to a storage account, a policy no deployment uses)."""
    estate = LiveEstate(azure, "rg-portal")
    body = estate.account(
        "contoso-openai",
        "eastus2",
        kind="OpenAI",
        publicNetworkAccess="Enabled",
        networkAcls={
            "defaultAction": "Deny",
            "bypass": "AzureServices",
            "virtualNetworkRules": [],
            "ipRules": [{"value": "203.0.113.0/24"}, {"value": "198.51.100.7"}],
        },
        disableLocalAuth=False,
    )
    del body["identity"]
    body["tags"] = {"created-by": "portal"}
    estate.policy(
        "contoso-openai",
        "portal-filter",
        mode="Default",
        harm={("Hate", "Prompt"): (True, False, "Medium"), ("Violence", "Completion"): (True, False, "High")},
    )
    estate.policy("contoso-openai", "old-experiment", mode="Default")
    estate.deployment(
        "contoso-openai",
        "gpt-4o",
        "gpt-4o",
        "2024-08-06",
        "GlobalStandard",
        30,
        raiPolicyName="Microsoft.DefaultV2",
        versionUpgradeOption="OnceNewDefaultVersionAvailable",
    )
    estate.deployment(
        "contoso-openai",
        "gpt-4o eval",
        "gpt-4o",
        "2024-11-20",
        "Standard",
        10,
        raiPolicyName="portal-filter",
        versionUpgradeOption="OnceNewDefaultVersionAvailable",
    )
    estate.deployment(
        "contoso-openai",
        "gpt-4o-ptu",
        "gpt-4o",
        "2024-11-20",
        "ProvisionedManaged",
        100,
        raiPolicyName="portal-filter",
        versionUpgradeOption="OnceCurrentVersionExpired",
    )
    estate.diagnostics("contoso-openai", "to-storage", storage_account_id=STORAGE)
    return "rg-portal"


def private(azure: Azure) -> str:
    """A locked-down Foundry account: customer-managed key through a user-assigned identity, a private endpoint
    (its DNS zones in a hub resource group), a data-zone PTU spilling over to its standard twin."""
    estate = LiveEstate(azure, "rg-secure")
    body = estate.account(
        "aoai-secure-swc",
        "swedencentral",
        publicNetworkAccess="Disabled",
        networkAcls={"defaultAction": "Deny", "bypass": "None", "ipRules": [], "virtualNetworkRules": []},
        disableLocalAuth=True,
        restrictOutboundNetworkAccess=True,
        allowedFqdnList=["aoai-secure-swc.openai.azure.com"],
        encryption={
            "keySource": "Microsoft.KeyVault",
            "keyVaultProperties": {
                "keyVaultUri": "https://kv-cmk.vault.azure.net/",
                "keyName": "aoai-key",
                "keyVersion": "0123456789abcdef0123456789abcdef",
                "identityClientId": UAMI_CLIENT,
            },
        },
    )
    body["identity"] = {
        "type": "SystemAssigned, UserAssigned",
        "principalId": "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9",
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "userAssignedIdentities": {
            UAMI: {"principalId": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "clientId": UAMI_CLIENT}
        },
    }
    body["tags"] = {"data-classification": "confidential"}
    body["location"] = "Sweden Central"  # some answers name the region so (the spec's own example says "West US")
    estate.private_endpoint("aoai-secure-swc", "pe-secure", SUBNET, ZONES)
    estate.deployment(
        "aoai-secure-swc",
        "gpt-4o",
        "gpt-4o",
        "2024-11-20",
        "DataZoneStandard",
        300,
        raiPolicyName="Microsoft.DefaultV2",
        versionUpgradeOption="OnceCurrentVersionExpired",
    )
    estate.deployment(
        "aoai-secure-swc",
        "gpt-4o-ptu",
        "gpt-4o",
        "2024-11-20",
        "DataZoneProvisionedManaged",
        15,
        raiPolicyName="Microsoft.DefaultV2",
        versionUpgradeOption="OnceCurrentVersionExpired",
        spilloverDeploymentName="gpt-4o",
    )
    return "rg-secure"


ESTATES = {"clean": clean, "messy": messy, "private": private}
ADOPTION_EXCEPTIONS = {
    "account-disallow-local-auth": "advisory",
    "account-disallow-public-network-access": {"allowFirewalledPublicAccess": True, "enforcementLevel": "mandatory"},
}
MANDATORY_VERDICTS = {
    "clean": (ExitCode.OK, []),
    "messy": (ExitCode.VERDICT, ["account-disallow-local-auth", "account-disallow-public-network-access"]),
    "private": (ExitCode.OK, []),
}


@pytest.fixture
def azure() -> Azure:
    return Azure(SUBSCRIPTION)


@pytest.fixture
def server(azure: Azure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArmServer]:
    yield from serving(azure, tmp_path, monkeypatch)


def run_import(
    server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str, *extra: str
) -> tuple[int, dict[str, Any], str]:
    """`aoai import` of `group` into tmp_path (a project folder): exit code, its JSON report, standard error."""
    (tmp_path / "Pulumi.yaml").write_text("name: aoai\nruntime: python\nstackConfigDir: stacks\n", encoding="utf-8")
    code = main(
        [
            "import",
            "--subscription",
            SUBSCRIPTION,
            "--resource-group",
            group,
            "--environment",
            "adopted",
            "--project-dir",
            str(tmp_path),
            "--arm-endpoint",
            server.url,
            "--max-retries",
            "1",
            "--format",
            "json",
            *extra,
        ]
    )
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else {}, captured.err


def planned_resources(stack_file: Path) -> list[dict[str, Any]]:
    config = read_stack_file(stack_file)
    spec = spec_from_config(config, str(stack_file))
    plan = run_program(program, config, stack="adopted", project="aoai", subscription_id=spec.subscription_id)
    return [
        {"type": r.type, "id": r.id, "inputs": r.inputs, "urn": r.urn, "custom": r.custom, "parent": r.parent}
        for r in plan.resources
    ]


@pytest.mark.parametrize("name", sorted(ESTATES))
def test_the_written_stack_plans_and_states_every_live_writable_property(
    name: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = ESTATES[name](azure)
    code, report, err = run_import(server, tmp_path, capsys, group)
    assert (code, err, report["changes"]) == (ExitCode.OK, "", [])
    stack_file = tmp_path / "stacks" / "Pulumi.adopted.yaml"
    planned_code = main(["plan", "--stack-file", str(stack_file), "--project-dir", str(tmp_path), "--format", "json"])
    mandatory = sorted(
        v["policy"] for v in json.loads(capsys.readouterr().out)["policies"] if v["enforcement"] == "mandatory"
    )
    # The stack states the estate as it is: the pack judges it as it is (the portal-made account is public and takes
    # API keys, which production-minded defaults refuse; adopting it must not hide that).
    assert (planned_code, mandatory) == MANDATORY_VERDICTS[name]
    # A team that adopts such an estate records its exceptions in the environment's own policy configuration, as for
    # any stack (docs/policies.md): then the stack plans with exit 0, the exception reviewed like any other change.
    exceptions = tmp_path / "policies" / "config" / "adopted.json"
    exceptions.parent.mkdir(parents=True)
    exceptions.write_text(json.dumps(ADOPTION_EXCEPTIONS), encoding="utf-8")
    planned_code = main(["plan", "--stack-file", str(stack_file), "--project-dir", str(tmp_path), "--format", "json"])
    capsys.readouterr()
    assert planned_code == ExitCode.OK
    # Round trip, independently of the command: every live resource of a type aoai manages that the stack declares
    # has, property by property, the writable values the plan gives it.
    planned = {str(r["id"]).lower(): r for r in planned_resources(stack_file) if r["custom"]}
    compared = 0
    for key, (type_, body) in live_bodies_of(azure).items():
        if key not in planned:
            continue
        assert planned[key]["type"] == type_
        live_side = compare.live_inputs(type_, body)
        assert compare.differences(live_side, compare.planned_inputs(type_, planned[key]["inputs"])) == []
        compared += 1
    assert compared == report["resourcesCompared"] - len(report["createdByFirstUp"])


def live_bodies_of(azure: Azure) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every body the server holds, by id, as `aoai.adopt.importer.live_bodies` gives them."""
    accounts = []
    for (group, name), body in azure.accounts.items():
        endpoints = [
            live.LivePrivateEndpoint(pe, azure.zone_groups.get((g, n), []))
            for (g, n), pe in azure.private_endpoints.items()
        ]
        accounts.append(
            live.LiveAccount(
                body,
                azure.deployments.get((group, name), []),
                azure.rai_policies.get((group, name), []),
                azure.blocklist_bodies.get((group, name), []),
                {},
                endpoints,
                azure.diagnostic_settings.get((group, name), []),
            )
        )
    return live_bodies(live.LiveEstate(SUBSCRIPTION, "", accounts))


def engine_urn(resource: dict[str, Any], resources: list[dict[str, Any]], stack: str, project: str) -> str:
    """The URN the Pulumi engine gives a planned resource: its ancestors' types (the stack's aside) before its own.
    Pulumi's mocks put only the parent's own type there, so plan URNs are not compared as they are."""
    by_urn = {r["urn"]: r for r in resources}
    chain, parent = [resource["type"]], resource.get("parent")
    while parent in by_urn and by_urn[parent]["type"] != "pulumi:pulumi:Stack":
        chain.insert(0, by_urn[parent]["type"])
        parent = by_urn[parent].get("parent")
    return f"urn:pulumi:{stack}::{project}::{'$'.join(chain)}::{resource['urn'].rsplit('::', 1)[-1]}"


def rebuilt_urns(document: dict[str, Any], stack: str, project: str) -> dict[str, str]:
    """The URN Pulumi gives each entry of an import file (pkg/cmd/pulumi/operations/import.go: the parent's
    qualified type, the entry's type and its logical name), by entry name."""
    entries = {e["name"]: e for e in document["resources"]}
    qualified: dict[str, str] = {}

    def qualified_type(name: str) -> str:
        if name not in qualified:
            entry = entries[name]
            parent = entry.get("parent")
            qualified[name] = f"{qualified_type(parent)}${entry['type']}" if parent else entry["type"]
        return qualified[name]

    return {
        name: f"urn:pulumi:{stack}::{project}::{qualified_type(name)}::{entry.get('logicalName') or name}"
        for name, entry in entries.items()
    }


@pytest.mark.parametrize("name", sorted(ESTATES))
def test_the_import_file_names_every_planned_resource_as_the_program_does(
    name: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = ESTATES[name](azure)
    run_import(server, tmp_path, capsys, group)
    document = json.loads((tmp_path / "import.adopted.json").read_text("utf-8"))
    assert set(document) == {"resources"}
    for entry in document["resources"]:
        assert set(entry) <= {"type", "name", "id", "parent", "logicalName", "component", "version"}
        assert ("id" in entry) != bool(entry.get("component"))
    planned = planned_resources(tmp_path / "stacks" / "Pulumi.adopted.yaml")
    importable = {
        engine_urn(r, planned, "adopted", "aoai")
        for r in planned
        if r["type"] not in ("pulumi-python:dynamic/aoai:BlocklistItems", "pulumi:pulumi:Stack")
    }
    assert set(rebuilt_urns(document, "adopted", "aoai").values()) == importable
    live_ids = {key: body["id"] for key, (_, body) in live_bodies_of(azure).items()}
    for entry in document["resources"]:
        if "id" in entry:
            assert live_ids[entry["id"].lower()] == entry["id"]


def test_the_clean_estate_adopts_everything_exactly(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run_import(server, tmp_path, capsys, clean(azure))
    assert code == ExitCode.OK
    assert (report["imported"], report["components"], report["leftAlone"], report["notes"]) == (6, 2, [], [])
    assert report["createdByFirstUp"] == ["items of blocklist aoai-clean-swc/banned-terms"]
    stack = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"]
    assert stack["aoai:blocklists"] == {
        "banned-terms": {
            "description": "Terms legal does not allow.",
            "items": {
                "internal-hosts": {"pattern": r"\b[a-z0-9-]+\.corp\.contoso\.com\b", "regex": True},
                "project-falcon": {"pattern": "Project Falcon", "regex": False},
            },
        }
    }
    assert stack["aoai:accounts"]["aoai-clean-swc"]["diagnostics"] == {
        "workspace_id": WORKSPACE,
        "name": "aoai-diagnostics",
    }


def test_the_messy_estate_keeps_its_live_values_and_lists_what_it_leaves_alone(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run_import(server, tmp_path, capsys, messy(azure))
    assert code == ExitCode.OK
    assert report["policyConfig"] == "the pack's defaults"
    assert sorted(v["policy"] for v in report["policies"] if v["enforcement"] == "mandatory") == [
        "account-disallow-local-auth",
        "account-disallow-public-network-access",
    ]
    header = (tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8").split("config:")[0]
    assert "# The estate as it is violates these mandatory policies (the pack's defaults):" in header
    assert report["leftAlone"] == [
        {
            "resource": "content filter contoso-openai/old-experiment",
            "reason": "no deployment the stack declares uses it",
        },
    ]
    account = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"][
        "aoai:accounts"
    ]["contoso-openai"]
    assert (account["local_auth_enabled"], account["public_network_access_enabled"], account["identity"]) == (
        True,
        True,
        {"system_assigned": False, "user_assigned_ids": []},
    )
    assert account["network_acls"]["ip_rules"] == ["203.0.113.0/24", "198.51.100.7"]
    assert account["diagnostics"] == {"storage_account_id": STORAGE, "name": "to-storage"}
    assert account["deployments"]["gpt-4o-eval"] == {
        "name": "gpt-4o eval",
        "model": {"name": "gpt-4o", "version": "2024-11-20"},
        "sku": "Standard",
        "capacity": 10,
        "version_upgrade_option": "OnceNewDefaultVersionAvailable",
        "content_filter": "portal-filter",
    }
    assert account["deployments"]["gpt-4o-ptu"]["sku"] == "ProvisionedManaged"


def test_what_aoai_cannot_state_is_listed_as_a_change_in_the_report_and_the_stack_file(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    [policy] = azure.rai_policies[(group, "aoai-clean-swc")]
    jailbreak = next(f for f in policy["properties"]["contentFilters"] if f["name"] == "Jailbreak")
    jailbreak["blocking"] = False  # annotate only: aoai turns a shield on or off as a whole
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert code == ExitCode.VERDICT
    assert report["changes"] == [
        {
            "resource": "RaiPolicy aoai-clean-swc/strict",
            "path": "properties.contentFilters[Jailbreak/Prompt].blocking",
            "live": None,
            "stack": True,
        }
    ]
    assert report["notes"] == [
        "content filter strict of account aoai-clean-swc: Jailbreak is enabled=True, blocking=False; aoai turns it on"
        " or off as a whole (enabled and blocking): the stack says on"
    ]
    header = (tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8").split("config:")[0]
    assert (
        "#   - RaiPolicy aoai-clean-swc/strict: properties.contentFilters[Jailbreak/Prompt].blocking: live not set,"
        " stack true" in header
    )


def test_the_private_estate_writes_existing_zones_and_the_customer_managed_key(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run_import(server, tmp_path, capsys, private(azure))
    assert (code, report["leftAlone"], report["notes"]) == (ExitCode.OK, [], [])
    config = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"]
    assert config["aoai:private_access"] == {"dns_zones": {"existing": ZONES}}
    account = config["aoai:accounts"]["aoai-secure-swc"]
    assert account["private_endpoint"] == {"subnet_id": SUBNET, "name": "pe-secure"}
    assert account["customer_managed_key"] == {
        "key_vault_uri": "https://kv-cmk.vault.azure.net/",
        "key_name": "aoai-key",
        "key_version": "0123456789abcdef0123456789abcdef",
        "identity_id": UAMI,
        "identity_client_id": UAMI_CLIENT,
    }
    assert account["deployments"]["gpt-4o-ptu"]["spillover_to"] == "gpt-4o"


def nothing_written(tmp_path: Path) -> bool:
    return not (tmp_path / "stacks").exists() and not (tmp_path / "import.adopted.json").exists()


ACCOUNTS = r"/resourceGroups/rg-clean/providers/Microsoft\.CognitiveServices/accounts$"


def test_throttling_is_retried_after_the_time_azure_asks(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    azure.faults[r"/raiPolicies$"] = [Fault(429, "{}", {"Retry-After": "1"})]
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert (code, report["changes"], azure.count(r"/raiPolicies$")) == (ExitCode.OK, [], 2)
    assert report["calls"] == 7  # the group, its accounts, and per account 5 listings


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            Fault(403, '{"error": {"code": "AuthorizationFailed", "message": "The client has no access."}}'),
            "HTTP 403 AuthorizationFailed: The client has no access. (reading an estate needs Reader on its resource"
            " group (and on the resource groups of its private endpoints))",
        ),
        (Fault(500), "HTTP 500 InternalServerError: Something went wrong."),
        (Fault(200, '{"value": [ {"name": '), "Azure answered with a body that is not JSON"),
        (Fault(200, '{"items": []}'), "the answer is not a listing (no `value` list of objects)"),
    ],
    ids=["403", "500", "malformed", "not-a-listing"],
)
def test_a_failed_read_is_one_clear_message_and_nothing_is_written(
    fault: Fault, message: str, *, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    azure.faults[ACCOUNTS] = [fault, fault]  # the first answer and its one retry
    code, report, err = run_import(server, tmp_path, capsys, group)
    path = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-clean/providers/Microsoft.CognitiveServices/accounts"
    assert (code, report) == (ExitCode.INVALID_INPUT, {})
    assert " ".join(err.split()) == f"GET {path}: {message}"
    assert nothing_written(tmp_path)


def test_an_account_that_does_not_exist_is_named(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    code, _, err = run_import(server, tmp_path, capsys, group, "--account", "aoai-typo")
    assert (code, err.strip()) == (
        ExitCode.INVALID_INPUT,
        "account 'aoai-typo' does not exist in resource group 'rg-clean'",
    )
    assert nothing_written(tmp_path)


def test_only_the_named_accounts_are_read_and_other_kinds_are_listed(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    other = LiveEstate(azure, group).account("speech-1", "swedencentral", kind="SpeechServices")
    del other
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert (code, report["accounts"]) == (ExitCode.OK, ["aoai-clean-swc"])
    assert report["leftAlone"] == [
        {"resource": "account speech-1", "reason": "kind 'SpeechServices': aoai manages OpenAI and AIServices accounts"}
    ]
    second = LiveEstate(azure, group)
    second.account("aoai-other", "swedencentral", publicNetworkAccess="Disabled", disableLocalAuth=True)
    code, report, _ = run_import(server, tmp_path, capsys, group, "--account", "aoai-other", "--force")
    assert (code, report["accounts"]) == (ExitCode.VERDICT, ["aoai-other"])
    assert azure.count(r"/accounts/aoai-clean-swc/deployments$") == 1  # read by the first import only


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        (["--subscription", "not-a-guid"], "--subscription: 'not-a-guid' is not a subscription id (a GUID)"),
        (["--environment", "Prod!"], "--environment: 'Prod!' is not an environment name"),
        (["--resource-group", "rg/x"], "--resource-group: 'rg/x' is not a resource group name"),
        (["--account", "../x"], "--account: '../x' is not an account name"),
    ],
    ids=["subscription", "environment", "group", "account"],
)
def test_invalid_options_are_refused_before_any_call(
    arguments: list[str],
    problem: str,
    *,
    azure: Azure,
    server: ArmServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_import(server, tmp_path, capsys, clean(azure), *arguments)
    assert code == ExitCode.INVALID_INPUT
    assert problem in " ".join(err.split())
    assert azure.calls == []
    assert nothing_written(tmp_path)


def test_an_existing_stack_file_is_replaced_only_when_asked(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    stack_file = tmp_path / "stacks" / "Pulumi.adopted.yaml"
    stack_file.parent.mkdir()
    stack_file.write_text("config: {}\n", encoding="utf-8")
    code, _, err = run_import(server, tmp_path, capsys, group)
    assert (code, stack_file.read_text("utf-8"), azure.calls) == (ExitCode.INVALID_INPUT, "config: {}\n", [])
    assert "exists: give another --out, or --force to replace it" in err
    assert run_import(server, tmp_path, capsys, group, "--force")[0] == ExitCode.OK
    assert stack_file.read_text("utf-8").startswith("# Written by `aoai import`")


def test_a_body_of_another_shape_is_refused_with_its_key_path(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    azure.deployments[(group, "aoai-clean-swc")][0]["sku"]["capacity"] = "fifty"
    code, _, err = run_import(server, tmp_path, capsys, group)
    path = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{group}/providers/Microsoft.CognitiveServices/accounts"
    assert (code, " ".join(err.split())) == (
        ExitCode.INVALID_INPUT,
        f"GET {path}/aoai-clean-swc/deployments: Azure answered with a body of another shape (gpt-4o): sku.capacity"
        " is text, expected an integer",
    )
    assert nothing_written(tmp_path)


def test_a_deployment_aoai_refuses_is_left_alone_with_the_rule(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = messy(azure)
    next(d for d in azure.deployments[(group, "contoso-openai")] if d["name"] == "gpt-4o-ptu")["sku"]["capacity"] = 70
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert code == ExitCode.OK
    assert report["leftAlone"][-1] == {
        "resource": "deployment contoso-openai/gpt-4o-ptu",
        "reason": "aoai refuses it (capacity: 70 PTU is not valid for ProvisionedManaged gpt-4o: sizes start at 50 and"
        " grow in steps of 50 (50, 100, 150, …; nearest: 50 or 100))",
    }


def test_listings_follow_next_links_on_the_same_endpoint_only(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = clean(azure)
    deployments = azure.deployments[(group, "aoai-clean-swc")]
    first, rest = deployments[0], deployments[1:]
    azure.deployments[(group, "aoai-clean-swc")] = rest
    listing = f"{SUB}/{group}/providers/Microsoft.CognitiveServices/accounts/aoai-clean-swc/deployments"
    page = {"value": [first], "nextLink": f"{server.url}{listing}?api-version=2025-06-01&$skiptoken=2"}
    azure.faults[r"/deployments$"] = [Fault(200, json.dumps(page))]
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert (code, report["changes"], azure.count(r"/deployments$")) == (ExitCode.OK, [], 2)
    config = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"]
    assert sorted(config["aoai:accounts"]["aoai-clean-swc"]["deployments"]) == ["gpt-4o", "text-embedding-3-large"]

    elsewhere = {"value": [], "nextLink": "https://attacker.example/collect?api-version=2025-06-01"}
    azure.faults[r"/deployments$"] = [Fault(200, json.dumps(elsewhere))]
    code, _, err = run_import(server, tmp_path, capsys, group, "--force")
    assert code == ExitCode.INVALID_INPUT
    assert f"the next page is at https://attacker.example/collect, not at {server.url}/" in " ".join(err.split())


def test_a_resource_group_that_does_not_exist_or_holds_no_account_is_named(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_import(server, tmp_path, capsys, "rg-typo")
    assert (code, err.strip()) == (
        ExitCode.INVALID_INPUT,
        f"resource group 'rg-typo' does not exist in subscription {SUBSCRIPTION} (or the identity cannot see it)",
    )
    azure.groups.add("rg-empty")
    code, _, err = run_import(server, tmp_path, capsys, "rg-empty")
    assert code == ExitCode.INVALID_INPUT
    assert " ".join(err.split()) == (
        "aoai import: 1 configuration error: - --resource-group: rg-empty holds no OpenAI or AIServices account to"
        " adopt"
    )
    assert nothing_written(tmp_path)


def test_a_filter_only_a_refused_deployment_used_is_left_alone_too(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = messy(azure)
    ptu = next(d for d in azure.deployments[(group, "contoso-openai")] if d["name"] == "gpt-4o-ptu")
    ptu["sku"]["capacity"] = 70
    ptu["properties"]["raiPolicyName"] = "old-experiment"
    code, report, _ = run_import(server, tmp_path, capsys, group)
    assert code == ExitCode.OK
    assert [item["resource"] for item in report["leftAlone"]] == [
        "deployment contoso-openai/gpt-4o-ptu",
        "content filter old-experiment (of account contoso-openai)",
    ]
    config = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"]
    assert sorted(config["aoai:content_filters"]) == ["portal-filter"]


EVENT_HUB_RULE = (
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-siem/providers/Microsoft.EventHub/namespaces/eh-siem/"
    "authorizationRules/send"
)


AGENT_SUBNET = f"{SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-agents"


def spoke(azure: Azure) -> str:
    """A Foundry account with dynamic throttling and agents injected into a subnet, whose private endpoint sits in the
    spoke's resource group, and whose diagnostics stream two log categories and no metrics to an Event Hub and a
    storage account."""
    estate = LiveEstate(azure, "rg-foundry")
    estate.account(
        "aoai-spoke-swc",
        "swedencentral",
        kind="AIServices",
        publicNetworkAccess="Disabled",
        networkAcls={"defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [], "virtualNetworkRules": []},
        dynamicThrottlingEnabled=True,
        networkInjections=[{"scenario": "agent", "subnetArmId": AGENT_SUBNET, "useMicrosoftManagedNetwork": False}],
    )
    estate.private_endpoint("aoai-spoke-swc", "pe-aoai-spoke-swc", SUBNET, ZONES, group="rg-spoke-swc")
    body = estate.diagnostics(
        "aoai-spoke-swc",
        "to-siem",
        storage_account_id=STORAGE,
        logs=[
            {"category": "Audit", "enabled": True},
            {"category": "RequestResponse", "enabled": True},
            {"category": "Trace", "enabled": False},
        ],
        metrics=[{"category": "AllMetrics", "enabled": False}],
    )
    body["properties"].update(eventHubAuthorizationRuleId=EVENT_HUB_RULE, eventHubName="aoai")
    return "rg-foundry"


def test_a_foundry_account_with_a_spoke_endpoint_and_diagnostics_to_event_hubs_is_adopted(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report, _ = run_import(server, tmp_path, capsys, spoke(azure))
    assert (code, report["leftAlone"]) == (ExitCode.OK, [])
    account = yaml.safe_load((tmp_path / "stacks" / "Pulumi.adopted.yaml").read_text("utf-8"))["config"][
        "aoai:accounts"
    ]["aoai-spoke-swc"]
    assert account["private_endpoint"] == {"subnet_id": SUBNET, "resource_group": "rg-spoke-swc"}
    assert (account["dynamic_throttling_enabled"], account["network_injection"]) == (
        True,
        {"subnet_id": AGENT_SUBNET, "scenario": "agent", "microsoft_managed_network": False},
    )
    assert account["diagnostics"] == {
        "storage_account_id": STORAGE,
        "event_hub": {"authorization_rule_id": EVENT_HUB_RULE, "name": "aoai"},
        "logs": ["Audit", "RequestResponse"],
        "metrics": False,
        "name": "to-siem",
    }
