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

    threshold: Severity = catalog.DEFAULT_SEVERITY
    enabled: bool = True
    blocking: bool = True

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"threshold": value} if isinstance(value, str) else value


class HarmCategory(Frozen):
    """A harm category for prompts and completions. A bare severity string sets both sides."""

    prompt: FilterLevel = FilterLevel()
    completion: FilterLevel = FilterLevel()

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"prompt": value, "completion": value} if isinstance(value, str) else value


class HarmCategories(Frozen):
    hate: HarmCategory = HarmCategory()
    sexual: HarmCategory = HarmCategory()
    violence: HarmCategory = HarmCategory()
    selfharm: HarmCategory = HarmCategory()


class PromptShields(Frozen):
    jailbreak: bool = True
    indirect_attack: bool = False


class ProtectedMaterial(Frozen):
    text: bool = True
    code: bool = True


class BlocklistUse(Frozen):
    """How a content filter applies one custom blocklist."""

    prompt: bool = True
    completion: bool = True
    blocking: bool = True

    @model_validator(mode="after")
    def _some_side(self) -> BlocklistUse:
        if not (self.prompt or self.completion):
            problems = Problems()
            problems.add(("prompt",), "a blocklist must apply to the prompt, the completion or both")
            problems.raise_if_any("BlocklistUse")
        return self


class ContentFilterSpec(Frozen):
    """A content-filter (RAI) policy. Defaults are Microsoft's: every harm category at Medium, blocking."""

    name: ResourceName | None = Field(default=None, description="physical policy name; defaults to the key")
    base_policy: Annotated[str, one_of(catalog.BUILTIN_RAI_POLICIES, "base policy")] = "Microsoft.DefaultV2"
    mode: str = "Default"

    @field_validator("mode")
    @classmethod
    def _mode_known(cls, mode: str) -> str:
        if mode in catalog.RAI_MODE_DEPRECATED:
            raise ValueError(f"{mode!r} is deprecated from API 2025-06-01: use {catalog.RAI_MODE_DEPRECATED[mode]!r}")
        if mode not in catalog.RAI_MODES:
            raise ValueError(f"mode {quoted(mode)} is not known: use one of {', '.join(catalog.RAI_MODES)}")
        return mode

    categories: HarmCategories = HarmCategories()
    prompt_shields: PromptShields = PromptShields()
    protected_material: ProtectedMaterial = ProtectedMaterial()
    profanity: bool = False
    blocklists: dict[str, BlocklistUse] = {}

    def physical_name(self, key: str) -> str:
        return self.name or key


class BlocklistItem(Frozen):
    pattern: str = Field(min_length=1, max_length=catalog.MAX_BLOCKLIST_ITEM_LENGTH)
    regex: bool = False

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

    description: str = ""
    items: Annotated[dict[ResourceName, BlocklistItem], Field(max_length=catalog.MAX_BLOCKLIST_ITEMS)] = {}

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
