"""`aoai plan`: text and JSON output for the shipped stacks, bad input without a traceback; the command line's
shape, version and start-up cost."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import ROOT

import aoai
from aoai import cli
from aoai.azure.client import PUBLIC_ARM_ENDPOINT
from aoai.capacity.cost import UTILIZATION
from aoai.cli import arm_options, main
from aoai.cli import size as size_command

CS = "azure-native:cognitiveservices"


def test_plan_text_for_dev(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--stack", "dev", "--project-dir", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "aoai · stack dev · 4 Azure resources" in out
    assert "account aoai-dev-swc (OpenAI, swedencentral) public=Enabled localAuth=off" in out
    assert "deployment chat: gpt-5.1 2025-11-13 · GlobalStandard × 10 · filter Microsoft.DefaultV2" in out


def test_plan_json_for_prod(tmp_path: Path) -> None:
    out = tmp_path / "prod.json"
    assert main(["plan", "--stack", "prod", "--format", "json", "--out", str(out), "--project-dir", str(ROOT)]) == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert (plan["version"], plan["stack"], plan["project"]) == (1, "prod", "aoai")
    resources = plan["resources"]
    assert {"urn", "type", "name", "parent", "custom", "id", "inputs", "outputs", "dependencies", "protect"} <= set(
        resources[0]
    )
    by_urn = {r["urn"]: r for r in resources}
    counts: dict[str, int] = {}
    for r in resources:
        counts[r["type"]] = counts.get(r["type"], 0) + 1
    assert counts == {
        "aoai:index:Estate": 1,
        "aoai:index:OpenAIAccount": 2,
        "aoai:index:PrivateAccess": 2,
        "azure-native:resources:ResourceGroup": 1,
        "azure-native:privatedns:PrivateZone": 3,
        "azure-native:privatedns:VirtualNetworkLink": 3,
        f"{CS}:Account": 2,
        f"{CS}:Deployment": 5,
        f"{CS}:RaiPolicy": 2,
        f"{CS}:RaiBlocklist": 2,
        "pulumi-python:dynamic/aoai:BlocklistItems": 2,
        "azure-native:monitor:DiagnosticSetting": 2,
        "azure-native:network:PrivateEndpoint": 2,
        "azure-native:network:PrivateDnsZoneGroup": 2,
        "azure-native:authorization:RoleAssignment": 2,
        "aoai:index:Monitoring": 1,
        "azure-native:monitor:ActionGroup": 1,
        "azure-native:monitor:ActivityLogAlert": 1,
        "azure-native:monitor:MetricAlert": 6,
    }
    ptu = next(r for r in resources if r["name"] == "aoai-sweden-deployment-chat-ptu")
    assert ptu["inputs"]["properties"]["spilloverDeploymentName"] == "chat"
    assert ptu["inputs"]["properties"]["raiPolicyName"] == "aoai-strict"
    assert "aoai-sweden-deployment-chat" in {by_urn[d]["name"] for d in ptu["dependencies"]}
    accounts = [r for r in resources if r["type"] == f"{CS}:Account"]
    assert {a["protect"] for a in accounts} == {True}
    assert accounts[0]["id"].startswith("/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/resourceGroups/")
    assert plan["outputs"]["routing"]["chat-ptu"][0]["sku"] == "DataZoneProvisionedManaged"
    assert plan["warnings"] == []


def test_plan_json_to_stdout_is_parseable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--stack", "staging", "--format", "json", "--project-dir", str(ROOT)]) == 0
    assert json.loads(capsys.readouterr().out)["stack"] == "staging"


BROKEN = """config:
  aoai:environment: dev
  aoai:resource_group: {name: rg-x, location: swedencentral}
  aoai:acounts: {}
  aoai:accounts:
    main:
      name: aoai-x
      region: swedencentral
      deployments:
        ptu:
          model: {name: gpt-4o, version: "2024-11-20"}
          sku: GlobalProvisionedManaged
          capacity: 17
