"""The plan file described as pydantic models, from which `docs/plan.schema.json` is generated.

Only the schema's writers and its tests import this module: reading a plan (`aoai.plan.document`) must stay cheap, so
it checks files without pydantic and turns to this schema only to word what is wrong with a file.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from aoai.plan.file_format import OLD_FILE_DEFAULTS

SCHEMA_FILE: Final = Path(__file__).resolve().parents[2] / "docs" / "plan.schema.json"
_NAME = Field(min_length=1)


def _old_default(key: str, description: str | None = None) -> Any:
    """The field's default: what a version-1 file written by an older aoai means by leaving it out."""
    value = OLD_FILE_DEFAULTS[key]
    if value is None:
        return Field(default=None, description=description)
    return Field(default_factory=lambda: copy.deepcopy(value), description=description)


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
    hooks: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Resource hooks by kind (`onError`, `beforeCreate`, ...): the names of the hooks the engine calls, e.g."
            " aoai's retry of Azure's transient conflicts; {} when none (and in files of older aoai versions)."
        ),
    )


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
    dataZone: str | None = _old_default("dataZone", "The stack's data_zone, or null.")  # noqa: N815
    sizing: dict[str, SizingEntry] = _old_default("sizing")
    cost: CostSummary | None = _old_default("cost")
    resources: list[PlannedResourceEntry] = Field(description="Every registered resource, sorted by URN.")
    outputs: dict[str, Any] = _old_default("outputs")
    warnings: list[str] = _old_default("warnings")
    policyConfig: str | None = _old_default("policyConfig", "The policy configuration used; null: defaults.")  # noqa: N815
    policies: list[PolicyVerdictEntry] | None = _old_default(
        "policies", "One entry per policy violation; absent when written without verdicts."
    )


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the plan file, as published in docs/plan.schema.json."""
    generated = PlanFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated}


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
