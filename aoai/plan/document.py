"""The plan file: what `aoai plan --format json` writes and `aoai diff` reads, owned here and only here.

`PlanDocument` is the typed plan of one stack: built by `aoai.plan.build.plan_stack`, written by `to_json()`, read
back by `read()` and compared by `aoai.review`. `docs/plan.schema.json` is generated from the pydantic description
in `aoai.plan.schema` (`python -m aoai.plan.document` writes it) and a test fails when the two differ. `read` checks a
file against that schema and the rules a schema cannot say (each URN once, finite numbers, bounded nesting), so that
every plan `aoai diff` goes on to compare is well-formed: a malformed entry can never hide a change.

Unknown fields are allowed (additionalProperties), so that a plan written by a newer aoai of the same `version` can
still be read; what `version` promises is in docs/plan-format.md ("Compatibility").
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from aoai.errors import ConfigError, Issue, PlanFileError
from aoai.files import MAX_DEPTH, load_json
from aoai.plan.file_format import OLD_FILE_DEFAULTS, PLAN_FORMAT_VERSION

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError


MAX_ISSUES: Final = 20
WRITE_IT: Final = "write it with `aoai plan --format json`"

KEY_SHOWN: Final = 60
_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_$@:/-]{1,60}")


def _old(data: Mapping[str, Any], key: str) -> Any:
    return data[key] if key in data else copy.deepcopy(OLD_FILE_DEFAULTS[key])


_KNOWN: Final = ("version", "stack", "project", "resources", *OLD_FILE_DEFAULTS)


@dataclass(frozen=True)
class PlanDocument:
    """The offline plan of one stack with its policy verdicts, as one file holds it.

    Resources stay JSON-shaped (their inputs and outputs are whatever the provider takes), each a mapping with the
    fields of `aoai.plan.schema.PlannedResourceEntry`, sorted by URN.
    """

    stack: str
    project: str
    resources: list[dict[str, Any]]
    data_zone: str | None = None
    sizing: dict[str, Any] = field(default_factory=dict)
    cost: dict[str, Any] | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    policy_config: str | None = None
    policies: list[dict[str, Any]] | None = None
    """One entry per policy violation; None when the plan was written without verdicts."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields a newer aoai of the same format version wrote, kept as they are."""

    @classmethod
    def read(cls, path: Path) -> PlanDocument:
        """A plan file written by `aoai plan --format json`, checked against docs/plan.schema.json."""
        try:
            data = load_json(path, "plan")
        except ConfigError as error:  # unreadable, not UTF-8, not JSON: a plan file error all the same
            raise PlanFileError(error.source, error.issues) from None
        return cls.from_json(check_plan(data, str(path), from_reader=True))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PlanDocument:
        """The document of JSON data that is a valid plan (`plan_issues(data) == []`)."""
        return cls(
            stack=data["stack"],
            project=data["project"],
            resources=list(data["resources"]),
            data_zone=_old(data, "dataZone"),
            sizing=_old(data, "sizing"),
            cost=_old(data, "cost"),
            outputs=_old(data, "outputs"),
            warnings=_old(data, "warnings"),
            policy_config=_old(data, "policyConfig"),
            policies=_old(data, "policies"),
            extra={k: v for k, v in data.items() if k not in _KNOWN},
        )

    @classmethod
    def empty(cls, like: PlanDocument) -> PlanDocument:
        """The plan of a stack that does not exist yet (of `like`'s stack): nothing deployed, nothing violated."""
        cost = {**like.cost, "monthly": 0.0, "accounts": {}, "deployments": {}} if like.cost else None
        return cls(stack=like.stack, project=like.project, resources=[], cost=cost, policies=[])

    def by_urn(self) -> dict[str, dict[str, Any]]:
        return {r["urn"]: r for r in self.resources}

    def verdicts_json(self) -> dict[str, Any]:
        """What `aoai check --format json` writes: the stack and its policy verdicts."""
        return {"stack": self.stack, "policyConfig": self.policy_config, "policies": self.policies or []}

    def to_json(self) -> dict[str, Any]:
        """The file's content, in the field order aoai has always written."""
        data: dict[str, Any] = {
            "version": PLAN_FORMAT_VERSION,
            "stack": self.stack,
            "project": self.project,
            "dataZone": self.data_zone,
            "sizing": self.sizing,
            "cost": self.cost,
            "resources": self.resources,
            "outputs": self.outputs,
            "warnings": self.warnings,
        }
        if self.policies is not None:
            data |= {"policyConfig": self.policy_config, "policies": self.policies}
        return data | self.extra

    def to_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, allow_nan=False) + "\n"


# --- checking -----------------------------------------------------------------------------------------------------
# A valid plan is recognised by `_conforms` without jsonschema (a fast walk that accepts nothing the schema refuses);
# only a plan it does not recognise is checked against the schema itself, which words each problem.


def _integer(value: Any) -> bool:
    return type(value) is int


def _number(value: Any) -> bool:
    return type(value) in (int, float)


def _text(value: Any, *, nonempty: bool = False) -> bool:
    return type(value) is str and (not nonempty or value != "")


def _optional_text(value: Any) -> bool:
    return value is None or type(value) is str


