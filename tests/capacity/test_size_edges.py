"""`aoai size`, the price table and cost at their edges (issue #12): NaN, infinities, 1e308, zero and negative
option values are refused by option and range; a model the catalog does not know is sized from the user's figures;
prices are finite, bounded and exact, so no NaN or Infinity ever reaches the output."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import DELETE, ROOT, baseline, errors, mutate, valid
from hypothesis import assume, given
from hypothesis import strategies as st

from aoai.azure import catalog
from aoai.capacity.cost import EXAMPLE_PRICES, Cost, DeploymentCost, StackCost, compare, ptu_cost
from aoai.capacity.prices import MAX_HOURS_PER_MONTH, MAX_PRICE, PricesSpec, parse_prices
from aoai.capacity.sizing import (
    MAX_INPUT_TPM_PER_PTU,
    MAX_OUTPUT_RATIO,
    MAX_TOKENS_PER_MINUTE,
    SizingError,
    Workload,
)
from aoai.cli import main
from aoai.cli.exit_codes import ExitCode
from aoai.errors import ConfigError, Issue
from aoai.plan.build import stack_cost

REQUESTS = ["size", "--model", "gpt-4o", "--rpm", "100", "--prompt-tokens", "1000", "--completion-tokens", "200"]
TOKENS = ["size", "--model", "gpt-4o", "--input-tpm", "100000", "--output-tpm", "20000"]
PROVISIONED = [n for n, s in catalog.DEPLOYMENT_SKUS.items() if s.provisioned]
PTU = ("accounts", "sweden", "deployments", "gpt-4o-ptu")
PTU_PATH = ".".join(PTU)


def run(argv: list[str]) -> tuple[int, str, str, list[Path]]:
    """`aoai` in-process: the exit code, standard output and error, and the crash reports it wrote."""
    out, err = io.StringIO(), io.StringIO()
    with (
        tempfile.TemporaryDirectory() as crashes,
        mock.patch.dict(os.environ, {"AOAI_CRASH_DIR": crashes}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = main(argv)
        reports = list(Path(crashes).iterdir())
    return code, out.getvalue(), err.getvalue(), reports


def strict_json(text: str) -> Any:
    """JSON as a strict reader takes it: NaN, Infinity and -Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON output")

    return json.loads(text, parse_constant=refuse)


# --- options: every bad value named, with its range ------------------------------------------------------------

RPM_RANGE = "must be a finite number greater than 0 and at most 5,940,000,000"
TPM_RANGE = "must be a finite number between 0 and 5,940,000,000"
TOKEN_RANGE = "must be a finite number between 0 and 1,047,576"
CACHE = ", e.g. 0.2 for 20 % of prompt tokens cached"
SHARE = ", e.g. 0.8 for 80 % of the peak"
UTILIZATION = ", e.g. 0.6 when the month averages 60 % of the peak"


