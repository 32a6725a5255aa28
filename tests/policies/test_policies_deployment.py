"""Deployment policies: the shipped prod plan passes; one mutated input per failing case yields the exact message."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DELETE
from policy_kit import found, not_applicable, shipped_plan, with_inputs

from aoai.plan.engine import Plan

PTU = "aoai-sweden-deployment-chat-ptu"
STANDARD = "aoai-sweden-deployment-chat"

DEPLOYMENT_POLICIES = [
    "deployment-allowed-skus",
    "deployment-allowed-models",
    "deployment-require-pinned-version",
    "deployment-allowed-version-upgrade-options",
    "deployment-require-content-filter",
    "deployment-provisioned-require-spillover",
    "deployment-provisioned-capacity-bounds",
]


def changed(name: str, changes: dict[str, Any]) -> Plan:
    return with_inputs(shipped_plan("prod"), name, changes)


@pytest.mark.parametrize("policy", DEPLOYMENT_POLICIES)
def test_prod_baseline_passes(policy: str) -> None:
    assert found(shipped_plan("prod"), policy) == []


CASES = [
    (
        "deployment-allowed-skus",
        STANDARD,
        {"sku.name": "GlobalStandard"},
        "sku 'GlobalStandard' is not allowed; allowed skus: DataZoneStandard, DataZoneProvisionedManaged,"
        " DataZoneBatch.",
    ),
    (
        "deployment-allowed-skus",
        STANDARD,
        {"sku": DELETE},
        "sku.name is not set; allowed skus: DataZoneStandard, DataZoneProvisionedManaged, DataZoneBatch.",
    ),
    (
        "deployment-allowed-models",
        STANDARD,
        {"properties.model.name": "gpt-35-turbo"},
        "model 'gpt-35-turbo' is not allowed; allowed models: gpt-5.1, gpt-5.4, text-embedding-3-large.",
    ),
    (
        "deployment-allowed-models",
        STANDARD,
        {"properties.model.version": "2025-08-07"},
        "model 'gpt-5.1' is deployed at version '2025-08-07'; allowed versions: 2025-11-13.",
    ),
    (
        "deployment-allowed-models",
        STANDARD,
        {"properties.model.version": DELETE},
        "model 'gpt-5.1' is deployed at an unpinned version; allowed versions: 2025-11-13.",
    ),
    (
        "deployment-require-pinned-version",
        STANDARD,
        {"properties.model.version": DELETE},
        "model 'gpt-5.1' has no version: Azure deploys its current default and may move it to another.",
    ),
    (
        "deployment-allowed-version-upgrade-options",
        STANDARD,
        {"properties.versionUpgradeOption": "NoAutoUpgrade"},
        "versionUpgradeOption 'NoAutoUpgrade' is not allowed; allowed: OnceCurrentVersionExpired. The deployment"
        " stops working when its model version retires.",
    ),
    (
        "deployment-allowed-version-upgrade-options",
        STANDARD,
        {"properties.versionUpgradeOption": DELETE},
        "versionUpgradeOption is not set (Azure reports null); allowed: OnceCurrentVersionExpired.",
    ),
    (
        "deployment-require-content-filter",
        STANDARD,
        {"properties.raiPolicyName": DELETE},
        "raiPolicyName is not set: Azure applies its default content filter, which this stack does not state.",
    ),
    (
        "deployment-require-content-filter",
        STANDARD,
        {"properties.raiPolicyName": "Microsoft.DefaultV2"},
        "raiPolicyName 'Microsoft.DefaultV2' is a built-in filter that is not allowed; allowed built-ins: none.",
    ),
    (
        "deployment-provisioned-require-spillover",
        PTU,
        {"properties.spilloverDeploymentName": DELETE},
        "provisioned deployment (DataZoneProvisionedManaged) has no spilloverDeploymentName: requests beyond its PTUs"
        " fail with HTTP 429 instead of spilling over to a DataZoneStandard deployment.",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.capacity": 52},
        "52 PTU is not a valid DataZoneProvisionedManaged size for 'gpt-5.1': sizes are 15 plus steps of 5 (nearest:"
        " 50 or 55).",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.capacity": 10},
        "10 PTU is below the DataZoneProvisionedManaged minimum of 15 for 'gpt-5.1'.",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.capacity": 100_005},
        "100005 PTU is above the per-deployment maximum of 100000.",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.capacity": DELETE},
        "sku.capacity is not set on a DataZoneProvisionedManaged deployment: state the PTUs to buy.",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.name": "ProvisionedManaged", "sku.capacity": 75},
        "75 PTU is not a valid ProvisionedManaged size for 'gpt-5.1': sizes are 50 plus steps of 50 (nearest: 50 or"
        " 100).",
    ),
    (
        "deployment-provisioned-capacity-bounds",
        PTU,
        {"sku.name": "ProvisionedManaged", "properties.model.name": "future-model"},
        "no PTU minimum and increment known for ProvisionedManaged with model 'future-model': add them to this"
        " policy's regionalModelSteps setting.",
    ),
]


@pytest.mark.parametrize(("policy", "name", "changes", "message"), CASES)
def test_violation(policy: str, name: str, changes: dict[str, Any], message: str) -> None:
    assert found(changed(name, changes), policy) == [(name, message)]


def test_version_upgrade_defaults_reject_only_no_auto_upgrade() -> None:
    policy = "deployment-allowed-version-upgrade-options"
    assert (
        found(changed(STANDARD, {"properties.versionUpgradeOption": "OnceNewDefaultVersionAvailable"}), policy, {})
        == []
    )
    assert found(changed(STANDARD, {"properties.versionUpgradeOption": "NoAutoUpgrade"}), policy, {}) == [
        (
            STANDARD,
            "versionUpgradeOption 'NoAutoUpgrade' is not allowed; allowed: OnceNewDefaultVersionAvailable,"
            " OnceCurrentVersionExpired. The deployment stops working when its model version retires.",
        )
    ]


def test_version_upgrade_option_is_not_judged_on_provisioned_deployments() -> None:
    policy = "deployment-allowed-version-upgrade-options"
    assert found(changed(PTU, {"properties.versionUpgradeOption": "NoAutoUpgrade"}), policy) == []
    assert found(changed(PTU, {"properties.versionUpgradeOption": DELETE}), policy) == []


def test_built_in_filters_are_allowed_by_default() -> None:
    plan = changed(STANDARD, {"properties.raiPolicyName": "Microsoft.DefaultV2"})
    assert found(plan, "deployment-require-content-filter", {}) == []


def test_developer_tier_is_left_out_of_the_default_skus() -> None:
    plan = changed(STANDARD, {"sku.name": "DeveloperTier"})
    assert found(plan, "deployment-allowed-skus", {}) == [
        (
            STANDARD,
            "sku 'DeveloperTier' is not allowed; allowed skus: Standard, GlobalStandard, DataZoneStandard,"
            " ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch.",
        )
    ]


def test_capacity_steps_are_configurable() -> None:
    policy = "deployment-provisioned-capacity-bounds"
    config = {policy: {"skuSteps": {"DataZoneProvisionedManaged": {"minimum": 25, "increment": 25}}}}
    assert found(shipped_plan("prod"), policy, config) == [
        (
            "aoai-france-deployment-chat-ptu",
            "30 PTU is not a valid DataZoneProvisionedManaged size for 'gpt-5.1': sizes are 25 plus steps of 25"
            " (nearest: 25 or 50).",
        ),
        (
            "aoai-sweden-deployment-chat-ptu",
            "40 PTU is not a valid DataZoneProvisionedManaged size for 'gpt-5.1': sizes are 25 plus steps of 25"
            " (nearest: 25 or 50).",
        ),
    ]


def test_standard_deployments_need_no_spillover_or_steps() -> None:
    plan = changed(STANDARD, {"sku.capacity": 7})
    assert found(plan, "deployment-provisioned-capacity-bounds") == []
    assert found(plan, "deployment-provisioned-require-spillover") == []


def test_allowed_models_not_applicable_without_a_list() -> None:
    plan = changed(STANDARD, {"properties.model.name": "anything"})
    assert found(plan, "deployment-allowed-models", {}) == []
    assert not_applicable(plan, "deployment-allowed-models", {}) == "no allowedModels configured"


def test_model_allowed_without_version_list_accepts_any_version() -> None:
    config = {"deployment-allowed-models": {"allowedModels": [{"name": "gpt-5.1"}, {"name": "text-embedding-3-large"}]}}
    plan = changed(STANDARD, {"properties.model.version": "2025-08-07"})
    assert found(plan, "deployment-allowed-models", config) == []


@pytest.mark.parametrize(
    ("allowed", "model", "messages"),
    [
        ([{"name": "DeepSeek-R1", "format": "DeepSeek"}], ("DeepSeek-R1", "DeepSeek"), []),
        (
            [{"name": "gpt-4o"}],
            ("gpt-4o", "xAI"),
            ["model 'gpt-4o' of format 'xAI' is not allowed; 'gpt-4o' is allowed only as OpenAI."],
        ),
        ([{"format": "Microsoft"}], ("Phi-4", "Microsoft"), []),
        (
            [{"format": "Microsoft"}, {"name": "DeepSeek-R1", "format": "DeepSeek"}, {"name": "gpt-4o"}],
            ("grok-3", "xAI"),
            ["model 'grok-3' is not allowed; allowed models: DeepSeek-R1 (DeepSeek), gpt-4o, any Microsoft model."],
        ),
    ],
)
def test_allowed_models_by_format(allowed: list[dict[str, Any]], model: tuple[str, str], messages: list[str]) -> None:
    plan = changed(STANDARD, {"properties.model.name": model[0], "properties.model.format": model[1]})
    config = {"deployment-allowed-models": {"allowedModels": allowed}}
    violations = [v for v in found(plan, "deployment-allowed-models", config) if v[0] == STANDARD]
    assert violations == [(STANDARD, m) for m in messages]


@pytest.mark.parametrize(
    ("capacity", "messages"),
    [
        (100, []),
        (200, []),
        (
            150,
            [
                "150 PTU is not a valid DataZoneProvisionedManaged size for 'DeepSeek-R1': sizes are 100 plus steps of"
                " 100 (nearest: 100 or 200)."
            ],
        ),
        (15, ["15 PTU is below the DataZoneProvisionedManaged minimum of 100 for 'DeepSeek-R1'."]),
    ],
)
def test_partner_models_have_their_own_global_and_data_zone_steps(capacity: int, messages: list[str]) -> None:
    plan = changed(
        PTU, {"properties.model.name": "DeepSeek-R1", "properties.model.format": "DeepSeek", "sku.capacity": capacity}
    )
    assert found(plan, "deployment-provisioned-capacity-bounds") == [(PTU, m) for m in messages]
