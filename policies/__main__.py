"""Entry point the Pulumi CLI runs (`pulumi preview --policy-pack policies`): assembles the pack and serves it."""

from aoai_policies import pack
from pulumi_policy import PolicyPack

PolicyPack(
    name=pack.NAME,
    policies=pack.POLICIES,
    enforcement_level=pack.DEFAULT_ENFORCEMENT,
    description=pack.DESCRIPTION,
    provider="azure",
    tags=["azure", "azure-openai"],
)
