"""The pack as a whole: pinned metadata, configuration as the CLI reconciles it, the pack served from its own
virtualenv over the analyzer protocol, and every shipped stack judged end to end."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
import yaml
from aoai_policies import pack
from conftest import DELETE, ROOT, baseline, monitored, mutate
from google.protobuf import empty_pb2, json_format, struct_pb2
from policy_kit import judge, shipped_config, shipped_plan, with_inputs, with_outputs
from pulumi.runtime import proto
from pulumi.runtime.proto import analyzer_pb2_grpc
from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy

from aoai.cli import main
from aoai.errors import ConfigError
from aoai.plan.engine import Plan, run_program
from aoai.policy import evaluate as verdicts
from aoai.policy.config import read_policy_config, reconcile
from aoai.program import main as program_main
from aoai.spec.load import read_stack_file

PACK_DIR = ROOT / "policies"
PACK_PYTHON = PACK_DIR / "venv" / "bin" / "python"

# name: (kind, default level, severity, settings)
METADATA: dict[str, tuple[str, str, str, set[str]]] = {
    "account-disallow-public-network-access": ("resource", "mandatory", "high", {"allowFirewalledPublicAccess"}),
    "account-projects-require-private-access": ("resource", "advisory", "high", set()),
    "account-disallow-local-auth": ("resource", "mandatory", "high", set()),
    "account-require-managed-identity": ("resource", "advisory", "medium", set()),
    "account-require-custom-subdomain": ("resource", "mandatory", "high", set()),
    "account-require-customer-managed-key": ("resource", "advisory", "medium", set()),
    "account-restrict-outbound-network": ("resource", "advisory", "medium", set()),
    "account-disallow-ip-and-vnet-rules": (
        "resource",
        "advisory",
        "medium",
        {"allowIpRules", "allowVirtualNetworkRules"},
    ),
    "account-allowed-kinds": ("resource", "advisory", "medium", {"allowedKinds"}),
    "account-allowed-regions": ("resource", "advisory", "high", {"allowedRegions"}),
    "account-require-tags": ("resource", "advisory", "low", {"requiredTags"}),
    "account-naming-convention": ("resource", "advisory", "low", {"pattern"}),
    "account-require-protect": ("resource", "advisory", "medium", set()),
    "deployment-allowed-skus": ("resource", "advisory", "medium", {"allowedSkus"}),
    "deployment-allowed-models": ("resource", "advisory", "medium", {"allowedModels"}),
    "deployment-require-pinned-version": ("resource", "advisory", "medium", set()),
    "deployment-allowed-version-upgrade-options": ("resource", "advisory", "low", {"allowedOptions"}),
    "deployment-require-content-filter": ("resource", "mandatory", "high", {"allowedBuiltIns"}),
    "deployment-provisioned-require-spillover": ("resource", "advisory", "medium", set()),
    "deployment-provisioned-capacity-bounds": (
        "resource",
        "mandatory",
        "high",
        {"skuSteps", "globalModelSteps", "regionalModelSteps", "maximum"},
    ),
    "content-filter-minimum-severity": ("resource", "advisory", "high", {"maximumThreshold"}),
    "content-filter-require-prompt-shields": ("resource", "advisory", "high", {"requireIndirectAttack"}),
    "content-filter-require-protected-material": ("resource", "advisory", "medium", {"requireBlocking"}),
    "content-filter-disallow-async-mode": ("resource", "advisory", "medium", set()),
    "content-filter-require-blocklists": ("resource", "advisory", "medium", {"requiredBlocklists", "sources"}),
    "access-no-privileged-role": ("resource", "mandatory", "high", set()),
    "access-allowed-principal-types": ("resource", "advisory", "medium", {"allowedPrincipalTypes"}),
    "stack-spillover-target-valid": ("stack", "mandatory", "high", set()),
    "stack-spillover-same-processing-level": ("stack", "advisory", "medium", set()),
    "stack-deployment-filter-exists": ("stack", "mandatory", "high", {"allowedBuiltIns"}),
    "stack-account-private-endpoint": ("stack", "advisory", "high", set()),
    "stack-account-diagnostics": ("stack", "advisory", "medium", set()),
    "stack-data-zone-residency": ("stack", "mandatory", "critical", {"dataZone"}),
    "stack-provisioned-capacity-budget": ("stack", "advisory", "medium", {"budgets"}),
    "stack-provisioned-utilization-alert": ("stack", "advisory", "medium", set()),
    "stack-service-health-alert": ("stack", "advisory", "medium", set()),
    "stack-alerts-have-action-group": ("stack", "advisory", "medium", set()),
}


def test_metadata_is_pinned() -> None:
    actual = {}
    for policy in pack.POLICIES:
        kind = "resource" if isinstance(policy, ResourceValidationPolicy) else "stack"
        assert isinstance(policy, ResourceValidationPolicy | StackValidationPolicy)
        assert policy.enforcement_level is not None
        assert policy.severity is not None
        settings = set(policy.config_schema.properties) if policy.config_schema else set()
        actual[policy.name] = (kind, policy.enforcement_level.value, policy.severity.value, settings)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", policy.name)
        assert policy.description.endswith(".")
        assert policy.remediation_steps
        assert {"azure", "azure-openai"} <= set(policy.tags or [])
    assert actual == METADATA
    assert [p.name for p in pack.POLICIES] == list(METADATA)


def test_every_setting_is_described_and_defaults_validate() -> None:
    for policy in pack.POLICIES:
        for key, spec in (policy.config_schema.properties if policy.config_schema else {}).items():
            assert spec.get("description"), f"{policy.name}.{key}"
    settings = reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, {}, "defaults")
    assert settings["deployment-provisioned-capacity-bounds"].properties["skuSteps"] == {
        "GlobalProvisionedManaged": {"minimum": 15, "increment": 5},
        "DataZoneProvisionedManaged": {"minimum": 15, "increment": 5},
    }


def test_pack_runs_in_its_own_virtualenv() -> None:
    manifest = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    assert manifest["runtime"] == {"name": "python", "options": {"virtualenv": "venv"}}


# --- configuration, as `pulumi preview --policy-pack-config` reconciles it -----------------------------------------


def issues(given: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as info:
        reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, given, "policies/config/x.json")
    assert info.value.source == "policies/config/x.json"
    return [(i.path, i.message) for i in info.value.issues]


def test_all_then_each_policy() -> None:
    settings = reconcile(
        pack.POLICIES,
        pack.DEFAULT_ENFORCEMENT,
        {"all": "advisory", "account-disallow-local-auth": "disabled", "account-require-tags": {"requiredTags": ["a"]}},
        "x.json",
    )
    assert settings["account-disallow-public-network-access"].level is EnforcementLevel.ADVISORY
    assert settings["account-disallow-local-auth"].level is EnforcementLevel.DISABLED
    assert settings["account-require-tags"].level is EnforcementLevel.ADVISORY
    assert settings["account-require-tags"].properties == {"requiredTags": ["a"]}
    untouched = reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, {}, "x.json")
    assert untouched["account-disallow-local-auth"].level is EnforcementLevel.MANDATORY


def test_configuration_errors_name_the_policy_and_setting() -> None:
    assert issues(
        {
            "account-disalow-local-auth": "mandatory",
            "account-require-tags": {"enforcementLevel": "blocking", "requiredTags": "owner"},
            "content-filter-minimum-severity": {"maximumThreshold": "Extreme"},
            "account-naming-convention": {"pattern": "([a-z"},
            "stack-data-zone-residency": {"dataZone": "eu", "zone": "eu"},
            "all": 3,
        }
    ) == [
        ("account-disalow-local-auth", "no policy of the pack is called 'account-disalow-local-auth'"),
        ("all", "must be an enforcement level (advisory, mandatory, remediate, disabled) or an object"),
        ("account-require-tags", "enforcement level 'blocking' is not one of advisory, mandatory, remediate, disabled"),
        ("account-require-tags.requiredTags", "'owner' is not of type 'array'"),
        ("account-naming-convention.pattern", "'([a-z' is not a 'regex'"),
        ("content-filter-minimum-severity.maximumThreshold", "'Extreme' is not one of ['Low', 'Medium', 'High']"),
        ("stack-data-zone-residency", "Additional properties are not allowed ('zone' was unexpected)"),
    ]


def test_cli_reports_a_bad_policy_config_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.json"
    config.write_text('{"all": "mandatory",}', encoding="utf-8")
    code = main(["check", "--stack", "dev", "--project-dir", str(ROOT), "--policy-config", str(config)])
    assert code == 2
    header, detail = capsys.readouterr().err.strip().split("\n")
    assert header == f"{config}: 1 configuration error:"
    # The parser's wording differs between Python versions; where it points does not.
    assert detail.startswith("  - not valid JSON: ")
    assert detail.endswith("(line 1, column 21)")


# --- the shipped stacks, end to end ----------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_shipped_stacks_pass_their_mandatory_policies(stack: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--stack", stack, "--format", "json", "--project-dir", str(ROOT)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["policyConfig"].endswith(f"policies/config/{stack}.json")
    assert [v for v in report["policies"] if v["enforcement"] == "mandatory"] == []


def test_prod_plan_json_carries_verdicts(tmp_path: Path) -> None:
    out = tmp_path / "prod.json"
    assert main(["plan", "--stack", "prod", "--format", "json", "--out", str(out), "--project-dir", str(ROOT)]) == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert plan["policies"] == [
        {
            "policy": "account-require-customer-managed-key",
            "enforcement": "advisory",
            "severity": "medium",
            "urn": next(r["urn"] for r in plan["resources"] if r["name"] == name),
            "message": "encryption is not set: data at rest is encrypted with Microsoft-managed keys.",
        }
        for name in ("aoai-france-account", "aoai-sweden-account")
    ]


def unsafe_prod(tmp_path: Path) -> Path:
    """The prod stack with the mistakes a hurried change makes: open network, API keys, looser filters, and a
    deployment on a built-in filter outside the approved models."""
    raw = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text(encoding="utf-8"))
    config = raw["config"]
    sweden = config["aoai:accounts"]["sweden"]
    sweden["public_network_access_enabled"] = True
    sweden["local_auth_enabled"] = True
    sweden["outbound"] = {"restricted": False}
    sweden["deployments"]["mini"] = {
        "model": {"name": "gpt-4o-mini", "version": "2024-07-18"},
        "sku": "Standard",
        "capacity": 5,
    }
    config["aoai:content_filters"]["strict"]["categories"]["hate"] = "Medium"
    config["aoai:content_filters"]["strict"]["prompt_shields"]["indirect_attack"] = False
    config["aoai:production"] = False
    path = tmp_path / "Pulumi.prod.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_unsafe_prod_fails_with_the_broken_policies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stack_file = unsafe_prod(tmp_path)
    args = ["check", "--stack-file", str(stack_file), "--project-dir", str(ROOT), "--format", "json"]
    assert main(args) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["policyConfig"].endswith("policies/config/prod.json")
    assert sorted({v["policy"] for v in report["policies"] if v["enforcement"] == "mandatory"}) == [
        "account-disallow-local-auth",
        "account-disallow-public-network-access",
        "account-require-protect",
        "account-restrict-outbound-network",
        "content-filter-minimum-severity",
        "content-filter-require-prompt-shields",
        "deployment-allowed-models",
        "deployment-allowed-skus",
        "deployment-require-content-filter",
        "stack-deployment-filter-exists",
    ]
    assert "mandatory policy violations" in captured.err


def test_unsafe_prod_text_groups_by_enforcement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--stack-file", str(unsafe_prod(tmp_path)), "--project-dir", str(ROOT)]) == 1
    out = capsys.readouterr().out
    mandatory, advisory = out.index("mandatory: 15 violations"), out.index("advisory: 2 violations")
    assert mandatory < out.index("✗ account-disallow-local-auth (high) · Account aoai-sweden-account") < advisory


def test_disabled_policy_is_not_run(tmp_path: Path) -> None:
    config = tmp_path / "off.json"
    config.write_text(json.dumps({**shipped_config("prod"), "account-disallow-local-auth": "disabled"}))
    stack_file = unsafe_prod(tmp_path)
    out = tmp_path / "report.json"
    args = ["check", "--stack-file", str(stack_file), "--project-dir", str(ROOT), "--policy-config", str(config)]
    assert main([*args, "--format", "json", "--out", str(out)]) == 1
    policies = {v["policy"] for v in json.loads(out.read_text())["policies"]}
    assert "account-disallow-local-auth" not in policies
    assert "account-disallow-public-network-access" in policies


def test_a_stack_without_its_own_config_is_judged_by_the_named_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = mutate(monitored(baseline()), ("accounts", "sweden", "local_auth_enabled"), True)
    stack_file = tmp_path / "Pulumi.test.yaml"
    stack_file.write_text(yaml.safe_dump({"config": {f"aoai:{k}": v for k, v in raw.items()}}), encoding="utf-8")
    assert main(["check", "--stack-file", str(stack_file), "--project-dir", str(ROOT), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["policyConfig"] == "policies/config/default.json"
    assert [(v["policy"], v["enforcement"]) for v in report["policies"] if v["enforcement"] == "mandatory"] == [
        ("account-disallow-local-auth", "mandatory")
    ]


# --- the pack as the Pulumi CLI runs it: its own virtualenv, served over gRPC -------------------------------------


@pytest.fixture(scope="module")
def served_pack() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    """Start the pack the way `pulumi-analyzer-policy-python` does: `python -m pulumi.policy <engine> <dir>` with
    the pack's virtualenv (built from policies/requirements.txt only) and policies/ as the working directory."""
    assert PACK_PYTHON.exists(), "the pack's virtualenv is missing: run `make pack-venv` (make test does)"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    with subprocess.Popen(
        [str(PACK_PYTHON), "-u", "-m", "pulumi.policy", "127.0.0.1:0", "."],
        cwd=PACK_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            port = process.stdout.readline().strip()
            assert port.isdigit(), f"the pack did not start: {port!r}"
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                yield analyzer_pb2_grpc.AnalyzerStub(channel)
        finally:
            process.kill()


def test_pack_imports_nothing_outside_its_requirements() -> None:
    probe = "import sys, aoai_policies.pack as p; print(len(p.POLICIES), 'aoai' in sys.modules)"
    done = subprocess.run([str(PACK_PYTHON), "-c", probe], cwd=PACK_DIR, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(len(METADATA)), "False"]
    freeze = subprocess.run([str(PACK_PYTHON), "-m", "pip", "freeze"], capture_output=True, text=True, check=True)
    assert not re.search(r"^aoai", freeze.stdout, re.MULTILINE)


def test_pack_in_its_virtualenv_has_the_version_the_cli_publishes() -> None:
    """Without the aoai distribution, the pack reads PulumiPolicy.yaml, the file the CLI takes the version from."""
    manifest = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text(encoding="utf-8"))
    probe = "import aoai_policies.pack as p; print(p.VERSION)"
    done = subprocess.run([str(PACK_PYTHON), "-c", probe], cwd=PACK_DIR, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == manifest["version"]


def test_facts_import_nothing_but_the_standard_library() -> None:
    probe = (
        "import json, sys; before = set(sys.modules); import aoai_policies.facts; new = set(sys.modules) - before;"
        " print(json.dumps(sorted({m.split('.')[0] for m in new} - {'aoai_policies'})))"
    )
    done = subprocess.run([str(PACK_PYTHON), "-c", probe], cwd=PACK_DIR, capture_output=True, text=True, check=True)
    imported = set(json.loads(done.stdout))
    assert imported <= set(sys.stdlib_module_names)
    assert not imported & {"pulumi", "pulumi_policy", "grpc", "google"}


def test_served_pack_describes_itself(served_pack: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = served_pack.GetAnalyzerInfo(empty_pb2.Empty())
    assert (info.name, info.supportsConfig) == ("aoai", True)
    levels = {p.name: proto.EnforcementLevel.Name(p.enforcementLevel).lower() for p in info.policies}
    assert levels == {name: level for name, (_, level, _, _) in METADATA.items()}
    remediation = {p.name: p.remediation_steps for p in info.policies}
    assert all(remediation.values())


def _struct(values: dict[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    json_format.ParseDict(values, message)
    return message


def test_served_pack_judges_like_the_offline_evaluator(served_pack: analyzer_pb2_grpc.AnalyzerStub) -> None:
    """The same resources, configured with prod.json, give the same verdicts over gRPC as `aoai check` offline."""
    settings = reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, shipped_config("prod"), "prod.json")
    configure = proto.ConfigureAnalyzerRequest()
    for name, policy_settings in settings.items():
        configure.policyConfig[name].enforcementLevel = proto.EnforcementLevel.Value(policy_settings.level.name)
        if policy_settings.properties:
            configure.policyConfig[name].properties.CopyFrom(_struct(policy_settings.properties))
    served_pack.Configure(configure)

    plan = shipped_plan("prod")
    account = next(r for r in plan.resources if r.name == "aoai-sweden-account")
    account.inputs["properties"]["disableLocalAuth"] = False
    deployment = next(r for r in plan.resources if r.name == "aoai-sweden-deployment-chat-ptu")
    deployment.inputs["sku"]["capacity"] = 52

    found = []
    for resource in (account, deployment):
        response = served_pack.Analyze(
            proto.AnalyzeRequest(
                type=resource.type,
                properties=_struct(resource.inputs),
                urn=resource.urn,
                name=resource.name,
                options=proto.AnalyzerResourceOptions(protect=resource.protect),
            )
        )
        found += [
            (d.policyName, proto.EnforcementLevel.Name(d.enforcementLevel), d.message) for d in response.diagnostics
        ]
    assert found == [
        (
            "account-disallow-local-auth",
            "MANDATORY",
            "Azure OpenAI accounts must accept only Entra ID tokens, not API keys.\n"
            "disableLocalAuth is false, so Azure accepts API keys.",
        ),
        (
            "account-require-customer-managed-key",
            "ADVISORY",
            "Azure OpenAI accounts must encrypt data at rest with a customer-managed key.\n"
            "encryption is not set: data at rest is encrypted with Microsoft-managed keys.",
        ),
        (
            "deployment-provisioned-capacity-bounds",
            "MANDATORY",
            "Provisioned (PTU) deployments must buy a size Azure sells: the minimum plus whole increments.\n"
            "52 PTU is not a valid DataZoneProvisionedManaged size for 'gpt-5.1': sizes are 15 plus steps of 5"
            " (nearest: 50 or 55).",
        ),
    ]

    deployments = [r for r in plan.resources if r.type == "azure-native:cognitiveservices:Deployment"]
    target = next(r for r in deployments if r.name == "aoai-sweden-deployment-chat")
    target.outputs["sku"]["name"] = "GlobalStandard"
    stack = served_pack.AnalyzeStack(
        proto.AnalyzeStackRequest(
            resources=[
                proto.AnalyzerResource(
                    type=r.type,
                    properties=_struct(r.outputs if r.custom else r.inputs),
                    urn=r.urn,
                    name=r.name,
                    parent=r.parent or "",
                    dependencies=r.dependencies,
                    propertyDependencies={
                        k: proto.AnalyzerPropertyDependencies(urns=v) for k, v in r.property_dependencies.items()
                    },
                )
                for r in plan.resources
            ]
        )
    )
    assert sorted((d.policyName, d.urn.rsplit("::", 1)[-1]) for d in stack.diagnostics) == [
        ("stack-data-zone-residency", "aoai-sweden-deployment-chat"),
        ("stack-spillover-same-processing-level", "aoai-sweden-deployment-chat-ptu"),
    ]


# --- every policy's level can be configured ---------------------------------------------------------------------

ACCOUNT = "aoai-sweden-account"
PTU = "aoai-sweden-deployment-chat-ptu"
RAI = "aoai-sweden-policy-strict"
GRANT = "aoai-sweden-access-chat-service"
OWNER = "/subscriptions/6d2f8c43-5a0e-4c1b-9b7e-2f4d8e1a9c30/providers/Microsoft.Authorization/roleDefinitions/" + (
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
)


def _violating(policy: str) -> Plan:
    """The prod plan changed so that `policy`, under its prod.json settings, finds a violation."""
    inputs: dict[str, tuple[str, dict[str, Any]]] = {
        "account-disallow-public-network-access": (ACCOUNT, {"properties.publicNetworkAccess": "Enabled"}),
        "account-disallow-local-auth": (ACCOUNT, {"properties.disableLocalAuth": False}),
        "account-projects-require-private-access": (
            ACCOUNT,
            {"properties.allowProjectManagement": True, "properties.publicNetworkAccess": "Enabled"},
        ),
        "account-require-managed-identity": (ACCOUNT, {"identity": DELETE}),
        "account-require-custom-subdomain": (ACCOUNT, {"properties.customSubDomainName": DELETE}),
        "account-restrict-outbound-network": (ACCOUNT, {"properties.restrictOutboundNetworkAccess": False}),
        "account-disallow-ip-and-vnet-rules": (ACCOUNT, {"properties.networkAcls.ipRules": [{"value": "1.2.3.4"}]}),
        "account-allowed-kinds": (ACCOUNT, {"kind": "TextAnalytics"}),
        "account-allowed-regions": (ACCOUNT, {"location": "uksouth"}),
        "account-require-tags": (ACCOUNT, {"tags.owner": DELETE}),
        "account-naming-convention": (ACCOUNT, {"accountName": "other"}),
        "deployment-allowed-skus": (PTU, {"sku.name": "GlobalProvisionedManaged"}),
        "deployment-allowed-models": (PTU, {"properties.model.version": "2025-08-07"}),
        "deployment-require-pinned-version": (PTU, {"properties.model.version": DELETE}),
        "deployment-allowed-version-upgrade-options": (
            "aoai-sweden-deployment-chat",
            {"properties.versionUpgradeOption": "NoAutoUpgrade"},
        ),
        "deployment-require-content-filter": (PTU, {"properties.raiPolicyName": DELETE}),
        "deployment-provisioned-require-spillover": (PTU, {"properties.spilloverDeploymentName": DELETE}),
        "deployment-provisioned-capacity-bounds": (PTU, {"sku.capacity": 51}),
        "content-filter-minimum-severity": (
            RAI,
            {"properties.basePolicyName": "custom", "properties.contentFilters": []},
        ),
        "content-filter-require-prompt-shields": (RAI, {"properties.contentFilters": []}),
        "content-filter-require-protected-material": (
            RAI,
            {"properties.basePolicyName": "x", "properties.contentFilters": []},
        ),
        "content-filter-disallow-async-mode": (RAI, {"properties.mode": "Asynchronous_filter"}),
        "content-filter-require-blocklists": (RAI, {"properties.customBlocklists": []}),
        "access-no-privileged-role": (GRANT, {"roleDefinitionId": OWNER}),
        "access-allowed-principal-types": (GRANT, {"principalType": "User"}),
    }
    outputs: dict[str, tuple[str, dict[str, Any]]] = {
        "stack-spillover-target-valid": (PTU, {"properties.spilloverDeploymentName": "missing"}),
        "stack-spillover-same-processing-level": ("aoai-sweden-deployment-chat", {"sku.name": "GlobalStandard"}),
        "stack-deployment-filter-exists": (PTU, {"properties.raiPolicyName": "missing"}),
        "stack-account-private-endpoint": ("aoai-sweden-private-dns", {"privateDnsZoneConfigs": []}),
        "stack-account-diagnostics": ("aoai-sweden-diagnostics", {"logs": []}),
        "stack-data-zone-residency": (ACCOUNT, {"location": "eastus"}),
        "stack-provisioned-capacity-budget": (PTU, {"sku.capacity": 75}),
    }
    plan = shipped_plan("prod")
    dropped_for = {
        "stack-provisioned-utilization-alert": "aoai-sweden-alert-utilization-chat-ptu",
        "stack-service-health-alert": "aoai-monitoring-service-health",
    }
    if policy in dropped_for:
        plan.resources = [r for r in plan.resources if r.name != dropped_for[policy]]
        return plan
    if policy == "stack-alerts-have-action-group":
        return with_outputs(plan, "aoai-sweden-alert-throttling", {"actions": []})
    if policy == "account-require-protect":
        next(r for r in plan.resources if r.name == ACCOUNT).protect = False
        return plan
    if policy == "account-require-customer-managed-key":
        key = {"keySource": "Microsoft.KeyVault", "keyVaultProperties": {"keyVaultUri": "https://kv/", "keyName": "k"}}
        return with_inputs(plan, "aoai-france-account", {"properties.encryption": key})
    if policy in inputs:
        name, changes = inputs[policy]
        return with_inputs(plan, name, changes)
    name, changes = outputs[policy]
    return with_outputs(plan, name, changes)


@pytest.mark.parametrize("policy", list(METADATA))
@pytest.mark.parametrize("level", ["advisory", "mandatory", "disabled"])
def test_configured_level_decides_the_verdict(policy: str, level: str) -> None:
    plan = _violating(policy)
    settings = shipped_config("prod").get(policy, {})
    config = {policy: {**(settings if isinstance(settings, dict) else {}), "enforcementLevel": level}}
    verdicts = judge(plan, policy, config).verdicts
    if level == "disabled":
        assert verdicts == []
    else:
        assert verdicts
        assert {(v.policy, v.enforcement) for v in verdicts} == {(policy, level)}


def _one_analyzer(plan: Plan, config: Path) -> list[tuple[str, str, str | None, str]]:
    """Verdicts the way the engine asks: one analyzer holding the whole pack, every resource handed to it."""
    settings = reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, read_policy_config(config), str(config))
    analyzer = verdicts._analyzer(pack.POLICIES)
    verdicts._configure(analyzer, settings)
    by_name = {p.name: p for p in pack.POLICIES}
    found: list[verdicts.Verdict] = []
    for resource in plan.resources:
        request = proto.AnalyzeRequest(
            type=resource.type,
            properties=verdicts._struct(resource.inputs),
            urn=resource.urn,
            name=resource.name,
            options=verdicts._options(resource),
        )
        found += verdicts._verdicts(analyzer.Analyze(request, None), by_name, resource.urn, {})
    stack = proto.AnalyzeStackRequest(resources=[verdicts._stack_resource(r) for r in plan.resources])
    found += verdicts._verdicts(analyzer.AnalyzeStack(stack, None), by_name, None, {})
    return [(v.policy, v.enforcement, v.urn, v.message) for v in found]


@pytest.mark.parametrize("stack", ["dev", "staging", "prod", "unsafe prod"])
def test_evaluating_by_resource_type_gives_the_engines_verdicts(stack: str, tmp_path: Path) -> None:
    if stack == "unsafe prod":
        stack_file, config = unsafe_prod(tmp_path), ROOT / "policies" / "config" / "prod.json"
        plan = run_program(program_main, read_stack_file(stack_file), stack="prod", project="aoai")
    else:
        plan, config = shipped_plan(stack), ROOT / "policies" / "config" / f"{stack}.json"
    ours = [(v.policy, v.enforcement, v.urn, v.message) for v in verdicts.evaluate(plan, config).verdicts]
    assert ours == _one_analyzer(plan, config)
    assert len(ours) > (10 if stack == "unsafe prod" else 0)


def test_the_analyzer_gets_its_own_conversions_back_after_an_evaluation() -> None:
    from pulumi_policy import policy as analyzer_module  # noqa: PLC0415

    names = ("json_format", "deserialize_properties", "unknown_checking_proxy")
    original = {name: analyzer_module.__dict__[name] for name in names}
    plan, config = shipped_plan("prod"), ROOT / "policies" / "config" / "prod.json"
    assert verdicts.evaluate(plan, config).verdicts
    assert {name: analyzer_module.__dict__[name] for name in names} == original
    assert gc.isenabled()

    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        verdicts.evaluate(plan, config, on_resource=interrupted)
    assert {name: analyzer_module.__dict__[name] for name in names} == original
    assert gc.isenabled()
    gc.disable()  # a caller that keeps the collector off finds it off afterwards
    try:
        verdicts.evaluate(plan, config)
        assert not gc.isenabled()
    finally:
        gc.enable()
