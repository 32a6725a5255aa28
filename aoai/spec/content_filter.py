"""Content filters (RAI policies) and custom blocklists, defined once per stack."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from aoai.azure import catalog
from aoai.spec.base import ResourceName
from aoai.validation.rules import Frozen, Problems, case_twins, one_of
from aoai.validation.text import quoted

Severity = Literal["Low", "Medium", "High"]


class FilterLevel(Frozen):
    """One harm category on one side (prompt or completion). A bare severity string is shorthand for it."""

    threshold: Severity = Field(
        default=catalog.DEFAULT_SEVERITY,
        description="`Low` (blocks low, medium and high severity: strictest), `Medium` or `High` (blocks only high).",
    )
    enabled: bool = Field(
        default=True, description="`false` turns the filter off (needs Microsoft's approval; warned)."
    )
    blocking: bool = Field(default=True, description="`false` annotates only (needs Microsoft's approval; warned).")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"threshold": value} if isinstance(value, str) else value


class HarmCategory(Frozen):
    """A harm category for prompts and completions. A bare severity string sets both sides."""

    prompt: FilterLevel = Field(
        default=FilterLevel(),
        description="The filter on prompts: a severity (`Medium`) or `{threshold, enabled, blocking}`.",
    )
    completion: FilterLevel = Field(
        default=FilterLevel(), description="The filter on completions: a severity or `{threshold, enabled, blocking}`."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"prompt": value, "completion": value} if isinstance(value, str) else value


class HarmCategories(Frozen):
    hate: HarmCategory = Field(
        default=HarmCategory(), description="Hate: a severity for both sides (`hate: Low`) or `{prompt, completion}`."
    )
    sexual: HarmCategory = Field(
        default=HarmCategory(), description="Sexual: a severity for both sides or `{prompt, completion}`."
    )
    violence: HarmCategory = Field(
        default=HarmCategory(), description="Violence: a severity for both sides or `{prompt, completion}`."
    )
    selfharm: HarmCategory = Field(
        default=HarmCategory(), description="Self-harm: a severity for both sides or `{prompt, completion}`."
    )


class PromptShields(Frozen):
    jailbreak: bool = Field(default=True, description="Jailbreak shield on prompts.")
    indirect_attack: bool = Field(default=False, description="Indirect-attack shield on prompts.")


class ProtectedMaterial(Frozen):
    text: bool = Field(default=True, description="Protected material (text) on completions.")
    code: bool = Field(default=True, description="Protected material (code) on completions.")


class BlocklistUse(Frozen):
    """How a content filter applies one custom blocklist."""

    prompt: bool = Field(
        default=True, description="Apply the blocklist to prompts; `prompt` and `completion` cannot both be `false`."
    )
    completion: bool = Field(default=True, description="Apply the blocklist to completions.")
    blocking: bool = Field(default=True, description="Block matches (`false` annotates only).")

    @model_validator(mode="after")
    def _some_side(self) -> BlocklistUse:
        if not (self.prompt or self.completion):
            problems = Problems()
            problems.add(("prompt",), "a blocklist must apply to the prompt, the completion or both")
            problems.raise_if_any("BlocklistUse")
        return self


class ContentFilterSpec(Frozen):
    """A content-filter (RAI) policy. Defaults are Microsoft's: every harm category at Medium, blocking."""

    name: ResourceName | None = Field(
        default=None,
        description=(
            "Physical RAI policy name (ARM name); defaults to the key. Must be unique and not `Microsoft.Default` / "
            "`Microsoft.DefaultV2`. Deployments reference the key."
        ),
    )
    base_policy: Annotated[str, one_of(catalog.BUILTIN_RAI_POLICIES, "base policy")] = Field(
        default="Microsoft.DefaultV2", description="`Microsoft.Default` or `Microsoft.DefaultV2`."
    )
    mode: str = Field(
        default="Default",
        description=(
            "`Default`, `Blocking` or `Asynchronous_filter` (warned: needs Microsoft's approval). `Deferred` is "
            "rejected (deprecated from API 2025-06-01)."
        ),
    )

    @field_validator("mode")
    @classmethod
    def _mode_known(cls, mode: str) -> str:
        if mode in catalog.RAI_MODE_DEPRECATED:
            raise ValueError(f"{mode!r} is deprecated from API 2025-06-01: use {catalog.RAI_MODE_DEPRECATED[mode]!r}")
        if mode not in catalog.RAI_MODES:
            raise ValueError(f"mode {quoted(mode)} is not known: use one of {', '.join(catalog.RAI_MODES)}")
        return mode

    categories: HarmCategories = Field(
        default=HarmCategories(),
        description=(
            "Harm categories `hate`, `sexual`, `violence`, `selfharm`; each defaults to `Medium`, enabled and "
            "blocking, on both sides."
        ),
    )
    prompt_shields: PromptShields = Field(default=PromptShields(), description="Prompt shields on prompts.")
    protected_material: ProtectedMaterial = Field(
        default=ProtectedMaterial(), description="Protected-material detection on completions."
    )
    profanity: bool = Field(default=False, description="Profanity filter on prompts and completions.")
    blocklists: dict[str, BlocklistUse] = Field(
        default={},
        description=(
            "Map of blocklist name (must exist in `blocklists`) → how the filter applies it. `banned-terms: {}` "
            "applies the list to both sides, blocking."
        ),
    )

    def physical_name(self, key: str) -> str:
        return self.name or key


class BlocklistItem(Frozen):
    """One term or pattern of a custom blocklist."""

    pattern: str = Field(
        min_length=1,
        max_length=catalog.MAX_BLOCKLIST_ITEM_LENGTH,
        description=(f"The text to block: 1–{catalog.MAX_BLOCKLIST_ITEM_LENGTH:,} characters."),
    )
    regex: bool = Field(default=False, description="Treat `pattern` as a regular expression; it must compile.")

    @model_validator(mode="after")
    def _regex_compiles(self) -> BlocklistItem:
        if self.regex:
            try:
                re.compile(self.pattern)
            except re.error as err:
                problems = Problems()
                problems.add(("pattern",), f"is not a valid regular expression: {err}", self.pattern)
                problems.raise_if_any("BlocklistItem")
        return self


class BlocklistSpec(Frozen):
    """A custom blocklist; its items are keyed by a stable name (the item's ARM name)."""

    description: str = Field(default="", description="Blocklist description.")
    items: Annotated[dict[ResourceName, BlocklistItem], Field(max_length=catalog.MAX_BLOCKLIST_ITEMS)] = Field(
        default={}, description=(f"Map of item name (ARM name) → item; at most {catalog.MAX_BLOCKLIST_ITEMS:,}.")
    )

    @model_validator(mode="after")
    def _no_case_twins(self) -> BlocklistSpec:
        problems = Problems()
        for key, first in case_twins(self.items):
            problems.add(
                ("items", key),
                f"{quoted(key)} and {quoted(first)} differ only in case: Azure compares blocklist item names "
                "case-insensitively, so they would be one item; rename or remove one",
            )
        problems.raise_if_any("BlocklistSpec")
        return self
