"""Policy configuration follows the stack: its data zone and required tags reach the pack (the stack winning over a
configuration file that disagrees, with a warning), a stack without its own file gets the named default, the
report says which file was used, and `aoai policy-config` writes (or `--check`s) the file the Pulumi CLI reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from aoai_policies import pack
from conftest import DELETE, ROOT, baseline, monitored, mutate, plan_of, valid
from policy_kit import with_inputs

from aoai.cli import main
from aoai.errors import ConfigError
from aoai.policy.config import (
    DEFAULT_CONFIG,
    StackFacts,
    config_file,
    disagreements,
    read_policy_config,
    reconcile,
    stack_facts,
    with_stack,
)
from aoai.policy.evaluate import evaluate

STACK = "stacks/Pulumi.qa.yaml"
ZONE = "stack-data-zone-residency"
TAGS = "account-require-tags"


def facts(raw: dict[str, Any]) -> StackFacts:
    return stack_facts(valid(raw), STACK)


# --- what the stack states, merged over the file ------------------------------------------------------------------


def test_the_stack_states_its_data_zone_and_required_tags() -> None:
    found = facts(baseline())
    assert found.keys == ["data_zone", "required_tags"]
    assert found.settings == {
        "data_zone": ((ZONE, "dataZone"), "eu"),
        "required_tags": ((TAGS, "requiredTags"), ["owner"]),
    }


def test_a_stack_that_states_neither_adds_nothing() -> None:
    raw = mutate(mutate(baseline(), ("data_zone",), DELETE), ("required_tags",), DELETE)
    assert facts(raw).settings == {}
    assert with_stack({"all": "mandatory", TAGS: {"requiredTags": ["team"]}}, facts(raw)) == {
        "all": "mandatory",
        TAGS: {"requiredTags": ["team"]},
    }


def test_an_empty_required_tags_list_is_stated() -> None:
    assert facts(mutate(baseline(), ("required_tags",), [])).settings["required_tags"] == ((TAGS, "requiredTags"), [])


def test_the_stack_wins_for_what_it_states_and_the_file_keeps_the_rest() -> None:
    given = {
        "all": "advisory",
        ZONE: "mandatory",
        TAGS: {"enforcementLevel": "mandatory", "requiredTags": ["owner", "team"]},
        "account-naming-convention": {"pattern": "^aoai-"},
    }
    assert with_stack(given, facts(baseline())) == {
        "all": "advisory",
        ZONE: {"enforcementLevel": "mandatory", "dataZone": "eu"},
        TAGS: {"enforcementLevel": "mandatory", "requiredTags": ["owner"]},
        "account-naming-convention": {"pattern": "^aoai-"},
    }
    assert given[ZONE] == "mandatory"  # the file's configuration is not changed in place


def test_a_file_without_those_policies_gains_them() -> None:
    assert with_stack({}, facts(baseline())) == {ZONE: {"dataZone": "eu"}, TAGS: {"requiredTags": ["owner"]}}


def test_an_invalid_entry_is_left_for_reconcile_to_report() -> None:
    merged = with_stack({ZONE: 3}, facts(baseline()))
    assert merged[ZONE] == 3
    with pytest.raises(ConfigError) as info:
        reconcile(pack.POLICIES, pack.DEFAULT_ENFORCEMENT, merged, "x.json")
    assert [(i.path, i.message) for i in info.value.issues] == [
        (ZONE, "must be an enforcement level (advisory, mandatory, remediate, disabled) or an object")
    ]


def test_disagreements_name_both_files_and_values() -> None:
    given = {ZONE: {"dataZone": "us"}, TAGS: {"requiredTags": ["owner", "team"]}}
    assert disagreements(given, "policies/config/qa.json", facts(baseline())) == [
        "policies/config/qa.json sets stack-data-zone-residency.dataZone to 'us' but stacks/Pulumi.qa.yaml sets"
        " data_zone to 'eu'; the stack's value is used",
        "policies/config/qa.json sets account-require-tags.requiredTags to 'owner, team' but stacks/Pulumi.qa.yaml"
        " sets required_tags to 'owner'; the stack's value is used",
    ]


def test_agreement_and_silence_are_not_disagreements() -> None:
    given = {ZONE: {"dataZone": "eu"}, TAGS: "mandatory"}
    assert disagreements(given, "qa.json", facts(baseline())) == []


# --- which file ---------------------------------------------------------------------------------------------------


def test_a_stack_without_its_own_file_gets_the_named_default() -> None:
    assert config_file(ROOT, "prod") == ROOT / "policies" / "config" / "prod.json"
    assert config_file(ROOT, "qa") == ROOT / "policies" / "config" / DEFAULT_CONFIG


def test_the_default_is_production_like() -> None:
    """Security, network, content-filter strength, residency and correctness mandatory; what only an organisation
    knows (regions, names, models, budgets) left to its own file."""
    settings = reconcile(
        pack.POLICIES,
        pack.DEFAULT_ENFORCEMENT,
        read_policy_config(ROOT / "policies" / "config" / DEFAULT_CONFIG),
        DEFAULT_CONFIG,
    )
    assert sorted(name for name, s in settings.items() if s.level.value == "mandatory") == [
        "access-no-privileged-role",
        "account-disallow-ip-and-vnet-rules",
        "account-disallow-local-auth",
        "account-disallow-public-network-access",
        "account-require-custom-subdomain",
        "account-require-managed-identity",
        "content-filter-disallow-async-mode",
        "content-filter-minimum-severity",
        "content-filter-require-prompt-shields",
        "deployment-provisioned-capacity-bounds",
        "deployment-require-content-filter",
        "stack-account-diagnostics",
        "stack-account-private-endpoint",
        "stack-alerts-have-action-group",
        "stack-data-zone-residency",
        "stack-deployment-filter-exists",
        "stack-provisioned-utilization-alert",
        "stack-service-health-alert",
        "stack-spillover-target-valid",
    ]
    assert all(s.level.value == "advisory" for s in settings.values() if s.level.value != "mandatory")


def _stack_file(tmp_path: Path, raw: dict[str, Any], name: str = "qa") -> Path:
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump({"config": {f"aoai:{k}": v for k, v in raw.items()}}), encoding="utf-8")
    return path


def test_check_says_which_file_and_what_the_stack_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stack_file(tmp_path, monitored(baseline()))
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--stack-file", "Pulumi.qa.yaml", "--project-dir", str(ROOT)]) == 0
    out = capsys.readouterr().out
    default = ROOT / "policies" / "config" / DEFAULT_CONFIG
    assert out.splitlines()[1] == (
        f"Policies: {len(pack.POLICIES)} checked with {default} (+ data_zone, required_tags from Pulumi.qa.yaml)"
    )


def test_the_plan_json_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = mutate(monitored(baseline()), ("accounts", "sweden", "local_auth_enabled"), True)
    stack_file = _stack_file(tmp_path, raw)
    assert main(["check", "--stack-file", str(stack_file), "--project-dir", str(ROOT), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["policyConfig"] == "policies/config/default.json"
    assert [v["policy"] for v in report["policies"] if v["enforcement"] == "mandatory"] == [
        "account-disallow-local-auth"
    ]


def test_the_stack_zone_judges_and_a_disagreeing_file_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "qa.json"
    config.write_text(json.dumps({ZONE: {"enforcementLevel": "mandatory", "dataZone": "us"}}), encoding="utf-8")
    stack_file = _stack_file(tmp_path, baseline())
    args = ["check", "--stack-file", str(stack_file), "--project-dir", str(ROOT), "--policy-config", str(config)]
    assert main([*args, "--format", "json"]) == 0  # judged by the stack's eu, where its accounts are
    captured = capsys.readouterr()
    assert captured.err.replace("\n", "") == (
        f"warning: {config} sets stack-data-zone-residency.dataZone to 'us' but {stack_file} sets data_zone to 'eu';"
        " the stack's value is used"
    )
    assert [v["policy"] for v in json.loads(captured.out)["policies"] if v["policy"] == ZONE] == []


def test_the_stack_required_tags_reach_the_pack() -> None:
    """Before, a stack's required_tags reached the pack only through a hand-written configuration."""
    plan = with_inputs(plan_of(baseline()), "aoai-sweden-account", {"tags.owner": DELETE})
    default = ROOT / "policies" / "config" / DEFAULT_CONFIG
    without_stack = evaluate(plan, default)
    assert without_stack.not_applicable[TAGS] == "no requiredTags configured"
    with_facts = evaluate(plan, default, facts(baseline()))
    assert TAGS not in with_facts.not_applicable
    assert [(v.policy, v.message) for v in with_facts.verdicts if v.policy == TAGS] == [
        (TAGS, "missing required tags: owner.")
    ]


