"""The plan file: what `aoai plan --format json` writes and `aoai diff` reads, owned here and only here.

`PlanFile` is the typed description of the file; `docs/plan.schema.json` is generated from it (`schema()`, written by
`python -m aoai.plan_file`) and a test fails when the two differ. `read_plan` checks a file against that schema and
the rules a schema cannot say (each URN once, finite numbers, bounded nesting), so that every plan `aoai diff` goes on
to compare is well-formed: a malformed entry can never hide a change.

Unknown fields are allowed (additionalProperties), so that a plan written by a newer aoai of the same `version` can
still be read; what `version` promises is in the README ("Offline plan JSON").
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, Literal

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from pydantic import BaseModel, ConfigDict, Field

from aoai.errors import ConfigError, Issue
from aoai.files import load_json
from aoai.plan.engine import PLAN_FORMAT_VERSION

SCHEMA_FILE: Final = Path(__file__).resolve().parents[2] / "docs" / "plan.schema.json"
MAX_DEPTH: Final = 64
"""Deeper than any plan aoai writes (ARM inputs nest a handful of levels); deeper input is refused, not recursed."""
MAX_ISSUES: Final = 20
WRITE_IT: Final = "write it with `aoai plan --format json`"

KEY_SHOWN: Final = 60
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_$@:/-]{1,60}")
_NAME = Field(min_length=1)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class ResourceInputs(_Open):
    """Inputs are free-form, but ARM's `sku` and `properties` are objects on every resource type that has them."""

    sku: dict[str, Any] = Field(default_factory=dict, description="The ARM sku object, where the type has one.")
    properties: dict[str, Any] = Field(default_factory=dict, description="The ARM properties object.")


class PlannedResourceEntry(_Open):
    """One resource the program registers (`aoai.plan.PlannedResource`)."""

    urn: str = Field(min_length=1, description="The mock engine's URN, unique within the plan.")
    type: str = Field(min_length=1, description="Type token, e.g. azure-native:cognitiveservices:Deployment.")
    name: str = Field(min_length=1, description="Pulumi logical name.")
    parent: str | None = Field(description="URN of the parent component (or of the stack).")
    custom: bool = Field(description="true for Azure resources, false for components.")
    id: str | None = Field(description="The ARM id Azure would assign; null for components.")
    inputs: ResourceInputs = Field(description="The inputs sent to the provider, camelCase as in ARM.")
    outputs: dict[str, Any] = Field(description="Mock state shaped like azure-native's; {} for components.")
    dependencies: list[str] = Field(description="URNs this resource waits for.")
    propertyDependencies: dict[str, list[str]] = Field(description="Per input name, the URNs its value comes from.")  # noqa: N815 - the file's field name
    protect: bool = Field(description="Whether the resource is registered with Pulumi protect.")


class DeploymentCostEntry(_Open):
    monthly: float | None = Field(description="Monthly cost, or null when usage-based or unpriced.")
    basis: str = Field(description="How the cost was worked out.")


class CostSummary(_Open):
    """`aoai.cost.StackCost.to_json`."""

    label: str
    currency: str
    monthly: float = Field(description="The priced part of the monthly cost.")
    accounts: dict[str, float | None] = Field(description="Monthly cost by account name.")
    deployments: dict[str, DeploymentCostEntry] = Field(description='By "<account>/<deployment>".')


class SizingEntry(_Open):
    capacity: int = Field(description="The capacity deployed.")
    sized: int | None = Field(description="What the workload needs.")
    derivation: str = Field(description="How it was worked out.")


class PolicyVerdictEntry(_Open):
    """One policy violation (`aoai.verdicts.Verdict`)."""

    policy: str = _NAME
    enforcement: str = _NAME
    severity: str
    urn: str | None = Field(description="The resource violating it; null for the whole stack.")
    message: str


class PlanFile(_Open):
    """The offline plan of one stack, with its policy verdicts."""

    version: Literal[1] = Field(description="Plan format version.")
    stack: str = Field(min_length=1, description="Stack name; `aoai diff` compares plans of one stack.")
    project: str = _NAME
    dataZone: str | None = Field(default=None, description="The stack's data_zone, or null.")  # noqa: N815
    sizing: dict[str, SizingEntry] = Field(default_factory=dict)
    cost: CostSummary | None = None
    resources: list[PlannedResourceEntry] = Field(description="Every registered resource, sorted by URN.")
    outputs: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    policyConfig: str | None = Field(default=None, description="The policy configuration used; null: defaults.")  # noqa: N815
    policies: list[PolicyVerdictEntry] | None = Field(
        default=None, description="One entry per policy violation; absent when written without verdicts."
    )


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the plan file, as published in docs/plan.schema.json."""
    generated = PlanFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


# --- checking -----------------------------------------------------------------------------------------------------

_TYPE_WORDS: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


def field_path(parts: Iterator[str | int] | list[str | int]) -> str:
    """`resources[3].inputs.location` for the parts ("resources", 3, "inputs", "location")."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        key = part if _PLAIN_KEY.fullmatch(part) else json.dumps(part[:KEY_SHOWN])  # invisible characters show
        text += f".{key}" if text else key
    return text


