"""The generated parts of docs/: the configuration reference (from the stack models' fields and descriptions) and
the policy list (from the pack's metadata and the shipped configurations). `make docs` writes them between the
`<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->` markers of docs/configuration.md and
docs/policies.md; tests/test_docs.py fails when a page is stale.

A field whose description begins "Required when" or "Required unless" is shown as Conditional: the models leave it
optional and a validator requires it in those cases.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType, NoneType, UnionType
from typing import Annotated, Any, Literal, get_args, get_origin

from aoai_policies import facts, pack
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from aoai.capacity import prices
from aoai.capacity.prices import PricesSpec
from aoai.spec import access, account, base, content_filter, monitoring, stack
from aoai.spec.stack import StackSpec

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
COMMAND = "make docs"

# Value types named in words; the others are described by what they are made of.
_TYPE_WORDS: dict[str, str] = {
    "ResourceName": "ARM name",
    "AccountName": "account name",
    "DeploymentName": "deployment name",
    "Subdomain": "DNS label",
    "ResourceGroupName": "resource group name",
    "EnvironmentName": "environment name",
    "Guid": "GUID",
    "KeyVaultUri": "Key Vault URI",
    "VisibleText": "text",
    "TagName": "tag name",
    "TagValue": "tag value",
    "Tags": "map: tag name → tag value",
    "Region": "region",
    "SubnetId": "subnet id",
    "VirtualNetworkId": "VNet id",
    "PrivateDnsZoneId": "private DNS zone id",
    "WorkspaceId": "Log Analytics workspace id",
    "UserAssignedIdentityId": "user-assigned identity id",
    "KeyVaultId": "key vault id",
    "ActionGroupId": "action group id",
    "EmailAddress": "email address",
    "WebhookUrl": "https URL",
    "ShortName": "text",
    "RoleName": "role name or role definition GUID",
    "Capacity": "integer",
    "TokensPerRequest": "number",
    "Price": "amount",
    "HoursPerMonth": "number",
}
_PLAIN = {bool: "boolean", int: "integer", float: "number", str: "string", Decimal: "number"}
# What a map's key stands for in a key path.
_PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "accounts": ("<key>",),
    "content_filters": ("<key>",),
    "access": ("<grant>",),
    "emails": ("<receiver>",),
    "webhooks": ("<receiver>",),
    "ptu_throughput": ("<model>",),
    "tokens": ("<model>", "<sku>"),
}
# Nested models that get a section of their own although they are used once.
_OWN_SECTION: tuple[type[BaseModel], ...] = (PricesSpec,)
_CONDITIONAL = ("Required when", "Required unless")


def _named_types() -> dict[Any, str]:
    modules: tuple[ModuleType, ...] = (base, account, access, content_filter, monitoring, stack, prices)
    named: dict[Any, str] = {}
    for module in modules:
        for name, value in vars(module).items():
            if name in _TYPE_WORDS and get_origin(value) is Annotated:
                named[value] = _TYPE_WORDS[name]
    return named


def _choices(metadata: tuple[Any, ...]) -> list[str] | None:
    """The values an `aoai.validation.rules.one_of` validator accepts, read from its closure."""
    for item in metadata:
        func = getattr(item, "func", None)
        code = getattr(func, "__code__", None)
        closure = getattr(func, "__closure__", None)
        if code is not None and closure and "ordered" in code.co_freevars:
            return list(closure[code.co_freevars.index("ordered")].cell_contents)
    return None


def _values(values: list[str]) -> str:
    shown = [f"`{v}`" for v in values]
    return "one of " + ", ".join(shown) if len(shown) > 2 else " or ".join(shown)


def _strip_none(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, UnionType):
        rest = [a for a in get_args(annotation) if a is not NoneType]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _model_of(annotation: Any) -> type[BaseModel] | None:
    annotation = _strip_none(annotation)
    if get_origin(annotation) is Annotated:
        annotation = _strip_none(get_args(annotation)[0])
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def type_words(annotation: Any, named: dict[Any, str]) -> str:
    """A field's type in words: `map: ARM name → object`, `list of subnet id`, `` `eu` or `us` ``."""
    annotation = _strip_none(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    words: str | None = named.get(annotation)
    if words is None and origin is Annotated:
        choices = _choices(tuple(args[1:]))
        words = _values(choices) if choices else type_words(args[0], named)
    elif words is None and origin is Literal:
        words = _values([str(v) for v in args])
    elif words is None and origin is dict:
        words = f"map: {type_words(args[0], named)} → {type_words(args[1], named)}"
    elif words is None and origin is tuple:
        words = f"list of {type_words(args[0], named)}"
    elif words is None:
        words = "object" if _model_of(annotation) is not None else _PLAIN.get(annotation)
    if words is None:
        raise TypeError(f"no words for the type {annotation!r}: add it to aoai/reference.py")
    return words


def default_words(field: FieldInfo) -> str:
    if field.is_required():
        return "—"
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "none"
    if isinstance(value, BaseModel):
        return "each key's default"
    if isinstance(value, float | Decimal) and value == int(value):
        value = int(value)
    if isinstance(value, tuple):
        value = list(value)
    shown = value if isinstance(value, str) and value else json.dumps(value)
    return f"`{shown}`"


def requirement(field: FieldInfo) -> str:
    if field.is_required():
        return "Required"
    return "Conditional" if (field.description or "").startswith(_CONDITIONAL) else "Optional"


@dataclass(frozen=True)
class Row:
    key: str
    type: str
    requirement: str
    default: str
    description: str


@dataclass
class Section:
    model: type[BaseModel]
    paths: list[str]
    rows: list[Row]


def _map_levels(annotation: Any) -> tuple[list[Any], Any]:
    """The key types of a map of maps, and what the innermost map holds."""
    keys: list[Any] = []
    annotation = _strip_none(annotation)
    while get_origin(annotation) is dict:
        key, annotation = get_args(annotation)
        keys.append(key)
    return keys, annotation


def _hints(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's annotation as written, named value types included (pydantic keeps only the base type)."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: hints[name] for name in model.model_fields}


def _edges(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for written in _hints(model).values():
        _, held = _map_levels(written)
        nested = _model_of(held)
        if nested is not None:
            yield nested
            yield from _edges(nested)


def _key_labels(field_name: str, levels: int) -> str:
    return ".".join(_PLACEHOLDERS.get(field_name, ("<name>",) * levels))


class _Walk:
    """Every model reached from a root, each as one section. A nested model used once is flattened into its
    parent's table as dotted keys (`identity.system_assigned`); a map's items and a model used in several places
    get a section of their own."""

    def __init__(self, root: type[BaseModel]) -> None:
        self.named = _named_types()
        self.uses: dict[type[BaseModel], int] = {}
        for nested in _edges(root):
            self.uses[nested] = self.uses.get(nested, 0) + 1
        self.sections: dict[type[BaseModel], Section] = {}
        self.visit(root, "")

    def visit(self, model: type[BaseModel], path: str) -> None:
        known = self.sections.get(model)
        if known is not None:
            known.paths.append(path)
            return
        section = Section(model, [path], [])
        self.sections[model] = section
        self.rows(model, path, "", section)

    def rows(self, model: type[BaseModel], path: str, prefix: str, section: Section) -> None:
        hints = _hints(model)
        for name, field in model.model_fields.items():
            key = f"{prefix}{name}"
            full = f"{path}.{key}" if path else key
            annotation = _strip_none(hints[name])
            described = field.description or ""
            if not described:
                raise ValueError(f"{model.__name__}.{name} has no description: add Field(description=...)")
            keys, held = _map_levels(annotation)
            item = _model_of(held)
            item_path = f"{full}.{_key_labels(name, len(keys))}"
            nested = _model_of(annotation)
            kind = type_words(annotation, self.named)
            own = nested is not None and (self.uses.get(nested, 0) > 1 or nested in _OWN_SECTION)
            if keys and item is not None:
                kind = "".join(f"map: {type_words(k, self.named)} → " for k in keys) + f"object (`{item_path}`)"
            elif own and nested is not None:
                kind = f"object (`{_title_of(nested, self, full)}`)"
            elif nested is not None:
                kind = "object"
            section.rows.append(Row(key, kind, requirement(field), default_words(field), described))
            if keys and item is not None:
                self.visit(item, item_path)
            elif own and nested is not None:
                self.visit(nested, full)
            elif nested is not None:
                self.rows(nested, path, f"{key}.", section)


def _title_of(model: type[BaseModel], walk: _Walk, path: str) -> str:
    known = walk.sections.get(model)
    return known.paths[0] if known is not None else path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[Row]) -> list[str]:
    lines = ["| Key | Type | Required | Default | Description |", "|---|---|---|---|---|"]
    for row in rows:
        cells = (f"`{row.key}`", row.type, row.requirement, row.default, row.description)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _heading(section: Section, root_title: str) -> list[str]:
    first, *others = section.paths
    title = f"### `{first}`" if first else f"### {root_title}"
    lines = [title, ""]
    if others:
        lines += ["Also at " + ", ".join(f"`{p}`" for p in others) + ".", ""]
    doc = (section.model.__doc__ or "").strip()
    if doc and not doc.startswith(section.model.__name__ + "("):
        lines += [" ".join(doc.split()), ""]
    return lines


def _sections(root: type[BaseModel], title: str) -> list[str]:
    walk = _Walk(root)
    lines: list[str] = []
    for section in walk.sections.values():
        lines += _heading(section, title) + _table(section.rows) + [""]
    return lines


def configuration_reference() -> str:
    """Every key of a stack file's `aoai:` namespace, then the price table (`aoai:prices`, or `aoai size --prices`)."""
    lines = [
        f"<!-- Generated by `{COMMAND}` from the models in aoai/spec/ and aoai/capacity/prices.py: edit their "
        "descriptions, not this section. -->",
        "",
    ]
    lines += _sections(StackSpec, "Top level (`aoai:<key>`)")
    return "\n".join(lines).rstrip() + "\n"


# --- the policy list -------------------------------------------------------------------------------------------------

_LEVEL_LETTERS = {"mandatory": "M", "advisory": "A", "remediate": "R", "disabled": "–"}
SHIPPED_CONFIGS = ("dev", "staging", "prod")


def _level_in(config: dict[str, Any], name: str, default: str) -> str:
    level = config.get("all", default)
    own = config.get(name)
    if isinstance(own, str):
        level = own
    elif isinstance(own, dict) and "enforcementLevel" in own:
        level = own["enforcementLevel"]
    return str(level)


def _setting_words(spec: dict[str, Any]) -> str:
    kind = spec.get("type", "any")
    if kind == "array" and isinstance(spec.get("items"), dict):
        kind = f"list of {spec['items'].get('type', 'any')}"
        if "enum" in spec["items"]:
            kind += " (" + ", ".join(f"`{v}`" for v in spec["items"]["enum"]) + ")"
    elif "enum" in spec:
        kind += " (" + ", ".join(f"`{v}`" for v in spec["enum"]) + ")"
    default = f"`{json.dumps(spec['default'], sort_keys=True)}`" if "default" in spec else "none"
    return f"{kind}, default {default}"


def policy_list() -> str:
    """Every policy of the pack, in the order it reports them: levels (pack default and shipped configurations),
    severity, description, remediation and settings."""
    configs = {
        env: json.loads((ROOT / "policies" / "config" / f"{env}.json").read_text(encoding="utf-8"))
        for env in SHIPPED_CONFIGS
    }
    lines = [
        f"<!-- Generated by `{COMMAND}` from the pack's metadata (policies/aoai_policies/) and policies/config/: edit "
        "them, not this section. -->",
        "",
        f"Pack `{pack.NAME}` {pack.VERSION}: {len(pack.POLICIES)} policies. Levels are the pack default and the "
        "shipped `dev` / `staging` / `prod` configurations (M mandatory, A advisory).",
        "",
        "| Policy | Severity | Default | dev | staging | prod | Description |",
        "|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for policy in pack.POLICIES:
        default = (policy.enforcement_level or pack.DEFAULT_ENFORCEMENT).value
        severity = policy.severity.value if policy.severity is not None else "unset"
        levels = [_LEVEL_LETTERS[_level_in(configs[env], policy.name, default)] for env in SHIPPED_CONFIGS]
        cells = [f"`{policy.name}`", severity, _LEVEL_LETTERS[default], *levels, policy.description]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        details += [f"### `{policy.name}`", "", policy.description, "", f"**Remediation.** {policy.remediation_steps}"]
        schema = policy.config_schema
        if schema is not None and schema.properties:
            details += ["", "| Setting | Type and default | Description |", "|---|---|---|"]
            for key in sorted(schema.properties):
                spec = schema.properties[key]
                cells = [f"`{key}`", _setting_words(spec), spec.get("description", "")]
                details.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        details.append("")
    return "\n".join([*lines, "", *details]).rstrip() + "\n"


# --- the Azure facts and their sources --------------------------------------------------------------------------------


def azure_sources() -> str:
    """The documents aoai's Azure facts were read from (the ids code comments cite), and which facts cite each."""
    cited_by: dict[str, list[str]] = {source.id: [] for source in facts.SOURCES}
    for name, sources in facts.CITATIONS.items():
        for source in sources:
            cited_by.setdefault(source, []).append(name)
    lines = [
        f"<!-- Generated by `{COMMAND}` from the pack's policies/aoai_policies/facts.py (SOURCES, CITATIONS): edit it, "
        "not this section. -->",
        "",
        "| Source | Document | Read | Facts (in `aoai_policies.facts`) |",
        "|---|---|---|---|",
    ]
    for source in facts.SOURCES:
        names = ", ".join(f"`{n}`" for n in sorted(cited_by[source.id])) or "—"
        cells = [f"`{source.id}`", f"[{source.title}]({source.url})", source.read, names]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


# --- writing the pages -----------------------------------------------------------------------------------------------

GENERATED: dict[str, tuple[str, Any]] = {
    "configuration": ("configuration.md", configuration_reference),
    "policies": ("policies.md", policy_list),
    "azure-sources": ("azure-facts.md", azure_sources),
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- generated:{name}:start -->", f"<!-- generated:{name}:end -->"


def regenerated(name: str, page: str) -> str:
    """`page` with its generated section `name` rewritten."""
    start, end = markers(name)
    if page.count(start) != 1 or page.count(end) != 1:
        raise ValueError(f"docs/{GENERATED[name][0]} must hold the markers {start} and {end} once each")
    head, rest = page.split(start)
    _, tail = rest.split(end)
    return f"{head}{start}\n{GENERATED[name][1]()}{end}{tail}"


def main() -> None:
    for name, (file, _) in GENERATED.items():
        path = DOCS / file
        page = path.read_text(encoding="utf-8")
        new = regenerated(name, page)
        if new != page:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
