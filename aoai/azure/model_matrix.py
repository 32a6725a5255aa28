"""The dated model availability matrix: Microsoft Learn's model tables → `policies/aoai_policies/model_catalog.py`.

`python -m aoai.azure.model_matrix` reads only the pages saved verbatim under `catalog/sources` and their
`MANIFEST.json` (repository, path, commit, the page's `ms.date`, when it was read), parses them strictly and writes the
generated module; `--check` exits 1 when the committed module differs from what the pages give. Sources cited:
LEARN-MODEL-MATRIX (the per-sku model/region tables), LEARN-PTU-SIZING (PTU offerings), LEARN-MODEL-RETIREMENTS and
LEARN-FOUNDRY-MODELS (the formats of partner models).

Strict means: a table this cannot read, a cell value it does not know, a duplicate column, row or model, or a page
whose `ms.date` is not the manifest's is a `SourcePageError` naming the file and the line, never a traceback and
never a silently skipped row. Tables that hold no model facts (worked examples, parameter glossaries, fine-tuning
dates, the Fireworks preview models) are recognised by their header and left out on purpose.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, NamedTuple

from aoai.errors import AoaiError, InputError, Issue
from aoai.files import parse_json, read_text

ROOT: Final = Path(__file__).resolve().parents[2]
SOURCES_DIR: Final = ROOT / "catalog" / "sources"
OUTPUT: Final = ROOT / "policies" / "aoai_policies" / "model_catalog.py"
MANIFEST: Final = "MANIFEST.json"
LINE_LENGTH: Final = 120  # pyproject.toml [tool.ruff] line-length: the output is already formatted

# The deployment skus a matrix page can describe, in the order facts.DEPLOYMENT_SKUS lists them.
SKUS: Final = (
    "Standard",
    "GlobalStandard",
    "DataZoneStandard",
    "ProvisionedManaged",
    "GlobalProvisionedManaged",
    "DataZoneProvisionedManaged",
    "GlobalBatch",
    "DataZoneBatch",
)
KINDS: Final = ("matrix", "ptu-sizing", "retirements", "foundry-models", "context")
OFFERED_CELL: Final = "✅"
NOT_OFFERED_CELL: Final = "-"

# LEARN-FOUNDRY-MODELS: "## <publisher> models sold by Azure" → the deployments API's `model.format` for them.
PUBLISHER_FORMATS: Final = {
    "Black Forest Labs": "Black Forest Labs",
    "Cohere": "Cohere",
    "DeepSeek": "DeepSeek",
    "Meta": "Meta",
    "Microsoft": "Microsoft",
    "Mistral": "Mistral AI",
    "Moonshot AI": "MoonshotAI",
    "SpaceXAI": "xAI",
}
# Partner models with a PTU offering (LEARN-PTU-SIZING) that the foundry-models page no longer lists: their format,
# from their publisher's name in theirs.
UNLISTED_PARTNER_FORMATS: Final = {"DeepSeek-R1": "DeepSeek", "DeepSeek-V3-0324": "DeepSeek"}
OPENAI: Final = "OpenAI"

# LEARN-PTU-SIZING: the "### <section>" headings over its per-model tables.
PTU_OPENAI_SECTIONS: Final = ("Latest Azure OpenAI models", "Previous Azure OpenAI models")
PTU_PARTNER_SECTIONS: Final = ("Foundry Models sold by Azure",)
# Preview models of another provider, with no output-to-input ratio and no stated model format: left out.
PTU_SKIPPED_SECTIONS: Final = ("Fireworks on Microsoft Foundry models (Preview)",)
PTU_ROWS: Final = {
    "Global & data zone provisioned minimum deployment": "global_minimum",
    "Global & data zone provisioned scale increment": "global_increment",
    "Regional provisioned minimum deployment": "regional_minimum",
    "Regional provisioned scale increment": "regional_increment",
    "Input TPM per PTU": "input_tpm",
    "Output-to-input ratio": "output_ratio",
    "Latency target value": None,  # not a sizing figure
}
RETIREMENT_HEADER: Final = (
    "Model Name",
    "Model Version",
    "Lifecycle Status",
    "Deprecation Date (No New Customers)",
    "Retirement Date",
    "Replacement Model",
)
# Tables of the retirement page that hold no base-model dates: fine-tuning phases, default versions.
RETIREMENT_IGNORED_HEADERS: Final = (
    ("Model", "Version", "Training retirement date", "Deployment retirement date"),
    ("Model", "Current default version", "New default version", "Default upgrade date"),
)

_FRONT_MATTER_DATE = re.compile(r"ms\.date:\s*(\d{2})/(\d{2})/(\d{4})\s*")
_MATRIX_COLUMN = re.compile(r"\*\*([A-Za-z0-9][A-Za-z0-9._-]*)\*\*, \*\*([A-Za-z0-9][A-Za-z0-9._-]*)\*\*")
_REGION = re.compile(r"[a-z][a-z0-9]*")
_REGION_DISPLAY = re.compile(r"[A-Z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*")
_SEPARATOR_CELL = re.compile(r":?-+:?")
_SUP = re.compile(r"<sup>[^<>]*</sup>")
_BOLD_NAME = re.compile(r"\*\*([A-Za-z0-9][A-Za-z0-9._ -]*)\*\*")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_HEADING = re.compile(r"(#{2,3}) (.+?)\s*")
_CODE_NAME = re.compile(r"`([A-Za-z0-9][A-Za-z0-9._-]*)`")
_PARTNER_ROW_NAME = re.compile(r"`([A-Za-z0-9][A-Za-z0-9._-]*)`(?:<sup>\d+</sup>)?(?:\s*<br>\s*\*\*Preview\*\*)?")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_BEFORE = re.compile(r"No earlier than (.+)")
_NO_RETIREMENT = re.compile(r"No retirement scheduled\. Will not retire before (.+)")
_SPLIT_RETIREMENT = re.compile(
    r"Standard deployment type retires on \*\*(\d{4}-\d{2}-\d{2})\*\*, with auto-upgrades scheduled to start on"
    r" \*\*\d{4}-\d{2}-\d{2}\*\*\. For other deployment types, including ALL Provisioned, Global Standard, and Data"
    r" Zone Standard, the retirement date has been moved to \*\*(\d{4}-\d{2}-\d{2})\*\*\."
)


class SourcePageError(InputError):
    """A saved source page (or the manifest) that the generator cannot read as Microsoft publishes it."""


def _error(source: str, line: int | None, message: str) -> SourcePageError:
    where = f"line {line}: " if line is not None else ""
    return SourcePageError(source, [Issue("", f"{where}{message}")])


# --- Markdown tables -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A pipe table: its header row and body rows (the separator row checked and dropped), under `heading`."""

    heading: str
    header: Row
    rows: tuple[Row, ...]


