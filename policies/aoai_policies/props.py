"""Reading resource properties the way the engine hands them over: camelCase, ARM `properties` nested, numbers as
floats (they travel as protobuf doubles) and any key possibly absent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import UnknownValueError


def get(props: Mapping[str, Any] | None, *path: str) -> Any:
    """The value at `path`, or None when any step is absent or null."""
    value: Any = props
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def items(props: Mapping[str, Any] | None, *path: str) -> list[Any]:
    """The list at `path`; an absent list is an empty one."""
    value = get(props, *path)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return []


def number(value: Any) -> str:
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


def known(props: Mapping[str, Any] | None, *path: str) -> Any:
    """Like `get`, but None while the value is unknown (during a preview, outputs such as `id` are not yet known).

    Only for joining resources and naming them in messages: a check that needs the value itself must let the
    engine's unknown-value error through, so the CLI reports the policy as not runnable during preview.
    """
    try:
        return get(props, *path)
    except UnknownValueError:
        return None