"""


def test_invalid_stack_file_exits_2_with_every_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["plan", "--stack-file", str(path), "--project-dir", str(ROOT)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}: 2 configuration errors:",
        "  - accounts.main.deployments.ptu.capacity: 17 PTU is not valid for GlobalProvisionedManaged gpt-4o: "
        "sizes start at 15 and grow in steps of 5 (15, 20, 25, …; nearest: 15 or 20)",
        "  - acounts: unknown key; did you mean 'accounts'? allowed keys: environment, production, lock, "
        "subscription_id, data_zone, tags, aoai_tags, required_tags, resource_group, diagnostics, private_access, "
        "content_filters, blocklists, accounts, access, monitoring, retries, ptu_throughput, prices",
    ]


def test_bad_input_never_shows_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.broken.yaml"
    path.write_text(BROKEN.replace("capacity: 17", "capacity: [17"), encoding="utf-8")
    env = {**os.environ, "COLUMNS": "200"}
    for args in (["--stack-file", str(path)], ["--stack", "does-not-exist"]):
        result = subprocess.run(
            [sys.executable, "-m", "aoai", "plan", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 2
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stderr.startswith(str(path) if "--stack-file" in args else str(ROOT / "stacks"))


def test_the_readme_quick_start_shows_what_make_plan_prints(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\n", 1)[1].split("\nPolicies:", 1)[0].splitlines()
    assert main(["plan", "--stack", "dev"]) == 0
    printed = [line.rstrip() for line in capsys.readouterr().out.splitlines()]
    assert [line for line in shown if line.rstrip() not in printed] == []


# --- the command line's shape, its version, its start-up cost --------------------------------------------------


def test_the_parser_has_one_module_per_command() -> None:
    commands = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands.choices) == [
        "check",
        "diff",
        "drift",
        "import",
        "plan",
        "policy-config",
        "preflight",
        "size",
    ]
    runs = {name: command.get_default("run").__module__ for name, command in commands.choices.items()}
    assert runs == {
        "check": "aoai.cli.plan",
        "diff": "aoai.cli.diff",
        "drift": "aoai.cli.drift",
        "import": "aoai.cli.adopt",
        "plan": "aoai.cli.plan",
        "policy-config": "aoai.cli.policy_config",
        "preflight": "aoai.cli.preflight",
        "size": "aoai.cli.size",
    }


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"aoai {version('aoai')}\n"
    assert aoai.__version__ == version("aoai")


def test_python_dash_m_aoai_is_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "aoai", "--version"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert (done.returncode, done.stdout) == (0, f"aoai {version('aoai')}\n")


HEAVY = ("pulumi", "pulumi_azure_native", "pulumi_policy", "azure", "pydantic", "jsonschema")
FACTS_ONLY = {"aoai_policies", "aoai_policies.facts", "aoai_policies.model_catalog"}
"""The pack's dependency-free Azure facts (with the model matrix they re-export), which the catalog reads; no policy
of the pack."""


def _imported(*arguments: str) -> set[str]:
    code = "import sys; from aoai.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    code += "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False, cwd=ROOT
    )
    return set(done.stderr.split())


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_imports_neither_pulumi_nor_pydantic_nor_the_azure_sdk_nor_the_pack() -> None:
    modules = _imported("--help")
    assert "aoai.cli" in modules
    assert _roots(modules) & {*HEAVY, "rich"} == set()
    assert {m for m in modules if m.startswith("aoai_policies")} <= FACTS_ONLY


PACK_API = {"aoai_policies.api", "aoai_policies.props", "aoai_policies.rai_filters", "aoai_policies.resource_types"}
"""The pack's public API and the dependency-free modules it is built from: no policy, no policy engine."""


def test_diff_imports_neither_pulumi_nor_the_policy_engine_nor_the_yaml_reader(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    assert main(["plan", "--stack", "dev", "--format", "json", "--out", str(path)]) in (0, 1)
    modules = _imported("diff", str(path), str(path))
    assert "aoai.review.deltas" in modules
    assert _roots(modules) & {*HEAVY, "ruamel"} == set()
    assert {m for m in modules if m.startswith("aoai_policies")} <= FACTS_ONLY | PACK_API


def test_nothing_outside_the_cli_imports_it() -> None:
    importers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "aoai").rglob("*.py")
        if "cli" not in path.relative_to(ROOT / "aoai").parts
        and path.name != "__main__.py"  # `python -m aoai`
        and re.search(
            r"^\s*(from aoai\.cli\b|from aoai import cli\b|import aoai\.cli\b)", path.read_text("utf-8"), re.M
        )
    ]
    assert importers == []


def test_the_default_arm_endpoint_is_the_clients() -> None:
    assert arm_options.ARM_ENDPOINT == PUBLIC_ARM_ENDPOINT


def test_the_size_utilization_range_is_the_costs() -> None:
    [utilization] = [o for o in size_command.NUMBER_OPTIONS if o.flag == "--utilization"]
    assert utilization.range is UTILIZATION
