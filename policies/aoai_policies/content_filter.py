"""Policies on `azure-native:cognitiveservices:RaiPolicy` inputs: the content filter a deployment runs.

A filter the policy does not list is inherited from its built-in base policy (LEARN-CONTENT-FILTER); a
listed filter whose `enabled` or `blocking` is absent counts as false, as ARM reads an absent boolean.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import ResourceValidationArgs, Severity

from aoai_policies import facts
from aoai_policies.define import Settings, not_applicable, resource_policy, string_list
from aoai_policies.props import flag, items, text
from aoai_policies.rai_filters import Filter, filters, strictness


def _switched_on(found: Filter | None, label: str, require_blocking: bool = True) -> Iterator[str]:
    if found is None:
        yield f"{label} is not configured and the base policy is not a built-in that supplies it."
    elif not found.enabled:
        yield f"{found.label} is disabled{found.why()}."
    elif require_blocking and not found.blocking:
        yield f"{found.label} annotates but does not block{found.why()}."


def _minimum_severity(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    loosest = settings["maximumThreshold"]
    in_effect = filters(args.props)
    for name in facts.HARM_CATEGORIES:
        for source in facts.CONTENT_SOURCES:
            found = in_effect.get((name, source))
            problems = list(_switched_on(found, f"{name} on {source}"))
            if problems or found is None:
                yield from problems
                continue
            if found.threshold is None:
                yield f"{found.label} has no severityThreshold."
            elif strictness(found.threshold) > strictness(loosest):
                yield (
                    f"{found.label} blocks at '{found.threshold}'{found.why()}, looser than the required '{loosest}'"
                    " (Low blocks the most)."
                )


def _prompt_shields(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    in_effect = filters(args.props)
    yield from _switched_on(in_effect.get((facts.JAILBREAK, "Prompt")), f"{facts.JAILBREAK} on Prompt")
    if settings["requireIndirectAttack"]:
        yield from _switched_on(in_effect.get((facts.INDIRECT_ATTACK, "Prompt")), f"{facts.INDIRECT_ATTACK} on Prompt")


def _protected_material(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    in_effect = filters(args.props)
    for name in facts.PROTECTED_MATERIAL:
        yield from _switched_on(
            in_effect.get((name, "Completion")), f"{name} on Completion", settings["requireBlocking"]
        )


def _async_mode(args: ResourceValidationArgs, _: Settings) -> Iterator[str]:
    mode = text(args.props, "properties", "mode")
    if mode in facts.ASYNC_RAI_MODES:
        yield (
            f"mode is '{mode}': completions stream back before the filter has seen them, so harmful content can"
            " reach the caller."
        )


def _blocklists(args: ResourceValidationArgs, settings: Settings) -> Iterator[str]:
    required = list(settings["requiredBlocklists"])
    if not required:
        not_applicable(args, "no requiredBlocklists configured")
    applied = {
        (text(entry, "blocklistName"), text(entry, "source")): flag(entry, "blocking") is True
        for entry in items(args.props, "properties", "customBlocklists")
    }
    for blocklist in required:
        for source in settings["sources"]:
            if (blocklist, source) not in applied:
                yield f"blocklist '{blocklist}' is not applied to {source}."
            elif not applied[(blocklist, source)]:
                yield f"blocklist '{blocklist}' annotates {source} but does not block."


POLICIES = [
    resource_policy(
        name="content-filter-minimum-severity",
        description=(
            "Content filters must block hate, sexual, violence and self-harm content at least as strictly as"
            " required, on prompts and completions."
        ),
        severity=Severity.HIGH,
        remediation=(
            "Enable and block every harm category on Prompt and Completion with a severityThreshold at or below"
            " the required level (aoai: a content filter's categories)."
        ),
        settings={
            "maximumThreshold": {
                "type": "string",
                "enum": list(facts.SEVERITY_LEVELS),
                "default": "Medium",
                "description": "The loosest threshold accepted: Low blocks low, medium and high severity content.",
            }
        },
        check=_minimum_severity,
        tags=["responsible-ai"],
        resource_type=facts.RAI_POLICY_TYPE,
    ),
    resource_policy(
        name="content-filter-require-prompt-shields",
        description="Content filters must block jailbreak attempts (and, where required, indirect prompt attacks).",
        severity=Severity.HIGH,
        remediation=(
            "Enable and block Jailbreak (and Indirect Attack) on Prompt (aoai: a content filter's prompt_shields)."
        ),
        settings={
            "requireIndirectAttack": {
                "type": "boolean",
                "default": False,
                "description": "Also require the Indirect Attack shield (document and tool-output injection).",
            }
        },
        check=_prompt_shields,
        tags=["responsible-ai", "security"],
        resource_type=facts.RAI_POLICY_TYPE,
    ),
    resource_policy(
        name="content-filter-require-protected-material",
        description="Content filters must screen completions for protected text and code.",
        severity=Severity.MEDIUM,
        remediation=(
            "Enable Protected Material Text and Protected Material Code on Completion (aoai: a content filter's"
            " protected_material)."
        ),
        settings={
            "requireBlocking": {
                "type": "boolean",
                "default": True,
                "description": "Require blocking, not only annotating, protected material.",
            }
        },
        check=_protected_material,
        tags=["responsible-ai", "legal"],
        resource_type=facts.RAI_POLICY_TYPE,
    ),
    resource_policy(
        name="content-filter-disallow-async-mode",
        description="Content filters must filter synchronously, before content reaches the caller.",
        severity=Severity.MEDIUM,
        remediation="Set properties.mode to 'Default' or 'Blocking' (aoai: a content filter's mode).",
        check=_async_mode,
        tags=["responsible-ai"],
        resource_type=facts.RAI_POLICY_TYPE,
    ),
    resource_policy(
        name="content-filter-require-blocklists",
        description="Content filters must apply the organisation's required blocklists.",
        severity=Severity.MEDIUM,
        remediation=(
            "Apply each required blocklist, blocking, to the listed sources (aoai: a content filter's blocklists)."
        ),
        settings={
            "requiredBlocklists": string_list(
                [], "Blocklist names every content filter must apply; empty means not applicable."
            ),
            "sources": string_list(
                list(facts.CONTENT_SOURCES), "Where each required blocklist must apply.", list(facts.CONTENT_SOURCES)
            ),
        },
        check=_blocklists,
        tags=["responsible-ai"],
        resource_type=facts.RAI_POLICY_TYPE,
    ),
]
