"""Warnings: valid but risky configurations are named, and the compliant baseline has none."""

from __future__ import annotations

from conftest import DELETE, baseline, mutate, valid

from aoai.spec.advice import warnings

ACC = ("accounts", "sweden")


def messages(raw: dict) -> list[str]:
    return [str(w) for w in warnings(valid(raw))]


def test_baseline_has_no_warnings() -> None:
    assert messages(baseline()) == []


def test_each_warning_fires_on_its_own() -> None:
    raw = mutate(baseline(), (*ACC, "private_endpoint"), DELETE)
    assert messages(raw) == [
        "accounts.sweden: public network access is disabled and there is no private endpoint: nothing can reach it"
    ]
    raw = mutate(baseline(), (*ACC, "public_network_access_enabled"), True)
    raw = mutate(raw, (*ACC, "network_acls"), {"default_action": "Allow"})
    assert messages(raw) == [
        "accounts.sweden.network_acls.default_action: Allow opens the account to the whole internet"
    ]
    raw = mutate(baseline(), (*ACC, "deployments", "gpt-4o", "version_upgrade_option"), "NoAutoUpgrade")
    assert messages(raw) == [
        "accounts.sweden.deployments.gpt-4o.version_upgrade_option: NoAutoUpgrade deployments stop working when the "
        "model retires"
    ]
    raw = mutate(baseline(), ("content_filters", "strict", "mode"), "Asynchronous_filter")
    assert messages(raw) == [
        "content_filters.strict.mode: Asynchronous_filter needs Microsoft's approval (modified content filters)"
    ]
    raw = mutate(baseline(), ("content_filters", "strict", "categories", "hate"), {"completion": {"blocking": False}})
    assert messages(raw) == [
        "content_filters.strict.categories.hate.completion: turning a harm filter off or to annotate-only needs "
        "Microsoft's approval (modified content filters)"
    ]


def test_regional_spillover_is_unconfirmed() -> None:
    ptu = (*ACC, "deployments", "gpt-4o-ptu")
    raw = mutate(baseline(), ("data_zone",), DELETE)
    raw = mutate(raw, (*ptu, "sku"), "ProvisionedManaged")
    raw = mutate(raw, (*ptu, "capacity"), 50)
    raw = mutate(raw, (*ACC, "deployments", "gpt-4o", "sku"), "Standard")
    assert messages(raw) == [
        "accounts.sweden.deployments.gpt-4o-ptu.spillover_to: Microsoft documents spillover for Global and DataZone "
        "provisioned deployments; regional ProvisionedManaged → Standard is unconfirmed"
    ]


def test_spillover_to_another_processing_level_is_warned_not_refused() -> None:
    raw = mutate(baseline(), ("data_zone",), DELETE)
    raw = mutate(raw, (*ACC, "deployments", "gpt-4o", "sku"), "GlobalStandard")
    assert messages(raw) == [
        "accounts.sweden.deployments.gpt-4o-ptu.spillover_to: 'gpt-4o' is GlobalStandard (global processing) but this"
        " DataZoneProvisionedManaged deployment is datazone: overflow is processed elsewhere than the baseline; use a"
        " DataZoneStandard target to keep one processing level (Microsoft's spillover page asks only for a standard"
        " deployment, so this is not refused)"
    ]


def test_upgrade_option_on_a_provisioned_deployment_has_no_effect() -> None:
    ptu = (*ACC, "deployments", "gpt-4o-ptu", "version_upgrade_option")
    assert messages(mutate(baseline(), ptu, "OnceCurrentVersionExpired")) == [
        "accounts.sweden.deployments.gpt-4o-ptu.version_upgrade_option: Azure updates only standard deployment types"
        " automatically, so it has no effect on DataZoneProvisionedManaged: move the deployment to a new model version"
        " yourself before this one retires"
    ]
    assert messages(mutate(baseline(), ptu, "NoAutoUpgrade")) == [
        "accounts.sweden.deployments.gpt-4o-ptu.version_upgrade_option: Azure updates only standard deployment types"
        " automatically, so it has no effect on DataZoneProvisionedManaged: move the deployment to a new model version"
        " yourself before this one retires"
    ]
    standard = (*ACC, "deployments", "gpt-4o", "version_upgrade_option")
    assert messages(mutate(baseline(), standard, "OnceCurrentVersionExpired")) == []