# --- aoai policy-config -------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one stack, qa, and the shipped default configuration but no qa.json."""
    shutil.copy(ROOT / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    (tmp_path / "stacks").mkdir()
    _stack_file(tmp_path / "stacks", baseline())
    (tmp_path / "policies" / "config").mkdir(parents=True)
    shutil.copy(ROOT / "policies" / "config" / DEFAULT_CONFIG, tmp_path / "policies" / "config" / DEFAULT_CONFIG)
    return tmp_path


def policy_config(project: Path, *extra: str) -> int:
    return main(["policy-config", "--stack", "qa", "--project-dir", str(project), *extra])


def test_policy_config_starts_a_new_file_from_the_default(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert policy_config(project) == 0
    assert capsys.readouterr().out == (
        "wrote policies/config/qa.json (+ data_zone, required_tags from stacks/Pulumi.qa.yaml), starting from"
        " policies/config/default.json\n"
    )
    written = (project / "policies" / "config" / "qa.json").read_text(encoding="utf-8")
    default = read_policy_config(project / "policies" / "config" / DEFAULT_CONFIG)
    expected = {
        **default,
        ZONE: {"enforcementLevel": "mandatory", "dataZone": "eu"},
        TAGS: {"requiredTags": ["owner"]},
    }
    assert written == json.dumps(expected, indent=2, sort_keys=True) + "\n"


def test_policy_config_keeps_what_the_stack_does_not_state(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = project / "policies" / "config" / "qa.json"
    own.write_text(
        json.dumps({"all": "mandatory", ZONE: {"dataZone": "us"}, "account-naming-convention": {"pattern": "^a"}}),
        encoding="utf-8",
    )
    assert policy_config(project) == 0
    assert (
        capsys.readouterr().out
        == "wrote policies/config/qa.json (+ data_zone, required_tags from stacks/Pulumi.qa.yaml)\n"
    )
    assert own.read_text(encoding="utf-8") == (
        "{\n"
        '  "account-naming-convention": {\n'
        '    "pattern": "^a"\n'
        "  },\n"
        '  "account-require-tags": {\n'
        '    "requiredTags": [\n'
        '      "owner"\n'
        "    ]\n"
        "  },\n"
        '  "all": "mandatory",\n'
        '  "stack-data-zone-residency": {\n'
        '    "dataZone": "eu"\n'
        "  }\n"
        "}\n"
    )


def test_policy_config_check_passes_when_up_to_date(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert policy_config(project) == 0
    capsys.readouterr()
    assert policy_config(project, "--check") == 0
    assert capsys.readouterr().out == "policies/config/qa.json is up to date with stacks/Pulumi.qa.yaml\n"


def test_policy_config_check_fails_with_a_diff(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = project / "policies" / "config" / "qa.json"
    own.write_text(json.dumps({ZONE: {"dataZone": "us"}}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert policy_config(project, "--check") == 1
    assert capsys.readouterr().out == (
        "--- policies/config/qa.json (on disk)\n"
        "+++ policies/config/qa.json (from stacks/Pulumi.qa.yaml)\n"
        "@@ -1,5 +1,10 @@\n"
        " {\n"
        '+  "account-require-tags": {\n'
        '+    "requiredTags": [\n'
        '+      "owner"\n'
        "+    ]\n"
        "+  },\n"
        '   "stack-data-zone-residency": {\n'
        '-    "dataZone": "us"\n'
        '+    "dataZone": "eu"\n'
        "   }\n"
        " }\n"
        "policies/config/qa.json is out of date: run `aoai policy-config --stack qa`\n"
    )
    assert json.loads(own.read_text(encoding="utf-8")) == {ZONE: {"dataZone": "us"}}  # --check writes nothing


def test_policy_config_check_fails_when_the_file_is_missing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert policy_config(project, "--check") == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "--- policies/config/qa.json (missing)\n+++ policies/config/qa.json (from stacks/Pulumi.qa.yaml)\n"
    )
    assert not (project / "policies" / "config" / "qa.json").exists()


def test_policy_config_refuses_an_invalid_stack_with_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _stack_file(project / "stacks", mutate(baseline(), ("data_zone",), "asia"))
    assert policy_config(project) == 2
    assert capsys.readouterr().err.startswith(f"{project / 'stacks' / 'Pulumi.qa.yaml'}: ")
    assert not (project / "policies" / "config" / "qa.json").exists()


def test_policy_config_refuses_a_configuration_the_pack_refuses(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = project / "policies" / "config" / "qa.json"
    own.write_text(json.dumps({"account-disalow-local-auth": "mandatory"}), encoding="utf-8")
    assert policy_config(project) == 2
    assert capsys.readouterr().err == (
        f"{own}: 1 configuration error:\n"
        "  - account-disalow-local-auth: no policy of the pack is called 'account-disalow-local-auth'\n"
    )


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_the_shipped_configurations_are_up_to_date(stack: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy-config", "--stack", stack, "--project-dir", str(ROOT), "--check"]) == 0
    assert capsys.readouterr().out == f"policies/config/{stack}.json is up to date with stacks/Pulumi.{stack}.yaml\n"


def test_the_written_file_is_what_the_pack_reads(project: Path) -> None:
    """`pulumi preview --policy-pack-config policies/config/qa.json` reconciles the file alone: the stack's facts
    must be in it."""
    assert policy_config(project) == 0
    settings = reconcile(
        pack.POLICIES,
        pack.DEFAULT_ENFORCEMENT,
        read_policy_config(project / "policies" / "config" / "qa.json"),
        "qa.json",
    )
    assert settings[ZONE].properties == {"dataZone": "eu"}
    assert settings[TAGS].properties == {"requiredTags": ["owner"]}
