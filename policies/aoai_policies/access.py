"""Policies on `azure-native:authorization:RoleAssignment` inputs: who may do what on the estate.

A role is read from the GUID at the end of `roleDefinitionId`, so a privileged role is caught whether it was named
or given as a GUID; an absent `principalType` is read as Azure reads it (unknown, looked up in the directory).
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, ResourceValidationArgs, Severity

from aoai_policies import facts
from aoai_policies.define import Settings, resource_policy, string_list
from aoai_policies.props import text

_PRIVILEGED = {facts.BUILTIN_ROLES[name]: name for name in facts.PRIVILEGED_ROLES}


def _role_guid(args: ResourceValidationArgs) -> str:
    return (text(args.props, "roleDefinitionId") or "").rstrip("/").rsplit("/", 1)[-1].lower()


def _scope(args: ResourceValidationArgs) -> str:
    scope = text(args.props, "scope") or "its scope"
    return scope.rstrip("/").rsplit("/", 1)[-1] if "/" in scope else scope


def _privileged_role(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    role = _PRIVILEGED.get(_role_guid(args))
    if role is not None:
        who = text(args.props, "principalId") or "a principal"
        yield (
            f"grants {role} to {who} on {_scope(args)}: a privileged role (it manages the resource itself, or grants"
            " access to others), far more than calling or managing deployments needs."
        )


def _principal_types(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    allowed = list(settings["allowedPrincipalTypes"])
    principal_type = text(args.props, "principalType")
    if principal_type not in allowed:
        stated = f"principalType is '{principal_type}'" if principal_type else "principalType is not set"
        yield f"{stated}: this environment grants roles only to {', '.join(allowed) or 'no principal type'}."


POLICIES = [
    resource_policy(
        name="access-no-privileged-role",
        resource_type=facts.ROLE_ASSIGNMENT_TYPE,
        description=(
            "Role assignments must not grant "
            + ", ".join(facts.PRIVILEGED_ROLES)
            + ": they manage the account itself (keys, network, deletion) or grant access to others."
        ),
        severity=Severity.HIGH,
        remediation=(
            "Grant the least role that does the job (aoai: `access.<grant>.role`): Cognitive Services OpenAI User to"
            " call deployments, Cognitive Services OpenAI Contributor to manage them."
        ),
        check=_privileged_role,
        enforcement=EnforcementLevel.MANDATORY,
    ),
    resource_policy(
        name="access-allowed-principal-types",
        resource_type=facts.ROLE_ASSIGNMENT_TYPE,
        description="Roles may be granted only to the principal types the environment allows.",
        severity=Severity.MEDIUM,
        remediation=(
            "Grant the role to an allowed principal type (aoai: `access.<grant>.principal_type`), e.g. a group"
            " instead of a person, or allow the type in this policy's configuration."
        ),
        check=_principal_types,
        settings={
            "allowedPrincipalTypes": string_list(
                list(facts.PRINCIPAL_TYPES),
                "Principal types roles may be granted to (production: groups and service principals only).",
                facts.PRINCIPAL_TYPES,
            )
        },
    ),
]
