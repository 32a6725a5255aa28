"""`aoai:access`: Entra ID roles granted on the stack's accounts, one role assignment per grant and account.

With local auth and public access off by default, an account is usable only through Entra ID: these grants are how
applications and people get in. Role names and ids come from the catalog (LEARN-BUILTIN-ROLES).
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from aoai.azure import catalog
from aoai.spec.base import Guid, ResourceName
from aoai.validation.rules import Frozen
from aoai.validation.text import quoted

PrincipalType = Literal["User", "Group", "ServicePrincipal"]


def _role(value: str) -> str:
    if value in catalog.BUILTIN_ROLES or catalog.GUID_PATTERN.fullmatch(value):
        return value
    folded = {name.casefold(): name for name in catalog.BUILTIN_ROLES}
    if value.strip().casefold() in folded:
        spelled = folded[value.strip().casefold()]
        raise ValueError(f"{quoted(value)} is not spelled as Azure spells the role: write {quoted(spelled)}")
    close = difflib.get_close_matches(value, list(catalog.BUILTIN_ROLES), n=1, cutoff=0.6)
    hint = f"did you mean {quoted(close[0])}? " if close else ""
    raise ValueError(
        f"{quoted(value)} is not a built-in role aoai knows nor a role definition GUID: {hint}use one of "
        + ", ".join(catalog.BUILTIN_ROLES)
        + ", or the GUID of a custom role"
    )


RoleName = Annotated[str, AfterValidator(_role)]


class AccessGrantSpec(Frozen):
    """One grant: a principal holds a role on some (by default all) of the stack's accounts."""

    principal_id: Guid = Field(
        description=(
            "Object id (GUID) of the user, group or service principal in Entra ID; for an application, the object"
            " id of its service principal (enterprise application), not its client id."
        )
    )
    principal_type: PrincipalType = Field(
        description=(
            " | ".join(f"`{t}`" for t in catalog.PRINCIPAL_TYPES)
            + ": what `principal_id` is. Azure uses it to find the principal at once instead of waiting for"
            " directory replication."
        )
    )
    role: RoleName = Field(
        description=(
            "A built-in role: "
            + ", ".join(f"`{name}`" for name in catalog.BUILTIN_ROLES if name != catalog.KEY_ACCESS_ROLE)
            + "; or a role definition GUID (a custom role). Applications that call deployments need `Cognitive"
            " Services OpenAI User`."
        )
    )
    accounts: tuple[ResourceName, ...] | None = Field(
        default=None,
        min_length=1,
        description="Keys of the accounts the grant applies to, each once; every account of the stack when absent.",
    )

    @field_validator("accounts")
    @classmethod
    def _each_account_once(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None:
            repeated = sorted({key for key in value if value.count(key) > 1})
            if repeated:
                raise ValueError(f"{', '.join(map(quoted, repeated))} listed more than once: list each account once")
        return value

    @property
    def role_guid(self) -> str:
        return catalog.role_definition_guid(self.role)

    def applies_to(self, account_key: str) -> bool:
        return self.accounts is None or account_key in self.accounts
