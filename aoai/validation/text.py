"""Text as users must see it in messages: characters that do not show on a terminal are written as escapes."""

from __future__ import annotations

from typing import Any

# Printable by Python's definition yet blank on screen: fillers and the braille blank.
_BLANK_PRINTABLES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_invisible(char: str) -> bool:
    """A character that does not show as itself: controls, format characters (zero-width space, BOM, bidi
    controls), separators other than the plain space (NBSP, line separator) and blank fillers."""
    return char != " " and (not char.isprintable() or char in _BLANK_PRINTABLES)


def invisible_characters(text: str) -> list[str]:
    """The invisible characters of `text`, escaped, in order of first appearance."""
    found: dict[str, None] = {}
    for char in text:
        if is_invisible(char):
            found[escape_char(char)] = None
    return list(found)


def escape_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escaped(text: str) -> str:
    """`text` with every invisible character written as its escape (`owner\\u200b`)."""
    return "".join(escape_char(c) if is_invisible(c) else c for c in text)


def quoted(value: Any) -> str:
    """A value as messages show it: its repr, with invisible characters escaped (repr misses the blank fillers)."""
    return escaped(repr(value))
