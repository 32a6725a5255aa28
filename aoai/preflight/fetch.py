"""What preflight reads from Azure for a stack, each listing fetched once and independent calls made concurrently.

Per region: the models on offer, the subscription's usages and the content filters (one call each, however many
deployments the region holds). Per provisioned model version: the capacity left in its region, and in every
region. Per account: whether it exists; then its deployments if it does, or whether its subdomain is free if it
does not. Once: the soft-deleted accounts. A failed call is kept as that listing's error, never raised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from azure.core.exceptions import AzureError, ResourceNotFoundError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from aoai.spec import StackSpec

T = TypeVar("T")
MAX_CONCURRENT_CALLS: Final = 8
ModelKey = tuple[str, str, str]
"""(format, name, version)"""


@dataclass(frozen=True)
class Fetched(Generic[T]):
    value: T | None = None
    error: str | None = None
    """Why the call failed, e.g. "HTTP 500 InternalServerError: …"; None when it succeeded."""


def describe_error(error: Exception) -> str:
    """One line: the HTTP status when there is one, then the first line of azure-core's message."""
    status = getattr(error, "status_code", None)
    message = str(getattr(error, "message", None) or error).strip()
    first = message.splitlines()[0] if message else type(error).__name__
    return f"HTTP {status}: {first}" if status else first


def fetch(call: Callable[[], T]) -> Fetched[T]:
    try:
        return Fetched(call())
    except AzureError as error:
        return Fetched(error=describe_error(error))


@dataclass
class Observed:
    """Everything preflight read, by what it was read for."""

    models: dict[str, Fetched[list[Any]]] = field(default_factory=dict)
    usages: dict[str, Fetched[list[Any]]] = field(default_factory=dict)
    content_filters: dict[str, Fetched[list[Any]]] = field(default_factory=dict)
    capacity_here: dict[tuple[str, ModelKey], Fetched[list[Any]]] = field(default_factory=dict)
    capacity_anywhere: dict[ModelKey, Fetched[list[Any]]] = field(default_factory=dict)
    accounts: dict[str, Fetched[Any]] = field(default_factory=dict)
    """By account key; a value of None means the account does not exist."""
    deployments: dict[str, Fetched[list[Any]]] = field(default_factory=dict)
    subdomains: dict[str, Fetched[Any]] = field(default_factory=dict)
    deleted: Fetched[list[Any]] = field(default_factory=lambda: Fetched[list[Any]](error="not read"))


def _existing(call: Callable[[], Any]) -> Callable[[], Any]:
    def get() -> Any:
        try:
            return call()
        except ResourceNotFoundError:
            return None

    return get


def provisioned_models(spec: StackSpec) -> set[tuple[str, ModelKey]]:
    return {
        (account.region, (d.model.format, d.model.name, d.model.version))
        for account in spec.accounts.values()
        for d in account.deployments.values()
        if d.sku_facts.provisioned
    }


def observe(
    spec: StackSpec,
    arm: CognitiveServicesManagementClient,
    on_done: Callable[[str], None] = lambda _: None,
) -> Observed:
    """Read what the stack's checks need; `on_done` is called with a description as each call completes."""
    seen = Observed()
    regions = sorted({a.region for a in spec.accounts.values()})
    ptu = sorted(provisioned_models(spec))
    group = spec.resource_group.name
    first: list[tuple[str, Callable[[], None]]] = []
    for region in regions:
        first += [
            (f"models in {region}", _store(seen.models, region, lambda r=region: list(arm.models.list(r)))),
            (f"usages in {region}", _store(seen.usages, region, lambda r=region: list(arm.usages.list(r)))),
            (
                f"content filters in {region}",
                _store(seen.content_filters, region, lambda r=region: list(arm.rai_content_filters.list(r))),
            ),
        ]
    for region, model in ptu:
        first.append(
            (
                f"{model[1]} {model[2]} capacity in {region}",
                _store(
                    seen.capacity_here,
                    (region, model),
                    lambda r=region, m=model: list(arm.location_based_model_capacities.list(r, *m)),
                ),
            )
        )
    for model in sorted({m for _, m in ptu}):
        first.append(
            (
                f"{model[1]} {model[2]} capacity in every region",
                _store(seen.capacity_anywhere, model, lambda m=model: list(arm.model_capacities.list(*m))),
            )
        )
    for key, account in spec.accounts.items():
        get = _existing(lambda n=account.name: arm.accounts.get(group, n))
        first.append((f"account {account.name}", _store(seen.accounts, key, get)))

    def deleted() -> None:
        seen.deleted = fetch(lambda: list(arm.deleted_accounts.list()))

    first.append(("soft-deleted accounts", deleted))
    _run(first, on_done)

    second: list[tuple[str, Callable[[], None]]] = []
    for key, account in spec.accounts.items():
        found = seen.accounts[key]
        if found.error is None and found.value is not None:
            second.append(
                (
                    f"deployments of {account.name}",
                    _store(
                        seen.deployments,
                        key,
                        lambda n=account.name: list(arm.deployments.list(group, n)),
                    ),
                )
            )
        elif found.error is None:
            check = lambda s=account.custom_subdomain, k=account.kind: arm.check_domain_availability(  # noqa: E731
                subdomain_name=s, type="Microsoft.CognitiveServices/accounts", kind=k
            )
            second.append((f"subdomain {account.custom_subdomain}", _store(seen.subdomains, key, check)))
    _run(second, on_done)
    return seen


def _store(into: dict[Any, Fetched[Any]], key: Any, call: Callable[[], Any]) -> Callable[[], None]:
    def run() -> None:
        into[key] = fetch(call)

    return run


def _run(tasks: Iterable[tuple[str, Callable[[], None]]], on_done: Callable[[str], None]) -> None:
    tasks = list(tasks)
    if not tasks:
        return
    with ThreadPoolExecutor(max_workers=MAX_CONCURRENT_CALLS) as pool:
        futures = {pool.submit(task): name for name, task in tasks}
        for future in as_completed(futures):
            future.result()
            on_done(futures[future])
