"""The model availability matrix: `policies/aoai_policies/model_catalog.py` is what the Learn pages saved in
catalog/sources give, read strictly, and the facts and the catalog are views over it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from aoai_policies import facts, model_catalog
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from aoai.azure import catalog, model_matrix
from aoai.azure.model_matrix import SourcePageError
from aoai.errors import InputError

SOURCES = ROOT / "catalog" / "sources"
MATRIX = "articles/foundry/openai/includes/model-matrix"
FRONT = "---\ntitle: t\nms.date: 01/27/2026\n---\n\n"
HEADER = "| **Region** | **gpt-4o**, **2024-11-20** | **o3**, **2025-04-16** |\n|:--|:--:|:--:|\n"


def test_the_generator_reproduces_the_committed_module_byte_for_byte() -> None:
    assert model_matrix.generated(SOURCES) == (ROOT / "policies" / "aoai_policies" / "model_catalog.py").read_text(
        encoding="utf-8"
    )
    assert model_matrix.main(["--check"]) == 0


def test_check_exits_1_on_a_stale_module_and_writing_makes_it_current(tmp_path: Path) -> None:
    out = tmp_path / "model_catalog.py"
    out.write_text("# stale\n", encoding="utf-8")
    assert model_matrix.main(["--check"], out=out) == 1
    assert model_matrix.main([], out=out) == 0
    assert model_matrix.main(["--check"], out=out) == 0
    assert model_matrix.main(["--nope"], out=out) == 2


def test_the_manifest_lists_every_saved_page_with_its_date() -> None:
    manifest = json.loads((SOURCES / "MANIFEST.json").read_text(encoding="utf-8"))
    saved = sorted(str(p.relative_to(SOURCES)) for p in SOURCES.rglob("*.md") if p.name != "README.md")
    assert sorted(entry["path"] for entry in manifest["files"]) == saved
    for entry in manifest["files"]:
        assert entry["repo"] == "MicrosoftDocs/azure-ai-docs"
        assert entry["read"] == "2026-12-04"
        text = (SOURCES / entry["path"]).read_text(encoding="utf-8")
        assert model_matrix.ms_date(text, entry["path"]) == entry["ms_date"]
    assert {entry["sku"] for entry in manifest["files"] if entry["kind"] == "matrix"} == set(model_matrix.SKUS)
    assert set(model_matrix.SKUS) <= set(facts.DEPLOYMENT_SKUS)
    assert model_catalog.CATALOG_DATE == max(entry["ms_date"] for entry in manifest["files"]) == "2026-10-05"
    assert [source[0] for source in model_catalog.MATRIX_SOURCES] == [e["path"] for e in manifest["files"]]


def test_spot_checks_against_the_saved_pages() -> None:
    us = ("centralus", "eastus", "eastus2", "northcentralus", "southcentralus", "westus", "westus3")
    assert model_catalog.OFFERED["gpt-5.2"]["2025-12-11"]["DataZoneStandard"] == us
    assert catalog.offered_regions("gpt-5.2", "2025-12-11", "DataZoneStandard") == frozenset(us)
    # DataZoneStandard: italynorth lacks gpt-4o 2024-08-06; the Standard page lists whisper in eight regions.
    assert "italynorth" not in model_catalog.OFFERED["gpt-4o"]["2024-08-06"]["DataZoneStandard"]
    assert len(model_catalog.OFFERED["whisper"]["001"]["Standard"]) == 8
    assert model_catalog.OFFERED["gpt-5.4"]["2026-03-05"]["ProvisionedManaged"] == ("australiaeast", "japaneast")
    assert model_catalog.PTU_OFFERING["DeepSeek-R1"] == (100, 100, None, None, 4_000, 4)
    assert model_catalog.PTU_OFFERING["Llama-3.3-70B-Instruct"] == (100, 100, None, None, 8_450, 4)
    assert model_catalog.PTU_OFFERING["o1"] == (15, 5, 25, 50, 230, 4)
    assert model_catalog.RETIREMENTS["gpt-4.1"]["2025-04-14"] == ("2026-04-14", "2026-10-14")
    assert model_catalog.RETIREMENTS["gpt-4o"]["2024-05-13"] == ("2025-05-13", "2026-03-31")  # Standard's, earliest
    assert model_catalog.RETIREMENTS["text-embedding-3-large"]["1"] == (None, None)  # "No retirement scheduled"
    assert model_catalog.RETIREMENTS["tts"]["001"] == (None, "2026-06-18")  # deprecation "No earlier than ..."
    assert catalog.retirement("o3", "2025-04-16") == (date(2026, 4, 16), date(2026, 10, 16))
    assert catalog.retirement("gpt-9", "1") == (None, None)
    assert date(2026, 10, 5) == catalog.CATALOG_DATE


def test_formats_of_azure_openai_and_partner_models() -> None:
    assert model_catalog.MODEL_FORMAT["gpt-4o"] == "OpenAI"
    assert model_catalog.MODEL_FORMAT["model-router"] == "OpenAI"  # the foundry page lists it under Microsoft too
    expected = {
        "DeepSeek-R1": "DeepSeek",
        "DeepSeek-V3.2": "DeepSeek",
        "Llama-3.3-70B-Instruct": "Meta",
        "Mistral-Large-3": "Mistral AI",
        "grok-4": "xAI",
        "Kimi-K2.6": "MoonshotAI",
        "Cohere-command-a": "Cohere",
        "FLUX.2-pro": "Black Forest Labs",
        "MAI-Thinking-1": "Microsoft",
    }
    assert {model: catalog.model_format(model) for model in expected} == expected
    assert catalog.model_format("gpt-9") is None
    # Partner models have no published per-region table: not stated, not "not offered".
    assert [m for m in model_catalog.OFFERED if model_catalog.MODEL_FORMAT[m] != "OpenAI"] == []
    assert catalog.offered_regions("DeepSeek-R1", "1", "GlobalStandard") is None
    assert catalog.offered_versions("DeepSeek-R1") == frozenset()


def test_the_module_is_sorted_and_names_only_known_regions_and_skus() -> None:
    for table in (
        model_catalog.MODEL_FORMAT,
        model_catalog.OFFERED,
        model_catalog.RETIREMENTS,
        model_catalog.PTU_OFFERING,
    ):
        assert list(table) == sorted(table)
    for versions in model_catalog.OFFERED.values():
        assert list(versions) == sorted(versions)
        for skus in versions.values():
            assert set(skus) <= set(facts.DEPLOYMENT_SKUS)
            for regions in skus.values():
                assert list(regions) == sorted(regions)
                assert set(regions) <= set(facts.AZURE_REGIONS)
    assert set(model_catalog.OFFERED) | set(model_catalog.PTU_OFFERING) <= set(model_catalog.MODEL_FORMAT)
    assert "generated by python -m aoai.azure.model_matrix from catalog/sources; do not edit" in (
        model_catalog.__doc__ or ""
    )


def test_facts_are_derived_from_the_matrix() -> None:
    assert facts.PTU_OFFERING is model_catalog.PTU_OFFERING
    assert {m: (o.input_tpm, o.output_ratio) for m, o in model_catalog.PTU_OFFERING.items()} == facts.PTU_THROUGHPUT
    assert facts.PTU_STEPS_REGIONAL["gpt-4o"] == (50, 50)
    assert "DeepSeek-R1" not in facts.PTU_STEPS_REGIONAL
    assert facts.PTU_STEPS_GLOBAL_AND_DATAZONE_BY_MODEL["Llama-3.3-70B-Instruct"] == (100, 100)
    assert facts.KNOWN_MODEL_VERSIONS["gpt-4o"] == {"2024-05-13", "2024-08-06", "2024-11-20"}
    assert facts.KNOWN_MODEL_VERSIONS["model-router"] == {"2025-05-19", "2025-08-07", "2025-11-18"}
    assert facts.KNOWN_MODEL_VERSIONS["text-embedding-ada-002"] == {"1", "2"}
    for model, versions in model_catalog.OFFERED.items():
        assert set(versions) <= facts.KNOWN_MODEL_VERSIONS[model]


def test_ptu_steps_per_model() -> None:
    assert catalog.ptu_steps("GlobalProvisionedManaged", "DeepSeek-V3-0324") == catalog.PtuSteps(100, 100)
    assert catalog.ptu_steps("DataZoneProvisionedManaged", "Llama-3.3-70B-Instruct") == catalog.PtuSteps(100, 100)
    assert catalog.ptu_steps("GlobalProvisionedManaged", "gpt-5.2") == catalog.PtuSteps(15, 5)
    assert catalog.ptu_steps("GlobalProvisionedManaged", "model-from-2027") == catalog.PTU_STEPS_GLOBAL_AND_DATAZONE
    assert catalog.ptu_steps("ProvisionedManaged", "o1") == catalog.PtuSteps(25, 50)
    with pytest.raises(catalog.UnknownModelError):
        catalog.ptu_steps("ProvisionedManaged", "DeepSeek-R1")


def test_models_without_a_provisioned_offering() -> None:
    without = catalog.WITHOUT_PROVISIONED_OFFERING
    assert {"text-embedding-3-large", "model-router", "gpt-image-1", "gpt-realtime", "whisper", "sora"} <= without
    assert not without & set(catalog.PTU_THROUGHPUT)
    assert "DeepSeek-V3.2" not in without  # a partner model: the pages do not say


# --- strict parsing ------------------------------------------------------------------------------------------------


def _refused(parse: object, text: str, *fragments: str) -> str:
    with pytest.raises(SourcePageError) as info:
        model_matrix.parse_page(str(parse), text, "page.md")
    message = str(info.value)
    assert message.startswith("page.md: ")
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_well_formed_matrix_parses() -> None:
    text = FRONT + HEADER + "| eastus | ✅ | - |\n| Sweden Central | ✅ | ✅ |\n"
    assert model_matrix.parse_page("matrix", text, "page.md") == {
        ("gpt-4o", "2024-11-20"): ("eastus", "swedencentral"),
        ("o3", "2025-04-16"): ("swedencentral",),
    }


def test_malformed_tables_unknown_cells_and_duplicates_are_refused_with_file_and_line() -> None:
    _refused("matrix", FRONT + HEADER + "| eastus | ✅ |\n", "line 8:", "2 cells but the header has 3")
    _refused("matrix", FRONT + HEADER + "| eastus | ✅ | yes |\n", "line 8:", "unknown cell value 'yes'")
    _refused("matrix", FRONT + HEADER + "| eastus | ✅ | ✔ |\n", "line 8:", "unknown cell value")
    duplicate = "| **Region** | **o3**, **1** | **o3**, **1** |\n|:--|:--:|:--:|\n| eastus | ✅ | - |\n"
    _refused("matrix", FRONT + duplicate, "line 6:", "duplicate column o3 1")
    _refused("matrix", FRONT + HEADER + "| eastus | ✅ | - |\n| eastus | - | - |\n", "line 9:", "second row")
    _refused("matrix", FRONT + HEADER.replace("|:--|", "|xx|") + "| eastus | ✅ | - |\n", "line 7:", "separator")
    _refused("matrix", FRONT + "| **Region** | gpt-4o 2024 |\n|--|--|\n", "line 6:", "'**model**, **version**'")
    _refused("matrix", FRONT + HEADER + "| eastus | ✅ | - \n", "line 8:", "start and end with '|'")
    _refused("matrix", FRONT + "no table here\n", "expected one model matrix table, found 0")
    _refused("matrix", "no front matter", "line 1:", "front matter")
    _refused("matrix", "---\ntitle: t\n---\n" + HEADER, "states no ms.date")


def test_ptu_retirement_and_partner_pages_are_read_strictly() -> None:
    ptu = FRONT + "### Latest Azure OpenAI models\n\n| Topic | **m** |\n|---|---|\n"
    _refused("ptu-sizing", ptu + "| Input TPM per PTU | lots |\n", "line 10:", "is not a number")
    _refused("ptu-sizing", ptu + "| Cats per PTU | 1 |\n", "line 10:", "unknown PTU row")
    _refused("ptu-sizing", ptu + "| Input TPM per PTU | 1 |\n", "has no")
    elsewhere = FRONT + "### Some new section\n\n| Topic | **m** |\n|---|---|\n| Input TPM per PTU | 1 |\n"
    _refused("ptu-sizing", elsewhere, "line 8:", "unknown section")
    header = "| Model Name | Model Version<sup>1</sup> | Lifecycle Status | Deprecation Date (No New Customers) |"
    header += " Retirement Date | Replacement Model |\n|:--|:--|:--|:--|:--|:--|\n"
    row = "| `o3` | 2025-04-16 | `GA` | 2026-04-16 | {} | |\n"
    assert model_matrix.parse_page("retirements", FRONT + header + row.format("2026-10-16"), "page.md") == {
        ("o3", "2025-04-16"): ("2026-04-16", "2026-10-16")
    }
    _refused("retirements", FRONT + header + row.format("soon"), "line 8:", "unknown lifecycle date 'soon'")
    _refused("retirements", FRONT + header + row.format("2026-02-30"), "line 8:", "is not a date")
    _refused("retirements", FRONT + header + row.format("n/a") * 2, "line 9:", "second row")
    partner = FRONT + "## Acme models sold by Azure\n\n| Model | Type |\n|--|--|\n| `acme-1` | chat |\n"
    _refused("foundry-models", partner, "line 8:", "unknown publisher")


def test_the_manifest_is_read_strictly(tmp_path: Path) -> None:
    shutil.copytree(SOURCES, tmp_path / "sources")
    manifest = tmp_path / "sources" / "MANIFEST.json"
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["files"][0]["ms_date"] = "2020-01-01"
    manifest.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(
        SourcePageError, match=r"(?s)standard-models\.md: .*line 6: ms\.date is 2025-08-12 but MANIFEST"
    ):
        model_matrix.build(tmp_path / "sources")
    document["files"][0]["sku"] = "Cheap"
    manifest.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SourcePageError, match="unknown sku 'Cheap'"):
        model_matrix.build(tmp_path / "sources")


def test_a_broken_saved_page_is_a_message_and_exit_code_2_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SOURCES, tmp_path / "sources")
    page = tmp_path / "sources" / MATRIX / "global-batch.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| ✅ ", "| maybe ", 1), encoding="utf-8")
    assert model_matrix.main(["--check"], out=tmp_path / "out.py", sources=tmp_path / "sources") == 2
    error = capsys.readouterr().err
    assert re.search(
        r"global-batch\.md: 1 configuration error:\n"
        r"  - line 17: unknown cell value 'maybe' for gpt-5.1 2025-11-13 in australiaeast",
        error,
    )


# Fragments of the saved pages, so that generated text reaches every parser's deeper rules.
FRAGMENTS = [
    *"|-:*✅ \nab12,.`",
    "---\n",
    "ms.date: 01/02/2026\n",
    "| **Region** |",
    " **gpt-4o**, **1** |",
    "|:--|:--:|\n",
    "### Latest Azure OpenAI models\n",
    "## Meta models sold by Azure\n",
    "| Topic | **m** |\n",
    "| Input TPM per PTU | 1,200 |\n",
    "| Regional provisioned minimum deployment | NA |\n",
    "| Model Name | Model Version<sup>1</sup> | Lifecycle Status | Deprecation Date (No New Customers) |",
    " Retirement Date | Replacement Model |\n",
    "| `o3` | 2025-04-16 | x | n/a | No earlier than 2026-01-01 | |\n",
    "| Model | Type |\n",
]
PAGE_TEXT = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def _parses_or_refuses(kind: str, text: str) -> None:
    """`parse_page` returns, or raises SourcePageError (an InputError naming the page); nothing else escapes."""
    try:
        model_matrix.parse_page(kind, text, "page.md")
    except SourcePageError as error:
        refused: InputError = error
    else:
        return
    assert str(refused).startswith("page.md: ")


@given(kind=st.sampled_from([*model_matrix.PARSERS, "context"]), text=PAGE_TEXT)
def test_property_a_parser_raises_nothing_but_its_error_on_arbitrary_text(kind: str, text: str) -> None:
    _parses_or_refuses(kind, text)


@given(kind=st.sampled_from(list(model_matrix.PARSERS)), text=st.text(max_size=400))
def test_property_a_parser_raises_nothing_but_its_error_on_any_unicode(kind: str, text: str) -> None:
    _parses_or_refuses(kind, FRONT + text)
