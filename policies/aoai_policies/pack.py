"""The pack as published: its name, description and every policy, in the order they are reported."""

from __future__ import annotations

from typing import Final

from pulumi_policy import EnforcementLevel, Policy

from aoai_policies import account, content_filter, deployment, stack

NAME: Final = "aoai"
VERSION: Final = "0.1.0"
"""Must equal `version` in PulumiPolicy.yaml, which is what the CLI publishes."""
DESCRIPTION: Final = (
    "Governance for Azure OpenAI estates: network exposure, identity, encryption, models, PTU sizing and spillover,"
    " content filters, private access, diagnostics and data-zone residency."
)
DEFAULT_ENFORCEMENT: Final = EnforcementLevel.ADVISORY
"""The level of a policy that sets none of its own (every policy here sets one)."""

POLICIES: Final[list[Policy]] = [
    *account.POLICIES,
    *deployment.POLICIES,
    *content_filter.POLICIES,
    *stack.POLICIES,
]
