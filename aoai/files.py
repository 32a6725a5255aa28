"""The one strict reader of every file aoai is given (stack files, price tables, plans, policy configuration).

A file becomes JSON-shaped data (mappings with string keys, lists, strings, finite numbers, booleans, null) or a
`ConfigError` naming the file, the key path and the line; never a traceback, a hang or a silently lost value.
YAML is read as the Pulumi CLI reads stack files (Go yaml.v3, YAML 1.2 core schema: `yes`/`no`/`on`/`off` and
dates stay strings, `0o17` is octal), and both YAML and JSON are held to what the Pulumi engine passes a program
exactly: JSON with float64 numbers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from ruamel.yaml.reader import ReaderError

from aoai.errors import ConfigError, Issue

MIB = 2**20
# Stack files, price tables and policy configuration. The largest stack Azure allows is dominated by blocklists: a
# blocklist holds up to 10,000 items of up to 1,000 characters (catalog.MAX_BLOCKLIST_ITEMS), about 10 MiB as YAML
# at the maximum item length and about 1 MiB with realistic 50-character patterns; 16 MiB leaves room for that and
# every account, deployment and filter besides, while refusing a wrong file (a log, an image, /dev/zero) at once.
MAX_TEXT_BYTES = 16 * MIB
# Plan files repeat every blocklist item under every account that uses it, at about 2 KiB of JSON per item: ten
# accounts each using a full blocklist of 10,000 long items is about 400 MiB.
MAX_PLAN_BYTES = 512 * MIB
# aoai's own files nest about a dozen levels (a plan's resource inputs are the deepest); the bound keeps readers off
# the recursion limit with room to spare.
MAX_DEPTH = 64
# Aliases (`*name`) may share a template, but each use counts the nodes it stands for: a "billion laughs" document
# of nested aliases is refused after this many instead of expanding to gigabytes.
MAX_ALIAS_NODES = 100_000
# The Pulumi engine passes config and resource properties as JSON with float64 numbers: integers beyond 2**53 would
# silently arrive as a different number.
MAX_EXACT_INTEGER = 2**53

JSON_TYPES = "mappings with string keys, lists, strings, numbers, true/false and null"


@dataclass(frozen=True)
class DocumentError(Exception):
    """What is wrong with a document, where: the line (1-based, None when unknown) and the dotted key path."""

    message: str
    line: int | None = None
    path: str = ""

    def issue(self) -> Issue:
        where = f"line {self.line}: " if self.line is not None else ""
        return Issue(self.path, f"{where}{self.message}")


def load_yaml(path: Path, what: str, max_bytes: int = MAX_TEXT_BYTES) -> Any:
    """A YAML (or JSON, which is YAML) document; None for an empty file."""
    return parse_yaml(read_text(path, what, max_bytes), str(path))


def load_json(path: Path, what: str, max_bytes: int = MAX_PLAN_BYTES) -> Any:
    """A JSON document."""
    return parse_json(read_text(path, what, max_bytes), str(path))


def parse_yaml(text: str, source: str) -> Any:
    try:
        return decode_yaml(text)
    except DocumentError as error:
        raise ConfigError(source, [error.issue()]) from None


def parse_json(text: str, source: str) -> Any:
    try:
        return decode_json(text)
    except DocumentError as error:
        raise ConfigError(source, [error.issue()]) from None


def read_text(path: Path, what: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of `path` (a leading BOM dropped, as the Pulumi CLI does), at most `max_bytes` long."""
    try:
        with path.open("rb") as file:
            # Read one byte past the bound rather than trusting the size on disk: /dev/zero has none.
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise ConfigError(str(path), [Issue("", f"cannot read the {what}: {error.strerror}")]) from None
    try:
        return decode_text(data, what, max_bytes)
    except DocumentError as error:
        raise ConfigError(str(path), [error.issue()]) from None


