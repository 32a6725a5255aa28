"""The one strict reader of every file aoai reads: encoding, size, duplicates, depth, aliases, types and numbers."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from aoai.errors import ConfigError
from aoai.files import MAX_DEPTH, MAX_TEXT_BYTES, load_json
from aoai.policy.config import read_policy_config
from aoai.yaml_reader import load_yaml

DUPLICATE = "keep one (the second would silently replace the first)"
NOT_JSON = (
    "is not one of the JSON types aoai reads (mappings with string keys, lists, strings, numbers, true/false and"
    " null): remove the tag"
)
TOO_LARGE = (
    "is beyond ±2**53 (9007199254740992), the largest integer the Pulumi engine passes exactly (its wire format is"
    " float64): use a smaller number, or quote it if it is text"
)
DEEP = f"nested deeper than {MAX_DEPTH} levels: aoai's files need far fewer; flatten it"


def write(tmp_path: Path, content: str | bytes, name: str = "Pulumi.x.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def yaml_issues(tmp_path: Path, content: str | bytes, **options: Any) -> list[str]:
    return issues_of(lambda: load_yaml(write(tmp_path, content), "stack file", **options))


def json_issues(tmp_path: Path, content: str | bytes) -> list[str]:
    return issues_of(lambda: load_json(write(tmp_path, content, "plan.json"), "plan"))


def issues_of(read: Callable[[], Any]) -> list[str]:
    with pytest.raises(ConfigError) as info:
        read()
    return [str(issue) for issue in info.value.issues]


# --- encoding ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "config:\n  aoai:environment: café\n".encode("latin-1"),
            "line 2: the stack file is not UTF-8 text (byte 0xe9 at offset 31): save it as UTF-8",
        ),
        (
            "config: {}\n".encode("utf-16"),
            "line 1: the stack file is not UTF-8 text (byte 0xff at offset 0; it looks like UTF-16): save it as UTF-8",
        ),
        (
            b"config: {}\n\x00\n",
            "line 2: the stack file holds a NUL byte (at offset 11): it is binary or UTF-16, not UTF-8 text;"
            " save it as UTF-8",
        ),
    ],
)
def test_only_utf8_text_is_read(tmp_path: Path, content: bytes, expected: str) -> None:
    assert yaml_issues(tmp_path, content) == [expected]


def test_utf8_with_a_bom_is_read_like_the_cli(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffconfig:\n  aoai:environment: café\n")
    assert load_yaml(path, "stack file") == {"config": {"aoai:environment": "café"}}
    assert load_json(write(tmp_path, '\ufeff{"a": "é"}', "plan.json"), "plan") == {"a": "é"}


def test_control_characters_are_refused_with_their_line(tmp_path: Path) -> None:
    assert yaml_issues(tmp_path, "a: 1\nb: x\x07y\n") == [
        "line 2: character U+0007 is not allowed in YAML (offset 9): remove it"
    ]


def test_unpaired_surrogate_escapes_are_refused(tmp_path: Path) -> None:
    message = "line 1: a string holds an unpaired surrogate (U+D800), which is not text: remove the escape"
    assert yaml_issues(tmp_path, 'a: "\\ud800"\n') == [f"a: {message}"]
    assert json_issues(tmp_path, '{"a": "\\ud800"}') == [f"a: {message}"]
    assert load_json(write(tmp_path, '{"a": "\\ud83d\\ude00"}', "plan.json"), "plan") == {"a": "😀"}


# --- size ---------------------------------------------------------------------------------------------------------


def test_a_file_beyond_the_size_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    # Beyond the bound the content does not matter: the file is not parsed at all.
    content = b"a: [" + b"x" * (2 * 2**20)
    assert yaml_issues(tmp_path, content, max_bytes=2**20) == [
        "the stack file is larger than 1 MiB, the most aoai reads: check that it is the right file"
    ]
    assert load_yaml(write(tmp_path, "a: " + "x" * (2**20 - 3)), "stack file", max_bytes=2**20) == {
        "a": "x" * (2**20 - 3)
    }


def test_an_endless_file_is_refused(tmp_path: Path) -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    started = time.perf_counter()
    assert issues_of(lambda: load_yaml(zero, "stack file")) == [
        "the stack file is larger than 16 MiB, the most aoai reads: check that it is the right file"
    ]
    assert time.perf_counter() - started < 5


def test_the_size_bound_allows_the_largest_blocklist_azure_allows(tmp_path: Path) -> None:
    # 10,000 items of the maximum length (1,000 characters) fit under the bound, with room for the rest.
    item = "        item-{i:05d}: {{pattern: " + "p" * 1000 + "}}\n"
    text = "config:\n  aoai:blocklists:\n    banned:\n      items:\n" + "".join(item.format(i=i) for i in range(10_000))
    assert len(text.encode()) < MAX_TEXT_BYTES * 0.7


def test_ten_thousand_realistic_items_read_fast(tmp_path: Path) -> None:
    items = "".join(f'        term-{i:05d}: {{pattern: "Project Falcon {i} internal"}}\n' for i in range(10_000))
    path = write(tmp_path, f"config:\n  aoai:blocklists:\n    banned:\n      items:\n{items}")
    started = time.perf_counter()
    document = load_yaml(path, "stack file")
    elapsed = time.perf_counter() - started
    read = document["config"]["aoai:blocklists"]["banned"]["items"]
    assert len(read) == 10_000
    assert read["term-09999"] == {"pattern": "Project Falcon 9999 internal"}
    assert elapsed < 10  # about 1.5 s on a laptop: ruamel.yaml is pure Python


# --- duplicates -------------------------------------------------------------------------------------------------


def test_duplicate_yaml_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    text = (
        "config:\n  aoai:accounts:\n    main:\n      deployments:\n        gpt-4o: {capacity: 10}\n"
        "        mini: {capacity: 5}\n        gpt-4o: {capacity: 20}\n"
    )
    assert yaml_issues(tmp_path, text) == [
        f"config.aoai:accounts.main.deployments: line 7: key `gpt-4o` appears twice, at lines 5 and 7: {DUPLICATE}"
    ]


def test_duplicates_in_flow_mappings_and_merge_keys(tmp_path: Path) -> None:
    assert yaml_issues(tmp_path, "a: {x: 1, x: 2}\n") == [f"a: line 1: key `x` appears twice, on line 1: {DUPLICATE}"]
    text = "b: &b {x: 1}\nc:\n  <<: *b\n  <<: *b\n"
    assert yaml_issues(tmp_path, text) == [f"c: line 4: key `<<` appears twice, at lines 3 and 4: {DUPLICATE}"]


def test_keys_differing_in_case_are_not_duplicates_at_this_layer(tmp_path: Path) -> None:
    # YAML keys are case-sensitive; the spec layer reports case twins with its own message.
    assert load_yaml(write(tmp_path, "Foo: 1\nfoo: 2\n"), "stack file") == {"Foo": 1, "foo": 2}
    assert load_json(write(tmp_path, '{"Foo": 1, "foo": 2}', "plan.json"), "plan") == {"Foo": 1, "foo": 2}


def test_duplicate_json_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    text = '{\n  "resources": [\n    {"urn": "a",\n     "urn": "b"}\n  ]\n}\n'
    assert json_issues(tmp_path, text) == [
        f"resources.0: line 4: key `urn` appears twice, at lines 3 and 4: {DUPLICATE}"
    ]


# --- depth --------------------------------------------------------------------------------------------------------


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 100_000, nested(MAX_DEPTH + 1)])
def test_deep_json_is_refused_without_recursion(tmp_path: Path, text: str) -> None:
    (issue,) = json_issues(tmp_path, text)
    assert issue.endswith(f": line 1: {DEEP}")


def test_json_at_the_depth_bound_is_read(tmp_path: Path) -> None:
    assert load_json(write(tmp_path, nested(MAX_DEPTH), "plan.json"), "plan") == json.loads(nested(MAX_DEPTH))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "a:\n" + "".join(" " * (level + 1) + "- \n" for level in range(200)),
        nested(MAX_DEPTH + 1),
    ],
)
def test_deep_yaml_is_refused_without_recursion(tmp_path: Path, text: str) -> None:
    started = time.perf_counter()
    (issue,) = yaml_issues(tmp_path, text)
    assert DEEP in issue
    assert time.perf_counter() - started < 5  # the flow scanner looks 1,024 characters ahead: about 1 s at worst


def test_yaml_at_the_depth_bound_is_read(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, nested(MAX_DEPTH)), "stack file") == json.loads(nested(MAX_DEPTH))


# --- aliases ------------------------------------------------------------------------------------------------------


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    started = time.perf_counter()
    assert yaml_issues(tmp_path, billion_laughs()) == [
        "f.0: line 6: aliases expand to more than 100,000 values: write the document out instead"
    ]
    assert time.perf_counter() - started < 0.5


def test_aliases_and_merge_keys_share_a_template(tmp_path: Path) -> None:
    text = (
        "base: &deployment {sku: Standard, capacity: 10}\n"
        "deployments:\n  a: *deployment\n  b:\n    <<: *deployment\n    capacity: 20\n"
        '  c:\n    <<: [{sku: S1}, *deployment]\n  d: {"<<": 1}\n'
    )
    assert load_yaml(write(tmp_path, text), "stack file") == {
        "base": {"sku": "Standard", "capacity": 10},
        "deployments": {
            "a": {"sku": "Standard", "capacity": 10},
            "b": {"sku": "Standard", "capacity": 20},
            "c": {"sku": "S1", "capacity": 10},
            "d": {"<<": 1},
        },
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [*a]\n", "a.0: line 1: alias `*a` refers to the node that contains it"),
        ("a: *b\n", "a: line 1: alias `*b` is used before any anchor `&b`"),
        ("a: &s x\nb:\n  <<: *s\n", "b: line 3: `<<` merges a mapping or a list of mappings, not a string"),
    ],
)
def test_broken_aliases_are_refused(tmp_path: Path, text: str, expected: str) -> None:
    assert yaml_issues(tmp_path, text) == [expected]


# --- types --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!binary aGVsbG8=\n", f"a: line 1: a `!!binary` value {NOT_JSON}"),
        ("a: !!set {x, y}\n", f"a: line 1: a `!!set` value {NOT_JSON}"),
        ("a: !!omap [b: 1]\n", f"a: line 1: a `!!omap` value {NOT_JSON}"),
        ("a: !!timestamp 2026-12-02\n", f"a: line 1: a `!!timestamp` value {NOT_JSON}"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            f"a: line 1: a `!!python/object/apply:os.system` value {NOT_JSON}",
        ),
        ("a:\n  b: !Ref x\n", f"a.b: line 2: a `!Ref` value {NOT_JSON}"),
        ("1: x\n", 'line 1: a mapping key must be a string, not an integer: quote it ("1") if it is text'),
        (
            "a:\n  true: x\n",
            'a: line 2: a mapping key must be a string, not a boolean: quote it ("true") if it is text',
        ),
        ("a:\n  ~: x\n", 'a: line 2: a mapping key must be a string, not null: quote it ("~") if it is text'),
        ("? [a]\n: x\n", "line 1: a mapping key must be a string, not a list"),
        ("a: !!bool yes\n", "a: line 1: `yes` is not a valid `!!bool` value"),
        ("a: !!int 1.5\n", "a: line 1: `1.5` is not a valid `!!int` value"),
        ("a: 1\n---\nb: 2\n", "line 2: a second YAML document (after `---`): aoai reads one document per file"),
        ("a: [b,\n", "line 2, column 1: not valid YAML: expected the node content, but found '<stream end>'"),
    ],
)
def test_only_json_types_are_read_from_yaml(tmp_path: Path, text: str, expected: str) -> None:
    assert yaml_issues(tmp_path, text) == [expected]


def test_yaml_is_read_as_yaml_12_like_the_pulumi_cli(tmp_path: Path) -> None:
    text = (
        "a: yes\nb: no\nc: on\nd: off\ne: 0o17\nf: 0x1F\ng: 2026-12-02\nh: 2026-12-02T10:00:00Z\ni: ~\nj: null\n"
        "k: 1_000\nl: 1.5e3\nm: .5\nn: '0613'\no: !!str 12\np: !!float 1\nq: !!int '7'\nr: True\ns: -0\nt: 12:30\n"
    )
    assert load_yaml(write(tmp_path, text), "stack file") == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": 15,
        "f": 31,
        "g": "2026-12-02",
        "h": "2026-12-02T10:00:00Z",
        "i": None,
        "j": None,
        "k": 1000,
        "l": 1500.0,
        "m": 0.5,
        "n": "0613",
        "o": "12",
        "p": 1.0,
        "q": 7,
        "r": True,
        "s": 0,
        "t": "12:30",
    }


def test_a_leading_zero_is_refused_as_ambiguous(tmp_path: Path) -> None:
    # yaml.v3 reads 0613 as octal 395 and 0914 as 914.0; a tired user meant the text "0613".
    assert yaml_issues(tmp_path, "version: 0613\n") == [
        "version: line 1: `0613` has a leading zero, which YAML readers disagree on (the Pulumi CLI reads 0613 as"
        ' octal 395): quote it ("0613") if it is text, or write the number without the leading zero (0o for octal)'
    ]


def test_an_empty_yaml_file_is_null(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "# nothing yet\n"), "stack file") is None


# --- numbers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: .nan\n", "a: line 1: `.nan` (not a number) is not a value aoai accepts: write a number"),
        (
            "a: .inf\n",
            "a: line 1: `.inf` is not a finite number (it overflows a float64): write a number aoai can pass to Azure",
        ),
        (
            "a:\n  - -.Inf\n",
            "a.0: line 2: `-.Inf` is not a finite number (it overflows a float64): write a number aoai can pass to"
            " Azure",
        ),
        (
            "a: 1e400\n",
            "a: line 1: `1e400` is not a finite number (it overflows a float64): write a number aoai can pass to Azure",
        ),
        ("a: 9007199254740993\n", f"a: line 1: `9007199254740993` {TOO_LARGE}"),
        ("a: -9007199254740993\n", f"a: line 1: `-9007199254740993` {TOO_LARGE}"),
        ("a: 0x20000000000001\n", f"a: line 1: `0x20000000000001` {TOO_LARGE}"),
        ("a: " + "9" * 5000 + "\n", f"a: line 1: `99999999999999999999…(5000 characters)` {TOO_LARGE}"),
    ],
)
def test_yaml_numbers_must_survive_the_wire(tmp_path: Path, text: str, expected: str) -> None:
    assert yaml_issues(tmp_path, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": NaN}', "a: line 1: `NaN` is not a finite number: write a number"),
        ('{"a": [Infinity]}', "a.0: line 1: `Infinity` is not a finite number: write a number"),
        ('{"a":\n -Infinity}', "a: line 2: `-Infinity` is not a finite number: write a number"),
        (
            '{"a": 1e400}',
            "a: line 1: `1e400` is not a finite number (it overflows a float64): write a number aoai can pass to Azure",
        ),
        ('{"a": 9007199254740993}', f"a: line 1: `9007199254740993` {TOO_LARGE}"),
        ("[" + "1" * 5000 + "]", f"0: line 1: `11111111111111111111…(5000 characters)` {TOO_LARGE}"),
    ],
)
def test_json_numbers_must_survive_the_wire(tmp_path: Path, text: str, expected: str) -> None:
    assert json_issues(tmp_path, text) == [expected]


def test_numbers_at_the_bounds_are_read(tmp_path: Path) -> None:
    assert load_yaml(write(tmp_path, "a: [9007199254740992, -9007199254740992, 1.7e308]\n"), "stack file") == {
        "a": [2**53, -(2**53), 1.7e308]
    }
    assert load_json(write(tmp_path, "[9007199254740992, -9007199254740992, 1.7e308, 1e-400]", "p.json"), "plan") == [
        2**53,
        -(2**53),
        1.7e308,
        0.0,
    ]


def test_json_syntax_errors_name_line_and_column(tmp_path: Path) -> None:
    assert json_issues(tmp_path, '{\n  "a" 1\n}') == ["not valid JSON: Expecting ':' delimiter (line 2, column 7)"]


# --- the policy configuration goes through the same reader --------------------------------------------------------


def test_policy_config_is_read_strictly(tmp_path: Path) -> None:
    assert read_policy_config(write(tmp_path, " \n", "config.json")) == {}
    assert read_policy_config(write(tmp_path, '{"all": "advisory"}', "config.json")) == {"all": "advisory"}
    path = write(tmp_path, '{"all": "advisory", "all": "mandatory"}', "config.json")
    assert issues_of(lambda: read_policy_config(path)) == [f"line 1: key `all` appears twice, on line 1: {DUPLICATE}"]
    path = write(tmp_path, '{"all": "m\xe9"}'.encode("latin-1"), "config.json")
    assert issues_of(lambda: read_policy_config(path)) == [
        "line 1: the policy configuration is not UTF-8 text (byte 0xe9 at offset 10): save it as UTF-8"
    ]
    path = write(tmp_path, "[]", "config.json")
    assert issues_of(lambda: read_policy_config(path)) == ["must be a JSON object keyed by policy name (or 'all')"]


# --- properties ---------------------------------------------------------------------------------------------------

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)
YAML_11_LINE_BREAKS = "\x85\u2028\u2029"
A_MOMENT = 2.0  # seconds: generous for a slow CI machine; typical documents take milliseconds


def read_within_a_moment(read: Callable[[], Any]) -> tuple[bool, Any]:
    started = time.perf_counter()
    try:
        value = read()
    except ConfigError:
        value, ok = None, False
    else:
        ok = True
    assert time.perf_counter() - started < A_MOMENT
    return ok, value


def longest_key(value: Any) -> int:
    """The longest key of `value` as JSON writes it."""
    if isinstance(value, dict):
        return max([len(json.dumps(key)) for key in value] + [longest_key(v) for v in value.values()], default=0)
    if isinstance(value, list):
        return max([longest_key(v) for v in value], default=0)
    return 0


def ruamel_dump(value: Any) -> str:
    stream = StringIO()
    dumper = YAML(typ="safe", pure=True)
    # Block style: in flow style ruamel writes `{?;: null}`, which every YAML reader (libyaml, yaml.v3, ruamel)
    # reads as the key `;`. That is the emitter's mistake, not the reader's.
    dumper.default_flow_style = False
    dumper.dump(value, stream)
    return stream.getvalue()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("files")


@given(data=st.binary(max_size=2000))
def test_property_any_bytes_read_or_fail_cleanly(scratch: Path, data: bytes) -> None:
    path = write(scratch, data, "any.bin")
    read_within_a_moment(lambda: load_yaml(path, "stack file"))
    read_within_a_moment(lambda: load_json(path, "plan"))


@given(text=st.text(max_size=500))
def test_property_any_text_reads_or_fails_cleanly(scratch: Path, text: str) -> None:
    path = write(scratch, text.encode("utf-8", "surrogatepass"), "any.txt")
    read_within_a_moment(lambda: load_yaml(path, "stack file"))
    read_within_a_moment(lambda: load_json(path, "plan"))


@given(text=st.text(alphabet="[]{}:,-?&*!|>'\"#%@` \n\tab01.~<", max_size=300))
def test_property_yaml_punctuation_reads_or_fails_cleanly(scratch: Path, text: str) -> None:
    path = write(scratch, text, "punctuation.yaml")
    read_within_a_moment(lambda: load_yaml(path, "stack file"))


@given(value=JSON_VALUES)
def test_property_json_shaped_values_read_back_equal(scratch: Path, value: Any) -> None:
    as_json = write(scratch, json.dumps(value, indent=1), "value.json")
    assert read_within_a_moment(lambda: load_json(as_json, "plan")) == (True, value)
    # JSON is YAML 1.2: the same text reads back equal through the YAML reader, but for YAML's bound on the
    # length of a key written without `?` (1,024 characters), which the CLI's yaml.v3 shares.
    ok, read = read_within_a_moment(lambda: load_yaml(as_json, "stack file"))
    assert (ok and read == value) or (not ok and longest_key(value) > 1024)
    if any(character in json.dumps(value, ensure_ascii=False) for character in YAML_11_LINE_BREAKS):
        return  # ruamel writes these raw inside quotes, and every YAML reader folds them like newlines
    as_yaml = write(scratch, ruamel_dump(value), "value.yaml")
    ok, read = read_within_a_moment(lambda: load_yaml(as_yaml, "stack file"))
    assert not ok or read == value