def _cells(source: str, line: int, text: str) -> tuple[str, ...]:
    stripped = text.strip()
    if len(stripped) < 2 or not stripped.endswith("|"):
        raise _error(source, line, f"a table row must start and end with '|': {_shown(stripped)}")
    return tuple(cell.strip() for cell in stripped[1:-1].split("|"))


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def tables(text: str, source: str) -> list[Table]:
    """Every pipe table of a page, each with the `##`/`###` heading it stands under ("" before any)."""
    found: list[Table] = []
    heading = ""
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.lstrip().startswith("|"):
            block.append((number, line))
            continue
        if block:
            found.append(_table(source, heading, block))
            block = []
        match = _HEADING.fullmatch(line)
        if match:
            heading = match.group(2)
    return found


def _table(source: str, heading: str, block: list[tuple[int, str]]) -> Table:
    rows = [Row(number, _cells(source, number, line)) for number, line in block]
    if len(rows) < 2:
        raise _error(source, rows[0].line, "a table needs a header row and a separator row")
    header, separator, *body = rows
    if len(separator.cells) != len(header.cells) or not all(_SEPARATOR_CELL.fullmatch(c) for c in separator.cells):
        raise _error(
            source, separator.line, f"expected a separator row of {len(header.cells)} '---' cells under the header"
        )
    for row in body:
        if len(row.cells) != len(header.cells):
            raise _error(source, row.line, f"the row has {len(row.cells)} cells but the header has {len(header.cells)}")
    return Table(heading, header, tuple(body))


