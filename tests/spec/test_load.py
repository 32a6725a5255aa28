"""Reading stack files and engine config into the `aoai:` namespace, as the Pulumi CLI hands it to the program."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from aoai.errors import ConfigError
from aoai.spec.load import namespace_values, read_stack_file, spec_from_config, stack_file_path


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
        "accounts: structured value: not valid JSON: Expecting property name enclosed in double quotes"
        " (line 1, column 2)"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '{"a": {"name": "x"}, "a": {"name": "y"}}',
            "accounts: structured value: key `a` appears twice, on line 1: keep one (the second would silently"
            " replace the first)",
        ),
        (
            '{"a": {"capacity": NaN}}',
            "accounts.a.capacity: structured value: `NaN` is not a finite number: write a number",
        ),
        (
            '{"a": {"capacity": 1e400}}',
            "accounts.a.capacity: structured value: `1e400` is not a finite number (it overflows a float64): write a"
            " number aoai can pass to Azure",
        ),
        (
            '{"a": {"capacity": 9007199254740993}}',
            "accounts.a.capacity: structured value: `9007199254740993` is beyond ±2**53 (9007199254740992), the"
            " largest integer the Pulumi engine passes exactly (its wire format is float64): use a smaller number,"
            " or quote it if it is text",
        ),
        (
            "[" * 100_000,
            "accounts" + ".0" * 64 + ": structured value: nested deeper than 64 levels: aoai's files need far fewer;"
            " flatten it",
        ),
    ],
)
def test_engine_config_follows_the_file_rules(raw: str, expected: str) -> None:
    # What `pulumi up` hands the program is refused exactly where a stack file would be.
    with pytest.raises(ConfigError) as info:
        namespace_values({"aoai:accounts": raw}, "src")
    assert [str(i) for i in info.value.issues] == [expected]


def test_engine_config_at_the_bounds_is_read() -> None:
    raw = '{"a": {"capacity": 9007199254740992, "ratio": 0.5, "list": [[[]]]}}'
    assert namespace_values({"aoai:accounts": raw, "aoai:environment": "NaN"}, "src") == {
        "accounts": {"a": {"capacity": 2**53, "ratio": 0.5, "list": [[[]]]}},
        "environment": "NaN",
    }


@given(raw=st.tuples(st.sampled_from("{["), st.text(max_size=200)).map("".join))
def test_property_engine_config_decodes_or_fails_cleanly(raw: str) -> None:
    # Decoded like `pulumi up` would hand it over, or refused as input under the key: never a crash.
    try:
        values = namespace_values({"aoai:accounts": raw}, "src")
    except ConfigError as error:
        paths = [issue.path for issue in error.issues]
    else:
        paths = []
        assert isinstance(values["accounts"], dict | list)
    assert all(path.startswith("accounts") for path in paths)


def test_a_folder_is_not_a_stack_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        read_stack_file(tmp_path)
    assert [i.message for i in info.value.issues] == ["cannot read the stack file: Is a directory"]


def test_stack_file_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  aoai:accounts:\n    main: {name: a}\n    main: {name: b}\n")
    with pytest.raises(ConfigError) as info:
        read_stack_file(path)
    assert [str(i) for i in info.value.issues] == [
        "config.aoai:accounts: line 4: key `main` appears twice, at lines 3 and 4: keep one (the second would"
        " silently replace the first)"
    ]


def test_yaml_12_scalars_are_passed_like_the_cli(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  aoai:tags: {a: yes, b: off, c: 0o17, d: 2026-12-02, e: ~, f: 1_000}\n")
    assert read_stack_file(path) == {
        "aoai:tags": '{"a": "yes", "b": "off", "c": 15, "d": "2026-12-02", "e": null, "f": 1000}'
    }


def test_secrets_under_aoai_keys_are_refused_wherever_they_are(tmp_path: Path) -> None:
    path = write(tmp_path, "config:\n  tags: {secure: AAAB}\n  azure-native:clientSecret: {secure: AAAB}\n")
    with pytest.raises(ConfigError) as info:
        read_stack_file(path)
    assert [str(i) for i in info.value.issues] == [
        "aoai:tags: secret values cannot be decrypted offline: keep secrets out of aoai keys"
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
