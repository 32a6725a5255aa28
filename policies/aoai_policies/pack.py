"""The pack as published: its name, version, description and every policy, in the order they are reported.

Public and versioned with the pack, as `aoai_policies.api` and `aoai_policies.facts` are.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from pulumi_policy import EnforcementLevel, Policy

from aoai_policies import access, account, content_filter, deployment, monitoring, stack

NAME: Final = "aoai"
MANIFEST: Final = Path(__file__).resolve().parent.parent / "PulumiPolicy.yaml"
"""The pack's project file, beside the package in a checkout (the Pulumi CLI runs the pack from there)."""


def _version() -> str:
    """The `version` of PulumiPolicy.yaml: the one place the Pulumi CLI takes a Python pack's version from (the CLI
    prefers it to what the pack reports, and pulumi_policy's PolicyPack always reports 0.0.1). An installed aoai
    distribution, which ships the pack without that file, carries the same version in its metadata (a test holds
    pyproject.toml to PulumiPolicy.yaml)."""
    if MANIFEST.is_file():
        found = re.search(r"^version:[ \t]*(\S+)[ \t]*$", MANIFEST.read_text(encoding="utf-8"), re.MULTILINE)
        if found is None:
            raise RuntimeError(f"{MANIFEST}: no `version: <version>` line")
        return found[1]
    from importlib import metadata  # noqa: PLC0415 - costs ~10 ms, so only where the manifest is absent

    return metadata.version("aoai")


VERSION: Final = _version()
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
    *access.POLICIES,
    *stack.POLICIES,
    *monitoring.POLICIES,
]
