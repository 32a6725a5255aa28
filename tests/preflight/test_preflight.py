"""`aoai preflight` for the shipped prod stack against a loopback ARM server: the real SDK client, its paging and
retry policy, and exact verdicts for each scenario."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from arm_server import (
    ArmServer,
    Azure,
    Fault,
    account,
    capacity,
    deleted_account,
    deployment,
    example,
    model,
    serving,
    usage,
)
from azure.core.exceptions import ClientAuthenticationError
from conftest import ROOT

from aoai.cli import main
from aoai.cli.exit_codes import ExitCode

SUBSCRIPTION = "6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30"  # stacks/Pulumi.prod.yaml
GROUP = "rg-aoai-prod"
REGIONS = ("francecentral", "swedencentral")
PTU_USAGE = "OpenAI.DataZoneProvisionedManaged"
CHAT_USAGE = "OpenAI.DataZoneStandard.gpt-5.1"
EMBEDDING_USAGE = "OpenAI.DataZoneStandard.text-embedding-3-large"


def everything_available() -> Azure:
    azure = Azure(SUBSCRIPTION)
    for region in REGIONS:
        azure.models[region] = [
            model(
                "gpt-5.1",
                "2025-11-13",
                [("DataZoneProvisionedManaged", PTU_USAGE, 15, 1000, 5), ("DataZoneStandard", CHAT_USAGE, 1, 1000, 1)],
                kind="AIServices",
            ),
            model(
                "text-embedding-3-large", "1", [("DataZoneStandard", EMBEDDING_USAGE, 1, 1000, 1)], kind="AIServices"
            ),
        ]
        azure.usages[region] = [usage(PTU_USAGE, 0, 500), usage(CHAT_USAGE, 0, 1000), usage(EMBEDDING_USAGE, 0, 1000)]
        azure.filters[region] = example("ListRaiContentFilters")["value"]
        azure.capacities.append(capacity(region, "gpt-5.1", "2025-11-13", "DataZoneProvisionedManaged", 300))
    azure.capacities.append(capacity("westeurope", "gpt-5.1", "2025-11-13", "DataZoneProvisionedManaged", 500))
    return azure


@pytest.fixture
def azure() -> Azure:
    return everything_available()


@pytest.fixture
def server(azure: Azure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArmServer]:
    yield from serving(azure, tmp_path, monkeypatch)


ERRORS: list[str] = []


def preflight(server: ArmServer, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, str]]]:
    """Run `aoai preflight` for prod against the server: the exit code and the checks (standard error in ERRORS)."""
    stack = ["--stack", "prod"] if "--stack-file" not in args else []
    code = main(["preflight", *stack, "--arm-endpoint", server.url, "--max-retries", "1", "--format", "json", *args])
    captured = capsys.readouterr()
    ERRORS[:] = [captured.err]
    return code, json.loads(captured.out)["checks"] if captured.out.strip() else []


def statuses(checks: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    return {(c["check"], c["target"]): c["status"] for c in checks}


def detail(checks: list[dict[str, str]], check: str, target: str) -> tuple[str, str]:
    [found] = [c for c in checks if (c["check"], c["target"]) == (check, target)]
    return found["status"], found["detail"]


EVERY_CHECK = {
    **{
        (check, f"{account}/{name}"): "pass"
        for account, names in (
            ("aoai-prod-frc", ("chat", "chat-ptu")),
            ("aoai-prod-swc", ("chat", "chat-ptu", "embeddings")),
        )
        for name in names
        for check in ("model-offered", "model-lifecycle", "capacity-range")
    },
    ("ptu-capacity", "aoai-prod-frc/chat-ptu"): "pass",
    ("ptu-capacity", "aoai-prod-swc/chat-ptu"): "pass",
    **{("quota", f"{region} {usage_name}"): "pass" for region in REGIONS for usage_name in (CHAT_USAGE, PTU_USAGE)},
    ("quota", f"swedencentral {EMBEDDING_USAGE}"): "pass",
    **{(check, name): "pass" for name in ("aoai-prod-frc", "aoai-prod-swc") for check in ("subdomain", "soft-deleted")},
    **{("content-filters", region): "pass" for region in REGIONS},
}


def test_everything_available_passes(server: ArmServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, checks = preflight(server, capsys)
    assert (code, statuses(checks)) == (ExitCode.OK, EVERY_CHECK)
    assert detail(checks, "quota", f"swedencentral {PTU_USAGE}") == (
        "pass",
        "needs 40 more (40 planned), 500 of 500 free (aoai-prod-swc/chat-ptu)",
    )
    assert detail(checks, "subdomain", "aoai-prod-swc") == ("pass", "aoai-prod-swc is available")


def gpt51(azure: Azure, region: str) -> dict[str, Any]:
    return next(m for m in azure.models[region] if m["model"]["name"] == "gpt-5.1")


def test_a_model_missing_in_a_region_fails_its_deployments(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.models["francecentral"] = [m for m in azure.models["francecentral"] if m["model"]["name"] != "gpt-5.1"]
    code, checks = preflight(server, capsys)
    changed = {k: v for k, v in statuses(checks).items() if EVERY_CHECK.get(k) != v}
    assert code == ExitCode.VERDICT
    assert changed == {
        ("model-offered", "aoai-prod-frc/chat"): "fail",
        ("model-offered", "aoai-prod-frc/chat-ptu"): "fail",
    }
    assert detail(checks, "model-offered", "aoai-prod-frc/chat")[1] == (
        "gpt-5.1 2025-11-13 is not offered in francecentral (gpt-5.1 is not offered there)"
    )
    assert ("model-lifecycle", "aoai-prod-frc/chat") not in statuses(checks)


def test_a_version_not_offered_lists_the_offered_ones(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    gpt51(azure, "francecentral")["model"]["version"] = "2025-08-07"
    _, checks = preflight(server, capsys)
    assert detail(checks, "model-offered", "aoai-prod-frc/chat") == (
        "fail",
        "gpt-5.1 2025-11-13 is not offered in francecentral (versions offered there: 2025-08-07)",
    )


@pytest.mark.parametrize(
    "case",
    [
        (-30, "GenerallyAvailable", ("fail", "retired on {date}: pick a newer version")),
        (0, "GenerallyAvailable", ("fail", "retired on {date}: pick a newer version")),
        (45, "GenerallyAvailable", ("warn", "retires on {date}, in 45 days: plan the upgrade")),
        (90, "GenerallyAvailable", ("warn", "retires on {date}, in 90 days: plan the upgrade")),
        (91, "GenerallyAvailable", ("pass", "lifecycle status GenerallyAvailable; retires on {date}")),
        (400, "Deprecating", ("warn", "lifecycle status Deprecating")),
    ],
)
def test_retiring_versions_are_flagged_with_the_date(
    azure: Azure,
    server: ArmServer,
    capsys: pytest.CaptureFixture[str],
    case: tuple[int, str, tuple[str, str]],
) -> None:
    days, lifecycle, expected = case
    retires = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=days)
    entry = gpt51(azure, "swedencentral")["model"]
    entry.update(lifecycleStatus=lifecycle, deprecation={"inference": f"{retires.isoformat()}T00:00:00Z"})
    code, checks = preflight(server, capsys)
    status, text = detail(checks, "model-lifecycle", "aoai-prod-swc/chat")
    assert (status, text) == (expected[0], expected[1].format(date=retires.isoformat()))
    assert code == (ExitCode.VERDICT if expected[0] == "fail" else ExitCode.OK)


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ((15, 35, 5), "40 is above the maximum 35 (15–35 in steps of 5)"),
        ((15, 1000, 10), "40 is not 15 plus a multiple of 10 (nearest: 35 or 45) (15–1000 in steps of 10)"),
        (
            (100, 1000, 100),
            "40 is below the minimum 100 (100–1000 in steps of 100)",
        ),
    ],
)
def test_capacity_outside_the_listed_range_fails(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str], limits: tuple[int, int, int], expected: str
) -> None:
    low, high, step = limits
    sku = gpt51(azure, "swedencentral")["model"]["skus"][0]
    sku["capacity"].update(minimum=low, maximum=high, step=step)
    code, checks = preflight(server, capsys)
    assert (code, detail(checks, "capacity-range", "aoai-prod-swc/chat-ptu")) == (
        ExitCode.VERDICT,
        ("fail", expected),
    )


def test_quota_used_by_another_deployment_fails(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.usages["swedencentral"][0] = usage(PTU_USAGE, 480, 500)
    code, checks = preflight(server, capsys)
    assert (code, detail(checks, "quota", f"swedencentral {PTU_USAGE}")) == (
        ExitCode.VERDICT,
        (
            "fail",
            "needs 40 more (40 planned), 20 of 500 free: request more quota or plan less capacity"
            " (aoai-prod-swc/chat-ptu)",
        ),
    )


def test_a_live_stack_is_not_counted_twice(azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]) -> None:
    # The Swedish account exists and its PTU deployment already holds all 40 PTU of a quota that is now full.
    azure.accounts[(GROUP, "aoai-prod-swc")] = account(
        SUBSCRIPTION, GROUP, "aoai-prod-swc", "swedencentral", "aoai-prod-swc"
    )
    azure.deployments[(GROUP, "aoai-prod-swc")] = [
        deployment("chat-ptu", "DataZoneProvisionedManaged", 40, "gpt-5.1", "2025-11-13")
    ]
    azure.usages["swedencentral"][0] = usage(PTU_USAGE, 500, 500)
    azure.capacities[1]["properties"]["availableCapacity"] = 0  # swedencentral: none left, and none needed
    code, checks = preflight(server, capsys)
    assert (code, statuses(checks)) == (ExitCode.OK, EVERY_CHECK)
    assert detail(checks, "quota", f"swedencentral {PTU_USAGE}")[1] == (
        "needs 0 more (40 planned), 0 of 500 free (aoai-prod-swc/chat-ptu)"
    )
    assert detail(checks, "subdomain", "aoai-prod-swc")[1] == "the account exists with subdomain aoai-prod-swc"


def test_sold_out_ptu_capacity_warns_with_the_regions_that_have_it(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.capacities[1]["properties"]["availableCapacity"] = 10
    code, checks = preflight(server, capsys)
    assert (code, detail(checks, "ptu-capacity", "aoai-prod-swc/chat-ptu")) == (
        ExitCode.OK,
        (
            "warn",
            "only 10 PTU of DataZoneProvisionedManaged available in swedencentral, 40 needed; available in"
            " westeurope (500), francecentral (300)",
        ),
    )


def test_a_taken_subdomain_fails(azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]) -> None:
    azure.taken_subdomains["aoai-prod-frc"] = "Sub domain name 'aoai-prod-frc' is already in use"
    code, checks = preflight(server, capsys)
    assert (code, detail(checks, "subdomain", "aoai-prod-frc")) == (
        ExitCode.VERDICT,
        (
            "fail",
            "aoai-prod-frc is taken (Sub domain name 'aoai-prod-frc' is already in use): set the account's subdomain"
            " to another name",
        ),
    )


def test_an_existing_account_with_another_subdomain_fails(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.accounts[(GROUP, "aoai-prod-frc")] = account(SUBSCRIPTION, GROUP, "aoai-prod-frc", "francecentral", "old-frc")
    _, checks = preflight(server, capsys)
    assert detail(checks, "subdomain", "aoai-prod-frc") == (
        "fail",
        "the account exists with subdomain old-frc; a custom subdomain cannot change, so aoai-prod-frc means a new"
        " account: keep the current subdomain or choose another account name",
    )


def test_a_soft_deleted_account_holding_the_name_fails_with_the_steps(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.deleted.append(deleted_account(SUBSCRIPTION, GROUP, "aoai-prod-frc", "francecentral", "aoai-prod-frc"))
    code, checks = preflight(server, capsys)
    where = "--name aoai-prod-frc --resource-group rg-aoai-prod --location francecentral"
    assert (code, detail(checks, "soft-deleted", "aoai-prod-frc")) == (
        ExitCode.VERDICT,
        (
            "fail",
            "soft-deleted account aoai-prod-frc holds this name or subdomain (Azure purges it on"
            f" 2026-11-23T10:00:00Z). Recover it with `az cognitiveservices account recover {where}` and import"
            f" it (`pulumi import`), or free the name with `az cognitiveservices account purge {where}` (needs rights"
            " at subscription scope)",
        ),
    )


def test_a_content_filter_not_offered_fails(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.filters["francecentral"] = [f for f in azure.filters["francecentral"] if f["name"] != "IndirectAttack"]
    code, checks = preflight(server, capsys)
    assert (code, detail(checks, "content-filters", "francecentral")) == (
        ExitCode.VERDICT,
        ("fail", "not offered in francecentral: Indirect Attack"),
    )


def test_throttling_is_retried_after_the_time_azure_asks(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.faults["/locations/swedencentral/usages$"] = [Fault(429, "{}", {"Retry-After": "1"})]
    code, checks = preflight(server, capsys)
    assert (code, statuses(checks)) == (ExitCode.OK, EVERY_CHECK)
    assert azure.count("/locations/swedencentral/usages$") == 2


def test_a_persistent_server_error_fails_only_the_checks_that_need_it(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.faults["/locations/francecentral/models$"] = [Fault(500), Fault(500)]
    code, checks = preflight(server, capsys)
    changed = {k: v for k, v in statuses(checks).items() if EVERY_CHECK.get(k) != v}
    france = [f"aoai-prod-frc/{name}" for name in ("chat", "chat-ptu")]
    assert code == ExitCode.VERDICT
    assert changed == {
        **{(check, t): "error" for t in france for check in ("model-offered", "model-lifecycle", "capacity-range")},
        ("quota", "francecentral"): "error",
    }
    assert detail(checks, "model-offered", france[0])[1] == (
        "cannot list the models of francecentral: HTTP 500: (InternalServerError) Something went wrong."
    )
    assert azure.count("/locations/francecentral/models$") == 2  # the call and its one retry


def test_malformed_json_is_that_checks_error(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.faults["/deletedAccounts$"] = [Fault(200, "{not json")]
    code, checks = preflight(server, capsys)
    assert code == ExitCode.VERDICT
    status, text = detail(checks, "soft-deleted", "aoai-prod-swc")
    assert status == "error"
    assert text.startswith("cannot list soft-deleted accounts: ")
    assert "JSON" in text


def test_calls_per_region_do_not_grow_with_deployments(
    azure: Azure, server: ArmServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text(encoding="utf-8"))
    deployments = data["config"]["aoai:accounts"]["sweden"]["deployments"]
    for index in range(10):
        deployments[f"chat-{index}"] = {**deployments["chat"], "capacity": 10}
    stack_file = tmp_path / "Pulumi.prod.yaml"
    stack_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, _ = preflight(server, capsys, "--stack-file", str(stack_file))
    assert code == ExitCode.OK
    per_region = {
        what: azure.count(f"/locations/swedencentral/{what}$")
        for what in ("models", "usages", "raiContentFilters", "modelCapacities")
    }
    assert per_region == {"models": 1, "usages": 1, "raiContentFilters": 1, "modelCapacities": 1}
    assert (
        len(azure.calls) == 3 * 2 + 2 + 1 + 2 + 1 + 2
    )  # per region ×2, per PTU region, per PTU model, accounts, deleted, subdomains


def test_no_credentials_is_a_sign_in_message(
    server: ArmServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class NoCredential:
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token")

    monkeypatch.setattr("aoai.azure.client.credential_from_environment", NoCredential)
    code, _ = preflight(server, capsys)
    assert code == ExitCode.INVALID_INPUT
    assert ERRORS[0].startswith(f"no Azure credentials for {server.url}: sign in with `az login`")


def test_a_subscription_is_required(
    server: ArmServer, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text(encoding="utf-8"))
    del data["config"]["aoai:subscription_id"]
    stack_file = tmp_path / "Pulumi.prod.yaml"
    stack_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.delenv("AZURE_SUBSCRIPTION_ID", raising=False)
    code, _ = preflight(server, capsys, "--stack-file", str(stack_file))
    assert code == ExitCode.INVALID_INPUT
    message = "no subscription: set subscription_id in the stack file, AZURE_SUBSCRIPTION_ID, or --subscription"
    assert message in ERRORS[0]