def _plain(cell: str) -> str:
    """A header or label cell without its footnote marks (`<sup>1</sup>`)."""
    return _SUP.sub("", cell).strip()


# --- Front matter --------------------------------------------------------------------------------------------------


def ms_date(text: str, source: str) -> str:
    """The page's `ms.date` (MM/DD/YYYY in the front matter) as an ISO date."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise _error(source, 1, "a Learn page starts with its front matter ('---')")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            break
        match = _FRONT_MATTER_DATE.fullmatch(line)
        if match:
            month, day, year = match.groups()
            return _iso(source, number, f"{year}-{month}-{day}")
    raise _error(source, None, "the front matter states no ms.date (MM/DD/YYYY)")


def _iso(source: str, line: int, text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise _error(source, line, f"{text!r} is not a date") from None


# --- Model matrices (LEARN-MODEL-MATRIX) ---------------------------------------------------------------------------


def parse_matrix(text: str, source: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """(model, version) → the sorted regions a ✅ marks, from the page's one `| **Region** | **model**, **version** |`
    table."""
    every = tables(text, source)
    found = [table for table in every if table.header.cells[:1] == ("**Region**",)]
    others = [table for table in every if table.header.cells[:1] != ("**Region**",)]
    if others:
        first = others[0].header
        raise _error(
            source, first.line, f"expected a '| **Region** | **model**, **version** |' table, not {first.cells[:1]}"
        )
    if len(found) != 1:
        raise _error(source, None, f"expected one model matrix table, found {len(found)}")
    table = found[0]
    columns = _matrix_columns(source, table.header)
    regions: dict[tuple[str, str], list[str]] = {column: [] for column in columns}
    seen: dict[str, int] = {}
    for row in table.rows:
        region = _region(source, row.line, row.cells[0])
        if region in seen:
            raise _error(source, row.line, f"region {region} has a second row (first at line {seen[region]})")
        seen[region] = row.line
        for column, cell in zip(columns, row.cells[1:], strict=True):
            if cell == OFFERED_CELL:
                regions[column].append(region)
            elif cell != NOT_OFFERED_CELL:
                raise _error(
                    source,
                    row.line,
                    f"unknown cell value {cell!r} for {column[0]} {column[1]} in {region}"
                    f" (expected {OFFERED_CELL} or {NOT_OFFERED_CELL})",
                )
    return {column: tuple(sorted(names)) for column, names in regions.items()}


def _matrix_columns(source: str, header: Row) -> list[tuple[str, str]]:
    columns: list[tuple[str, str]] = []
    for cell in header.cells[1:]:
        match = _MATRIX_COLUMN.fullmatch(cell)
        if not match:
            raise _error(source, header.line, f"a column header must read '**model**, **version**', not {_shown(cell)}")
        column = (match.group(1), match.group(2))
        if column in columns:
            raise _error(source, header.line, f"duplicate column {column[0]} {column[1]}")
        columns.append(column)
    if not columns:
        raise _error(source, header.line, "the matrix has no model columns")
    return columns


def _region(source: str, line: int, cell: str) -> str:
    """A region's programmatic name (`swedencentral`), from itself or its display name (`Sweden Central`)."""
    if _REGION.fullmatch(cell):
        return cell
    if _REGION_DISPLAY.fullmatch(cell):
        return cell.replace(" ", "").lower()
    raise _error(source, line, f"{_shown(cell)} is not a region name")


