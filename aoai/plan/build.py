"""Building the plan of a stack: the stack file read, the program run under mocks, what the offline plan adds to
what the program registers (sizing, cost, warnings) and the policy pack's verdicts, as one `PlanDocument`.

Only planning imports this module, so it imports what planning needs (pulumi, azure-native, the policy pack) at the
top: a command that reads plan files never loads it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from aoai import program
from aoai.capacity.cost import EXAMPLE_PRICES, Cost, DeploymentCost, StackCost, ptu_cost, token_cost
from aoai.capacity.prices import PricesSpec
from aoai.capacity.sizing import Workload
from aoai.errors import Issue
from aoai.plan.document import PlanDocument
from aoai.plan.engine import run_program
from aoai.policy import config as pack_config
from aoai.policy.evaluate import evaluate
from aoai.spec import DeploymentSpec, StackSpec
from aoai.spec.advice import warnings as spec_warnings
from aoai.spec.load import read_stack_file, spec_from_config

if TYPE_CHECKING:
    from aoai.plan.engine import Plan
    from aoai.policy.evaluate import Evaluation
    from aoai.spec.project import Project


def stack_cost(spec: StackSpec) -> StackCost:
    """The monthly cost of every deployment of the stack at its planned capacity (PTU) or workload (tokens)."""
    prices = spec.prices or EXAMPLE_PRICES
    lines = []
    for key, account in spec.accounts.items():
        capacities = spec.capacities(key)
        for name, deployment in account.deployments.items():
            lines.append(
                DeploymentCost(
                    account.name,
                    deployment.physical_name(name),
                    _deployment_cost(prices, deployment, capacities[name].value),
                )
            )
    return StackCost(prices, lines)


def _deployment_cost(prices: PricesSpec, deployment: DeploymentSpec, capacity: int) -> Cost:
    if deployment.sku_facts.provisioned:
        return ptu_cost(prices, deployment.sku, capacity)
    workload = deployment.workload
    if workload is None or not deployment.sku_facts.standard:
        return Cost(None, "usage-based: give the deployment a workload to estimate it")
    peak = Workload.from_requests(
        workload.peak_rpm, workload.prompt_tokens, workload.completion_tokens, workload.cache_hit_rate
    )
    return token_cost(prices, deployment.model.name, deployment.sku, peak, workload.average_utilization)


class Stages(Protocol):
    """Where `plan_stack` reports its progress: one stage per step, the callback once per unit done."""

    def stage(self, description: str, total: int | None = None) -> AbstractContextManager[Callable[[], None]]: ...


class _Quiet:
    @contextmanager
    def stage(self, description: str, total: int | None = None) -> Iterator[Callable[[], None]]:
        del description, total
        yield lambda: None


def document_of(plan: Plan, evaluation: Evaluation | None = None) -> PlanDocument:
    """The document of what the program registered (`plan`) and, when judged, the policy verdicts."""
    return PlanDocument(
        stack=plan.stack,
        project=plan.project,
        resources=[_resource_json(asdict(r)) for r in plan.resources],
        data_zone=plan.data_zone,
        sizing=plan.sizing,
        cost=plan.cost,
        outputs=plan.outputs,
        warnings=plan.warnings,
        policy_config=None if evaluation is None else evaluation.config,
        policies=None if evaluation is None else [v.to_json() for v in evaluation.verdicts],
    )


def _resource_json(data: dict[str, Any]) -> dict[str, Any]:
    """A `PlannedResource` as the file holds it: with the file's camelCase field name."""
    data["propertyDependencies"] = data.pop("property_dependencies")
    return data


@dataclass(frozen=True)
class PlannedStack:
    """A stack planned and judged: the document written, and what the text report shows beside it."""

    document: PlanDocument
    plan: Plan
    evaluation: Evaluation
    warnings: list[Issue]
    """The stack file's advice (`aoai.spec.advice`), shown under the plan."""


def plan_stack(
    stack_file: Path,
    *,
    stack: str,
    project: Project,
    policy_config: Path | None = None,
    shown_stack_file: str | None = None,
    stages: Stages | None = None,
) -> PlannedStack:
    """Plan `stack` from its stack file: run the project's program (its `__main__.py`, else `aoai.program.main`)
    under mocks, add sizing, cost and warnings, and judge it with the policy pack under `policy_config` (None: the
    pack's defaults). `shown_stack_file` is how reports name the stack file (default: `stack_file`)."""
    progress = stages or _Quiet()
    config = read_stack_file(stack_file, project.name)
    spec = spec_from_config(config, str(stack_file))
    with progress.stage(f"planning {stack}: resources registered") as registered:
        plan = run_program(
            project.program or program.main,
            config,
            stack=stack,
            project=project.name,
            subscription_id=spec.subscription_id,
            on_register=registered,
        )
    plan.data_zone = spec.data_zone
    plan.sizing = spec.sizing_notes()
    plan.cost = stack_cost(spec).to_json()
    advice = spec_warnings(spec)
    plan.warnings = [str(w) for w in advice]
    facts = pack_config.stack_facts(spec, shown_stack_file or str(stack_file))
    with progress.stage("judging with the policy pack", total=len(plan.resources)) as judged:
        evaluation = evaluate(plan, policy_config, facts, on_resource=judged)
    return PlannedStack(document_of(plan, evaluation), plan, evaluation, advice)
