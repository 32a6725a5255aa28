"""Evaluate the policy pack on an offline plan, speaking the analyzer protocol the Pulumi engine speaks.

The pack's own analyzer (the servicer `PolicyPack` would serve over gRPC) is driven in-process with the same
requests the engine sends: `Configure` with the reconciled configuration, `Analyze` once per resource with its
inputs and options, and `AnalyzeStack` with every resource's outputs, parent and dependencies. Properties travel
through protobuf `Struct`s as on the wire, so numbers arrive as floats and unknown values behave as in a preview.
Enforcement levels, `not_applicable` and violation messages are therefore the pack's, not a reimplementation's.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from aoai_policies import pack
from aoai_policies.api import RESOURCE_TYPES
from google.protobuf import json_format, struct_pb2
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, Policy
from pulumi_policy import policy as analyzer_module
from pulumi_policy.policy import _PolicyAnalyzerServicer  # the analyzer PolicyPack serves; see module docstring

from aoai.plan.engine import Plan, PlannedResource
from aoai.policy.config import PolicySettings, StackFacts, reconcile, stack_config

_LEVELS = {
    proto.ADVISORY: EnforcementLevel.ADVISORY,
    proto.MANDATORY: EnforcementLevel.MANDATORY,
    proto.REMEDIATE: EnforcementLevel.REMEDIATE,
    proto.DISABLED: EnforcementLevel.DISABLED,
}
_LEVEL_CODES = {level: code for code, level in _LEVELS.items()}


@dataclass(frozen=True)
class Verdict:
    """One violation: which policy, how it is enforced, how severe, on which resource (None: the stack)."""

    policy: str
    enforcement: str
    severity: str
    urn: str | None
    message: str

    @property
    def mandatory(self) -> bool:
        return self.enforcement == EnforcementLevel.MANDATORY.value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    verdicts: list[Verdict]
    config: str | None
    """The configuration file used, or None for the pack's defaults."""
    config_described: str | None
    """Which configuration judged the plan, for people: the file and what the stack added to it."""
    levels: dict[str, str]
    """Each policy's enforcement level after configuration."""
    not_applicable: dict[str, str]
    """Policies that declared themselves not applicable (e.g. an unset allow-list), with their reason."""
    config_warnings: list[str] = field(default_factory=list)
    """Where the configuration file disagrees with the stack file (the stack's value was used)."""

    @property
    def mandatory(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.mandatory]


def _struct(values: Mapping[str, Any]) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    json_format.ParseDict(dict(values), message)
    return message


def _options(resource: PlannedResource) -> Any:
    return proto.AnalyzerResourceOptions(protect=resource.protect, parent=resource.parent or "")


class _ConvertedOnce:
    """How the pack's analyzer turns a resource's properties into what a policy reads, shared while aoai evaluates
    a plan. The analyzer converts a resource's properties (a protobuf Struct → `MessageToDict` →
    `deserialize_properties` → `unknown_checking_proxy`) again for every policy it holds, and the stack policies
    convert every resource again each. Here a Struct of the same content (the same deterministic wire bytes) is
    converted once: each step builds new containers from its input and the policies only read the result, so
    sharing it changes no verdict (tests/policy/test_policy_pack.py compares with one unshared analyzer) and saves
    about half of the evaluation (bench/NOTES.md)."""

    def __init__(self) -> None:
        self._dicts: dict[tuple[str, bytes], dict[str, Any]] = {}
        # Keyed by the identity of the shared input, which each entry keeps alive so that no id is reused.
        self._deserialized: dict[int, tuple[Any, Any]] = {}
        self._proxies: dict[int, tuple[Any, Any]] = {}

    def MessageToDict(self, message: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: N802 - json_format's name
        if args or kwargs or not isinstance(message, struct_pb2.Struct):
            return json_format.MessageToDict(message, *args, **kwargs)
        key = (message.DESCRIPTOR.full_name, message.SerializeToString(deterministic=True))
        converted = self._dicts.get(key)
        if converted is None:
            converted = self._dicts[key] = json_format.MessageToDict(message)
        return converted

    def __getattr__(self, name: str) -> Any:  # the rest of json_format, unchanged
        return getattr(json_format, name)

    def deserialize_properties(self, props: Any, proxy_secrets: bool = False) -> Any:
        if proxy_secrets:  # remediations only; aoai runs none
            return _ORIGINALS["deserialize_properties"](props, proxy_secrets)
        return self._once(self._deserialized, _ORIGINALS["deserialize_properties"], props)

    def unknown_checking_proxy(self, props: Any) -> Any:
        return self._once(self._proxies, _ORIGINALS["unknown_checking_proxy"], props)

    @staticmethod
    def _once(memo: dict[int, tuple[Any, Any]], make: Callable[[Any], Any], value: Any) -> Any:
        found = memo.get(id(value))
        if found is None or found[0] is not value:
            found = memo[id(value)] = (value, make(value))
        return found[1]


_SHARED: Final = ("json_format", "deserialize_properties", "unknown_checking_proxy")
_ORIGINALS: Final = {name: analyzer_module.__dict__[name] for name in _SHARED}


@contextmanager
def _each_struct_converted_once() -> Iterator[None]:
    namespace = analyzer_module.__dict__  # the analyzer's module globals: what those names resolve to inside it
    shared = _ConvertedOnce()
    namespace.update(
        json_format=shared,
        deserialize_properties=shared.deserialize_properties,
        unknown_checking_proxy=shared.unknown_checking_proxy,
    )
    try:
        yield
    finally:
        namespace.update(_ORIGINALS)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The analyzer allocates many short-lived objects (protobuf Structs, dicts, proxies), which reference counting
    frees; the cyclic collector would meanwhile walk the whole plan's heap again and again (about a sixth of the
    evaluation at 50 accounts, bench/NOTES.md). It runs again, as before, once the evaluation ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _analyzer(policies: Sequence[Policy]) -> _PolicyAnalyzerServicer:
    return _PolicyAnalyzerServicer(
        pack.NAME, pack.VERSION, list(policies), pack.DEFAULT_ENFORCEMENT, None, pack.DESCRIPTION
    )