# --- PTU offerings (LEARN-PTU-SIZING) ------------------------------------------------------------------------------


class PtuFigures(NamedTuple):
    """A model's PTU figures; the generated module's `PtuOffering` has these fields (written from this class)."""

    global_minimum: int
    global_increment: int
    regional_minimum: int | None
    regional_increment: int | None
    input_tpm: int
    output_ratio: int


def parse_ptu_sizing(text: str, source: str) -> dict[str, tuple[PtuFigures, bool]]:
    """Model → (its PTU figures, whether it is a partner model rather than Azure OpenAI), from the `| Topic |` tables
    under the model sections; the worked-example and glossary tables are not model tables."""
    found: dict[str, tuple[PtuFigures, bool]] = {}
    for table in tables(text, source):
        if table.header.cells[:1] != ("Topic",) or table.heading in PTU_SKIPPED_SECTIONS:
            continue
        if table.heading not in (*PTU_OPENAI_SECTIONS, *PTU_PARTNER_SECTIONS):
            raise _error(source, table.header.line, f"a PTU table under an unknown section {table.heading!r}")
        partner = table.heading in PTU_PARTNER_SECTIONS
        for model, figures in _ptu_table(source, table).items():
            if model in found:
                raise _error(source, table.header.line, f"model {model} has a second PTU column")
            found[model] = (figures, partner)
    if not found:
        raise _error(source, None, "no PTU table ('| Topic | **model** |') found")
    return found


def _ptu_table(source: str, table: Table) -> dict[str, PtuFigures]:
    models = []
    for cell in table.header.cells[1:]:
        match = _BOLD_NAME.fullmatch(cell)
        if not match:
            raise _error(source, table.header.line, f"a PTU column header must read '**model**', not {_shown(cell)}")
        if match.group(1) in models:
            raise _error(source, table.header.line, f"duplicate column {match.group(1)}")
        models.append(match.group(1))
    values: dict[str, tuple[int, list[int | None]]] = {}
    for row in table.rows:
        label = _plain(row.cells[0])
        if label not in PTU_ROWS:
            raise _error(source, row.line, f"unknown PTU row {_shown(label)}")
        field = PTU_ROWS[label]
        if field is None:
            continue
        if field in values:
            raise _error(source, row.line, f"a second {label!r} row (first at line {values[field][0]})")
        regional = field.startswith("regional")
        values[field] = (row.line, [_ptu_number(source, row.line, cell, regional) for cell in row.cells[1:]])
    missing = [label for label, field in PTU_ROWS.items() if field is not None and field not in values]
    if missing:
        raise _error(source, table.header.line, f"the PTU table has no {', '.join(map(repr, missing))} row")
    return {model: _figures(source, table, index, values) for index, model in enumerate(models)}


def _ptu_number(source: str, line: int, cell: str, regional: bool) -> int | None:
    value = _plain(cell)
    if value == "NA" and regional:
        return None
    if not _NUMBER.fullmatch(value):
        raise _error(source, line, f"{_shown(cell)} is not a number" + (" or NA" if regional else ""))
    return int(value.replace(",", ""))


def _figures(source: str, table: Table, index: int, values: dict[str, tuple[int, list[int | None]]]) -> PtuFigures:
    row = {field: numbers[index] for field, (_, numbers) in values.items()}
    if (row["regional_minimum"] is None) != (row["regional_increment"] is None):
        raise _error(source, table.header.line, "a model's regional minimum and increment must both be NA or numbers")
    return PtuFigures(
        global_minimum=_required(row["global_minimum"]),
        global_increment=_required(row["global_increment"]),
        regional_minimum=row["regional_minimum"],
        regional_increment=row["regional_increment"],
        input_tpm=_required(row["input_tpm"]),
        output_ratio=_required(row["output_ratio"]),
    )


def _required(value: int | None) -> int:
    assert value is not None  # only regional rows accept NA
    return value


