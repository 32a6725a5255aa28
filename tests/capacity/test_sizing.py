"""PTU sizing (provisioned throughput onboarding, learn.microsoft.com) and `aoai size`: Microsoft's worked example,
rounding, floors, every provisioned sku, cache edges, spillover quota, and bad input named by option."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

from aoai.azure import catalog
from aoai.azure.catalog import PtuThroughput
from aoai.capacity.sizing import SizingError, Workload, nearest_sizes, size_ptu, standard_quota
from aoai.cli import main
from aoai.cli.exit_codes import ExitCode
from aoai.errors import Issue

PROVISIONED = [n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned]


def test_microsofts_worked_example() -> None:
    size = size_ptu("gpt-5.2", "ProvisionedManaged", Workload.from_requests(1000, 100, 50))
    assert (size.converted_tpm, round(float(size.exact), 2), size.ptu) == (500_000, 147.06, 150)
    assert size.derivation() == ("500,000 converted TPM ÷ 3,400 per PTU = 147.06 → 150 PTU (minimum 50, steps of 50)")


@pytest.mark.parametrize(
    ("sku", "input_tpm", "expected"),
    [
        ("GlobalProvisionedManaged", 2_500 * 640, 640),  # an exact multiple stays
        ("GlobalProvisionedManaged", 2_500 * 640 + 1, 645),  # a token more rounds up a step
        ("DataZoneProvisionedManaged", 2_500 * 3, 15),  # the minimum floors it
        ("ProvisionedManaged", 2_500 * 3, 50),
        ("ProvisionedManaged", 2_500 * 100, 100),
        ("ProvisionedManaged", 2_500 * 101, 150),
    ],
)
def test_rounding_to_increment_and_minimum(sku: str, input_tpm: int, expected: int) -> None:
    assert size_ptu("gpt-4o", sku, Workload(input_tpm, 0)).ptu == expected


@pytest.mark.parametrize("sku", PROVISIONED)
def test_every_provisioned_sku_uses_its_steps(sku: str) -> None:
    size = size_ptu("gpt-4o-mini", sku, Workload(37_000 * 26, 0))
    steps = catalog.ptu_steps(sku, "gpt-4o-mini")
    assert (size.minimum, size.increment, size.ptu) == (
        steps.minimum,
        steps.increment,
        50 if steps.increment == 25 else 30,
    )


@pytest.mark.parametrize(
    ("cache", "converted"), [(0, 1_000_000 + 4 * 300_000), (1, 4 * 300_000), (0.2, 800_000 + 1_200_000)]
)
def test_cache_hit_rate_discounts_input_tokens_only(cache: float, converted: int) -> None:
    workload = Workload.from_requests(1000, 1000, 300, cache_hit_rate=cache)
    assert size_ptu("gpt-4o", "GlobalProvisionedManaged", workload).converted_tpm == converted


def test_baseline_share_sizes_provisioned_and_spillover_takes_the_rest() -> None:
    peak = Workload.from_requests(1000, 1000, 300, cache_hit_rate=0.2)
    baseline = peak.share(0.8)
    assert size_ptu("gpt-4o", "DataZoneProvisionedManaged", baseline).exact == Fraction(640)
    rest = Workload(peak.input_tpm - baseline.input_tpm, peak.output_tpm - baseline.output_tpm, 200)
    assert standard_quota("gpt-4o", rest) == 260  # (200,000 + 60,000) TPM ÷ 1,000; 200 RPM needs only 34 units
    assert standard_quota("gpt-4o", peak) == 1_300


def test_request_limits_can_dominate_standard_quota() -> None:
    assert standard_quota("o1", Workload.from_requests(60, 100, 100)) == 360  # 60 RPM × 6 units; tokens need 12


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(SizingError) as info:
        size_ptu("gpt-9", "GlobalProvisionedManaged", Workload(1, 1))
    [issue] = info.value.issues
    assert issue.path == "model"
    assert issue.message.startswith(
        "no PTU throughput known for 'gpt-9'; known: DeepSeek-R1, DeepSeek-V3-0324, Llama-3.3-70B-Instruct, gpt-4.1,"
    )
    custom = {"gpt-9": PtuThroughput(1_000, 2)}
    assert size_ptu("gpt-9", "GlobalProvisionedManaged", Workload(10_000, 5_000), custom).ptu == 20


@pytest.mark.parametrize(
    ("make", "issues"),
    [
        (
            lambda: Workload.from_requests(0, 10, 10),
            [Issue("peak_rpm", "must be a finite number greater than 0 and at most 5,940,000,000 (got 0)")],
        ),
        (
            lambda: Workload.from_requests(5, -1, 10),
            [Issue("prompt_tokens", "must be a finite number between 0 and 1,047,576 (got -1)")],
        ),
        (
            lambda: Workload(1, 1, cache_hit_rate=1.5),
            [
                Issue(
                    "cache_hit_rate",
                    "must be a finite number between 0 and 1 (got 1.5), e.g. 0.2 for 20 % of prompt tokens cached",
                )
            ],
        ),
        (
            lambda: Workload(1, 1).share(1.2),
            [
                Issue(
                    "baseline_share",
                    "must be a finite number greater than 0 and at most 1 (got 1.2), e.g. 0.8 for 80 % of the peak",
                )
            ],
        ),
    ],
)
def test_bad_workloads_name_the_input(make: Callable[[], Any], issues: list[Issue]) -> None:
    with pytest.raises(SizingError) as info:
        make()
    assert info.value.issues == issues


def test_aoai_size_reproduces_the_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["size", "--model", "gpt-5.2", "--rpm", "1000", "--prompt-tokens", "100", "--completion-tokens", "50"]
    assert main([*args, "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(p["sku"], p["ptu"], p["exactPtu"]) for p in result["provisioned"]] == [
        ("ProvisionedManaged", 150, 147.0588),
        ("GlobalProvisionedManaged", 150, 147.0588),
        ("DataZoneProvisionedManaged", 150, 147.0588),
    ]
    assert (result["spilloverQuota"], result["standardQuotaForPeak"]) == (0, 167)


def test_aoai_size_names_the_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["size", "--model", "gpt-4o", "--rpm", "-5", "--prompt-tokens", "1", "--completion-tokens", "1"]
    assert main([*args, "--cache", "2", "--sku", "Standard"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 2 configuration errors:",
        "  - --rpm: must be a finite number greater than 0 and at most 5,940,000,000 (got -5)",
        "  - --cache: must be a finite number between 0 and 1 (got 2), e.g. 0.2 for 20 % of prompt tokens cached",
    ]


def test_sizes_are_the_minimum_plus_whole_steps() -> None:
    # o1 on ProvisionedManaged starts at 25 and grows by 50: 25, 75, 125, … (a multiple of 50 is not deployable).
    needs_30 = Workload(230 * 30, 0)
    assert size_ptu("o1", "ProvisionedManaged", needs_30).ptu == 75
    assert size_ptu("o1", "ProvisionedManaged", Workload(230 * 25, 0)).ptu == 25
    assert nearest_sizes(30, 25, 50) == (25, 75)
    assert nearest_sizes(10, 25, 50) == (25, 25)
    assert nearest_sizes(75, 25, 50) == (75, 75)