def _configure(analyzer: _PolicyAnalyzerServicer, settings: Mapping[str, PolicySettings]) -> None:
    request = proto.ConfigureAnalyzerRequest()
    for name, policy_settings in settings.items():
        config = request.policyConfig[name]
        config.enforcementLevel = _LEVEL_CODES[policy_settings.level]
        if policy_settings.properties:
            config.properties.CopyFrom(_struct(policy_settings.properties))
    analyzer.Configure(request, None)


def _verdicts(
    response: Any, policies: Mapping[str, Policy], urn: str | None, not_applicable: dict[str, str]
) -> list[Verdict]:
    for entry in response.not_applicable:
        not_applicable.setdefault(entry.policy_name, entry.reason)
    verdicts = []
    for diagnostic in response.diagnostics:
        policy = policies[diagnostic.policyName]
        prefix = f"{policy.description}\n"
        message = diagnostic.message.removeprefix(prefix)
        severity = policy.severity.value if policy.severity is not None else "unspecified"
        verdicts.append(
            Verdict(
                policy=diagnostic.policyName,
                enforcement=_LEVELS[diagnostic.enforcementLevel].value,
                severity=severity,
                urn=diagnostic.urn or urn,
                message=message,
            )
        )
    return verdicts


def _stack_resource(resource: PlannedResource) -> Any:
    return proto.AnalyzerResource(
        type=resource.type,
        properties=_struct(resource.outputs if resource.custom else resource.inputs),
        urn=resource.urn,
        name=resource.name,
        options=_options(resource),
        parent=resource.parent or "",
        dependencies=resource.dependencies,
        propertyDependencies={
            key: proto.AnalyzerPropertyDependencies(urns=urns) for key, urns in resource.property_dependencies.items()
        },
    )


def evaluate(
    plan: Plan,
    config_path: Path | None,
    facts: StackFacts | None = None,
    on_resource: Callable[[], None] | None = None,
) -> Evaluation:
    """Run every policy of the pack on `plan` under the configuration in `config_path` (None: the pack's defaults)
    with the stack's `facts` merged in; `on_resource` is called once per resource judged (progress)."""
    if config_path is None:
        return evaluate_with(plan, {}, None, on_resource=on_resource)
    config = stack_config(config_path, facts)
    evaluation = evaluate_with(plan, config.given, config.source, on_resource=on_resource)
    return replace(evaluation, config_described=config.describe(), config_warnings=config.warnings)


def evaluate_with(
    plan: Plan,
    given: Mapping[str, Any],
    source: str | None,
    policies: Sequence[Policy] = pack.POLICIES,
    on_resource: Callable[[], None] | None = None,
) -> Evaluation:
    """Run `policies` on `plan` under `given`, a parsed policy configuration read from `source`."""
    settings = reconcile(policies, pack.DEFAULT_ENFORCEMENT, given, source or "policy configuration")
    by_name = {p.name: p for p in policies}
    not_applicable: dict[str, str] = {}

    def analyzer_for(chosen: Sequence[Policy]) -> _PolicyAnalyzerServicer | None:
        if not chosen:  # nothing to ask (and the analyzer refuses an empty pack)
            return None
        analyzer = _analyzer(chosen)
        _configure(analyzer, {p.name: settings[p.name] for p in chosen})
        return analyzer

    # The analyzer converts a resource's properties once per policy it holds, and a resource policy ignores other
    # types (api.RESOURCE_TYPES), so each type gets an analyzer with its own policies: same verdicts, a fraction
    # of the work on a large estate.
    by_type: dict[str, _PolicyAnalyzerServicer | None] = {}
    verdicts: list[Verdict] = []
    with _each_struct_converted_once(), _collector_paused():
        for resource in plan.resources:
            if on_resource is not None:
                on_resource()
            if resource.type not in by_type:
                chosen = [p for p in policies if RESOURCE_TYPES.get(p.name) == resource.type]
                by_type[resource.type] = analyzer_for(chosen)
            analyzer = by_type[resource.type]
            if analyzer is None:
                continue
            request = proto.AnalyzeRequest(
                type=resource.type,
                properties=_struct(resource.inputs),
                urn=resource.urn,
                name=resource.name,
                options=_options(resource),
            )
            verdicts += _verdicts(analyzer.Analyze(request, None), by_name, resource.urn, not_applicable)
        stack_analyzer = analyzer_for([p for p in policies if p.name not in RESOURCE_TYPES])
        if stack_analyzer is not None:
            stack_request = proto.AnalyzeStackRequest(resources=[_stack_resource(r) for r in plan.resources])
            verdicts += _verdicts(stack_analyzer.AnalyzeStack(stack_request, None), by_name, None, not_applicable)
    return Evaluation(
        verdicts=verdicts,
        config=source,
        config_described=source,
        levels={name: s.level.value for name, s in settings.items()},
        not_applicable=dict(sorted(not_applicable.items())),
    )