@pytest.mark.parametrize(
    ("base", "option", "value", "message"),
    [
        (REQUESTS, "--rpm", "nan", f"{RPM_RANGE} (got 'nan')"),
        (REQUESTS, "--rpm", "inf", f"{RPM_RANGE} (got 'inf')"),
        (REQUESTS, "--rpm", "-inf", f"{RPM_RANGE} (got '-inf')"),
        (REQUESTS, "--rpm", "1e308", f"{RPM_RANGE} (got 1e308)"),
        (REQUESTS, "--rpm", "1e400", f"{RPM_RANGE} (got 1e400)"),  # a float overflows to infinity
        (REQUESTS, "--rpm", "0", f"{RPM_RANGE} (got 0)"),
        (REQUESTS, "--rpm", "-5", f"{RPM_RANGE} (got -5)"),
        (REQUESTS, "--rpm", "lots", f"{RPM_RANGE} (got 'lots')"),
        (REQUESTS, "--rpm", "1_000", f"{RPM_RANGE} (got '1_000')"),
        (REQUESTS, "--rpm", "١٠٠", f"{RPM_RANGE} (got '١٠٠')"),  # Arabic-Indic digits, which float() would take
        (REQUESTS, "--rpm", "", f"{RPM_RANGE} (got '')"),
        (REQUESTS, "--prompt-tokens", "1e308", f"{TOKEN_RANGE} (got 1e308)"),
        (REQUESTS, "--completion-tokens", "-1", f"{TOKEN_RANGE} (got -1)"),
        (REQUESTS, "--completion-tokens", "1047577", f"{TOKEN_RANGE} (got 1047577)"),
        (TOKENS, "--input-tpm", "nan", f"{TPM_RANGE} (got 'nan')"),
        (TOKENS, "--output-tpm", "1e11", f"{TPM_RANGE} (got 1e11)"),
        (REQUESTS, "--cache", "nan", f"must be a finite number between 0 and 1 (got 'nan'){CACHE}"),
        (REQUESTS, "--cache", "1.01", f"must be a finite number between 0 and 1 (got 1.01){CACHE}"),
        (REQUESTS, "--baseline-share", "0", f"must be a finite number greater than 0 and at most 1 (got 0){SHARE}"),
        (
            REQUESTS,
            "--baseline-share",
            "inf",
            f"must be a finite number greater than 0 and at most 1 (got 'inf'){SHARE}",
        ),
        (
            REQUESTS,
            "--utilization",
            "nan",
            f"must be a finite number greater than 0 and at most 1 (got 'nan'){UTILIZATION}",
        ),
        (REQUESTS, "--utilization", "0", f"must be a finite number greater than 0 and at most 1 (got 0){UTILIZATION}"),
    ],
)
def test_a_bad_option_value_is_named_with_its_range(
    base: list[str], option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*base, f"{option}={value}"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == ["aoai size: 1 configuration error:", f"  - {option}: {message}"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--input-tpm-per-ptu", "1e308", "must be a finite whole number between 1 and 1,000,000 (got 1e308)"),
        ("--input-tpm-per-ptu", "0", "must be a finite whole number between 1 and 1,000,000 (got 0)"),
        ("--input-tpm-per-ptu", "2.5", "must be a finite whole number between 1 and 1,000,000 (got 2.5)"),
        ("--input-tpm-per-ptu", "nan", "must be a finite whole number between 1 and 1,000,000 (got 'nan')"),
        ("--output-ratio", "0", "must be a finite whole number between 1 and 100 (got 0)"),
        ("--output-ratio", "1e3", "must be a finite whole number between 1 and 100 (got 1e3)"),
    ],
)
def test_a_bad_throughput_option_is_named_with_its_range(
    option: str, value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    other = {"--input-tpm-per-ptu": "--output-ratio=4", "--output-ratio": "--input-tpm-per-ptu=1000"}[option]
    assert main([*REQUESTS, f"{option}={value}", other]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == ["aoai size: 1 configuration error:", f"  - {option}: {message}"]


@pytest.mark.parametrize(
    "options",
    [
        ["--rpm=5.94e9", "--prompt-tokens=1", "--completion-tokens=0"],  # the largest peak, the smallest request
        ["--rpm=0.5", "--prompt-tokens=0", "--completion-tokens=1047576"],
        ["--input-tpm=5940000000", "--output-tpm=0", "--cache=1", "--baseline-share=1", "--utilization=1"],
        ["--input-tpm=0", "--output-tpm=5.94e9", "--cache=0", "--baseline-share=0.0001", "--utilization=0.0001"],
    ],
)
def test_values_at_the_bounds_are_sized(options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--model", "gpt-4o", *options, "--format", "json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert [p["sku"] for p in result["provisioned"]] == PROVISIONED


def test_the_bounds_come_from_what_one_deployment_can_serve() -> None:
    # 100,000 PTU × 59,400 input TPM per PTU (gpt-4.1-nano); ten times the catalog's highest throughput figures.
    assert (MAX_TOKENS_PER_MINUTE, MAX_INPUT_TPM_PER_PTU, MAX_OUTPUT_RATIO) == (5_940_000_000, 10**6, 100)
    assert catalog.MAX_TOKENS_PER_REQUEST == 1_047_576


def test_a_size_beyond_one_deployment_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # 1e9 input TPM ÷ 2,500 per PTU = 400,000 PTU: computed, but no single deployment may have it.
    assert main(["size", "--model", "gpt-4o", "--input-tpm=1e9", "--output-tpm=0", "--format=json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert result["notes"] == [
        f"{sku} needs 400,000 PTU, more than the 100,000 a deployment may have: split the traffic over more"
        " deployments or accounts"
        for sku in PROVISIONED
    ]
    assert main([*TOKENS, "--format=json"]) == ExitCode.OK
    assert strict_json(capsys.readouterr().out)["notes"] == []


def test_requests_times_tokens_beyond_a_deployment_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    # Each factor is in range; their product is not: 1e9 RPM × 100 prompt tokens.
    args = ["size", "--model", "gpt-4o", "--rpm=1e9", "--prompt-tokens=100", "--completion-tokens=1"]
    assert main(args) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 1 configuration error:",
        "  - --prompt-tokens: 1e9 requests a minute × 100 tokens is 1e11 tokens a minute, more than the 5,940,000,000"
        " one deployment can be given: split the traffic over several deployments",
    ]
    assert main([*args, "--rpm=5e7"]) == ExitCode.OK  # 5e9 tokens a minute fit


def test_every_bad_option_is_reported_together(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*REQUESTS, "--rpm=nan", "--cache=-1", "--input-tpm-per-ptu=0"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 4 configuration errors:",
        f"  - --rpm: {RPM_RANGE} (got 'nan')",
        f"  - --cache: must be a finite number between 0 and 1 (got -1){CACHE}",
        "  - --input-tpm-per-ptu: must be a finite whole number between 1 and 1,000,000 (got 0)",
        "  - --output-ratio: required with --input-tpm-per-ptu: give both, from the Azure AI Foundry capacity"
        " calculator",
    ]


def test_a_nan_option_exits_2_from_the_command_line(tmp_path: Path) -> None:
    # Before issue #12 this was an internal error (70) with a traceback file.
    env = {**os.environ, "AOAI_CRASH_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "aoai", *REQUESTS, "--rpm", "nan"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (ExitCode.INVALID_INPUT, "")
    assert result.stderr.splitlines() == ["aoai size: 1 configuration error:", f"  - --rpm: {RPM_RANGE} (got 'nan')"]
    assert list(tmp_path.iterdir()) == []


# --- a model the catalog does not know ---------------------------------------------------------------------------

UNKNOWN = ["size", "--model", "gpt-9", "--input-tpm", "100000", "--output-tpm", "20000"]


def test_an_unknown_model_is_sized_from_the_users_throughput(capsys: pytest.CaptureFixture[str]) -> None:
    args = [*UNKNOWN, "--input-tpm-per-ptu", "1000", "--output-ratio", "4", "--baseline-share", "0.8"]
    assert main([*args, "--format", "json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert result["throughput"] == {"inputTpmPerPtu": 1000, "outputRatio": 4, "source": "user"}
    # 80 % of (100,000 + 4 × 20,000) = 144,000 converted TPM ÷ 1,000 = 144 → 145 PTU.
    assert [(p["sku"], p["ptu"]) for p in result["provisioned"]] == [
        ("GlobalProvisionedManaged", 145),
        ("DataZoneProvisionedManaged", 145),
    ]
    assert result["notes"] == [
        "PTU throughput of 'gpt-9' from --input-tpm-per-ptu 1000 and --output-ratio 4: your figures, not the catalog's",
        "ProvisionedManaged is not sized: its minimum and increment for 'gpt-9' are not in the catalog (give --sku"
        " to size another provisioned sku)",
    ]
    # The cost comparison sizes with the same figures (it used to crash); the example prices have none for gpt-9.
    [hourly, _] = result["cost"]["comparisons"]
    assert (hourly["ptu"], hourly["payAsYouGo"]) == (
        145,
        {"monthly": None, "basis": "no token price for gpt-9 on GlobalStandard in the price table"},
    )
    assert main(args) == ExitCode.OK
    text = capsys.readouterr().out
    assert "1 PTU carries 1,000 input TPM; 1 output token weighs 4 input tokens (from your figures)." in text
    assert "Note: PTU throughput of 'gpt-9' from --input-tpm-per-ptu 1000 and --output-ratio 4" in text


def test_the_users_throughput_overrides_the_catalogs_and_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*TOKENS, "--input-tpm-per-ptu=5000", "--output-ratio=2", "--format=json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert result["throughput"]["source"] == "user"
    assert result["provisioned"][1]["ptu"] == 30  # (100,000 + 2 × 20,000) ÷ 5,000 = 28 → 30
    assert main([*TOKENS, "--format=json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert (result["throughput"], result["notes"]) == (
        {"inputTpmPerPtu": 2_500, "outputRatio": 4, "source": "catalog"},
        [],
    )


def test_gpt_5_5_weighs_an_output_token_as_six_input_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--model", "gpt-5.5", *TOKENS[3:], "--format", "json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert (result["throughput"], result["notes"]) == (
        {"inputTpmPerPtu": 1_200, "outputRatio": 6, "source": "catalog"},
        [],
    )
    # 100,000 input + 6 × 20,000 output = 220,000 converted TPM ÷ 1,200 = 183.33 PTU (with the old assumed 8,
    # 260,000 ÷ 1,200 = 216.67: 18 % more)
    assert {p["sku"]: (p["convertedTpm"], p["ptu"]) for p in result["provisioned"]} == {
        "ProvisionedManaged": (220_000, 200),
        "GlobalProvisionedManaged": (220_000, 185),
        "DataZoneProvisionedManaged": (220_000, 185),
    }


def test_an_unknown_model_without_throughput_lists_the_known_ones_and_the_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(UNKNOWN) == ExitCode.INVALID_INPUT
    known = ", ".join(sorted(catalog.PTU_THROUGHPUT))
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 1 configuration error:",
        f"  - --model: no PTU throughput known for 'gpt-9'; known: {known}. Supply its input TPM per PTU and output"
        " ratio (from the Azure AI Foundry capacity calculator) with --input-tpm-per-ptu and --output-ratio",
    ]


def test_half_the_throughput_options_names_the_other_half(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*UNKNOWN, "--output-ratio", "4"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 1 configuration error:",
        "  - --input-tpm-per-ptu: required with --output-ratio: give both, from the Azure AI Foundry capacity"
        " calculator",
    ]


def test_a_regional_sku_asked_for_an_unknown_model_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = [*UNKNOWN, "--input-tpm-per-ptu", "1000", "--output-ratio", "4", "--sku", "ProvisionedManaged"]
    assert main(args) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        "aoai size: 1 configuration error:",
        "  - --model: the minimum and increment of ProvisionedManaged for 'gpt-9' are not known; use a global or"
        " data-zone sku (15 PTU minimum, steps of 5)",
    ]


def test_a_case_twin_of_a_known_model_or_sku_is_pointed_at(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--model", "GPT-4o", *TOKENS[3:]]) == ExitCode.INVALID_INPUT
    assert (
        "  - --model: no PTU throughput known for 'GPT-4o'; did you mean 'gpt-4o'? known: " in capsys.readouterr().err
    )
    assert main([*TOKENS, "--sku", "globalprovisionedmanaged"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines()[1] == (
        "  - --sku: 'globalprovisionedmanaged' is not a provisioned sku; did you mean 'GlobalProvisionedManaged'? use"
        " one of ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged"
    )


def test_a_sku_given_twice_is_sized_once(capsys: pytest.CaptureFixture[str]) -> None:
    sku = "GlobalProvisionedManaged"
    assert main([*TOKENS, "--sku", sku, "--sku", sku, "--format", "json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert [p["sku"] for p in result["provisioned"]] == [sku]
    assert [c["sku"] for c in result["cost"]["comparisons"]] == [sku]


def test_out_of_range_throughput_from_the_api_is_a_sizing_error() -> None:
    custom = {"gpt-9": catalog.PtuThroughput(1000, 10**400 + 7)}
    with pytest.raises(SizingError) as info:
        compare(
            EXAMPLE_PRICES,
            "gpt-9",
            "GlobalProvisionedManaged",
            Workload(1, 1),
            baseline_share=1,
            utilization=1,
            custom=custom,
        )
    [issue] = info.value.issues
    assert issue == (
        Issue(
            "model",
            "the PTU throughput supplied for 'gpt-9' is out of range: input TPM per PTU must be a finite whole number"
            " between 1 and 1,000,000 and the output ratio a finite whole number between 1 and 100 (got 1,000 and about"
            " 1e400)",
        )
    )


# --- stack workloads ---------------------------------------------------------------------------------------------


def _sized(**workload: object) -> dict[str, Any]:
    raw = mutate(baseline(), (*PTU, "capacity"), DELETE)
    return mutate(
        raw, (*PTU, "workload"), {"peak_rpm": 100, "prompt_tokens": 1000, "completion_tokens": 200, **workload}
    )


@pytest.mark.parametrize(
    ("rpm", "prompt", "path", "message"),
    [
        (math.inf, 1000, "peak_rpm", f"{RPM_RANGE} (got inf)"),  # was a ValueError from Fraction('inf')
        (math.nan, 1000, "peak_rpm", f"{RPM_RANGE} (got nan)"),
        (1e308, 1000, "peak_rpm", f"{RPM_RANGE} (got 1e308)"),  # was an OverflowError
        (100, math.inf, "prompt_tokens", f"{TOKEN_RANGE} (got inf)"),
    ],
)
def test_a_non_finite_workload_is_a_sizing_error(rpm: float, prompt: float, path: str, message: str) -> None:
    with pytest.raises(SizingError) as info:
        Workload.from_requests(rpm, prompt, 200)
    assert info.value.issues == [Issue(path, message)]
    with pytest.raises(SizingError):
        Workload(math.nan, 0)


@pytest.mark.parametrize(
    ("workload", "path"), [({"peak_rpm": math.inf}, "peak_rpm"), ({"prompt_tokens": 1e308}, "prompt_tokens")]
)
def test_a_non_finite_stack_workload_is_an_error_at_its_key(workload: dict[str, Any], path: str) -> None:
    # The stack's own schema may catch it first, or the sizing: either way one error at the key, never a crash.
    [(found, _)] = errors(_sized(**workload))
    assert found == f"{PTU_PATH}.workload.{path}"


# --- the price table ---------------------------------------------------------------------------------------------

AMOUNT = "must be a finite amount between 0 and 1,000,000"


@pytest.mark.parametrize(
    ("table", "path", "message"),
    [
        ({"ptu_hourly": {"ProvisionedManaged": math.inf}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got inf)"),
        ({"ptu_hourly": {"ProvisionedManaged": math.nan}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got nan)"),
        ({"ptu_hourly": {"ProvisionedManaged": 1e308}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got 1e+308)"),
        ({"ptu_hourly": {"ProvisionedManaged": -0.01}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got -0.01)"),
        ({"ptu_hourly": {"ProvisionedManaged": "1e7"}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got '1e7')"),
        ({"ptu_hourly": {"ProvisionedManaged": "cheap"}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got 'cheap')"),
        ({"ptu_hourly": {"ProvisionedManaged": True}}, "ptu_hourly.ProvisionedManaged", f"{AMOUNT} (got True)"),
        (
            {"ptu_hourly": {"ProvisionedManaged": 10**400}},
            "ptu_hourly.ProvisionedManaged",
            f"{AMOUNT} (got a number of more than 40 digits)",
        ),
        (
            {"ptu_reserved_monthly": {"GlobalProvisionedManaged": 1_000_001}},
            "ptu_reserved_monthly.GlobalProvisionedManaged",
            f"{AMOUNT} (got 1000001)",
        ),
        (
            {"tokens": {"gpt-4o": {"Standard": {"input": 2.5, "output": math.inf}}}},
            "tokens.gpt-4o.Standard.output",
            f"{AMOUNT} (got inf)",
        ),
        (
            {"tokens": {"gpt-4o": {"Standard": {"input": 2.5, "output": 10, "cached_input": -1}}}},
            "tokens.gpt-4o.Standard.cached_input",
            f"{AMOUNT} (got -1)",
        ),
        (
            {"hours_per_month": math.inf},
            "hours_per_month",
            "must be a finite number of hours greater than 0 and at most 744 (got inf)",
        ),
        (
            {"hours_per_month": 0},
            "hours_per_month",
            "must be a finite number of hours greater than 0 and at most 744 (got 0)",
        ),
        (
            {"hours_per_month": 745},
            "hours_per_month",
            "must be a finite number of hours greater than 0 and at most 744 (got 745)",
        ),
        (
            {"currency": "usd"},
            "currency",
            "must be a three-letter ISO 4217 currency code such as USD or EUR (got 'usd')",
        ),
        ({"label": ""}, "label", "must be text saying where the prices come from, e.g. 'Contoso EA 2026-10' (got '')"),
        (
            {"label": "EA\u200b2026"},
            "label",
            "must not hold control or invisible characters (such as a newline or a zero-width space)",
        ),
        ({"label": "x" * 201}, "label", "must be at most 200 characters, it is shown with every cost (got 201)"),
        (
            {"tokens": {"gpt-4o": {}, "GPT-4o": {}}},
            "tokens.GPT-4o",
            "the same model as tokens.gpt-4o (names differ only in case or spaces): keep one",
        ),
    ],
)
def test_a_bad_price_is_named_by_file_and_key(table: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_prices({"label": "test prices", **table}, "prices.yaml")
    assert info.value.source == "prices.yaml"
    assert [(i.path, i.message) for i in info.value.issues] == [(path, message)]


def test_good_prices_at_the_bounds_are_exact() -> None:
    table = {"label": "edge", "hours_per_month": 744, "ptu_hourly": {"ProvisionedManaged": 1_000_000}}
    prices = parse_prices({**table, "ptu_reserved_monthly": {"ProvisionedManaged": 0}}, "prices.yaml")
    assert prices.hours_per_month == 744
    assert prices.ptu_hourly == {"ProvisionedManaged": Decimal(1_000_000)}
    assert parse_prices({"label": "x", "ptu_hourly": {"ProvisionedManaged": 1.1}}, "p").ptu_hourly == {
        "ProvisionedManaged": Decimal("1.1")  # the decimal written, not the binary float's 1.100000000000000088…
    }
    # YAML 1.1 reads 1e3 as text; a JSON price table means a number by it.
    assert parse_prices({"label": "x", "ptu_hourly": {"ProvisionedManaged": "1e3"}}, "p").ptu_hourly == {
        "ProvisionedManaged": Decimal(1000)
    }


@pytest.mark.parametrize(("raw", "kind"), [(None, "nothing"), ([1, 2], "a list"), ("label: x", "a str")])
def test_a_price_table_that_is_not_a_mapping_is_refused(raw: object, kind: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_prices(raw, "prices.json")
    assert [(i.path, i.message) for i in info.value.issues] == [
        (
            "",
            "a price table is a mapping with the keys label, currency, hours_per_month, ptu_hourly,"
            f" ptu_reserved_monthly, tokens (got {kind})",
        )
    ]


def test_an_infinite_price_file_exits_2_naming_file_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Before issue #12, `.inf` was accepted and the JSON carried "monthly": Infinity. The file reader or the price
    # table refuses it, either way at its key.
    prices = tmp_path / "prices.yaml"
    prices.write_text("label: x\nptu_hourly: {GlobalProvisionedManaged: .inf}\n", encoding="utf-8")
    assert main([*TOKENS, "--prices", str(prices), "--format", "json"]) == ExitCode.INVALID_INPUT
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[0] == f"{prices}: 1 configuration error:"
    assert captured.err.splitlines()[1].startswith("  - ptu_hourly.GlobalProvisionedManaged: ")


@pytest.mark.parametrize(("written", "got"), [("1e308", "1e+308"), ("-1", "-1"), ("1000001", "1000001")])
def test_a_price_file_beyond_the_bounds_exits_2_naming_file_and_key(
    written: str, got: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1e308 PTU-hours used to overflow to Infinity once multiplied by hours and PTU.
    prices = tmp_path / "prices.json"
    prices.write_text(f'{{"label": "x", "ptu_hourly": {{"GlobalProvisionedManaged": {written}}}}}', encoding="utf-8")
    assert main([*TOKENS, "--prices", str(prices), "--format", "json"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.splitlines() == [
        f"{prices}: 1 configuration error:",
        f"  - ptu_hourly.GlobalProvisionedManaged: {AMOUNT} (got {got})",
    ]


def test_a_stack_price_that_is_not_finite_is_an_error_at_its_key() -> None:
    raw = mutate(baseline(), ("prices",), {"label": "x", "ptu_hourly": {"DataZoneProvisionedManaged": math.inf}})
    assert errors(raw) == [("prices.ptu_hourly.DataZoneProvisionedManaged", f"{AMOUNT} (got inf)")]


# --- exact money -------------------------------------------------------------------------------------------------


def test_money_is_rounded_half_up_to_cents_only_when_presented() -> None:
    prices = parse_prices({"label": "x", "ptu_reserved_monthly": {"GlobalProvisionedManaged": 2.675}}, "p")
    # 2.675 as a binary float is 2.67499999…, which round() takes down to 2.67.
    assert ptu_cost(prices, "GlobalProvisionedManaged", 1, reserved=True).to_json()["monthly"] == 2.68
    lines = [DeploymentCost("a", name, Cost(Decimal("0.004"), "tiny")) for name in ("x", "y")]
    summary = StackCost(prices, lines).to_json()
    # Each line shows 0.00, but the total is worked out from the exact amounts: 0.008 → 0.01.
    assert (summary["monthly"], summary["accounts"], summary["deployments"]["a/x"]["monthly"]) == (
        0.01,
        {"a": 0.01},
        0.0,
    )


def test_the_largest_cost_stays_finite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The most PTU `aoai size` can report (the most tokens a minute at 1 TPM per PTU, output tokens weighing 100)
    # at the highest prices and in the longest month.
    table = {
        "label": "edge",
        "hours_per_month": 744,
        "ptu_hourly": {"GlobalProvisionedManaged": 1_000_000},
        "ptu_reserved_monthly": {"GlobalProvisionedManaged": 1_000_000},
        "tokens": {"gpt-9": {"GlobalStandard": {"input": 1_000_000, "output": 1_000_000}}},
    }
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps(table), encoding="utf-8")
    args = ["size", "--model", "gpt-9", "--input-tpm=5.94e9", "--output-tpm=5.94e9", "--input-tpm-per-ptu=1"]
    args += ["--output-ratio=100", "--sku=GlobalProvisionedManaged", "--prices", str(prices), "--format=json"]
    assert main(args) == ExitCode.OK
    [row] = strict_json(capsys.readouterr().out)["cost"]["comparisons"]
    most = 5_940_000_000
    assert row["ptu"] == 101 * most  # (5.94e9 + 100 × 5.94e9) ÷ 1
    assert row["provisioned"]["monthly"] == float(101 * most * 1_000_000 * 744)
    assert row["payAsYouGo"]["monthly"] == float(2 * most * 60 * 744)  # tokens a minute × minutes, 1e6 per million


# --- properties --------------------------------------------------------------------------------------------------

NUMBER_FLAGS = [
    "--rpm",
    "--prompt-tokens",
    "--completion-tokens",
    "--input-tpm",
    "--output-tpm",
    "--cache",
    "--baseline-share",
    "--input-tpm-per-ptu",
    "--output-ratio",
    "--utilization",
]
option_values = st.one_of(
    st.floats().map(repr),
    st.floats().map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "-nan", "inf", "-inf", "1e308", "1e-320", "0", "-0", "1e10", "1e10.5", "0x10", " 1", "1 "]),
    st.text(max_size=20),
)


@given(
    changes=st.dictionaries(st.sampled_from(NUMBER_FLAGS), option_values, max_size=4),
    base=st.sampled_from([REQUESTS, TOKENS, UNKNOWN]),
    model=st.one_of(st.none(), st.sampled_from(["gpt-4o", "o1", "gpt-9", "GPT-4o", ""]), st.text(max_size=12)),
    output=st.sampled_from(["text", "json"]),
)
def test_property_any_option_values_exit_0_or_2_with_a_message(
    changes: dict[str, str], base: list[str], model: str | None, output: str
) -> None:
    kept = [arg for i, arg in enumerate(base) if arg not in changes and (i == 0 or base[i - 1] not in changes)]
    argv = [*kept, *(f"{flag}={value}" for flag, value in changes.items()), f"--format={output}"]
    if model is not None:
        argv.append(f"--model={model}")
    code, out, err, reports = run(argv)
    assert reports == []
    assert code in (ExitCode.OK, ExitCode.INVALID_INPUT), err
    if code == ExitCode.INVALID_INPUT:
        assert out == ""
        assert "configuration error" in err
        assert "Traceback" not in err
    elif output == "json":
        strict_json(out)


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**60), max_value=10**60),  # readers refuse integers of thousands of digits
    st.floats(),
    st.text(max_size=12),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12,
)
amounts = st.one_of(
    st.floats(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.sampled_from(["1e3", "2.5", "nan", "inf", "1e999999", "-0", ""]),
    json_values,
)
skus = st.sampled_from([*catalog.DEPLOYMENT_SKUS, "provisionedmanaged", ""])
shaped_tables = st.fixed_dictionaries(
    {},
    optional={
        "label": st.one_of(st.text(max_size=8), json_values),
        "currency": st.one_of(st.sampled_from(["USD", "EUR", "usd", "€"]), json_values),
        "hours_per_month": amounts,
        "ptu_hourly": st.one_of(st.dictionaries(skus, amounts, max_size=3), json_values),
        "ptu_reserved_monthly": st.dictionaries(skus, amounts, max_size=3),
        "tokens": st.dictionaries(
            st.sampled_from(["gpt-4o", "GPT-4o", " gpt-4o", "", "gpt-9"]),
            st.dictionaries(
                skus,
                st.one_of(
                    st.fixed_dictionaries(
                        {"input": amounts, "output": amounts}, optional={"cached_input": amounts, "extra": amounts}
                    ),
                    json_values,
                ),
                max_size=2,
            ),
            max_size=3,
        ),
        "surprise": json_values,
    },
)


@given(st.one_of(shaped_tables, json_values))
def test_property_any_json_shaped_price_table_is_prices_or_a_config_error(raw: Any) -> None:
    refused: ConfigError | None = None
    prices: PricesSpec | None = None
    try:
        prices = parse_prices(raw, "prices.json")
    except ConfigError as error:
        refused = error
    if refused is not None:
        assert refused.source == "prices.json"
        assert refused.issues
        assert all(issue.message for issue in refused.issues)
        return
    assert isinstance(prices, PricesSpec)
    amounts_of = [prices.hours_per_month, *prices.ptu_hourly.values(), *prices.ptu_reserved_monthly.values()]
    amounts_of += [a for by_sku in prices.tokens.values() for p in by_sku.values() for a in (p.input, p.output)]
    assert all(a.is_finite() and 0 <= a <= max(MAX_PRICE, MAX_HOURS_PER_MONTH) for a in amounts_of)


prices_in_range = st.decimals(min_value=0, max_value=MAX_PRICE, allow_nan=False, allow_infinity=False, places=6)
valid_tables = st.fixed_dictionaries(
    {
        "label": st.just("property prices"),
        "hours_per_month": st.decimals(min_value="0.001", max_value=MAX_HOURS_PER_MONTH, places=3),
        "ptu_hourly": st.dictionaries(st.sampled_from(PROVISIONED), prices_in_range),
        "ptu_reserved_monthly": st.dictionaries(st.sampled_from(PROVISIONED), prices_in_range),
        "tokens": st.dictionaries(
            st.sampled_from(["gpt-4o", "gpt-4o-mini", "o1"]),
            st.dictionaries(
                st.sampled_from(list(catalog.SPILLOVER_TARGET_SKU.values())),
                st.fixed_dictionaries(
                    {"input": prices_in_range, "output": prices_in_range}, optional={"cached_input": prices_in_range}
                ),
            ),
        ),
    }
)
shares = st.floats(min_value=0, max_value=1, exclude_min=True)
rates = st.floats(min_value=0, max_value=1)
tokens_per_request = st.floats(min_value=0, max_value=1e6)


@given(
    table=valid_tables,
    case=st.fixed_dictionaries(
        {
            "model": st.sampled_from(["gpt-4o", "gpt-4o-mini", "o1"]),
            "sku": st.sampled_from(PROVISIONED),
            "rpm": st.floats(min_value=0, max_value=1e6, exclude_min=True),
            "prompt": tokens_per_request,
            "completion": tokens_per_request,
            "cache": rates,
            "baseline_share": shares,
            "utilization": shares,
        }
    ),
)
def test_property_the_cost_of_a_valid_workload_is_finite_and_non_negative(
    table: dict[str, Any], case: dict[str, Any]
) -> None:
    prices = parse_prices(json.loads(json.dumps(table, default=float)), "prices.json")
    try:
        peak = Workload.from_requests(case["rpm"], case["prompt"], case["completion"], case["cache"])
    except SizingError:
        assume(False)  # more tokens a minute than a deployment can be given
        return
    utilization = case["utilization"]
    found = compare(
        prices, case["model"], case["sku"], peak, baseline_share=case["baseline_share"], utilization=utilization
    )
    for cost in (found.provisioned, found.reserved, found.pay_as_you_go):
        if cost.monthly is not None:
            assert cost.monthly.is_finite()
            assert cost.monthly >= 0
        json.dumps(cost.to_json(), allow_nan=False)
    for share in (found.break_even, found.break_even_reserved):
        assert share is None or 0 <= share <= 1
    found.recommendation(utilization)


@given(
    table=valid_tables,
    sku=st.sampled_from(["DataZoneProvisionedManaged", "DataZoneStandard"]),
    workload=st.fixed_dictionaries(
        {
            "peak_rpm": st.floats(min_value=0, max_value=1e5, exclude_min=True),
            "prompt_tokens": st.floats(min_value=0, max_value=1e4),
            "completion_tokens": st.floats(min_value=0, max_value=1e4),
            "cache_hit_rate": rates,
            "average_utilization": shares,
        }
    ),
)
def test_property_the_cost_of_a_valid_stack_is_finite_and_non_negative(
    table: dict[str, Any], sku: str, workload: dict[str, float]
) -> None:
    raw = mutate(baseline(), ("prices",), json.loads(json.dumps(table, default=float)))
    raw = mutate(raw, (*PTU, "capacity"), DELETE)
    raw = mutate(raw, (*PTU, "sku"), sku)
    raw = mutate(raw, (*PTU, "workload"), workload)
    if sku == "DataZoneStandard":
        raw = mutate(raw, (*PTU, "spillover_to"), DELETE)
    try:
        spec = valid(raw)
    except ConfigError:
        assume(False)  # e.g. more PTU than a deployment may have
        return
    summary = stack_cost(spec).to_json()
    json.dumps(summary, allow_nan=False)
    monthly = [summary["monthly"], *summary["accounts"].values()]
    monthly += [d["monthly"] for d in summary["deployments"].values() if d["monthly"] is not None]
    assert all(math.isfinite(m) and m >= 0 for m in monthly)


def test_a_partner_model_is_sized_on_its_own_steps_and_skus(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--model", "DeepSeek-R1", *TOKENS[3:], "--format", "json"]) == ExitCode.OK
    result = strict_json(capsys.readouterr().out)
    assert (result["throughput"], result["notes"]) == (
        {"inputTpmPerPtu": 4_000, "outputRatio": 4, "source": "catalog"},
        ["ProvisionedManaged is not sized: Microsoft offers DeepSeek-R1 on global and data-zone skus only"],
    )
    # 100,000 input + 4 × 20,000 output = 180,000 converted TPM ÷ 4,000 = 45 PTU, below the minimum of 100
    assert {p["sku"]: (p["convertedTpm"], p["ptu"]) for p in result["provisioned"]} == {
        "GlobalProvisionedManaged": (180_000, 100),
        "DataZoneProvisionedManaged": (180_000, 100),
    }
