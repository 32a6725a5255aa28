"""Reading stack files and engine config into the `aoai:` namespace, as the Pulumi CLI hands it to the program."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from aoai.config import namespace_values, read_stack_file, spec_from_config, stack_file_path
from aoai.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Pulumi.x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_are_passed_like_the_cli(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "config:\n  aoai:production: true\n  environment: x\n  azure-native:location: westeurope\n"
        "  aoai:tags: {owner: me}\n  aoai:required_tags: [owner]\n",
    )
    assert read_stack_file(path) == {
        "aoai:production": "true",
        "aoai:environment": "x",
        "azure-native:location": "westeurope",
        "aoai:tags": '{"owner": "me"}',
        "aoai:required_tags": '["owner"]',
    }
    assert namespace_values(read_stack_file(path), str(path)) == {
        "production": "true",
        "environment": "x",
        "tags": {"owner": "me"},
        "required_tags": ["owner"],
    }


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  aoai:tags: [a,\n")
    with pytest.raises(ConfigError) as info:
        read_stack_file(path)
    assert [str(i) for i in info.value.issues] == [
        "line 3, column 1: not valid YAML: expected the node content, but found '<stream end>'"
    ]
    assert str(info.value).startswith(f"{path}: 1 configuration error:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", [": a stack file is a mapping with a `config:` key"]),
        ("config: [1]\n", ["config: must be a mapping of keys to values"]),
        ("conifg: {}\n", ["conifg: unknown top-level key of a Pulumi stack file"]),
        (
            "config:\n  aoai:token: {secure: AAABAC}\n",
            ["aoai:token: secret values cannot be decrypted offline: keep secrets out of aoai keys"],
        ),
    ],
)
def test_malformed_stack_files(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as info:
        read_stack_file(write(tmp_path, text))
    assert [f"{i.path}: {i.message}" for i in info.value.issues] == expected


def test_missing_stack_file() -> None:
    with pytest.raises(ConfigError) as info:
        read_stack_file(Path("/nonexistent/Pulumi.x.yaml"))
    assert [i.message for i in info.value.issues] == ["cannot read the stack file: No such file or directory"]


def test_invalid_json_in_a_structured_value() -> None:
    with pytest.raises(ConfigError) as info:
        namespace_values({"aoai:accounts": "{nope"}, "src")
    assert [str(i) for i in info.value.issues] == [
        "accounts: structured value is not valid JSON: Expecting property name enclosed in double quotes"
    ]


def test_required_keys_missing_from_an_empty_namespace() -> None:
    with pytest.raises(ConfigError) as info:
        spec_from_config({"azure-native:location": "westeurope"}, "stacks/Pulumi.x.yaml")
    assert [str(i) for i in info.value.issues] == [
        "accounts: required key is missing",
        "environment: required key is missing",
        "resource_group: required key is missing",
    ]


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_shipped_stacks_validate(stack: str) -> None:
    path = stack_file_path(stack, ROOT)
    spec = spec_from_config(read_stack_file(path), str(path))
    assert spec.environment == stack


def test_unquoted_dates_and_provider_secrets_are_read_like_the_cli(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "config:\n  azure-native:clientSecret: {secure: AAABAC}\n"
        "  aoai:accounts: {a: {deployments: {d: {model: {version: 2024-11-20}}}}}\n",
    )
    assert read_stack_file(path) == {
        "aoai:accounts": '{"a": {"deployments": {"d": {"model": {"version": "2024-11-20"}}}}}'
    }
