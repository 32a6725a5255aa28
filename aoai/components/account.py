"""OpenAIAccount: an account with secure defaults and its content filters, blocklists and deployments.

Azure answers HTTP 409 (RequestConflict) when two child writes of one account overlap, so every child write of an
account is one dependency chain: each blocklist → its items (one `BlocklistItems` resource per blocklist, written with
Azure's batch calls; see components/blocklist_items.py) → the next blocklist → RAI policies → spillover targets →
other deployments. Different accounts share no edge and deploy in parallel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
from pulumi_azure_native import authorization, monitor
from pulumi_azure_native import cognitiveservices as cs

from aoai.azure import catalog
from aoai.components import arm
from aoai.components.blocklist_items import BlocklistItems, BlocklistItemsArgs, subscription_of
from aoai.spec import AccountSpec, BlocklistSpec, ContentFilterSpec
from aoai.spec.access import AccessGrantSpec
from aoai.spec.account import DiagnosticsSpec
from aoai.spec.monitoring import AlertsSpec, MetricAlertSettings


@dataclass(frozen=True)
class OpenAIAccountArgs:
    account: AccountSpec
    resource_group_name: pulumi.Input[str]
    tags: Mapping[str, str] = field(default_factory=dict)
    protect: bool = False
    content_filters: Mapping[str, ContentFilterSpec] = field(default_factory=dict)
    """The stack's content filters that this account's deployments use, by key."""
    blocklists: Mapping[str, BlocklistSpec] = field(default_factory=dict)
    """The stack's blocklists that those content filters use, by name."""
    capacities: Mapping[str, int] = field(default_factory=dict)
    """Each deployment's capacity by key: its `capacity`, or what its workload sizes (StackSpec.capacities)."""
    diagnostics: DiagnosticsSpec | None = None
    """Where the account's diagnostic logs and metrics go, or None."""
    grants: Mapping[str, AccessGrantSpec] = field(default_factory=dict)
    """The stack's `access` grants that apply to this account, by grant key."""
    retry_hooks: pulumi.ResourceHookBinding | None = None
    """The error hook every child write carries (components/retry.py), or None not to retry."""
    lock: str | None = None
    """The management lock level on the account (`CanNotDelete`), or None."""
    alerts: AccountAlerts | None = None
    """The metric alerts on the account and its provisioned deployments, or None for none."""


@dataclass(frozen=True)
class AccountAlerts:
    spec: AlertsSpec
    action_group_id: pulumi.Input[str]


class _Chain:
    """Hands out `depends_on` lists so that each child write starts after the previous one finished."""

    def __init__(self) -> None:
        self.last: pulumi.Resource | None = None

    def after(self, *also: pulumi.Resource) -> list[pulumi.Resource]:
        previous = [self.last] if self.last is not None else []
        return previous + [r for r in also if r is not self.last]

    def add(self, resource: pulumi.Resource) -> None:
        self.last = resource