def _texts(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _resource_conforms(r: Any) -> bool:
    if type(r) is not dict:
        return False
    inputs = r.get("inputs")
    return (
        _text(r.get("urn"), nonempty=True)
        and _text(r.get("type"), nonempty=True)
        and _text(r.get("name"), nonempty=True)
        and "parent" in r
        and _optional_text(r["parent"])
        and type(r.get("custom")) is bool
        and "id" in r
        and _optional_text(r["id"])
        and type(inputs) is dict
        and type(inputs.get("sku", {})) is dict
        and type(inputs.get("properties", {})) is dict
        and type(r.get("outputs")) is dict
        and _texts(r.get("dependencies"))
        and type(r.get("propertyDependencies")) is dict
        and all(_texts(v) for v in r["propertyDependencies"].values())
        and type(r.get("protect")) is bool
        and type(r.get("hooks", {})) is dict
        and all(_texts(v) for v in r.get("hooks", {}).values())
    )


def _sizing_conforms(sizing: Any) -> bool:
    return type(sizing) is dict and all(
        type(e) is dict
        and _integer(e.get("capacity"))
        and "sized" in e
        and (e["sized"] is None or _integer(e["sized"]))
        and _text(e.get("derivation"))
        for e in sizing.values()
    )


def _cost_conforms(cost: Any) -> bool:
    if cost is None:
        return True
    return (
        type(cost) is dict
        and _text(cost.get("label"))
        and _text(cost.get("currency"))
        and _number(cost.get("monthly"))
        and type(cost.get("accounts")) is dict
        and all(v is None or _number(v) for v in cost["accounts"].values())
        and type(cost.get("deployments")) is dict
        and all(
            type(d) is dict
            and "monthly" in d
            and (d["monthly"] is None or _number(d["monthly"]))
            and _text(d.get("basis"))
            for d in cost["deployments"].values()
        )
    )


def _policies_conform(policies: Any) -> bool:
    if policies is None:
        return True
    return type(policies) is list and all(
        type(v) is dict
        and _text(v.get("policy"), nonempty=True)
        and _text(v.get("enforcement"), nonempty=True)
        and _text(v.get("severity"))
        and "urn" in v
        and _optional_text(v["urn"])
        and _text(v.get("message"))
        for v in policies
    )


def _conforms(data: dict[str, Any]) -> bool:
    """True only for data the published schema accepts (False may still be valid: the schema then decides)."""
    resources = data.get("resources")
    return (
        _integer(data.get("version"))
        and data["version"] == PLAN_FORMAT_VERSION
        and _text(data.get("stack"), nonempty=True)
        and _text(data.get("project"), nonempty=True)
        and _optional_text(data.get("dataZone"))
        and _sizing_conforms(data.get("sizing", {}))
        and _cost_conforms(data.get("cost"))
        and type(resources) is list
        and all(_resource_conforms(r) for r in resources)
        and type(data.get("outputs", {})) is dict
        and _texts(data.get("warnings", []))
        and _optional_text(data.get("policyConfig"))
        and _policies_conform(data.get("policies"))
    )


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # noqa: PLC0415 - only a plan that is not recognised as valid needs the schema's words

    from aoai.plan.schema import schema  # noqa: PLC0415 - pydantic, likewise

    return jsonschema.Draft202012Validator(schema())


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
    from jsonschema.exceptions import best_match  # noqa: PLC0415 - see _validator

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


def _plain_shape(value: Any, depth: int = 0) -> bool:
    """True when nothing in `value` nests deeper than MAX_DEPTH or is a number that is not finite: the quick walk
    every plan gets (no key paths built); `_shape_issues` names what is wrong only when this finds something."""
    kind = type(value)
    if depth > MAX_DEPTH:
        return False
    if kind is dict:
        return all(_plain_shape(item, depth + 1) for item in value.values())
    if kind is list:
        return all(_plain_shape(item, depth + 1) for item in value)
    return math.isfinite(value) if kind is float else kind in (str, int, bool, type(None))


def _shape_issues(data: Any) -> list[Issue]:
    """Nesting deeper than MAX_DEPTH and numbers that are not finite, which JSON Schema cannot say."""
    if _plain_shape(data):
        return []
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


def schema_issues(data: dict[str, Any]) -> list[Issue]:
    """What the published schema says is wrong with `data`, each field once, in file order; [] when nothing."""
    errors = sorted(_validator().iter_errors(data), key=_position)
    return list(dict.fromkeys(issue for error in errors for issue in _describe(error)))[:MAX_ISSUES]


def plan_issues(data: Any, *, from_reader: bool = False) -> list[Issue]:
    """Everything that keeps `data` from being a plan `aoai diff` can compare; [] for a valid plan. `from_reader`:
    `data` was read by `aoai.files.load_json`, which already refused deep nesting and numbers that are not finite."""
    if not isinstance(data, dict):
        return [Issue("", f"not a plan: a plan is a JSON object; {WRITE_IT}")]
    issues = [] if from_reader else _shape_issues(data)
    if issues:
        return issues
    issues = [] if _conforms(data) else schema_issues(data)
    if issues:
        return issues
    return _duplicate_urns(data["resources"])


def check_plan(data: Any, source: str, *, from_reader: bool = False) -> dict[str, Any]:
    """`data` as a plan, or a PlanFileError naming `source` and each field that is wrong (`from_reader`: see
    `plan_issues`)."""
    issues = plan_issues(data, from_reader=from_reader)
    if issues:
        raise PlanFileError(source, issues)
    return data


def read_plan(path: Path) -> PlanDocument:
    """A plan file written by `aoai plan --format json`, checked against docs/plan.schema.json."""
    return PlanDocument.read(path)


if __name__ == "__main__":  # regenerate docs/plan.schema.json after changing aoai.plan.schema
    from aoai.plan.schema import SCHEMA_FILE, schema_text

    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
