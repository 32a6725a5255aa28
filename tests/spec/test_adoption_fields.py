"""The fields that let a stack state a live estate as it is: a deployment's Azure name, a private endpoint's name,
a diagnostic setting's name and aoai's own tags. Both polarities, exact messages, and what the program declares."""

from __future__ import annotations

from typing import Any

from conftest import DELETE, baseline, errors, mutate, plan_of, valid

from aoai.plan.build import stack_cost

ACCOUNT = ("accounts", "sweden")
SPACED = "gpt-4o eval"


def by_name(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r.name: r.inputs for r in plan_of(raw).resources if r.custom}


def test_a_deployment_name_is_the_name_in_azure_and_spillover_follows_it() -> None:
    raw = mutate(baseline(), (*ACCOUNT, "deployments", "gpt-4o", "name"), SPACED)
    spec = valid(raw)
    assert spec.accounts["sweden"].deployments["gpt-4o"].physical_name("gpt-4o") == SPACED
    inputs = by_name(raw)
    assert inputs["aoai-sweden-deployment-gpt-4o"]["deploymentName"] == SPACED
    assert inputs["aoai-sweden-deployment-gpt-4o-ptu"]["properties"]["spilloverDeploymentName"] == SPACED


def test_without_a_name_the_key_is_the_name() -> None:
    inputs = by_name(baseline())
    assert inputs["aoai-sweden-deployment-gpt-4o"]["deploymentName"] == "gpt-4o"


def test_a_deployment_name_arm_cannot_carry_is_refused() -> None:
    for bad in ("a/b", " lead", "trail ", "q?", "x" * 65, ""):
        raw = mutate(baseline(), (*ACCOUNT, "deployments", "embedding", "name"), bad)
        [(path, message)] = errors(raw)
        assert path == "accounts.sweden.deployments.embedding.name"
        assert message.startswith("deployment name"), message


def test_two_deployments_with_one_name_in_azure_are_refused() -> None:
    raw = mutate(baseline(), (*ACCOUNT, "deployments", "embedding", "name"), "GPT-4o")
    assert errors(raw) == [
        (
            "accounts.sweden.deployments.embedding.name",
            "'GPT-4o' is also the name of deployments.gpt-4o in Azure (names compare case-insensitively): give one of"
            " them another name",
        )
    ]


def test_a_private_endpoint_name_names_its_connection_and_network_interface() -> None:
    raw = mutate(baseline(), (*ACCOUNT, "private_endpoint"), {"name": "pe-custom"})
    endpoint = by_name(raw)["aoai-sweden-private-endpoint"]
    assert (endpoint["privateEndpointName"], endpoint["customNetworkInterfaceName"]) == ("pe-custom", "pe-custom-nic")
    assert endpoint["privateLinkServiceConnections"][0]["name"] == "pe-custom"
    assert by_name(raw)["aoai-sweden-private-dns"]["privateEndpointName"] == "pe-custom"
    default = by_name(baseline())["aoai-sweden-private-endpoint"]
    assert default["privateEndpointName"] == "pe-aoai-test-swc"


def test_a_private_endpoint_name_must_be_an_arm_name() -> None:
    raw = mutate(baseline(), (*ACCOUNT, "private_endpoint"), {"name": "-pe"})
    [(path, _)] = errors(raw)
    assert path == "accounts.sweden.private_endpoint.name"


def test_a_diagnostic_setting_name() -> None:
    raw = mutate(baseline(), ("diagnostics", "name"), "send-to-law")
    assert by_name(raw)["aoai-sweden-diagnostics"]["name"] == "send-to-law"
    assert by_name(baseline())["aoai-sweden-diagnostics"]["name"] == "aoai-diagnostics"
    [(path, _)] = errors(mutate(baseline(), ("diagnostics", "name"), "bad name"))
    assert path == "diagnostics.name"


def test_aoai_tags_off_leaves_aoai_s_own_tags_off() -> None:
    on = by_name(baseline())["aoai-sweden-account"]["tags"]
    assert on == {"environment": "test", "managed-by": "aoai", "owner": "platform"}
    off = by_name(mutate(baseline(), ("aoai_tags",), False))
    assert off["aoai-sweden-account"]["tags"] == {"owner": "platform"}
    assert off["aoai-rg"]["tags"] == {"owner": "platform"}
    assert off["aoai-sweden-private-endpoint"]["tags"] == {"owner": "platform"}


def test_required_tags_are_checked_without_aoai_s_own() -> None:
    raw = mutate(mutate(baseline(), ("aoai_tags",), False), ("required_tags",), ["owner", "environment"])
    assert errors(raw) == [
        (
            "accounts.sweden.tags",
            "missing required tags environment (set them, not blank, in `tags` or the account's `tags`)",
        )
    ]
    assert valid(mutate(raw, ("aoai_tags",), DELETE)).aoai_tags is True


def test_sizing_and_cost_name_a_deployment_by_its_name_in_azure() -> None:
    raw = mutate(baseline(), (*ACCOUNT, "deployments", "embedding", "name"), "embed large")
    raw = mutate(raw, (*ACCOUNT, "deployments", "embedding", "capacity"), DELETE)
    raw = mutate(
        raw,
        (*ACCOUNT, "deployments", "embedding", "workload"),
        {"peak_rpm": 60, "prompt_tokens": 500, "completion_tokens": 0},
    )
    spec = valid(raw)
    assert "aoai-test-swc/embed large" in spec.sizing_notes()
    assert "aoai-test-swc/embed large" in stack_cost(spec).to_json()["deployments"]
