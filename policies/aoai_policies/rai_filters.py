"""The content filters a RAI policy puts in effect, read the way ARM reads them; dependency-free (no pulumi), so code
outside the pack (the review) may read filters through `aoai_policies.api` without loading the policy engine.

A filter the policy does not list is inherited from its built-in base policy (LEARN-CONTENT-FILTER); a
listed filter whose `enabled` or `blocking` is absent counts as false, as ARM reads an absent boolean.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aoai_policies import facts
from aoai_policies.props import flag, items, text


@dataclass(frozen=True)
class Filter:
    name: str
    source: str
    enabled: bool
    blocking: bool
    threshold: str | None
    inherited: bool

    @property
    def label(self) -> str:
        return f"{self.name} on {self.source}"

    def why(self) -> str:
        return " (inherited from the base policy)" if self.inherited else ""


def filters(props: Mapping[str, Any]) -> dict[tuple[str, str], Filter]:
    """Every filter in effect, by (name, source): the stated ones and those inherited from the base policy."""
    stated: dict[tuple[str, str], Filter] = {}
    for entry in items(props, "properties", "contentFilters"):
        name, source = text(entry, "name"), text(entry, "source")
        if name is not None and source is not None:
            stated[(name, source)] = Filter(
                name,
                source,
                enabled=flag(entry, "enabled") is True,
                blocking=flag(entry, "blocking") is True,
                threshold=text(entry, "severityThreshold"),
                inherited=False,
            )
    if text(props, "properties", "basePolicyName") in facts.BUILTIN_RAI_POLICIES:
        for (name, source), (enabled, blocking, threshold) in facts.BASE_POLICY_DEFAULTS.items():
            stated.setdefault((name, source), Filter(name, source, enabled, blocking, threshold, inherited=True))
    return stated


def strictness(threshold: str | None) -> int:
    """0 for Low (blocks the most) up to 2 for High; unknown thresholds rank loosest."""
    return facts.SEVERITY_LEVELS.index(threshold) if threshold in facts.SEVERITY_LEVELS else len(facts.SEVERITY_LEVELS)
