"""Turns pydantic's validation errors into issues that name the key path, what is wrong and what is allowed."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from aoai.errors import Issue
from aoai.validation.rules import RULE_ERROR, path
from aoai.validation.text import escaped, quoted

MAX_SHOWN = 80  # longer values are not echoed back in messages


def issues_from(error: ValidationError, root: type[BaseModel]) -> list[Issue]:
    issues = [_issue(detail, root) for detail in error.errors(include_url=False)]
    return sorted(set(issues), key=lambda issue: (issue.path, issue.message))


def _issue(detail: ErrorDetails, root: type[BaseModel]) -> Issue:
    loc = _display_loc(detail["loc"])
    kind = detail["type"]
    if kind == RULE_ERROR:
        return Issue(path(loc), escaped(detail["msg"]))
    if kind == "extra_forbidden":
        return Issue(path(loc), _unknown_key(root, loc))
    if kind == "missing":
        return Issue(path(loc), "required key is missing")
    if kind in {"value_error", "assertion_error"}:
        return Issue(path(loc), escaped(detail["msg"].removeprefix("Value error, ")))
    message = _in_words(kind, detail.get("ctx") or {})
    shown = quoted(detail.get("input"))
    if _scalar(detail.get("input")) and len(shown) <= MAX_SHOWN:
        message = f"{message} (got {shown})"
    return Issue(path(loc), message)


# Pydantic's error types in aoai's words. Its own texts can show a regular expression or Python type names.
_IN_WORDS = {
    "string_type": "must be text",
    "string_unicode": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be a map of keys to values",
    "model_type": "must be a map of keys to values",
    "model_attributes_type": "must be a map of keys to values",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "finite_number": "must be a finite number (not NaN or infinity)",
    "none_required": "must be empty",
    "string_pattern_mismatch": "is not in the expected form",
    "json_invalid": "is not valid JSON",
}
_BOUNDS = {
    "greater_than_equal": ("must be at least {}", "ge"),
    "greater_than": ("must be more than {}", "gt"),
    "less_than_equal": ("must be at most {}", "le"),
    "less_than": ("must be less than {}", "lt"),
    "string_too_short": ("must have at least {} characters", "min_length"),
    "string_too_long": ("must have at most {} characters", "max_length"),
    "too_short": ("must have at least {} entries", "min_length"),
    "too_long": ("must have at most {} entries", "max_length"),
}


def _in_words(kind: str, ctx: dict[str, Any]) -> str:
    if kind in _IN_WORDS:
        return _IN_WORDS[kind]
    if kind in _BOUNDS:
        return _bound(kind, ctx)
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return f"must be {expected}" if "," not in expected and " or " not in expected else f"must be one of {expected}"
    if kind.endswith(("_type", "_parsing")):
        return "has the wrong type"
    return "is not a valid value"


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    template, key = _BOUNDS[kind]
    limit = ctx.get(key)
    if kind == "string_too_short" and limit == 1:
        return "must not be empty"
    if kind in {"too_short", "too_long"} and limit == 1:
        return template.format("one").replace("entries", "entry")
    return template.format(_number(limit))


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _display_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # Pydantic reports an invalid dict key as (..., key, "[key]"); users only need the key.
    if len(loc) >= 2 and loc[-1] == "[key]":
        return loc[:-1]
    return loc


def _unknown_key(root: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    allowed = _fields_at(root, loc[:-1])
    key = str(loc[-1])
    if not allowed:
        return "unknown key"
    close = difflib.get_close_matches(escaped(key), allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}allowed keys: {', '.join(allowed)}"


def _fields_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys the model at `loc` accepts, following nested models and dict values."""
    annotation: Any = root
    for part in loc:
        model = _model_in(annotation)
        if model is not None and isinstance(part, str) and part in model.model_fields:
            annotation = model.model_fields[part].annotation
            continue
        annotation = _dict_value(annotation)
        if annotation is None:
            return []
    model = _model_in(annotation)
    return list(model.model_fields) if model is not None else []


def _unwrap(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [inner for arg in get_args(annotation) for inner in _unwrap(arg)]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _dict_value(annotation: Any) -> Any:
    for candidate in _unwrap(annotation):
        if get_origin(candidate) is dict:
            return get_args(candidate)[1]
    return None