# --- Retirements (LEARN-MODEL-RETIREMENTS) -------------------------------------------------------------------------


def parse_retirements(text: str, source: str) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(model, version) → (deprecation date, retirement date), ISO or None where no date is set."""
    found: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    lines: dict[tuple[str, str], int] = {}
    parsed = 0
    for table in tables(text, source):
        header = tuple(_plain(cell) for cell in table.header.cells)
        if header in RETIREMENT_IGNORED_HEADERS:
            continue
        if header != RETIREMENT_HEADER:
            raise _error(source, table.header.line, f"unexpected table header {_shown(' | '.join(header))}")
        parsed += 1
        for row in table.rows:
            key, dates = _retirement_row(source, row)
            if key in lines:
                raise _error(source, row.line, f"{key[0]} {key[1]} has a second row (first at line {lines[key]})")
            lines[key] = row.line
            found[key] = dates
    if not parsed:
        raise _error(source, None, "no retirement table ('| Model Name | Model Version | ...') found")
    return found


def _retirement_row(source: str, row: Row) -> tuple[tuple[str, str], tuple[str | None, str | None]]:
    name, version, _, deprecation, retirement, _ = row.cells
    model = _CODE_NAME.fullmatch(name)
    if not model:
        raise _error(source, row.line, f"a model name must read '`name`', not {_shown(name)}")
    if not _VERSION.fullmatch(version):
        raise _error(source, row.line, f"{_shown(version)} is not a model version")
    return (model.group(1), version), (
        _lifecycle_date(source, row.line, deprecation),
        _lifecycle_date(source, row.line, retirement),
    )


def _lifecycle_date(source: str, line: int, cell: str) -> str | None:
    """An ISO date; None for "n/a" and for a lower bound only ("No earlier than …", "No retirement scheduled…"). A
    retirement split by deployment type gives its earliest date (the Standard one)."""
    if _ISO_DATE.fullmatch(cell):
        return _iso(source, line, cell)
    if cell == "n/a":
        return None
    bound = _NOT_BEFORE.fullmatch(cell) or _NO_RETIREMENT.fullmatch(cell)
    if bound:
        _any_date(source, line, bound.group(1))
        return None
    split = _SPLIT_RETIREMENT.fullmatch(cell)
    if split:
        return min(_iso(source, line, split.group(1)), _iso(source, line, split.group(2)))
    raise _error(source, line, f"unknown lifecycle date {_shown(cell)}")


def _any_date(source: str, line: int, text: str) -> None:
    """`2026-04-14` or `February 28, 2026`: a date, whichever way the page writes it."""
    if _ISO_DATE.fullmatch(text):
        _iso(source, line, text)
        return
    try:
        datetime.strptime(text, "%B %d, %Y")
    except ValueError:
        raise _error(source, line, f"{_shown(text)} is not a date") from None


# --- Partner models (LEARN-FOUNDRY-MODELS) -------------------------------------------------------------------------


def parse_foundry_models(text: str, source: str) -> dict[str, str]:
    """Model → its deployments API format, from the `## <publisher> models sold by Azure` sections' model tables."""
    found: dict[str, str] = {}
    for table in tables(text, source):
        if table.header.cells[:1] != ("Model",):
            raise _error(source, table.header.line, f"expected a '| Model | ...' table, not {table.header.cells[:1]}")
        publisher = table.heading.removesuffix(" models sold by Azure")
        if publisher == table.heading or publisher not in PUBLISHER_FORMATS:
            raise _error(
                source, table.header.line, f"a model table under an unknown publisher's section {table.heading!r}"
            )
        for row in table.rows:
            match = _PARTNER_ROW_NAME.fullmatch(row.cells[0])
            if not match:
                raise _error(
                    source, row.line, f"a model cell must read '`name`' (then **Preview**), not {_shown(row.cells[0])}"
                )
            if match.group(1) in found:
                raise _error(source, row.line, f"model {match.group(1)} is listed twice")
            found[match.group(1)] = PUBLISHER_FORMATS[publisher]
    if not found:
        raise _error(source, None, "no partner model table found")
    return found


