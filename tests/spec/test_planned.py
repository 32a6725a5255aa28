"""Capacity sized from a deployment's workload in the stack file: the PTU, the spillover target's quota, warnings
when a given capacity disagrees, and errors at the key path for bad workloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DELETE, baseline, errors, mutate, plan_of, valid

from aoai.cli import main
from aoai.spec.advice import warnings
from aoai.spec.planned import PlannedCapacity

ACC = ("accounts", "sweden")
PTU = (*ACC, "deployments", "gpt-4o-ptu")
STANDARD = (*ACC, "deployments", "gpt-4o")
PTU_PATH = "accounts.sweden.deployments.gpt-4o-ptu"
# 50 RPM × (2,000 + 300) tokens, 10 % cached, 80 % on PTU: (80,000 × 0.9 + 4 × 12,000) ÷ 2,500 = 48 → 50 PTU;
# the other 20 %: 20,000 + 3,000 TPM → 23 quota units (10 RPM needs only 2).
WORKLOAD = {
    "peak_rpm": 50,
    "prompt_tokens": 2000,
    "completion_tokens": 300,
    "cache_hit_rate": 0.1,
    "baseline_share": 0.8,
}
PTU_DERIVATION = (
    "sized for 80% of peak 50 RPM × (2,000 prompt + 300 completion tokens), 10% cached: 120,000 converted TPM ÷ 2,500"
    " per PTU = 48.00 → 50 PTU (minimum 15, steps of 5)"
)
SPILL_DERIVATION = (
    "spillover from gpt-4o-ptu: the 20% of its peak (50 RPM × (2,000 prompt + 300 completion tokens), 10% cached)"
    " above its baseline needs 23 quota units (1,000 TPM and 6 RPM each)"
)


def sized(**changes: Any) -> dict[str, Any]:
    """The baseline with the PTU deployment sized from WORKLOAD (and `changes` to it) instead of a capacity."""
    raw = mutate(baseline(), (*PTU, "capacity"), DELETE)
    return mutate(raw, (*PTU, "workload"), {**WORKLOAD, **changes})


def test_a_provisioned_deployment_and_its_spillover_target_are_sized_from_the_workload() -> None:
    raw = mutate(sized(), (*STANDARD, "capacity"), DELETE)
    assert valid(raw).capacities("sweden") == {
        "gpt-4o-ptu": PlannedCapacity(50, 50, PTU_DERIVATION),
        "gpt-4o": PlannedCapacity(23, 23, SPILL_DERIVATION),
        "embedding": PlannedCapacity(20),
    }
    assert warnings(valid(raw)) == []


def test_the_plan_deploys_the_sized_capacities() -> None:
    plan = plan_of(mutate(sized(), (*STANDARD, "capacity"), DELETE))
    skus = {
        r.inputs["deploymentName"]: r.inputs["sku"] for r in plan.of_type("azure-native:cognitiveservices:Deployment")
    }
    assert skus == {
        "gpt-4o-ptu": {"name": "DataZoneProvisionedManaged", "capacity": 50},
        "gpt-4o": {"name": "DataZoneStandard", "capacity": 23},
        "embedding": {"name": "DataZoneStandard", "capacity": 20},
    }


def test_a_standard_deployment_is_sized_for_its_whole_peak() -> None:
    raw = mutate(baseline(), (*STANDARD, "capacity"), DELETE)
    raw = mutate(raw, (*STANDARD, "workload"), {"peak_rpm": 600, "prompt_tokens": 150, "completion_tokens": 50})
    # 600 × 200 = 120,000 TPM → 120 units; 600 RPM ÷ 6 → 100 units
    assert valid(raw).capacities("sweden")["gpt-4o"].value == 120


def test_a_given_capacity_wins_and_a_differing_sizing_is_a_warning() -> None:
    raw = mutate(sized(), (*PTU, "capacity"), 60)
    spec = valid(raw)
    assert spec.capacities("sweden")["gpt-4o-ptu"] == PlannedCapacity(60, 50, PTU_DERIVATION)
    assert [str(w) for w in warnings(spec)] == [
        f"{PTU_PATH}.capacity: 60 is deployed, but the workload needs 50 ({PTU_DERIVATION})"
    ]


def test_a_spillover_target_smaller_than_the_rest_of_the_peak_is_a_warning() -> None:
    raw = mutate(sized(peak_rpm=1000), (*STANDARD, "capacity"), 100)
    assert [str(w) for w in warnings(valid(raw)) if "gpt-4o.capacity" in str(w)] == [
        "accounts.sweden.deployments.gpt-4o.capacity: 100 is less than the 460 needed for spillover from gpt-4o-ptu:"
        " the 20% of its peak (1,000 RPM × (2,000 prompt + 300 completion tokens), 10% cached) above its baseline"
        " needs 460 quota units (1,000 TPM and 6 RPM each)"
    ]


def test_capacity_is_required_without_a_workload() -> None:
    assert errors(mutate(baseline(), (*PTU, "capacity"), DELETE)) == [
        (f"{PTU_PATH}.capacity", "required: give capacity, or a workload to size it from")
    ]
    raw = mutate(sized(baseline_share=1), (*STANDARD, "capacity"), DELETE)
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.gpt-4o.capacity",
            "required: give capacity, or a workload to size it from (the deployment that spills over to it keeps"
            " its whole peak: give it a capacity)",
        )
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"peak_rpm": -5}, ("workload.peak_rpm", "must be more than 0 (got -5)")),
        ({"prompt_tokens": -1}, ("workload.prompt_tokens", "must be at least 0 (got -1)")),
        ({"cache_hit_rate": 1.5}, ("workload.cache_hit_rate", "must be at most 1 (got 1.5)")),
        ({"baseline_share": 0}, ("workload.baseline_share", "must be more than 0 (got 0)")),
    ],
)
def test_bad_workload_values_are_errors_at_their_key(changes: dict[str, Any], expected: tuple[str, str]) -> None:
    [(path, message)] = errors(sized(**changes))
    assert (path, message) == (f"{PTU_PATH}.{expected[0]}", expected[1])


def test_a_model_without_known_throughput_says_how_to_supply_it() -> None:
    raw = mutate(sized(), (*PTU, "model"), {"name": "gpt-9", "version": "1"})
    raw = mutate(raw, (*STANDARD, "model"), {"name": "gpt-9", "version": "1"})
    [(path, message)] = errors(raw)
    assert path == f"{PTU_PATH}.model.name"
    assert message.startswith(
        "no PTU throughput known for 'gpt-9'; known: DeepSeek-R1, DeepSeek-V3-0324, Llama-3.3-70B-Instruct, "
    )
    assert message.endswith(
        "Supply its input TPM per PTU and output ratio (from the Azure AI Foundry capacity calculator), in the stack"
        " file: ptu_throughput: {<model>: {input_tpm_per_ptu: <n>, output_ratio: <n>}}"
    )
    raw["ptu_throughput"] = {"gpt-9": {"input_tpm_per_ptu": 1000, "output_ratio": 2}}
    # (72,000 + 2 × 12,000) ÷ 1,000 = 96 → 100
    assert valid(raw).capacities("sweden")["gpt-4o-ptu"].value == 100


def test_a_workload_needs_a_provisioned_or_standard_sku() -> None:
    raw = mutate(
        baseline(),
        (*ACC, "deployments", "batch"),
        {
            "model": {"name": "gpt-4o", "version": "2024-11-20"},
            "sku": "DataZoneBatch",
            "workload": {"peak_rpm": 1, "prompt_tokens": 1, "completion_tokens": 1},
        },
    )
    assert (
        "accounts.sweden.deployments.batch.workload",
        "sizing from a workload needs a provisioned or standard sku, not DataZoneBatch",
    ) in errors(raw)


def test_only_a_provisioned_deployment_has_a_baseline_share() -> None:
    raw = mutate(baseline(), (*STANDARD, "workload"), {**WORKLOAD})
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.gpt-4o.workload.baseline_share",
            "only a provisioned deployment carries a baseline share; a standard one carries its whole peak",
        )
    ]


def test_prod_declares_its_swedish_ptu_by_workload(tmp_path: Path) -> None:
    out = tmp_path / "prod.json"
    assert main(["plan", "--stack", "prod", "--format", "json", "--out", str(out)]) == 0
    plan = json.loads(out.read_text(encoding="utf-8"))
    assert {k: (v["capacity"], v["sized"]) for k, v in plan["sizing"].items()} == {
        "aoai-prod-swc/chat-ptu": (40, 40),
        "aoai-prod-swc/chat": (300, 23),
    }
    assert plan["warnings"] == [w for w in plan["warnings"] if ".capacity:" not in w]
