"""One copy of each Azure fact: the pack's `aoai_policies.facts` holds the values and their sources, the catalog and
the type tokens are views over it, and every source a comment cites is recorded."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

from aoai_policies import facts
from conftest import ROOT

from aoai.azure import catalog, types

PUBLIC_FACTS = {name for name in vars(facts) if name.isupper() and name not in {"SOURCES", "CITATIONS"}}
SOURCE_IDS = [source.id for source in facts.SOURCES]


def test_the_mirror_is_gone() -> None:
    assert importlib.util.find_spec("aoai_policies.azure") is None


def test_catalog_values_are_the_packs_objects() -> None:
    shared = {
        "API_VERSION",
        "ACCOUNT_KINDS",
        "ACCOUNT_SKU",
        "MAX_ACCOUNTS_PER_REGION",
        "MAX_VNET_RULES",
        "ACCOUNT_SOFT_DELETE_HOURS",
        "OPENAI_ENDPOINT_TEMPLATE",
        "ACCOUNT_ENDPOINT_TEMPLATE",
        "MAX_DEPLOYMENTS_PER_ACCOUNT",
        "MAX_PTU_PER_DEPLOYMENT",
        "MAX_CAPACITY",
        "MAX_TOKENS_PER_REQUEST",
        "MODEL_FORMATS",
        "VERSION_UPGRADE_OPTIONS",
        "KNOWN_MODEL_VERSIONS",
        "SPILLOVER_TARGET_SKU",
        "SPILLOVER_UNCONFIRMED",
        "BUILTIN_RAI_POLICIES",
        "RAI_MODES",
        "RAI_MODE_DEPRECATED",
        "ASYNC_RAI_MODES",
        "SEVERITY_LEVELS",
        "DEFAULT_SEVERITY",
        "PROFANITY",
        "CONTENT_SOURCES",
        "BASE_POLICY_DEFAULTS",
        "MAX_BLOCKLIST_ITEMS",
        "MAX_BLOCKLIST_ITEM_LENGTH",
        "MAX_BLOCKLIST_ITEMS_PER_BATCH",
        "PRIVATE_ENDPOINT_GROUP_ID",
        "PRIVATE_DNS_ZONES",
        "MAX_TAGS_PER_RESOURCE",
        "MAX_TAG_NAME_LENGTH",
        "MAX_TAG_VALUE_LENGTH",
        "TAG_NAME_FORBIDDEN_CHARACTERS",
    }
    assert [name for name in sorted(shared) if getattr(catalog, name) is not getattr(facts, name)] == []


def test_catalog_views_are_built_from_the_packs_tables() -> None:
    assert {n: (s.processing, s.billing) for n, s in catalog.DEPLOYMENT_SKUS.items()} == facts.DEPLOYMENT_SKUS
    assert list(catalog.DEPLOYMENT_SKUS) == list(facts.DEPLOYMENT_SKUS)
    assert [n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned] == list(facts.PROVISIONED_SKUS)
    steps = catalog.PTU_STEPS_GLOBAL_AND_DATAZONE
    assert (steps.minimum, steps.increment) == facts.PTU_STEPS_GLOBAL_AND_DATAZONE == (15, 5)
    assert {m: (s.minimum, s.increment) for m, s in catalog.PTU_STEPS_REGIONAL.items()} == facts.PTU_STEPS_REGIONAL
    assert {m: (t.input_tpm, t.output_ratio) for m, t in catalog.PTU_THROUGHPUT.items()} == facts.PTU_THROUGHPUT
    assert (catalog.PTU_THROUGHPUT["gpt-5.5"].input_tpm, catalog.PTU_THROUGHPUT["gpt-5.5"].output_ratio) == (1_200, 6)
    assert catalog.MAX_WORKLOAD_RPM == 100_000 * 59_400
    assert (catalog.STANDARD_QUOTA_UNIT.tpm, catalog.STANDARD_QUOTA_UNIT.rpm) == (1_000, 6)
    assert {
        m: (u.tpm, u.rpm.numerator, u.rpm.denominator) for m, u in catalog.STANDARD_QUOTA_UNIT_BY_MODEL.items()
    } == {
        "o1": (1_000, 1, 6),
        "o3-mini": (1_000, 1, 10),
    }
    assert catalog.DATA_ZONES == ("eu", "us")
    assert {z: sorted(r) for z, r in catalog.DATA_ZONE_STANDARD_REGIONS.items()} == {
        z: sorted(r) for z, r in facts.DATA_ZONE_STANDARD_REGIONS.items()
    }
    assert catalog.DATA_ZONE_STANDARD_REGIONS["us"] - catalog.DATA_ZONE_PROVISIONED_REGIONS["us"] == {"centralus"}
    assert catalog.DATA_ZONE_PROVISIONED_REGIONS["eu"] == catalog.DATA_ZONE_STANDARD_REGIONS["eu"]
    assert tuple(catalog.HARM_CATEGORIES.values()) == facts.HARM_CATEGORIES
    assert catalog.PROMPT_SHIELDS == {"jailbreak": "Jailbreak", "indirect_attack": "Indirect Attack"}
    assert catalog.PROTECTED_MATERIAL == {"text": "Protected Material Text", "code": "Protected Material Code"}
    assert frozenset(facts.AZURE_REGIONS) == catalog.AZURE_REGIONS
    assert len(facts.AZURE_REGIONS) == len(catalog.AZURE_REGIONS) == 57


def test_type_tokens_are_the_packs() -> None:
    tokens = {name: value for name, value in vars(types).items() if name.isupper()}
    own = {"BLOCKLIST_ITEMS": "pulumi-python:dynamic/aoai:BlocklistItems", "DYNAMIC_PROVIDER_INPUT": "__provider"}
    assert {name: tokens[name] for name in own} == own
    assert {name: value for name, value in tokens.items() if name not in own} == {
        name.removesuffix("_TYPE"): value for name, value in vars(facts).items() if name.endswith("_TYPE")
    }


def test_type_tokens_exist_in_the_azure_native_sdk() -> None:
    """Each token is the `__init__` token of a resource class of the installed pulumi-azure-native."""
    spec = importlib.util.find_spec("pulumi_azure_native")
    assert spec is not None
    assert spec.submodule_search_locations is not None
    package = Path(next(iter(spec.submodule_search_locations)))
    for name, token in vars(facts).items():
        if name.endswith("_TYPE"):
            _, module, resource = token.split(":")
            source = (package / module / f"{_snake(resource)}.py").read_text(encoding="utf-8")
            assert f"'{token}'" in source, token


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_fact_cites_recorded_sources() -> None:
    assert len(SOURCE_IDS) == len(set(SOURCE_IDS))
    assert set(facts.CITATIONS) == PUBLIC_FACTS
    assert {source for cited in facts.CITATIONS.values() for source in cited} <= set(SOURCE_IDS)
    for source in facts.SOURCES:
        assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)*", source.id)
        assert source.url.startswith("https://"), source.id
        assert re.match(r"\d{4}-\d{2}|not recorded", source.read), source.id
        assert source.title


def test_code_cites_only_recorded_sources_and_every_source_is_cited() -> None:
    """A source id in a comment or docstring of aoai or the pack is one of facts.SOURCES, and each source backs a fact
    or a comment."""
    cited: dict[str, set[str]] = {}
    files = [*sorted((ROOT / "aoai").rglob("*.py")), *sorted((ROOT / "policies" / "aoai_policies").rglob("*.py"))]
    for path in files:
        if path.name == "facts.py":
            continue
        text = path.read_text(encoding="utf-8")
        for found in re.findall(r"\b(?:LEARN|AVM|PULUMI)(?:-[A-Z0-9]+)+\b", text):
            cited.setdefault(found, set()).add(str(path.relative_to(ROOT)))
    assert {source: where for source, where in cited.items() if source not in SOURCE_IDS} == {}
    assert "aoai/azure/catalog.py" in cited["LEARN-AI-VNET"]
    by_facts = {source for sources in facts.CITATIONS.values() for source in sources}
    assert [source for source in SOURCE_IDS if source not in by_facts and source not in cited] == []


def test_facts_state_no_value_twice_in_the_pack() -> None:
    """No policy module writes a sku name, type token, region or DNS zone as its own literal."""
    values = {
        facts.ACCOUNT_TYPE,
        *facts.DEPLOYMENT_SKUS,
        facts.ZONE_OPENAI,
        facts.ZONE_AI_SERVICES,
        *facts.AZURE_REGIONS,
    }
    found = []
    for path in sorted((ROOT / "policies" / "aoai_policies").glob("*.py")):
        if path.name in {"facts.py", "model_catalog.py"}:  # model_catalog.py: generated from Learn, read through facts
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in values:
                found.append((path.name, node.value))
    assert found == []


def test_each_region_has_its_display_name() -> None:
    assert list(facts.REGION_DISPLAY_NAMES) == list(facts.AZURE_REGIONS)
    assert [r for r, shown in facts.REGION_DISPLAY_NAMES.items() if shown.lower().replace(" ", "") != r] == []