# --- The manifest and the catalog ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    path: str
    commit: str
    ms_date: str
    kind: str
    sku: str | None


_MANIFEST_KEYS = {"repo", "path", "commit", "ms_date", "read", "kind"}


def read_manifest(sources: Path) -> list[Page]:
    where = str(sources / MANIFEST)
    document = parse_json(read_text(sources / MANIFEST, "manifest"), where)
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, list) or not files:
        raise _error(where, None, "expected an object with a non-empty 'files' list")
    pages = [_manifest_page(where, index, entry) for index, entry in enumerate(files)]
    paths = [page.path for page in pages]
    skus = [page.sku for page in pages if page.sku is not None]
    duplicates = sorted({p for p in paths if paths.count(p) > 1} | {s for s in skus if skus.count(s) > 1})
    if duplicates:
        raise _error(where, None, f"listed twice: {', '.join(duplicates)}")
    for kind in ("ptu-sizing", "retirements", "foundry-models"):
        if [page.kind for page in pages].count(kind) != 1:
            raise _error(where, None, f"expected exactly one page of kind {kind!r}")
    return pages


def _manifest_page(where: str, index: int, entry: Any) -> Page:
    if not isinstance(entry, dict):
        raise _error(where, None, f"files[{index}] is not an object")
    keys = set(entry)
    wanted = _MANIFEST_KEYS | ({"sku"} if entry.get("kind") == "matrix" else set())
    if keys != wanted or not all(isinstance(entry[key], str) for key in keys):
        raise _error(where, None, f"files[{index}] must have exactly the string keys {', '.join(sorted(wanted))}")
    if entry["kind"] not in KINDS:
        raise _error(where, None, f"files[{index}]: unknown kind {entry['kind']!r} (known: {', '.join(KINDS)})")
    if entry["kind"] == "matrix" and entry["sku"] not in SKUS:
        raise _error(where, None, f"files[{index}]: unknown sku {entry['sku']!r} (known: {', '.join(SKUS)})")
    if not re.fullmatch(r"[0-9a-f]{40}", entry["commit"]) or not _ISO_DATE.fullmatch(entry["ms_date"]):
        raise _error(where, None, f"files[{index}]: commit must be 40 hex digits and ms_date an ISO date")
    if entry["path"].startswith("/") or ".." in entry["path"].split("/"):
        raise _error(where, None, f"files[{index}]: path must stay inside the sources folder")
    return Page(entry["path"], entry["commit"], entry["ms_date"], entry["kind"], entry.get("sku"))


@dataclass(frozen=True)
class Catalog:
    catalog_date: str
    sources: tuple[tuple[str, str, str], ...]
    model_format: dict[str, str]
    offered: dict[str, dict[str, dict[str, tuple[str, ...]]]]
    retirements: dict[str, dict[str, tuple[str | None, str | None]]]
    ptu: dict[str, PtuFigures]


PARSERS: Final[dict[str, Callable[[str, str], Any]]] = {
    "matrix": parse_matrix,
    "ptu-sizing": parse_ptu_sizing,
    "retirements": parse_retirements,
    "foundry-models": parse_foundry_models,
}


def parse_page(kind: str, text: str, source: str) -> Any:
    """What a page of `kind` says, after its front matter is checked: the one entry point of every parser."""
    ms_date(text, source)
    parser = PARSERS.get(kind)
    return None if parser is None else parser(text, source)


def build(sources: Path = SOURCES_DIR) -> Catalog:
    """The catalog the saved pages give."""
    pages = read_manifest(sources)
    parsed: dict[str, Any] = {}
    for page in pages:
        path = sources / page.path
        text = read_text(path, "source page")
        source = str(path)
        if ms_date(text, source) != page.ms_date:
            line = next(n for n, line in enumerate(text.split("\n"), start=1) if _FRONT_MATTER_DATE.fullmatch(line))
            raise _error(source, line, f"ms.date is {ms_date(text, source)} but {MANIFEST} says {page.ms_date}")
        parsed[page.path] = parse_page(page.kind, text, source)
    return _catalog(pages, parsed)


