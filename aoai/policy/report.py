"""The policy verdicts of a plan as text: mandatory violations first, then advisory ones, each under its policy."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from aoai.plan.engine import Plan, PlannedResource
from aoai.policy.evaluate import Evaluation, Verdict

_STYLES = {"mandatory": "red", "advisory": "yellow"}


def _subject(verdict: Verdict, resources: dict[str, PlannedResource]) -> str:
    if verdict.urn is None:
        return "the stack"
    resource = resources.get(verdict.urn)
    if resource is None:
        return verdict.urn
    return f"{resource.type.rsplit(':', 1)[-1]} {resource.name}"


def policy_report(evaluation: Evaluation, plan: Plan) -> Group:
    config = evaluation.config_described or "the pack's defaults"
    resources = plan.by_urn()
    lines: list[Text] = [Text(f"\nPolicies: {len(evaluation.levels)} checked with {config}", style="bold")]
    if not evaluation.verdicts:
        lines.append(Text("  no violations", style="green"))
    for level in ("mandatory", "advisory"):
        found = [v for v in evaluation.verdicts if v.enforcement == level]
        if not found:
            continue
        style = _STYLES[level]
        lines.append(Text(f"  {level}: {len(found)} violation{'s' if len(found) != 1 else ''}", style=f"{style} bold"))
        for verdict in sorted(found, key=lambda v: (v.policy, v.urn or "")):
            lines.append(
                Text(f"    ✗ {verdict.policy} ({verdict.severity}) · {_subject(verdict, resources)}", style=style)
            )
            lines.append(Text(f"      {verdict.message}"))
    if evaluation.not_applicable:
        lines.append(Text("  not applicable:", style="dim bold"))
        lines.extend(Text(f"    - {name}: {reason}", style="dim") for name, reason in evaluation.not_applicable.items())
    return Group(*lines)
