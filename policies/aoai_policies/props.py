"""Reading resource properties the way the engine hands them over: camelCase, ARM `properties` nested, numbers as
floats (they travel as protobuf doubles) and any key possibly absent.

Any property may also hold a value of any JSON shape (another program, a bad transform, a provider bug), so the
policies read values through the typed accessors below and never hash, compare, sort or index a raw value: a value
of the wrong type reads as absent, which the policies judge as Azure judges an absent property. While a preview
does not know a value, reading it raises the engine's `UnknownValueError`, which the analyzer reports as "can't run
during preview" (advisory); only `estate.known` swallows it, for joining and naming. Dependency-free (no pulumi), so
`aoai_policies.api` can offer these readers without loading the policy engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def get(props: Any, *path: str) -> Any:
    """The raw value at `path` (any JSON shape), or None when any step is absent or null. Only for testing
    presence; read values with the typed accessors below."""
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def text(props: Any, *path: str) -> str | None:
    """The string at `path`; None when it is absent or not a string."""
    value = get(props, *path)
    return value if isinstance(value, str) else None


def flag(props: Any, *path: str) -> bool | None:
    """The boolean at `path`; None when it is absent or not a boolean."""
    value = get(props, *path)
    return value if isinstance(value, bool) else None


def amount(props: Any, *path: str) -> float | None:
    """The finite number at `path`; None when it is absent, not a number (booleans are not) or not finite."""
    value = get(props, *path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def mapping(props: Any, *path: str) -> Mapping[str, Any]:
    """The object at `path`; an absent object, or a value that is not one, is an empty one."""
    value = get(props, *path)
    return value if isinstance(value, Mapping) else {}


def items(props: Any, *path: str) -> list[Any]:
    """The list at `path`; an absent list, or a value that is not one, is an empty one."""
    value = get(props, *path)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return []


def texts(props: Any, *path: str) -> list[str]:
    """The strings of the list at `path`, leaving out entries that are not strings."""
    return [entry for entry in items(props, *path) if isinstance(entry, str)]


def number(value: float) -> str:
    """A number as people write it: 50, not 50.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "none"


def region(value: Any) -> str | None:
    """A location in programmatic form: 'Sweden Central' and 'swedencentral' are the same region to ARM."""
    if not isinstance(value, str):
        return None
    return value.replace(" ", "").lower()