def _catalog(pages: list[Page], parsed: dict[str, Any]) -> Catalog:
    by_kind = {page.kind: parsed[page.path] for page in pages if page.kind != "matrix"}
    ptu: dict[str, tuple[PtuFigures, bool]] = by_kind["ptu-sizing"]
    retirements: dict[tuple[str, str], tuple[str | None, str | None]] = by_kind["retirements"]
    offered: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
    for page in sorted((p for p in pages if p.kind == "matrix"), key=lambda p: SKUS.index(p.sku or "")):
        for (model, version), regions in parsed[page.path].items():
            offered.setdefault(model, {}).setdefault(version, {})[page.sku or ""] = regions
    provisioned = ("ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged")
    unsized = sorted(
        m for m, versions in offered.items() if m not in ptu for s in versions.values() if set(s) & set(provisioned)
    )
    if unsized:
        raise _error(
            "catalog/sources",
            None,
            f"offered on a provisioned sku but without PTU figures: {', '.join(sorted(set(unsized)))}",
        )
    formats = _formats(offered, retirements, ptu, by_kind["foundry-models"])
    return Catalog(
        catalog_date=max(page.ms_date for page in pages),
        sources=tuple((page.path, page.commit, page.ms_date) for page in pages),
        model_format=dict(sorted(formats.items())),
        offered={
            model: {version: offered[model][version] for version in sorted(offered[model])} for model in sorted(offered)
        },
        retirements={
            model: {v: retirements[(m, v)] for m, v in sorted(retirements) if m == model}
            for model in sorted({m for m, _ in retirements})
        },
        ptu={model: ptu[model][0] for model in sorted(ptu)},
    )


def _formats(
    offered: dict[str, Any],
    retirements: dict[tuple[str, str], Any],
    ptu: dict[str, tuple[PtuFigures, bool]],
    partners: dict[str, str],
) -> dict[str, str]:
    """Model → format. The Azure OpenAI pages' models are OpenAI even when the foundry-models page also lists them
    under Microsoft (model-router)."""
    openai = {*offered, *(m for m, _ in retirements), *(m for m, (_, partner) in ptu.items() if not partner)}
    formats = {**partners, **dict.fromkeys(openai, OPENAI)}
    for model, (_, partner) in ptu.items():
        if partner and model not in formats:
            if model not in UNLISTED_PARTNER_FORMATS:
                raise _error(
                    "catalog/sources", None, f"PTU partner model {model} has no format (UNLISTED_PARTNER_FORMATS)"
                )
            formats[model] = UNLISTED_PARTNER_FORMATS[model]
        elif partner and formats[model] == OPENAI:
            raise _error(
                "catalog/sources", None, f"{model} is a partner model in the PTU page, an OpenAI one elsewhere"
            )
    return formats


# --- The generated module ------------------------------------------------------------------------------------------

HEADER: Final = '''"""Azure model availability, PTU offerings and lifecycle dates, as Microsoft Learn publishes them.

generated by python -m aoai.azure.model_matrix from catalog/sources; do not edit. MATRIX_SOURCES names each page read
(path in MicrosoftDocs/azure-ai-docs, commit, ms.date); catalog/sources/README.md says how to refresh them. Standard
library only: the policy pack reads this through `aoai_policies.facts`.

An absent row means "not stated", not "not offered". OFFERED holds the per-sku region tables Microsoft publishes for
Azure OpenAI models; partner models (a MODEL_FORMAT other than OpenAI) have no published per-region table, so they
appear in MODEL_FORMAT (and PTU_OFFERING when they have one) but not in OFFERED. RETIREMENTS dates are None where the
page sets none ("n/a", "No earlier than ...", "No retirement scheduled"); a retirement the page splits by deployment
type holds its earliest date (Standard's).
"""

from __future__ import annotations

from typing import Final, NamedTuple
'''

