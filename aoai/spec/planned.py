"""The capacity each deployment of an account gets: given in `capacity`, or sized from its `workload`.

A provisioned deployment with a workload is sized for its `baseline_share` of the peak; its spillover target, when
it states no capacity of its own, gets the standard quota for the rest of that peak. A standard deployment with a
workload gets the quota units of the whole peak. When `capacity` and `workload` are both given, `capacity` is
deployed and a differing sizing is reported as a warning (see `advice.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aoai.azure.catalog import PtuThroughput
from aoai.capacity.sizing import SizingError, Workload, quota_unit, size_ptu, standard_quota
from aoai.errors import Issue

if TYPE_CHECKING:
    from aoai.spec.account import AccountSpec, DeploymentSpec, WorkloadSpec


@dataclass(frozen=True)
class PlannedCapacity:
    value: int
    """What is deployed: `capacity` when given, else the sizing."""
    sized: int | None = None
    """What the workload (or the spilling deployment's workload) needs; None when nothing was sized."""
    derivation: str | None = None
    """How `sized` was worked out, for the plan."""


def _peak(workload: WorkloadSpec) -> Workload:
    return Workload.from_requests(
        workload.peak_rpm, workload.prompt_tokens, workload.completion_tokens, workload.cache_hit_rate
    )


def _describe(workload: WorkloadSpec) -> str:
    cache = f", {workload.cache_hit_rate:.0%} cached" if workload.cache_hit_rate else ""
    return (
        f"{workload.peak_rpm:,g} RPM × ({workload.prompt_tokens:,g} prompt + {workload.completion_tokens:,g}"
        f" completion tokens){cache}"
    )


def _units(model: str, units: int) -> str:
    unit = quota_unit(model)
    return f"{units} quota units ({unit.tpm:,} TPM and {float(unit.rpm):g} RPM each)"


def _sized(deployment: DeploymentSpec, custom: Mapping[str, PtuThroughput]) -> tuple[int, str, tuple[int, str] | None]:
    """(capacity, derivation, spillover need) for a deployment with a workload; the spillover need is the quota
    its target needs and how it was worked out (None when the deployment does not spill over)."""
    assert deployment.workload is not None
    workload, model = deployment.workload, deployment.model.name
    peak = _peak(workload)
    if not deployment.sku_facts.provisioned:
        units = standard_quota(model, peak)
        return units, f"peak {_describe(workload)} needs {_units(model, units)}", None
    baseline = peak.share(workload.baseline_share)
    size = size_ptu(model, deployment.sku, baseline, custom)
    share = f"{workload.baseline_share:.0%} of " if workload.baseline_share < 1 else ""
    derivation = f"sized for {share}peak {_describe(workload)}: {size.derivation()}"
    if deployment.spillover_to is None:
        return size.ptu, derivation, None
    units = standard_quota(model, peak.above(baseline))
    rest = f"{1 - workload.baseline_share:.0%}"
    return size.ptu, derivation, (units, f"the {rest} of its peak ({_describe(workload)}) above its baseline")


def plan_account(
    account: AccountSpec, custom: Mapping[str, PtuThroughput]
) -> tuple[dict[str, PlannedCapacity], list[tuple[tuple[str, ...], str]]]:
    """Each deployment's capacity, and the problems (key path under the account, message) that prevent one."""
    planned: dict[str, PlannedCapacity] = {}
    problems: list[tuple[tuple[str, ...], str]] = []
    spill: dict[str, tuple[int, str]] = {}
    for key, deployment in account.deployments.items():
        if deployment.workload is None:
            continue
        try:
            sized, derivation, need = _sized(deployment, custom)
        except SizingError as error:
            problems += [_problem(key, issue) for issue in error.issues]
            continue
        planned[key] = PlannedCapacity(deployment.capacity or sized, sized, derivation)
        if need is not None and deployment.spillover_to is not None:
            spill[deployment.spillover_to] = (need[0], f"spillover from {key}: {need[1]}")
    for key, deployment in account.deployments.items():
        if key in planned or (deployment.workload is not None and deployment.capacity is None):
            continue
        need = spill.get(key)
        if need is not None and (deployment.capacity is not None or need[0] >= 1):
            units, why = need
            derivation = f"{why} needs {_units(deployment.model.name, units)}"
            planned[key] = PlannedCapacity(deployment.capacity or units, units, derivation)
        elif deployment.capacity is not None:
            planned[key] = PlannedCapacity(deployment.capacity)
        else:
            why = " (the deployment that spills over to it keeps its whole peak: give it a capacity)" if need else ""
            problems.append(((key, "capacity"), f"required: give capacity, or a workload to size it from{why}"))
    return planned, problems


def _problem(key: str, issue: Issue) -> tuple[tuple[str, ...], str]:
    if issue.path == "model":
        hint = ", in the stack file: ptu_throughput: {<model>: {input_tpm_per_ptu: <n>, output_ratio: <n>}}"
        return (key, "model", "name"), issue.message + hint
    return (key, "workload", issue.path), issue.message
