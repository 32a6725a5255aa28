"""Availability per the catalog's model matrix: a model, version and sku not offered in the account's region is an
error naming the regions that offer it (unless the deployment says `availability: unverified`); unknown models and
versions, and versions retired or retiring within 90 days, are warned. Both polarities of each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import DELETE, baseline, errors, mutate, valid

from aoai.azure import catalog
from aoai.errors import UsageError
from aoai.spec import availability
from aoai.spec.advice import warnings

ACC = ("accounts", "sweden")
STD = (*ACC, "deployments", "gpt-4o")
TABLES = f"Microsoft's model tables of {catalog.CATALOG_DATE.isoformat()}"


def gpt_5_2_on_data_zone_standard(region: str) -> dict:
    """The baseline with a gpt-5.2 DataZoneStandard deployment `chat` added, its account and data zone in `region`."""
    raw = mutate(baseline(), (*ACC, "region"), region)
    raw = mutate(raw, ("resource_group", "location"), region)
    raw = mutate(raw, ("data_zone",), catalog.data_zone_of(region))
    chat = {"model": {"name": "gpt-5.2", "version": "2025-12-11"}, "sku": "DataZoneStandard", "capacity": 10}
    return mutate(raw, (*ACC, "deployments", "chat"), chat)


def test_an_eu_gpt_5_2_data_zone_standard_deployment_is_refused_with_the_us_regions_that_offer_it() -> None:
    assert errors(gpt_5_2_on_data_zone_standard("swedencentral")) == [
        (
            "accounts.sweden.deployments.chat.model",
            f"gpt-5.2 2025-12-11 on DataZoneStandard is not offered in swedencentral ({TABLES}); it is offered in"
            " centralus, eastus, eastus2, northcentralus, southcentralus, westus, westus3: deploy it from an account"
            " in one of those regions, or choose another sku. If Azure offers it now, set availability: unverified"
            " on this deployment (`aoai preflight` then checks it against Azure)",
        )
    ]


def test_the_same_deployment_in_a_us_region_is_accepted() -> None:
    assert valid(gpt_5_2_on_data_zone_standard("eastus2")).accounts["sweden"].deployments["chat"].sku == (
        "DataZoneStandard"
    )


def test_availability_unverified_waives_the_region_check_and_is_warned() -> None:
    raw = mutate(
        gpt_5_2_on_data_zone_standard("swedencentral"), (*ACC, "deployments", "chat", "availability"), "unverified"
    )
    assert [str(w) for w in warnings(valid(raw), date(2026, 6, 1))] == [
        "accounts.sweden.deployments.chat.availability: unverified: aoai does not check the catalog's regions for"
        " this deployment; `aoai preflight` checks it against Azure",
    ]


def test_a_model_offered_on_another_sku_only_names_those_skus() -> None:
    raw = mutate(
        baseline(),
        (*ACC, "deployments", "embedding"),
        {"model": {"name": "gpt-image-2", "version": "2026-04-21"}, "sku": "DataZoneStandard", "capacity": 1},
    )
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.embedding.model",
            f"gpt-image-2 2026-04-21 on DataZoneStandard is not offered in swedencentral ({TABLES}); it is offered"
            " in no region on DataZoneStandard; it is on GlobalStandard, or choose another sku. If Azure offers it"
            " now, set availability: unverified on this deployment (`aoai preflight` then checks it against Azure)",
        )
    ]


@pytest.mark.parametrize(
    ("model", "path", "message"),
    [
        (
            {"name": "gpt-4o-turbo-max", "version": "2024-11-20"},
            "accounts.sweden.deployments.gpt-4o.model.name",
            f"model 'gpt-4o-turbo-max' is not in aoai's catalog ({TABLES}): unverified offline; `aoai preflight`"
            " checks it against Azure",
        ),
        (
            {"name": "gpt-4o", "version": "2099-01-01"},
            "accounts.sweden.deployments.gpt-4o.model.version",
            f"gpt-4o version '2099-01-01' is not in aoai's catalog ({TABLES}; known: 2024-05-13, 2024-08-06,"
            " 2024-11-20): unverified offline; `aoai preflight` checks it against Azure",
        ),
    ],
)
def test_unknown_models_and_versions_are_warned(model: dict, path: str, message: str) -> None:
    raw = mutate(
        mutate(baseline(), (*STD, "model"), model), (*ACC, "deployments", "gpt-4o-ptu", "spillover_to"), DELETE
    )
    assert [(w.path, w.message) for w in warnings(valid(raw), date(2026, 6, 1))] == [(path, message)]


def test_known_models_are_not_warned() -> None:
    assert warnings(valid(baseline()), date(2026, 6, 1)) == []


RETIRES = date(2026, 10, 1)  # gpt-4o 2024-11-20 (LEARN-MODEL-RETIREMENTS)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (RETIRES - timedelta(days=91), []),
        (
            RETIRES - timedelta(days=90),
            [
                (
                    "accounts.sweden.deployments.gpt-4o-ptu.model.version",
                    f"gpt-4o 2024-11-20 retires on 2026-10-01, in 90 days ({TABLES}): Azure does not move provisioned"
                    " or batch deployments by itself; pin a newer version",
                ),
                (
                    "accounts.sweden.deployments.gpt-4o.model.version",
                    f"gpt-4o 2024-11-20 retires on 2026-10-01, in 90 days ({TABLES}): Azure then moves this"
                    " deployment to the default version; pin a newer version",
                ),
            ],
        ),
        (
            RETIRES + timedelta(days=1),
            [
                (
                    "accounts.sweden.deployments.gpt-4o-ptu.model.version",
                    f"gpt-4o 2024-11-20 retired on 2026-10-01 ({TABLES}): Azure does not move provisioned or batch"
                    " deployments by itself; pin a newer version",
                ),
                (
                    "accounts.sweden.deployments.gpt-4o.model.version",
                    f"gpt-4o 2024-11-20 retired on 2026-10-01 ({TABLES}): Azure then moves this deployment to the"
                    " default version; pin a newer version",
                ),
            ],
        ),
    ],
)
def test_versions_retiring_within_90_days_are_warned(today: date, expected: list[tuple[str, str]]) -> None:
    assert [(w.path, w.message) for w in warnings(valid(baseline()), today)] == expected


def test_a_no_auto_upgrade_deployment_says_it_stops() -> None:
    raw = mutate(baseline(), (*STD, "version_upgrade_option"), "NoAutoUpgrade")
    found = [(w.path, w.message) for w in warnings(valid(raw), RETIRES)]
    assert (
        "accounts.sweden.deployments.gpt-4o.model.version",
        f"gpt-4o 2024-11-20 retires on 2026-10-01, in 0 days ({TABLES}): this deployment then stops working; pin a"
        " newer version",
    ) in found


def test_the_date_retirements_are_judged_on_can_be_stated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AOAI_TODAY", "2026-09-30")
    assert availability.today() == date(2026, 9, 30)
    monkeypatch.setenv("AOAI_TODAY", "30.09.2026")
    with pytest.raises(UsageError) as info:
        availability.today()
    assert str(info.value) == (
        "the environment variable AOAI_TODAY: 1 configuration error:\n"
        "  - AOAI_TODAY: '30.09.2026' is not a date: write it as YYYY-MM-DD, or unset it"
    )
    monkeypatch.delenv("AOAI_TODAY")
    assert availability.today() == date.today()
