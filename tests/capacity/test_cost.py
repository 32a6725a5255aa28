"""Cost planning on hand-computed cases: PTU hourly and reserved, tokens with caching and utilization, provisioned
against pay-as-you-go with break-even, the stack's cost in `aoai plan`, and its delta in `aoai diff`."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from aoai.capacity.cost import EXAMPLE_PRICES, Cost, compare, ptu_cost, token_cost
from aoai.capacity.prices import PricesSpec
from aoai.capacity.sizing import Workload
from aoai.cli import main
from aoai.cli.exit_codes import ExitCode

PRICES = PricesSpec.model_validate(
    {
        "label": "test prices",
        "ptu_hourly": {"GlobalProvisionedManaged": 1.0},
        "ptu_reserved_monthly": {"GlobalProvisionedManaged": 260.0},
        "tokens": {"gpt-4o": {"GlobalStandard": {"input": 2.5, "output": 10, "cached_input": 1.25}}},
    }
)
# 100 RPM × (1,000 prompt + 200 completion) tokens, half the prompt tokens cached.
PEAK = Workload.from_requests(100, 1000, 200, cache_hit_rate=0.5)


def test_ptu_cost_hourly_and_reserved() -> None:
    assert ptu_cost(EXAMPLE_PRICES, "DataZoneProvisionedManaged", 50) == Cost(
        Decimal("40150"), "50 PTU × 1.1 per PTU-hour × 730 h"
    )
    assert ptu_cost(EXAMPLE_PRICES, "DataZoneProvisionedManaged", 50, reserved=True) == Cost(
        Decimal("14300"), "50 PTU × 286 per PTU-month (reserved)"
    )
    assert ptu_cost(PRICES, "ProvisionedManaged", 50) == Cost(
        None, "no price per PTU-hour for ProvisionedManaged in the price table"
    )


def test_token_cost_counts_cached_prompt_tokens_at_their_price() -> None:
    # 21,900 minutes at 50 %: 1,095 M fresh + 1,095 M cached prompt tokens, 438 M completion tokens.
    cost = token_cost(PRICES, "gpt-4o", "GlobalStandard", PEAK, 0.5)
    assert cost.monthly == Decimal(1_095) * Decimal("2.5") + Decimal(1_095) * Decimal("1.25") + 438 * 10
    assert cost.basis == "2,628.0 M tokens a month at 50% of peak on GlobalStandard"
    assert token_cost(PRICES, "gpt-4o", "DataZoneStandard", PEAK, 0.5) == Cost(
        None, "no token price for gpt-4o on DataZoneStandard in the price table"
    )


def test_provisioned_against_pay_as_you_go() -> None:
    # (50,000 + 4 × 20,000) ÷ 2,500 = 52 → 55 PTU: 40,150 hourly, 14,300 reserved; pay-as-you-go 16,972.50 at 100 %.
    found = compare(PRICES, "gpt-4o", "GlobalProvisionedManaged", PEAK, baseline_share=1, utilization=0.5)
    assert (found.ptu, found.provisioned.monthly, found.reserved.monthly) == (55, 40_150.0, 14_300.0)
    assert found.pay_as_you_go.monthly == Decimal("8486.25")
    assert found.break_even is None  # 40,150 ÷ 16,972.50: above full utilization, so never
    assert found.break_even_reserved == Decimal(14_300) / Decimal("16972.5")
    assert found.recommendation(0.5) == (
        "pay-as-you-go is cheapest at 50% average utilization (8,486.25 a month; hourly PTU 40,150.00, reserved PTU"
        " 14,300.00); hourly PTU never pay off, reserved PTU pay off above 84% average utilization"
    )
    assert found.recommendation(0.9).startswith("pay-as-you-go")  # the recommendation is for the given utilization
    busy = compare(PRICES, "gpt-4o", "GlobalProvisionedManaged", PEAK, baseline_share=1, utilization=0.9)
    assert busy.recommendation(0.9).startswith("reserved PTU is cheapest at 90% average utilization (14,300.00")


def test_a_baseline_share_adds_the_spillover_traffic_to_the_provisioned_option() -> None:
    # 80 %: 104,000 ÷ 2,500 = 41.6 → 45 PTU = 32,850 hourly; the other 20 % at token prices: 1,697.25 at 50 %.
    found = compare(PRICES, "gpt-4o", "GlobalProvisionedManaged", PEAK, baseline_share=0.8, utilization=0.5)
    assert found.ptu == 45
    assert found.provisioned.monthly == Decimal("34547.25")  # 32,850 + 1,697.25
    assert found.break_even_reserved == Decimal(45 * 260) / (Decimal("16972.5") - Decimal("3394.5"))


def test_the_plan_carries_the_stack_cost(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "prod.json"
    assert main(["plan", "--stack", "prod", "--format", "json", "--out", str(out)]) == ExitCode.OK
    cost = json.loads(out.read_text(encoding="utf-8"))["cost"]
    assert (cost["label"], cost["monthly"], cost["accounts"]) == (
        EXAMPLE_PRICES.label,
        32_120.0 + 24_090.0,  # 40 and 30 PTU of DataZoneProvisionedManaged at 1.10 × 730 h
        {"aoai-prod-swc": 32_120.0, "aoai-prod-frc": 24_090.0},
    )
    assert cost["deployments"]["aoai-prod-swc/chat"] == {
        "monthly": None,
        "basis": "usage-based: give the deployment a workload to estimate it",
    }
    assert main(["plan", "--stack", "prod"]) == ExitCode.OK
    assert (
        "Monthly cost: 56,210.00 USD (EXAMPLE prices, for illustration only and not Azure's" in capsys.readouterr().out
    )


def prod_with(tmp_path: Path, name: str, **config: object) -> Path:
    """A copy of the prod stack file with `config` (aoai: keys) changed."""
    data = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text(encoding="utf-8"))
    data["config"].update({f"aoai:{k}": v for k, v in config.items()})
    path = tmp_path / f"Pulumi.{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_stacks_own_prices_are_used(tmp_path: Path) -> None:
    prices = {"label": "Contoso EA 2026-10", "currency": "EUR", "ptu_hourly": {"DataZoneProvisionedManaged": 2}}
    out = tmp_path / "plan.json"
    args = ["--stack-file", str(prod_with(tmp_path, "prod", prices=prices)), "--format", "json", "--out", str(out)]
    assert main(["plan", *args]) == ExitCode.OK
    cost = json.loads(out.read_text(encoding="utf-8"))["cost"]
    assert (cost["label"], cost["currency"], cost["monthly"]) == ("Contoso EA 2026-10", "EUR", 70 * 2 * 730)


def test_the_diff_shows_the_monthly_cost_delta(tmp_path: Path) -> None:
    base, head, review = tmp_path / "base.json", tmp_path / "head.json", tmp_path / "review.json"
    assert main(["plan", "--stack", "prod", "--format", "json", "--out", str(base)]) == ExitCode.OK
    accounts = yaml.safe_load((ROOT / "stacks" / "Pulumi.prod.yaml").read_text(encoding="utf-8"))["config"]
    accounts = accounts["aoai:accounts"]
    accounts["france"]["deployments"]["chat-ptu"]["capacity"] = 40
    stack_file = prod_with(tmp_path, "prod", accounts=accounts)
    assert main(["plan", "--stack-file", str(stack_file), "--format", "json", "--out", str(head)]) == ExitCode.OK
    main(["diff", str(base), str(head), "--format", "json", "--out", str(review)])
    assert json.loads(review.read_text(encoding="utf-8"))["cost"] == {
        "before": 56_210.0,
        "after": 64_240.0,
        "delta": 8_030.0,  # 10 PTU × 1.10 × 730 h
        "currency": "USD",
        "label": EXAMPLE_PRICES.label,
        "deployments": [{"deployment": "aoai-prod-frc/chat-ptu", "before": 24_090.0, "after": 32_120.0}],
    }
    markdown = tmp_path / "review.md"
    main(["diff", str(base), str(head), "--format", "markdown", "--out", str(markdown)])
    assert (
        "### Cost\n\nMonthly cost 56,210.00 → 64,240.00 USD (+8,030.00), EXAMPLE prices, for illustration only"
        in markdown.read_text(encoding="utf-8")
    )


def test_aoai_size_compares_cost_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text(yaml.safe_dump(PRICES.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    args = ["size", "--model", "gpt-4o", "--rpm", "100", "--prompt-tokens", "1000", "--completion-tokens", "200"]
    options = ["--cache", "0.5", "--sku", "GlobalProvisionedManaged", "--utilization", "0.5", "--prices", str(prices)]
    assert main([*args, *options, "--format", "json"]) == ExitCode.OK
    cost = json.loads(capsys.readouterr().out)["cost"]
    [row] = cost["comparisons"]
    assert (cost["label"], row["ptu"], row["provisioned"]["monthly"], row["payAsYouGo"]["monthly"]) == (
        "test prices",
        55,
        40_150.0,
        8_486.25,
    )
    assert row["breakEvenUtilizationReserved"] == round(14_300 / 16_972.5, 4)


def test_aoai_size_rejects_bad_cost_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["size", "--model", "gpt-4o", "--rpm", "100", "--prompt-tokens", "1000", "--completion-tokens", "200"]
    assert main([*args, "--utilization", "1.5"]) == ExitCode.INVALID_INPUT
    prices = tmp_path / "prices.yaml"
    prices.write_text("label: x\nptu_hourly: {Standard: 1}\n", encoding="utf-8")
    assert main([*args, "--prices", str(prices)]) == ExitCode.INVALID_INPUT
    err = capsys.readouterr().err
    assert "--utilization: must be a finite number greater than 0 and at most 1 (got 1.5)" in err
    assert f"{prices}: 1 configuration error" in err
    assert "ptu_hourly" in err
