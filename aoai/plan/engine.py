"""The offline plan: run the real Pulumi program under mocks and record every resource it registers.

What is recorded comes from the RegisterResource requests themselves — type, name, parent, inputs, dependencies
(explicit `depends_on` and those implied by inputs) and options such as `protect` — so the plan shows what the
engine would be asked to create, not what a reimplementation guesses.
"""

from __future__ import annotations

import asyncio
import runpy
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime import mocks, rpc, settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from aoai.azure import types
from aoai.plan.mocks import DEFAULT_SUBSCRIPTION, AzureMocks

STACK_TYPE = "pulumi:pulumi:Stack"
PLAN_FORMAT_VERSION = 1


@dataclass
class PlannedResource:
    urn: str
    type: str
    name: str
    parent: str | None
    custom: bool
    id: str | None
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    dependencies: list[str]
    property_dependencies: dict[str, list[str]]
    protect: bool
    hooks: dict[str, list[str]] = field(default_factory=dict)
    """Resource hooks by kind, e.g. `{"onError": ["aoai-retry-azure-conflicts"]}`; {} when none."""


@dataclass
class Plan:
    stack: str
    project: str
    resources: list[PlannedResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    data_zone: str | None = None
    """The data zone the stack confines processing to (stack config `data_zone`), for reviewers of the plan."""
    sizing: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Capacities sized from a workload, by "<account name>/<deployment name>": capacity, sized, derivation."""
    cost: dict[str, Any] | None = None
    """The monthly cost summary (`aoai.cost.StackCost.to_json`), at the stack's prices or the example ones."""

    def by_urn(self) -> dict[str, PlannedResource]:
        return {r.urn: r for r in self.resources}

    def of_type(self, type_: str) -> list[PlannedResource]:
        return [r for r in self.resources if r.type == type_]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": PLAN_FORMAT_VERSION,
            "stack": self.stack,
            "project": self.project,
            "dataZone": self.data_zone,
            "sizing": self.sizing,
            "cost": self.cost,
            "resources": [_resource_json(r) for r in self.resources],
            "outputs": self.outputs,
            "warnings": self.warnings,
        }


def _resource_json(resource: PlannedResource) -> dict[str, Any]:
    data = asdict(resource)
    data["propertyDependencies"] = data.pop("property_dependencies")
    return data


class RecordingMonitor(mocks.MockMonitor):
    """A mock resource monitor that keeps each registration request's facts, in registration order."""

    def __init__(self, mocks_: mocks.Mocks, on_register: Callable[[], None] | None = None) -> None:
        super().__init__(mocks_)
        self.recorded: list[PlannedResource] = []
        self._on_register = on_register

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        response = super().RegisterResource(request)
        if request.type == STACK_TYPE:
            return response
        registration = self.resources.get(response.urn)
        self.recorded.append(
            PlannedResource(
                urn=response.urn,
                type=request.type,
                name=request.name,
                parent=request.parent or None,
                custom=bool(request.custom),
                id=registration.id if registration and request.custom else None,
                inputs=_recorded_inputs(rpc.deserialize_properties(request.object)),
                outputs=_plain(registration.state) if registration and request.custom else {},
                dependencies=sorted(set(request.dependencies)),
                property_dependencies={
                    key: sorted(set(deps.urns))
                    for key, deps in sorted(request.propertyDependencies.items())
                    if key != types.DYNAMIC_PROVIDER_INPUT
                },
                protect=bool(request.protect),
                hooks=_hooks(request),
            )
        )
        if self._on_register is not None:
            self._on_register()
        return response


_HOOK_KINDS = {
    "before_create": "beforeCreate",
    "after_create": "afterCreate",
    "before_update": "beforeUpdate",
    "after_update": "afterUpdate",
    "before_delete": "beforeDelete",
    "after_delete": "afterDelete",
    "on_error": "onError",
}


def _hooks(request: Any) -> dict[str, list[str]]:
    """The hook names the registration carries, by kind (camelCase as in the file)."""
    if not request.HasField("hooks"):
        return {}
    binding = request.hooks
    return {kind: list(getattr(binding, field)) for field, kind in _HOOK_KINDS.items() if getattr(binding, field)}


def _recorded_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs as the plan shows them: a dynamic resource's pickled provider is an opaque blob, left out."""
    return _plain({k: v for k, v in inputs.items() if k != types.DYNAMIC_PROVIDER_INPUT})


def _plain(value: Any) -> Any:
    """Mock state as JSON-ready data (the deserializer yields proxies of dicts and lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the wire format has only doubles; ARM integers such as capacity stay integers
    return value


def run_program(
    program: Callable[[], None] | Path,
    config: dict[str, str],
    *,
    stack: str,
    project: str,
    subscription_id: str | None = None,
    on_register: Callable[[], None] | None = None,
) -> Plan:
    """Run `program` under mocks with `config` and return what it registered: a callable (such as
    `aoai.program.main`) or the path of a Pulumi `__main__.py`, run as the Pulumi CLI runs it, with its folder first
    on `sys.path`. `on_register` is called once per resource registered (progress on long runs)."""
    monitor = RecordingMonitor(AzureMocks(subscription_id or DEFAULT_SUBSCRIPTION), on_register)
    _ensure_event_loop()
    settings.reset_options()
    set_all_config(dict(config))
    mocks.set_mocks(monitor.mocks, project=project, stack=stack, preview=False, monitor=monitor)
    root = settings.get_root_resource()
    added_path: str | None = None
    if isinstance(program, Path):
        script, folder = str(program), str(program.parent.resolve())
        if folder not in sys.path:
            sys.path.insert(0, folder)
            added_path = folder

        def execute() -> None:
            runpy.run_path(script, run_name="__main__")
    else:
        execute = program

    try:
        _sync_await(run_pulumi_func(execute))
        outputs = _stack_outputs(root)
    finally:
        if added_path is not None:
            sys.path.remove(added_path)
        set_all_config({})
    resources = sorted(monitor.recorded, key=lambda r: r.urn)
    return Plan(stack=stack, project=project, resources=resources, outputs=outputs)


def _ensure_event_loop() -> None:
    """The Pulumi SDK runs the program on the thread's event loop; `asyncio.run` elsewhere in the process (a caller's,
    a test's) leaves none behind, so a fresh one is set."""
    try:
        asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        asyncio.set_event_loop(asyncio.new_event_loop())


def _stack_outputs(root: pulumi.Resource | None) -> dict[str, Any]:
    exported = getattr(root, "outputs", None) or {}
    resolved = _sync_await(pulumi.Output.from_input(exported).future())
    return _plain(resolved or {})