def _expected_types(schema_part: dict[str, Any]) -> list[str]:
    if "type" in schema_part:
        kinds = schema_part["type"]
        return [kinds] if isinstance(kinds, str) else list(kinds)
    if "$ref" in schema_part:
        return ["object"]
    return [kind for option in schema_part.get("anyOf", []) for kind in _expected_types(option)]


def _describe(error: ValidationError) -> list[Issue]:
    parts = list(error.absolute_path)
    kind = error.validator
    within = [e for e in error.context or [] if e.validator != "type" or e.relative_path]
    if kind == "anyOf" and within:  # the value has the right type but something inside it is wrong
        return _describe(best_match(within))
    if kind == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        required = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [str(k) for k in required if k not in instance]
        return [Issue(field_path([*parts, key]), "is missing") for key in missing]
    return [Issue(field_path(parts), _problem(error))]


def _problem(error: ValidationError) -> str:
    kind = error.validator
    if list(error.absolute_path) == ["version"]:
        return f"must be {PLAN_FORMAT_VERSION}, the plan format this aoai reads: {WRITE_IT}"
    if kind in ("type", "anyOf"):
        words = [_TYPE_WORDS.get(k, k) for k in _expected_types(error.schema if isinstance(error.schema, dict) else {})]
        return f"must be {' or '.join(dict.fromkeys(words)) or 'of another type'}"
    if kind == "const":
        return f"must be {json.dumps(error.validator_value)}"
    if kind == "minLength":
        return "must not be empty"
    return f"is not what `aoai plan --format json` writes ({kind})"


def _shape_issues(data: Any) -> list[Issue]:
    """Nesting deeper than MAX_DEPTH and numbers that are not finite, which JSON Schema cannot say."""
    issues: list[Issue] = []
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack and len(issues) < MAX_ISSUES:
        value, parts = stack.pop()
        if len(parts) > MAX_DEPTH:
            issues.append(Issue(field_path(parts), f"nests deeper than {MAX_DEPTH} levels: not a plan aoai writes"))
        elif isinstance(value, float) and not math.isfinite(value):
            issues.append(Issue(field_path(parts), "must be a finite number"))
        elif isinstance(value, dict):
            stack += [(v, [*parts, str(k)]) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, [*parts, i]) for i, v in reversed(list(enumerate(value)))]
    return issues


def _duplicate_urns(resources: list[dict[str, Any]]) -> list[Issue]:
    first: dict[str, int] = {}
    issues = []
    for index, resource in enumerate(resources):
        urn = resource["urn"]
        if urn in first:
            issues.append(
                Issue(
                    f"resources[{index}].urn",
                    f"{urn} is also the URN of resources[{first[urn]}]: each resource appears once in a plan",
                )
            )
        else:
            first[urn] = index
    return issues


def _position(error: ValidationError) -> list[tuple[int, int | str]]:
    return [(0, part) if isinstance(part, int) else (1, part) for part in error.absolute_path]


def plan_issues(data: Any) -> list[Issue]:
    """Everything that keeps `data` from being a plan `aoai diff` can compare; [] for a valid plan."""
    if not isinstance(data, dict):
        return [Issue("", f"not a plan: a plan is a JSON object; {WRITE_IT}")]
    issues = _shape_issues(data)
    if issues:
        return issues
    errors = sorted(_validator().iter_errors(data), key=_position)
    issues = list(dict.fromkeys(issue for error in errors for issue in _describe(error)))[:MAX_ISSUES]
    if issues:
        return issues
    return _duplicate_urns(data["resources"])


def check_plan(data: Any, source: str) -> dict[str, Any]:
    """`data` as a plan, or a ConfigError naming `source` and each field that is wrong."""
    issues = plan_issues(data)
    if issues:
        raise ConfigError(source, issues)
    return data


def read_plan(path: Path) -> dict[str, Any]:
    """A plan file written by `aoai plan --format json`, checked against docs/plan.schema.json."""
    return check_plan(load_json(path, "plan"), str(path))


if __name__ == "__main__":  # regenerate docs/plan.schema.json after changing PlanFile
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
