"""`aoai drift` against the loopback ARM server: each scenario changes one thing in Azure after the estate was adopted
(`aoai import`), and the report names exactly the changed properties, their risk classes and the exit code."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from arm_server import ArmServer, Azure, Fault, serving
from live_estates import LiveEstate
from test_import import SUBSCRIPTION, clean, messy, run_import

from aoai.cli import main
from aoai.cli.exit_codes import ExitCode

ACCOUNT = "aoai-clean-swc"


@pytest.fixture
def azure() -> Azure:
    return Azure(SUBSCRIPTION)


@pytest.fixture
def server(azure: Azure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArmServer]:
    yield from serving(azure, tmp_path, monkeypatch)


def adopted(
    azure: Azure,
    server: ArmServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    estate: Callable[[Azure], str] = clean,
) -> str:
    group = estate(azure)
    assert run_import(server, tmp_path, capsys, group)[0] == ExitCode.OK
    azure.calls.clear()
    return group


def drift_command(server: ArmServer, tmp_path: Path, *extra: str) -> list[str]:
    """`aoai drift` of the adopted stack in tmp_path against the server."""
    project = ["--stack", "adopted", "--project-dir", str(tmp_path)]
    return ["drift", *project, "--arm-endpoint", server.url, "--max-retries", "1", *extra]


def run_drift(
    server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, Any]]:
    code = main(drift_command(server, tmp_path, "--format", "json", *extra))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else {}


def drifted(report: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, Any, Any]]]]:
    return [
        (d["resource"], d["state"], [(c["path"], c["live"], c["stack"]) for c in d["changes"]])
        for d in report["drifted"]
    ]


def risks(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["kind"], r["reason"]) for r in report["risks"]]


def deployment(azure: Azure, group: str, name: str) -> dict[str, Any]:
    return next(d for d in azure.deployments[(group, ACCOUNT)] if d["name"] == name)


@pytest.fixture
def group(azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return adopted(azure, server, tmp_path, capsys)


def test_an_estate_as_its_stack_says_has_no_drift(
    group: str, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_drift(server, tmp_path, capsys)
    assert (code, report["drifted"], report["risks"]) == (ExitCode.OK, [], [])
    assert (report["resourcesCompared"], report["calls"]) == (7, 6)


def test_capacity_raised_outside_the_stack(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment(azure, group, "gpt-4o")["sku"]["capacity"] = 80
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.VERDICT
    assert drifted(report) == [("Deployment aoai-clean-swc/gpt-4o", "changed", [("sku.capacity", 80, 50)])]
    assert report["drifted"][0]["notes"] == ["live capacity 80, the stack states 50: applying it sets 50"]
    assert [kind for kind, _ in risks(report)] == ["capacity"]


def test_a_filter_loosened_in_the_portal_is_a_safety_risk(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    [policy] = azure.rai_policies[(group, ACCOUNT)]
    hate = next(f for f in policy["properties"]["contentFilters"] if (f["name"], f["source"]) == ("Hate", "Prompt"))
    hate["severityThreshold"] = "High"
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL
    assert drifted(report) == [
        (
            "RaiPolicy aoai-clean-swc/strict",
            "changed",
            [("properties.contentFilters[Hate/Prompt].severityThreshold", "High", "Low")],
        )
    ]
    assert [kind for kind, _ in risks(report)] == ["safety"]


def test_public_access_turned_on_is_an_exposure_risk(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.accounts[(group, ACCOUNT)]["properties"]["publicNetworkAccess"] = "Enabled"
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL
    assert drifted(report) == [
        ("Account aoai-clean-swc", "changed", [("properties.publicNetworkAccess", "Enabled", "Disabled")])
    ]
    assert [kind for kind, _ in risks(report)] == ["exposure"]


def test_a_model_upgraded_by_azure_is_pinned_back_by_applying(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment(azure, group, "gpt-4o")["properties"]["model"]["version"] = "2025-03-01"
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.VERDICT
    assert drifted(report) == [
        ("Deployment aoai-clean-swc/gpt-4o", "changed", [("properties.model.version", "2025-03-01", "2024-11-20")])
    ]
    assert report["drifted"][0]["notes"] == [
        "Azure upgraded the model from 2024-11-20 to 2025-03-01: applying this stack pins it back to 2024-11-20"
    ]


def test_a_deployment_made_by_hand_is_unmanaged(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    LiveEstate(azure, group).deployment(ACCOUNT, "gpt-4o-mini", "gpt-4o-mini", "2024-07-18", "Standard", 5)
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.VERDICT
    assert drifted(report) == [("Deployment aoai-clean-swc/gpt-4o-mini", "unmanaged", [])]
    assert report["drifted"][0]["notes"] == ["not in the stack: applying it leaves it as it is"]
    assert risks(report) == [("capacity", "Standard in swedencentral: 20 → 25 quota units (+5)")]


def test_a_global_deployment_made_by_hand_is_a_residency_risk(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    LiveEstate(azure, group).deployment(ACCOUNT, "gpt-4o-mini", "gpt-4o-mini", "2024-07-18", "GlobalStandard", 5)
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL
    assert risks(report)[0] == (
        "residency",
        "deployment gpt-4o-mini uses GlobalStandard: prompts and completions may be processed in any Azure region",
    )


def test_a_deployment_deleted_outside_the_stack_is_destructive(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.deployments[(group, ACCOUNT)] = [d for d in azure.deployments[(group, ACCOUNT)] if d["name"] != "gpt-4o"]
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL
    assert drifted(report) == [("Deployment aoai-clean-swc/gpt-4o", "missing", [])]
    assert risks(report) == [
        ("destructive", "deployment gpt-4o is deleted: clients calling it fail"),
        ("capacity", "GlobalStandard in swedencentral: 50 → 0 quota units (-50)"),
    ]


def test_an_account_upgraded_to_foundry_is_downgraded_in_place_by_applying(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = adopted(azure, server, tmp_path, capsys, messy)
    azure.accounts[(group, "contoso-openai")]["kind"] = "AIServices"
    code, report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL
    assert drifted(report) == [("Account contoso-openai", "changed", [("kind", "AIServices", "OpenAI")])]
    assert risks(report) == [
        (
            "exposure",
            "account contoso-openai: kind changes (OpenAI → AIServices): upgraded in place to Microsoft Foundry"
            " (endpoint, keys and configuration are kept; the account gains the Foundry surface: projects and"
            " agents)",
        ),
        (
            "destructive",
            "applying the stack: account contoso-openai: kind changes (AIServices → OpenAI): an in-place update that"
            " may fail: Azure refuses a downgrade while the account has projects",
        ),
    ]


def test_no_access_is_one_message(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    denied = Fault(403, '{"error": {"code": "AuthorizationFailed", "message": "No access."}}')
    azure.faults[f"/accounts/{ACCOUNT}$"] = [denied, denied]
    code = main(drift_command(server, tmp_path))
    err = capsys.readouterr().err
    assert code == ExitCode.INVALID_INPUT
    assert "HTTP 403 AuthorizationFailed: No access." in " ".join(err.split())


def test_the_markdown_report_is_a_job_summary(
    group: str, azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    azure.accounts[(group, ACCOUNT)]["properties"]["publicNetworkAccess"] = "Enabled"
    out = tmp_path / "drift.md"
    code = main(drift_command(server, tmp_path, "--format", "markdown", "--out", str(out)))
    text = out.read_text("utf-8")
    assert code == ExitCode.NEEDS_APPROVAL
    assert text.startswith("## Drift of `adopted` (")
    assert (
        "| Account aoai-clean-swc | changed | `properties.publicNetworkAccess`: live 'Enabled', stack 'Disabled' |"
        in text
    )
    assert "- **exposure** (blocking)" in text


def test_an_account_at_azures_limits_is_adopted_and_has_no_drift(
    azure: Azure, server: ArmServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """32 deployments (Azure's most per account) and a blocklist of 10,000 items (its most per list)."""
    estate = LiveEstate(azure, "rg-limits")
    account = "aoai-limits"
    estate.account(
        account,
        "swedencentral",
        publicNetworkAccess="Disabled",
        disableLocalAuth=True,
        networkAcls={"defaultAction": "Deny", "bypass": "AzureServices"},
    )
    estate.blocklist(account, "terms", "many", {f"item-{i:05d}": (f"term {i}", False) for i in range(10_000)})
    estate.policy(account, "strict", blocklists=[("terms", "Prompt", True), ("terms", "Completion", True)])
    for n in range(32):
        estate.deployment(
            account,
            f"chat-{n:02d}",
            "gpt-4o",
            "2024-11-20",
            "GlobalStandard",
            10,
            raiPolicyName="strict",
            versionUpgradeOption="OnceCurrentVersionExpired",
        )
    code, report, _ = run_import(server, tmp_path, capsys, "rg-limits")
    assert (code, report["changes"], report["leftAlone"]) == (ExitCode.OK, [], [])
    assert report["propertiesCompared"] > 10_000
    code, drifted_report = run_drift(server, tmp_path, capsys)
    assert (code, drifted_report["drifted"]) == (ExitCode.OK, [])
    azure.blocklists[("rg-limits", account, "terms")]["item-09999"]["pattern"] = "changed by hand"
    code, drifted_report = run_drift(server, tmp_path, capsys)
    assert code == ExitCode.NEEDS_APPROVAL  # a term no longer blocked as the stack says: a safety risk
    assert [kind for kind, _ in risks(drifted_report)] == ["safety"]
    assert drifted(drifted_report) == [
        (
            "items of blocklist aoai-limits/terms",
            "changed",
            [("items.item-09999.pattern", "changed by hand", "term 9999")],
        )
    ]
