"""`aoai:monitoring`: where alerts go (an action group) and the alerts an estate gets, with defaults from the Azure
Monitor baseline (AMBA-OPENAI) and Azure OpenAI's own metrics (LEARN-OPENAI-METRICS)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from aoai.azure import catalog
from aoai.spec.base import ActionGroupId, EmailAddress, ResourceName, ShortName, VisibleText, WebhookUrl
from aoai.validation.rules import Frozen, Problems, case_twins
from aoai.validation.text import quoted

Severity = Literal[0, 1, 2, 3, 4]
Window = Literal["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "PT24H"]
Frequency = Literal["PT1M", "PT5M", "PT15M", "PT30M", "PT1H"]
IncidentType = Literal["Incident", "Maintenance", "Informational", "ActionRequired", "Security"]
_MINUTES = {"PT1M": 1, "PT5M": 5, "PT15M": 15, "PT30M": 30, "PT1H": 60, "PT6H": 360, "PT12H": 720, "PT24H": 1440}


def _distinct(values: tuple[str, ...]) -> tuple[str, ...]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"{', '.join(map(quoted, repeated))} listed more than once: list each once")
    return values


class ActionGroupSpec(Frozen):
    """An action group the stack creates: who is told when an alert fires."""

    name: ResourceName = Field(description="The action group's name (ARM name).")
    short_name: ShortName = Field(
        description=(
            f"{'–'.join(map(str, catalog.ACTION_GROUP_SHORT_NAME_LENGTH))} characters; Azure puts it in front of"
            " SMS and email notifications."
        )
    )
    emails: dict[ResourceName, EmailAddress] = Field(
        default={}, description="Map of receiver name → email address (the common alert schema is used)."
    )
    webhooks: dict[ResourceName, WebhookUrl] = Field(
        default={},
        description="Map of receiver name → https URL that receives each alert (the common alert schema is used).",
    )

    @model_validator(mode="after")
    def _receivers(self) -> ActionGroupSpec:
        problems = Problems()
        if not self.emails and not self.webhooks:
            problems.add(("emails",), "an action group needs at least one receiver: add an email or a webhook")
        for name in sorted(set(self.emails) & set(self.webhooks)):
            problems.add(
                ("webhooks", name),
                f"{quoted(name)} is also an email receiver: Azure needs each receiver name once in an action group",
            )
        for name, first in case_twins([*self.emails, *self.webhooks]):
            problems.add(
                ("webhooks" if name in self.webhooks else "emails", name),
                f"{quoted(name)} and {quoted(first)} differ only in case: use one spelling per receiver",
            )
        problems.raise_if_any("ActionGroupSpec")
        return self


class MetricAlertSettings(Frozen):
    enabled: bool = Field(default=True, description="`false` leaves the alert out.")
    severity: Severity = Field(default=2, description="0 (critical) to 4 (verbose).")
    window: Window = Field(default="PT5M", description="How much data each evaluation looks at (ISO 8601).")
    frequency: Frequency = Field(default="PT1M", description="How often the alert is evaluated; at most `window`.")

    @model_validator(mode="after")
    def _frequency_within_window(self) -> MetricAlertSettings:
        if _MINUTES[self.frequency] > _MINUTES[self.window]:
            problems = Problems()
            problems.add(
                ("frequency",),
                f"{self.frequency} is longer than the window {self.window}: data between evaluations would be"
                " missed; use a frequency of at most the window",
            )
            problems.raise_if_any(type(self).__name__)
        return self


class UtilizationAlertSpec(MetricAlertSettings):
    """Per provisioned deployment: Provisioned-managed Utilization V2 (average) above the threshold. At 100 % calls are
    throttled (429) or spill over."""

    threshold: float = Field(default=catalog.PTU_UTILIZATION_BASELINE[1], ge=1, le=100, description="Percent, 1–100.")


class ThrottlingAlertSpec(MetricAlertSettings):
    """Per account: calls answered 429 (Azure OpenAI Requests with status code 429, total) above the threshold."""

    threshold: int = Field(default=0, ge=0, le=1_000_000_000, description="Throttled calls in the window.")


class AvailabilityAlertSpec(MetricAlertSettings):
    """Per account: the availability rate, (calls − server errors) ÷ calls, below the threshold."""

    threshold: float = Field(default=99, ge=1, le=100, description="Percent, 1–100.")


class ServiceHealthAlertSpec(Frozen):
    """One alert at subscription scope on Azure Service Health events in the stack's regions."""

    enabled: bool = Field(default=True, description="`false` leaves the alert out.")
    incident_types: Annotated[tuple[IncidentType, ...], AfterValidator(_distinct)] = Field(
        default=catalog.SERVICE_HEALTH_INCIDENT_TYPES,
        min_length=1,
        description="Which Service Health events: "
        + ", ".join(f"`{t}`" for t in catalog.SERVICE_HEALTH_INCIDENT_TYPES),
    )
    service_names: Annotated[tuple[VisibleText, ...], AfterValidator(_distinct)] = Field(
        default=(),
        description=(
            "Service names as the Azure portal's Service Health lists them (Microsoft publishes no list); empty: every"
            " service with an event in the stack's regions."
        ),
    )


class AlertsSpec(Frozen):
    ptu_utilization: UtilizationAlertSpec = Field(
        default_factory=UtilizationAlertSpec, description="One alert per provisioned deployment."
    )
    throttling: ThrottlingAlertSpec = Field(default_factory=ThrottlingAlertSpec, description="One alert per account.")
    availability: AvailabilityAlertSpec = Field(
        default_factory=AvailabilityAlertSpec, description="One alert per account (server errors)."
    )
    service_health: ServiceHealthAlertSpec = Field(
        default_factory=ServiceHealthAlertSpec, description="One alert for the stack's subscription and regions."
    )


class MonitoringSpec(Frozen):
    """Alerts on the estate, all sent to one action group."""

    action_group: ActionGroupSpec | None = Field(
        default=None, description="Required unless `action_group_id` is given: an action group the stack creates."
    )
    action_group_id: ActionGroupId | None = Field(
        default=None, description="Required unless `action_group` is given: the resource id of an existing one."
    )
    alerts: AlertsSpec = Field(default_factory=AlertsSpec, description="Each alert's settings; all are on by default.")

    @model_validator(mode="after")
    def _one_action_group(self) -> MonitoringSpec:
        problems = Problems()
        if (self.action_group is None) == (self.action_group_id is None):
            problems.add(
                ("action_group",),
                "give exactly one of action_group (the stack creates it) and action_group_id (an existing one)",
            )
        problems.raise_if_any("MonitoringSpec")
        return self