class OpenAIAccount(pulumi.ComponentResource):
    account: cs.Account
    deployments: dict[str, cs.Deployment]
    projects: dict[str, cs.Project]
    rai_policies: dict[str, cs.RaiPolicy]
    blocklists: dict[str, cs.RaiBlocklist]
    blocklist_items: dict[str, BlocklistItems]
    diagnostic_setting: monitor.DiagnosticSetting | None
    key_access: authorization.RoleAssignment | None
    lock: authorization.ManagementLockByScope | None
    alerts: dict[str, monitor.MetricAlert]
    role_assignments: dict[str, authorization.RoleAssignment]

    def __init__(self, name: str, args: OpenAIAccountArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("aoai:index:OpenAIAccount", name, None, opts)
        spec = args.account
        self.key_access = self._key_access(name, spec)
        self.account = cs.Account(
            f"{name}-account",
            arm.account_args(spec, args.resource_group_name, args.tags),
            opts=pulumi.ResourceOptions(
                parent=self, protect=args.protect, depends_on=[self.key_access] if self.key_access else None
            ),
        )
        scope = {"account_name": self.account.name, "resource_group_name": args.resource_group_name}
        chain = _Chain()

        self.blocklists = {}
        self.blocklist_items = {}
        for list_name in sorted(args.blocklists):
            blocklist_spec = args.blocklists[list_name]
            blocklist = cs.RaiBlocklist(
                f"{name}-blocklist-{list_name}",
                rai_blocklist_name=list_name,
                properties=arm.blocklist_properties(blocklist_spec),
                **scope,
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(), hooks=args.retry_hooks),
            )
            chain.add(blocklist)
            self.blocklists[list_name] = blocklist
            items = BlocklistItems(
                f"{name}-blocklist-{list_name}-items",
                BlocklistItemsArgs(
                    subscription_id=blocklist.id.apply(subscription_of),
                    resource_group_name=args.resource_group_name,
                    account_name=self.account.name,
                    rai_blocklist_name=blocklist.name,
                    items=arm.blocklist_items(blocklist_spec),
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(blocklist), hooks=args.retry_hooks),
            )
            chain.add(items)
            self.blocklist_items[list_name] = items

        self.rai_policies = {}
        for filter_key in sorted(args.content_filters):
            filter_spec = args.content_filters[filter_key]
            used = [self.blocklists[b] for b in sorted(filter_spec.blocklists)]
            policy = cs.RaiPolicy(
                f"{name}-policy-{filter_key}",
                rai_policy_name=filter_spec.physical_name(filter_key),
                properties=arm.rai_policy_properties(filter_spec),
                **scope,
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(*used), hooks=args.retry_hooks),
            )
            chain.add(policy)
            self.rai_policies[filter_key] = policy

        targets = {d.spillover_to for d in spec.deployments.values() if d.spillover_to}
        ordered = sorted(targets) + sorted(k for k in spec.deployments if k not in targets)
        self.deployments = {}
        for key in ordered:
            deployment_spec = spec.deployments[key]
            needs: list[pulumi.Resource] = []
            policy_name = deployment_spec.content_filter
            if policy_name in self.rai_policies:
                needs.append(self.rai_policies[policy_name])
                policy_name = args.content_filters[policy_name].physical_name(policy_name)
            spillover_name = None
            target = deployment_spec.spillover_to
            if target:
                needs.append(self.deployments[target])
                spillover_name = spec.deployments[target].physical_name(target)
            deployment = cs.Deployment(
                f"{name}-deployment-{key}",
                deployment_name=deployment_spec.physical_name(key),
                sku=arm.deployment_sku(deployment_spec, args.capacities[key]),
                properties=arm.deployment_properties(deployment_spec, policy_name, spillover_name),
                **scope,
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(*needs), hooks=args.retry_hooks),
            )
            chain.add(deployment)
            self.deployments[key] = deployment

        self.projects = {}
        for project_name in sorted(spec.projects):
            project = cs.Project(
                f"{name}-project-{project_name}",
                arm.project_args(project_name, spec.projects[project_name], spec, args.resource_group_name, args.tags),
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(self.account), hooks=args.retry_hooks),
            )
            chain.add(project)
            self.projects[project_name] = project

        self.diagnostic_setting = None
        if args.diagnostics is not None:
            self.diagnostic_setting = monitor.DiagnosticSetting(
                f"{name}-diagnostics",
                arm.diagnostic_setting(args.diagnostics, self.account.id),
                opts=pulumi.ResourceOptions(parent=self),
            )

        self.role_assignments = {
            grant_key: authorization.RoleAssignment(
                f"{name}-access-{grant_key}",
                arm.role_assignment(self.account.id, grant.principal_id, grant.principal_type, grant.role_guid),
                opts=pulumi.ResourceOptions(parent=self),
            )
            for grant_key, grant in sorted(args.grants.items())
        }

        self.alerts = self._alerts(name, args, args.alerts) if args.alerts is not None else {}

        extensions = [
            *self.role_assignments.values(),
            *self.alerts.values(),
            *([self.diagnostic_setting] if self.diagnostic_setting else []),
        ]
        self.lock = None
        if args.lock is not None:
            # After every child write and every resource at the account's scope: on `pulumi destroy` (or when `lock`
            # is removed) Pulumi then deletes the lock first, since it also stops deleting those (LEARN-LOCKS).
            self.lock = authorization.ManagementLockByScope(
                f"{name}-lock",
                **arm.lock_args(self.account.id, args.lock, spec.name),
                opts=pulumi.ResourceOptions(parent=self, depends_on=chain.after(*extensions)),
            )

        self.id = self.account.id
        self.endpoint = self.account.properties.apply(lambda p: p.endpoint)
        self.principal_id = self.account.identity.apply(lambda i: i.principal_id if i else None)
        self.register_outputs(
            {
                "id": self.id,
                "name": self.account.name,
                "endpoint": self.endpoint,
                "principalId": self.principal_id,
                "deployments": {k: d.name for k, d in self.deployments.items()},
                "projects": {k: p.name for k, p in self.projects.items()},
                "roleAssignments": {k: r.name for k, r in self.role_assignments.items()},
            }
        )

    def _alerts(self, name: str, args: OpenAIAccountArgs, wanted: AccountAlerts) -> dict[str, monitor.MetricAlert]:
        """Per provisioned deployment its utilisation; per account throttled calls and availability (AMBA-OPENAI)."""
        spec, account_name = wanted.spec, args.account.name

        def alert(
            key: str,
            rule: str,
            description: str,
            criterion: monitor.MetricCriteriaArgs,
            settings: MetricAlertSettings,
            *,
            after: pulumi.Resource | None = None,
        ) -> monitor.MetricAlert:
            return monitor.MetricAlert(
                f"{name}-alert-{key}",
                arm.metric_alert(
                    rule_name=rule,
                    description=description,
                    scope=self.account.id,
                    resource_group_name=args.resource_group_name,
                    criterion=criterion,
                    settings=settings,
                    action_group_id=wanted.action_group_id,
                    tags=args.tags,
                ),
                opts=pulumi.ResourceOptions(parent=self, depends_on=[after] if after else None),
            )

        alerts: dict[str, monitor.MetricAlert] = {}
        utilization = spec.ptu_utilization
        for key in sorted(self.deployments) if utilization.enabled else ():
            deployment_spec = args.account.deployments[key]
            if deployment_spec.sku_facts.provisioned:
                physical = deployment_spec.physical_name(key)
                alerts[f"utilization-{key}"] = alert(
                    f"utilization-{key}",
                    f"{account_name}-{key}-utilization",
                    f"Provisioned deployment {physical} of {account_name} above {utilization.threshold:g} %"
                    " utilisation: calls are throttled or spill over at 100 %.",
                    arm.metric_criterion(
                        catalog.PTU_UTILIZATION_METRIC,
                        "GreaterThan",
                        utilization.threshold,
                        "Average",
                        {catalog.DEPLOYMENT_DIMENSION: physical},
                    ),
                    utilization,
                    after=self.deployments[key],
                )
        if spec.throttling.enabled:
            alerts["throttling"] = alert(
                "throttling",
                f"{account_name}-throttling",
                f"Calls to {account_name} answered 429 (throttled): more than {spec.throttling.threshold} in"
                f" {spec.throttling.window}.",
                arm.metric_criterion(
                    catalog.REQUESTS_METRIC,
                    "GreaterThan",
                    spec.throttling.threshold,
                    "Total",
                    {catalog.STATUS_CODE_DIMENSION: catalog.THROTTLED_STATUS_CODE},
                ),
                spec.throttling,
            )
        if spec.availability.enabled:
            alerts["availability"] = alert(
                "availability",
                f"{account_name}-availability",
                f"Availability of {account_name} below {spec.availability.threshold:g} %: server errors.",
                arm.metric_criterion(
                    catalog.AVAILABILITY_METRIC, "LessThan", spec.availability.threshold, "Average", {}
                ),
                spec.availability,
            )
        return alerts

    def _key_access(self, name: str, spec: AccountSpec) -> authorization.RoleAssignment | None:
        """The customer-managed key's identity may use the key (wrap and unwrap) before the account needs it."""
        cmk = spec.customer_managed_key
        if cmk is None or not cmk.grant_key_access or cmk.key_vault_id is None or cmk.identity_principal_id is None:
            return None
        return authorization.RoleAssignment(
            f"{name}-key-access",
            arm.role_assignment(
                cmk.key_vault_id,
                cmk.identity_principal_id,
                "ServicePrincipal",  # a managed identity is a service principal in Entra ID
                catalog.role_definition_guid(catalog.KEY_ACCESS_ROLE),
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
