"""The `pulumi import --file` document for an adopted stack, made from the stack's own plan.

Pulumi's import file (https://www.pulumi.com/docs/iac/guides/migration/import/#bulk-import-operations; the format is
`importFile` / `importSpec` of pulumi/pulumi `pkg/cmd/pulumi/operations/import.go`): `{"resources": [...]}`, each
entry with `type`, `name` (its handle in the file, here the resource's Pulumi name), `logicalName`, `parent` (the
`name` of its parent entry) and either `id` (the Azure id to adopt) or `component: true` for aoai's components. The
URN Pulumi derives from type, parent and logical name is then the one the program registers, so `pulumi preview`
after the import matches every resource to its state.

Not every planned resource can be imported: aoai's `BlocklistItems` is a Pulumi dynamic resource, and Pulumi cannot
import those (pulumi/pulumi#16175). The first `pulumi up` creates it, which writes each blocklist's items with
Azure's batch call: the same names with the same patterns, so Azure ends as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Final

from aoai.azure import types

ROOT_TYPE: Final = "pulumi:pulumi:Stack"
COMPONENT_PREFIX: Final = "aoai:index:"


@dataclass
class ImportFile:
    document: dict[str, Any]
    created: list[Mapping[str, Any]] = field(default_factory=list)
    """Planned custom resources Pulumi cannot import (dynamic resources): the first `pulumi up` creates them."""
    missing: list[Mapping[str, Any]] = field(default_factory=list)
    """Planned custom resources no live resource matches (the first `pulumi up` would create them)."""


def logical_name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def _provider_version() -> str | None:
    try:
        return version("pulumi_azure_native")
    except PackageNotFoundError:  # pragma: no cover - installed with aoai
        return None


def import_file(resources: Sequence[Mapping[str, Any]], live_ids: Mapping[str, str]) -> ImportFile:
    """The import document of the planned `resources` (plan-file shape); `live_ids` maps each live resource's id,
    lower-cased, to the id as Azure spells it."""
    by_urn = {r["urn"]: r for r in resources}
    provider_version = _provider_version()
    entries: list[dict[str, Any]] = []
    result = ImportFile({"resources": entries})
    for resource in sorted(resources, key=lambda r: (_depth(r, by_urn), r["urn"])):
        type_ = resource["type"]
        if type_ == ROOT_TYPE:
            continue
        entry: dict[str, Any] = {"type": type_, "name": logical_name(resource["urn"])}
        parent = resource.get("parent")
        if isinstance(parent, str) and parent in by_urn and by_urn[parent]["type"] != ROOT_TYPE:
            entry["parent"] = logical_name(parent)  # else the stack itself: Pulumi parents the entry to it
        entry["logicalName"] = entry["name"]
        if not resource.get("custom"):
            entry["component"] = True
        elif type_ == types.BLOCKLIST_ITEMS:
            result.created.append(resource)
            continue
        else:
            found = live_ids.get(str(resource.get("id") or "").lower())
            if found is None:
                result.missing.append(resource)
                continue
            entry["id"] = found
            if provider_version and type_.startswith("azure-native:"):
                entry["version"] = provider_version
        entries.append(entry)
    return result


def _depth(resource: Mapping[str, Any], by_urn: Mapping[str, Mapping[str, Any]]) -> int:
    depth, parent = 0, resource.get("parent")
    while isinstance(parent, str) and parent in by_urn and depth < len(by_urn):
        depth, parent = depth + 1, by_urn[parent].get("parent")
    return depth