def decode_text(data: bytes, what: str, max_bytes: int = MAX_TEXT_BYTES) -> str:
    if len(data) > max_bytes:
        raise DocumentError(
            f"the {what} is larger than {max_bytes // MIB} MiB, the most aoai reads: check that it is the right file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        hint = "; it looks like UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise DocumentError(
            f"the {what} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}{hint}):"
            " save it as UTF-8",
            _byte_line(data, error.start),
        ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(
            f"the {what} holds a NUL byte (at offset {nul}): it is binary or UTF-16, not UTF-8 text; save it as UTF-8",
            _byte_line(data, nul),
        )
    return text.removeprefix("\ufeff")


def _byte_line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# --- numbers, shared by YAML and JSON ---------------------------------------------------------------------------


def exact_integer(value: int, text: str, line: int | None, path: str) -> int:
    if abs(value) > MAX_EXACT_INTEGER:
        raise DocumentError(_too_large(text), line, path)
    return value


def finite_float(value: float, text: str, line: int | None, path: str) -> float:
    if math.isnan(value):
        raise DocumentError(f"`{text}` (not a number) is not a value aoai accepts: write a number", line, path)
    if math.isinf(value):
        raise DocumentError(
            f"`{text}` is not a finite number (it overflows a float64): write a number aoai can pass to Azure",
            line,
            path,
        )
    return value


def _duplicate(key: str, first: int, line: int) -> str:
    where = f"on line {line}" if first == line else f"at lines {first} and {line}"
    return f"key `{key}` appears twice, {where}: keep one (the second would silently replace the first)"


def _too_large(text: str) -> str:
    shown = text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"
    return (
        f"`{shown}` is beyond ±2**53 (9007199254740992), the largest integer the Pulumi engine passes exactly"
        " (its wire format is float64): use a smaller number, or quote it if it is text"
    )


# --- YAML --------------------------------------------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NON_FINITE = frozenset(
    {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
)
# yaml.v3's resolver: what starts with a digit or a sign may be a number, after dropping every `_`.
_GO_INTEGER = re.compile(r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DOT_FLOAT = re.compile(r"\.[0-9]+(?:[eE][-+]?[0-9]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_MAX_NUMBER_CHARACTERS = 100  # longer digit strings are too large without converting them
_MERGE = "<<"
_SCALAR_TAGS: dict[str, Callable[[Any], bool]] = {
    f"{_YAML_TAG}null": lambda value: value is None,
    f"{_YAML_TAG}bool": lambda value: isinstance(value, bool),
    f"{_YAML_TAG}int": lambda value: type(value) is int,
    f"{_YAML_TAG}float": lambda value: type(value) in (int, float),
}


@dataclass
class _Collection:
    """A mapping or sequence being read: its key path, its line and what it holds so far."""

    mapping: bool
    path: str
    line: int
    anchor: str | None
    items: list[Any] = field(default_factory=list)
    entries: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    merged: list[dict[str, Any]] = field(default_factory=list)
    key: str | None = None  # the key whose value comes next (mappings only)
    merge_line: int | None = None  # where the mapping's merge key (`<<`) is
    merging: bool = False  # the value that comes next is the merge key's
    nodes: int = 1

    def expects_key(self) -> bool:
        return self.mapping and self.key is None and not self.merging

    def child_path(self) -> str:
        part = self.key if self.mapping else str(len(self.items))
        return f"{self.path}.{part}" if self.path else str(part)

    def value(self) -> Any:
        if not self.mapping:
            return self.items
        if not self.merged:
            return self.entries
        # A merge key (`<<: *base`) adds the keys the mapping does not set itself; earlier sources win.
        result: dict[str, Any] = {}
        for source in reversed(self.merged):
            result.update(source)
        result.update(self.entries)
        return result


class _YamlBuilder:
    """Builds the document from parser events with an explicit stack, so no nesting can exhaust Python's."""

    def __init__(self) -> None:
        self.open: list[_Collection] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.documents = 0
        self.document: Any = None

    def feed(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise DocumentError("a second YAML document (after `---`): aoai reads one document per file", line)
        elif isinstance(event, ScalarEvent):
            self._add(self._scalar(event, line), 1, line, event.anchor, event)
        elif isinstance(event, AliasEvent):
            self._alias(event.anchor, line)
        elif isinstance(event, CollectionStartEvent):
            self._start(event, line)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            done = self.open.pop()
            self._add(done.value(), done.nodes, done.line, done.anchor, None)

    def _path(self) -> str:
        return self.open[-1].child_path() if self.open else ""

    def _start(self, event: CollectionStartEvent, line: int | None) -> None:
        mapping = isinstance(event, MappingStartEvent)
        expected = "map" if mapping else "seq"
        if event.tag not in (None, "!", f"{_YAML_TAG}{expected}"):
            raise DocumentError(_not_json(event.tag), line, self._path())
        if self.open and self.open[-1].expects_key():
            kind = "mapping" if mapping else "list"
            raise DocumentError(f"a mapping key must be a string, not a {kind}", line, self.open[-1].path)
        if len(self.open) >= MAX_DEPTH:
            raise DocumentError(
                f"nested deeper than {MAX_DEPTH} levels: aoai's files need far fewer; flatten it", line, self._path()
            )
        self.open.append(_Collection(mapping, self._path(), line or 0, event.anchor))

    def _alias(self, anchor: str, line: int | None) -> None:
        if any(c.anchor == anchor for c in self.open):
            raise DocumentError(f"alias `*{anchor}` refers to the node that contains it", line, self._path())
        if anchor not in self.anchors:
            raise DocumentError(f"alias `*{anchor}` is used before any anchor `&{anchor}`", line, self._path())
        value, nodes = self.anchors[anchor]
        self.alias_nodes += nodes
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise DocumentError(
                f"aliases expand to more than {MAX_ALIAS_NODES:,} values: write the document out instead",
                line,
                self._path(),
            )
        self._add(value, nodes, line, None, None)

    def _add(self, value: Any, nodes: int, line: int | None, anchor: str | None, event: ScalarEvent | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, nodes)
        if not self.open:
            self.document = value
            return
        parent = self.open[-1]
        parent.nodes += nodes
        if not parent.mapping:
            parent.items.append(value)
        elif parent.merging:
            self._merge(parent, value, line)
        elif parent.key is None:
            self._key(parent, value, line, event)
        else:
            parent.entries[parent.key] = value
            parent.key = None

    def _key(self, parent: _Collection, value: Any, line: int | None, event: ScalarEvent | None) -> None:
        if not isinstance(value, str):
            hint = f': quote it ("{event.value}") if it is text' if event is not None else ""
            raise DocumentError(f"a mapping key must be a string, not {_kind(value)}{hint}", line, parent.path)
        is_merge = event is not None and event.style is None and event.tag is None and value == _MERGE
        first = parent.merge_line if is_merge else parent.key_lines.get(value)
        if first is not None:
            raise DocumentError(_duplicate(value, first, line or 0), line, parent.path)
        if is_merge:
            parent.merge_line = line or 0
            parent.merging = True
        else:
            parent.key_lines[value] = line or 0
            parent.key = value

    def _merge(self, parent: _Collection, value: Any, line: int | None) -> None:
        parent.merging = False
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise DocumentError(
                f"`{_MERGE}` merges a mapping or a list of mappings, not {_kind(value)}", line, parent.path
            )
        parent.merged.extend(sources)

    def _scalar(self, event: ScalarEvent, line: int | None) -> Any:
        path = self._path()
        text = _proper_text(event.value, line, path)
        tag = event.tag
        if tag is None:
            return _plain(text, line, path) if event.style is None else text
        if tag in ("!", f"{_YAML_TAG}str"):
            return text
        accepts = _SCALAR_TAGS.get(tag)
        if accepts is None:
            raise DocumentError(_not_json(tag), line, path)
        resolved = _plain(text, line, path)
        if accepts(resolved):
            return float(resolved) if tag == f"{_YAML_TAG}float" else resolved
        raise DocumentError(f"`{text}` is not a valid `{_short_tag(tag)}` value", line, path)


def _plain(text: str, line: int | None, path: str) -> Any:
    """A plain (unquoted) scalar as yaml.v3 resolves it."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text in _NON_FINITE:
        return finite_float(math.nan if text.lower().endswith("nan") else math.inf, text, line, path)
    if text[:1] and text[0] in ".0123456789+-":
        return _plain_number(text, line, path)
    return text


def _plain_number(text: str, line: int | None, path: str) -> Any:
    if text[0] == ".":
        return finite_float(float(text), text, line, path) if _DOT_FLOAT.fullmatch(text) else text
    digits = text.replace("_", "")
    if _LEADING_ZERO.fullmatch(digits):
        raise DocumentError(
            f"`{text}` has a leading zero, which YAML readers disagree on (the Pulumi CLI reads 0613 as octal 395):"
            f' quote it ("{text}") if it is text, or write the number without the leading zero (0o for octal)',
            line,
            path,
        )
    if _GO_INTEGER.fullmatch(digits):
        if len(digits) > _MAX_NUMBER_CHARACTERS:
            raise DocumentError(_too_large(text), line, path)
        return exact_integer(int(digits, 0), text, line, path)
    if _YAML_FLOAT.fullmatch(digits):
        return finite_float(float(digits), text, line, path)
    return text


def _proper_text(text: str, line: int | None, path: str) -> str:
    """`text` as Unicode: surrogate pairs escaped as JSON writes them (`\\ud83d\\ude00`) joined, lone ones refused."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        for character in joined:
            if 0xD800 <= ord(character) <= 0xDFFF:
                raise DocumentError(
                    f"a string holds an unpaired surrogate (U+{ord(character):04X}), which is not text: remove the"
                    " escape",
                    line,
                    path,
                ) from None
        return joined
    return text


def _not_json(tag: str) -> str:
    return f"a `{_short_tag(tag)}` value is not one of the JSON types aoai reads ({JSON_TYPES}): remove the tag"


def _short_tag(tag: str) -> str:
    return f"!!{tag.removeprefix(_YAML_TAG)}" if tag.startswith(_YAML_TAG) else tag


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    kinds = {bool: "a boolean", int: "an integer", float: "a number", dict: "a mapping", list: "a list"}
    return kinds.get(type(value), "a string")


def decode_yaml(text: str) -> Any:
    builder = _YamlBuilder()
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            builder.feed(event)
    except MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise DocumentError(f"{where}not valid YAML: {error.problem}") from None
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise DocumentError(
            f"character U+{error.character:04X} is not allowed in YAML (offset {error.position}): remove it", line
        ) from None
    except YAMLError as error:
        raise DocumentError(f"not valid YAML: {error}") from None
    return builder.document


# --- JSON --------------------------------------------------------------------------------------------------------

# Strings in the "unrolled loop" form, three times faster than an alternation on large plans.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# A number that may not survive float64: 16 digits in a row (2**53 has 16) or a 3-digit exponent (1e308 is the most).
_RISKY_NUMBER = re.compile(r"[0-9]{16}|[eE][-+]?[0-9]{3}")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_TOKEN = re.compile(
    r'\s*(?:(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")|(?P<number>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)'
    r"|(?P<word>-?[A-Za-z]+)|(?P<punct>[\[\]{},:]))",
    re.DOTALL,
)


class _RefusedValueError(Exception):
    """A value the JSON parser hooks refuse; the slow scan finds where it is."""


def decode_json(text: str) -> Any:
    outside_strings = _JSON_STRING.sub("", text)
    if _deeper_than(outside_strings, MAX_DEPTH) or _SURROGATE_ESCAPE.search(text):
        _scan_json(text)
    # Checking every number in Python is slow on a large plan: only when some number may be out of range.
    numbers: dict[str, Any] = (
        {"parse_int": _json_integer, "parse_float": _json_float} if _RISKY_NUMBER.search(outside_strings) else {}
    )
    try:
        return json.loads(text, parse_constant=_refuse, object_pairs_hook=_json_object, **numbers)
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except _RefusedValueError as refused:
        _scan_json(text)
        raise DocumentError(str(refused)) from None  # the scan finds every refusal; this is a fallback


def _deeper_than(outside_strings: str, depth: int) -> bool:
    # Counted at C speed: json.loads recurses once per level, so it must not see a deep document.
    brackets = _NOT_BRACKET.sub("", outside_strings)
    if len(brackets) <= depth:
        return False
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets.encode("ascii")))) > depth


def _refuse(text: str) -> Any:
    raise _RefusedValueError(f"`{text}` is not a finite number")


def _json_integer(text: str) -> int:
    if len(text) > _MAX_NUMBER_CHARACTERS or abs(int(text)) > MAX_EXACT_INTEGER:
        raise _RefusedValueError(_too_large(text))
    return int(text)


def _json_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _RefusedValueError(f"`{text}` is not a finite number")
    return value


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RefusedValueError("a key appears twice in an object")
    return result


@dataclass
class _JsonContainer:
    is_object: bool
    path: str
    key_lines: dict[str, int] = field(default_factory=dict)
    key: str | None = None
    index: int = 0
    expecting_key: bool = True

    def child_path(self) -> str:
        part = self.key if self.is_object else str(self.index)
        return f"{self.path}.{part}" if self.path else str(part)


def _scan_json(text: str) -> None:
    """Walk a document token by token to raise the first refusal with its line and key path (the slow path)."""
    open_: list[_JsonContainer] = []
    position = 0
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        if match.start() != position:
            return  # not JSON from here on: json.loads reports it
        kind = match.lastgroup or "punct"
        line += text.count("\n", position, match.start(kind))
        position = match.end()
        token = match.group(kind)
        top = open_[-1] if open_ else None
        path = top.child_path() if top is not None else ""
        if kind == "string":
            if not _scan_string(token, line, top, path):
                return
        elif kind == "number":
            _scan_number(token, line, path)
        elif kind == "word":
            if token in ("NaN", "Infinity", "-Infinity"):
                raise DocumentError(f"`{token}` is not a finite number: write a number", line, path)
        else:
            _scan_punctuation(token, open_, line, path)


def _scan_punctuation(token: str, open_: list[_JsonContainer], line: int, path: str) -> None:
    top = open_[-1] if open_ else None
    if token in "[{":
        if len(open_) >= MAX_DEPTH:
            raise DocumentError(
                f"nested deeper than {MAX_DEPTH} levels: aoai's files need far fewer; flatten it", line, path
            )
        open_.append(_JsonContainer(token == "{", path))
    elif token in "]}":
        if open_:
            open_.pop()
    elif token == "," and top is not None:
        top.expecting_key = top.is_object
        top.index += 1


def _scan_string(token: str, line: int, top: _JsonContainer | None, path: str) -> bool:
    try:
        value = json.loads(token)
    except json.JSONDecodeError:
        return False  # json.loads reports it
    is_key = top is not None and top.is_object and top.expecting_key
    _proper_text(value, line, top.path if is_key and top is not None else path)
    if not is_key or top is None:
        return True
    first = top.key_lines.get(value)
    if first is not None:
        raise DocumentError(_duplicate(value, first, line), line, top.path)
    top.key_lines[value] = line
    top.key = value
    top.expecting_key = False
    return True


_JSON_INTEGER = re.compile(r"-?[0-9]+")


def _scan_number(token: str, line: int, path: str) -> None:
    if _JSON_INTEGER.fullmatch(token):
        if len(token) > _MAX_NUMBER_CHARACTERS:
            raise DocumentError(_too_large(token), line, path)
        exact_integer(int(token), token, line, path)
    else:
        finite_float(float(token), token, line, path)
