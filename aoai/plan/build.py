"""Building the plan of a stack: what the offline plan adds to what the program registers."""

from __future__ import annotations

from aoai.capacity.cost import EXAMPLE_PRICES, Cost, DeploymentCost, StackCost, ptu_cost, token_cost
from aoai.capacity.prices import PricesSpec
from aoai.capacity.sizing import Workload
from aoai.spec import DeploymentSpec, StackSpec


def stack_cost(spec: StackSpec) -> StackCost:
    """The monthly cost of every deployment of the stack at its planned capacity (PTU) or workload (tokens)."""
    prices = spec.prices or EXAMPLE_PRICES
    lines = []
    for key, account in spec.accounts.items():
        capacities = spec.capacities(key)
        for name, deployment in account.deployments.items():
            lines.append(
                DeploymentCost(account.name, name, _deployment_cost(prices, deployment, capacities[name].value))
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
