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
from pathlib import Path
from typing import Any, Final

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


def load_json(path: Path, what: str, max_bytes: int = MAX_PLAN_BYTES) -> Any:
    """A JSON document."""
    return parse_json(read_text(path, what, max_bytes), str(path))


def parse_json(text: str, source: str) -> Any:
    return parse_with(decode_json, text, source)


def parse_with(decode: Callable[[str], Any], text: str, source: str) -> Any:
    """`decode(text)`, its refusal reported as an input error of `source`."""
    try:
        return decode(text)
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

MAX_NUMBER_CHARACTERS = 100  # longer digit strings are too large without converting them


def exact_integer(value: int, text: str, line: int | None, path: str) -> int:
    if abs(value) > MAX_EXACT_INTEGER:
        raise DocumentError(too_large(text), line, path)
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


def duplicate_key(key: str, first: int, line: int) -> str:
    where = f"on line {line}" if first == line else f"at lines {first} and {line}"
    return f"key `{key}` appears twice, {where}: keep one (the second would silently replace the first)"


def proper_text(text: str, line: int | None, path: str) -> str:
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


def too_large(text: str) -> str:
    shown = text if len(text) <= 40 else f"{text[:20]}…({len(text)} characters)"
    return (
        f"`{shown}` is beyond ±2**53 (9007199254740992), the largest integer the Pulumi engine passes exactly"
        " (its wire format is float64): use a smaller number, or quote it if it is text"
    )


# --- JSON --------------------------------------------------------------------------------------------------------

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_TOKEN = re.compile(
    r'\s*(?:(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")|(?P<number>-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)'
    r"|(?P<word>-?[A-Za-z]+)|(?P<punct>[\[\]{},:]))",
    re.DOTALL,
)


class _RefusedValueError(Exception):
    """A value the JSON parser hooks refuse; the slow scan finds where it is."""


_TOO_DEEP: Final = object()


def decode_json(text: str) -> Any:
    # The parser's hooks refuse duplicate keys and numbers float64 cannot carry as they are met; nesting is counted
    # on the result, except where it is deep enough to stop the parser itself (a RecursionError, long before the C
    # stack is at risk). Only a refused document is scanned token by token, for the line and key path.
    if _SURROGATE_ESCAPE.search(text):
        _scan_json(text)
    try:
        data = json.loads(
            text,
            parse_constant=_refuse,
            parse_int=_json_integer,
            parse_float=_json_float,
            object_pairs_hook=_json_object,
        )
    except json.JSONDecodeError as error:
        raise DocumentError(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})") from None
    except _RefusedValueError as refused:
        _scan_json(text)
        raise DocumentError(str(refused)) from None  # the scan finds every refusal; this is a fallback
    except RecursionError:
        data = _TOO_DEEP
    if data is _TOO_DEEP or _deeper_than(data, MAX_DEPTH):
        _scan_json(text)
        raise DocumentError(f"nested deeper than {MAX_DEPTH} levels: aoai's files need far fewer; flatten it")
    return data


def _deeper_than(data: Any, depth: int) -> bool:
    """True when containers in `data` nest more than `depth` levels (the outermost is level 1)."""
    level = [data] if type(data) in (dict, list) else []
    for _ in range(depth):
        if not level:
            return False
        level = [
            child
            for value in level
            for child in (value.values() if type(value) is dict else value)
            if type(child) is dict or type(child) is list
        ]
    return bool(level)


def _refuse(text: str) -> Any:
    raise _RefusedValueError(f"`{text}` is not a finite number")


def _json_integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARACTERS or abs(int(text)) > MAX_EXACT_INTEGER:
        raise _RefusedValueError(too_large(text))
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
    proper_text(value, line, top.path if is_key and top is not None else path)
    if not is_key or top is None:
        return True
    first = top.key_lines.get(value)
    if first is not None:
        raise DocumentError(duplicate_key(value, first, line), line, top.path)
    top.key_lines[value] = line
    top.key = value
    top.expecting_key = False
    return True


_JSON_INTEGER = re.compile(r"-?[0-9]+")


def _scan_number(token: str, line: int, path: str) -> None:
    if _JSON_INTEGER.fullmatch(token):
        if len(token) > MAX_NUMBER_CHARACTERS:
            raise DocumentError(too_large(token), line, path)
        exact_integer(int(token), token, line, path)
    else:
        finite_float(float(token), token, line, path)
