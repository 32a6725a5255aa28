"""The strict reader's YAML files (stack files, price tables, Pulumi.yaml), read as the Pulumi CLI reads stack files
(Go yaml.v3, YAML 1.2 core schema: `yes`/`no`/`on`/`off` and dates stay strings, `0o17` is octal) and built from
ruamel.yaml's parser events with an explicit stack. What YAML and JSON share (text, numbers, limits, errors) is
`aoai.files`; ruamel.yaml is loaded only by the commands that read YAML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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

from aoai.files import (
    JSON_TYPES,
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_NUMBER_CHARACTERS,
    MAX_TEXT_BYTES,
    DocumentError,
    duplicate_key,
    exact_integer,
    finite_float,
    parse_with,
    proper_text,
    read_text,
    too_large,
)


def load_yaml(path: Path, what: str, max_bytes: int = MAX_TEXT_BYTES) -> Any:
    """A YAML (or JSON, which is YAML) document; None for an empty file."""
    return parse_yaml(read_text(path, what, max_bytes), str(path))


def parse_yaml(text: str, source: str) -> Any:
    return parse_with(decode_yaml, text, source)


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
            raise DocumentError(duplicate_key(value, first, line or 0), line, parent.path)
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
        text = proper_text(event.value, line, path)
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
        if len(digits) > MAX_NUMBER_CHARACTERS:
            raise DocumentError(too_large(text), line, path)
        return exact_integer(int(digits, 0), text, line, path)
    if _YAML_FLOAT.fullmatch(digits):
        return finite_float(float(digits), text, line, path)
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
