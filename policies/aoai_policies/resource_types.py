"""The resource type each resource policy checks, by policy name, filled as `define.resource_policy` defines them
(so complete once `aoai_policies.pack` is imported). Dependency-free, so `aoai_policies.api` can offer it without
loading the policy engine."""

from __future__ import annotations

RESOURCE_TYPES: dict[str, str] = {}
"""A resource policy ignores every other type, so a caller that evaluates many resources may hand each resource to
the policies of its type only."""
