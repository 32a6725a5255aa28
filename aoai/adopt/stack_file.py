"""The stack file `aoai import` writes: the `aoai:` values as YAML under a header of comments, read back with the
strict stack-file reader before it is kept, so that what is written is exactly what was meant."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML

from aoai.spec.load import NAMESPACE
from aoai.yaml_reader import parse_yaml

WIDTH = 120


def render(values: Mapping[str, Any], header: list[str]) -> str:
    """`values` (the `aoai:` namespace) as a stack file whose first lines are `header`, each a comment."""
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.width = 4096  # long values (ids, patterns) on one line: folded scalars would be harder to review
    buffer = io.StringIO()
    config = {"config": {f"{NAMESPACE}:{key}": _plain(value) for key, value in values.items()}}
    yaml.dump(config, buffer)
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header)
    text = comments + buffer.getvalue()
    if parse_yaml(text, "the stack file aoai import writes") != config:
        raise AssertionError("the stack file does not read back as the values it was written from")
    return text


def _plain(value: Any) -> Any:
    """JSON-like data with tuples as lists (the YAML dumper writes only plain types)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