PTU_CLASS: Final = (
    '''

class PtuOffering(NamedTuple):
    """A model's provisioned offering: global and data-zone minimum and increment, regional ones (None: no regional
    provisioned offering), input tokens per minute one PTU carries, input tokens one output token weighs."""

'''
    # NamedTuple keeps each field's annotation as written, as a ForwardRef under `from __future__ import annotations`.
    + "".join(
        f"    {name}: {getattr(annotation, '__forward_arg__', annotation)}\n"
        for name, annotation in PtuFigures.__annotations__.items()
    )
    + "\n"
)


def render(catalog: Catalog) -> str:
    """The module's text, formatted as `ruff format` leaves it (collections exploded with trailing commas)."""
    out = [HEADER, f'CATALOG_DATE: Final = "{catalog.catalog_date}"']
    out += _assign("MATRIX_SOURCES: Final", catalog.sources)
    out += _assign("MODEL_FORMAT: Final[dict[str, str]]", catalog.model_format)
    out += _assign("OFFERED: Final[dict[str, dict[str, dict[str, tuple[str, ...]]]]]", catalog.offered)
    out += _assign("RETIREMENTS: Final[dict[str, dict[str, tuple[str | None, str | None]]]]", catalog.retirements)
    out.append(PTU_CLASS)
    out += _assign("PTU_OFFERING: Final[dict[str, PtuOffering]]", {m: _Call(f) for m, f in catalog.ptu.items()})
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class _Call:
    figures: PtuFigures

    def __str__(self) -> str:
        return f"PtuOffering({', '.join(_atom(value) for value in self.figures)})"


def _assign(target: str, value: object) -> list[str]:
    return _lines(value, 0, f"{target} = ", "")


def _atom(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, int):
        return f"{value:_}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _inline(value: object) -> str | None:
    if isinstance(value, tuple):
        items = [_inline(item) for item in value]
        if any(item is None for item in items):
            return None
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(str(item) for item in items)})"
    if isinstance(value, dict):
        return None  # always exploded, one entry a line
    return _atom(value)


def _lines(value: object, indent: int, prefix: str, suffix: str) -> list[str]:
    pad = " " * indent
    inline = _inline(value)
    if inline is not None and len(pad + prefix + inline + suffix) <= LINE_LENGTH:
        return [pad + prefix + inline + suffix]
    if isinstance(value, dict):
        opener, closer = "{", "}"
        body = [line for key, item in value.items() for line in _lines(item, indent + 4, f"{_atom(key)}: ", ",")]
    elif isinstance(value, tuple):
        opener, closer = "(", ")"
        body = [line for item in value for line in _lines(item, indent + 4, "", ",")]
    else:
        return [pad + prefix + str(inline) + suffix]  # an atom longer than a line: ruff leaves it so
    if not body:
        return [pad + prefix + opener + closer + suffix]
    return [pad + prefix + opener, *body, pad + closer + suffix]


# --- Command line --------------------------------------------------------------------------------------------------


def generated(sources: Path = SOURCES_DIR) -> str:
    return render(build(sources))


def main(argv: list[str] | None = None, out: Path = OUTPUT, sources: Path = SOURCES_DIR) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m aoai.azure.model_matrix [--check]", file=sys.stderr)
        return 2
    try:
        text = generated(sources)
    except AoaiError as error:
        print(f"aoai.azure.model_matrix: {error}", file=sys.stderr)
        return 2
    current = out.read_text(encoding="utf-8") if out.exists() else None
    if args == ["--check"]:
        if current != text:
            print(f"{_relative(out)} is stale: run `make catalog`", file=sys.stderr)
            return 1
        return 0
    if current != text:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {_relative(out)}")
    return 0


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
