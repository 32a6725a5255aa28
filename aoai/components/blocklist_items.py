"""BlocklistItems: all the items of one custom blocklist as one Pulumi resource, written with Azure's batch calls.

Why one resource: an account's child writes form one dependency chain (Azure answers 409 when two overlap), and the
Pulumi Python SDK's cycle breaker (`resource_cycle_breaker._reachable`) walks the whole transitive dependency set
recursively for every edge. A chain of one `RaiBlocklistItem` per item was O(n²) to register and raised
RecursionError at about 1,000 items; Azure allows 10,000 (`catalog.MAX_BLOCKLIST_ITEMS`). One resource per blocklist
keeps the chain as long as the number of blocklists.

How it writes: `RaiBlocklistItems_BatchAdd` (POST `.../raiBlocklists/{name}/addRaiBlocklistItems`) and
`RaiBlocklistItems_BatchDelete` (POST `.../raiBlocklists/{name}/deleteRaiBlocklistItems`) of the Microsoft.
CognitiveServices 2025-06-01 REST API (example `AddRaiBlocklistItems.json`), through azure-mgmt-cognitiveservices
(`rai_blocklist_items.batch_add`, `batch_delete`, `list`). azure-native has no resource for the batch calls, so this
is a Pulumi dynamic resource. Calls go one after another, at most `catalog.MAX_BLOCKLIST_ITEMS_PER_BATCH` items each,
so the account never sees two writes at once.

Under `aoai plan` (Pulumi mocks) the provider is never called; `aoai.mocks` answers for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import pulumi
import pulumi.dynamic
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices.models import RaiBlocklistItemBulkRequest, RaiBlocklistItemProperties

from aoai.azure import catalog
from aoai.azure.client import Connection, client, credential_from_environment

# The inputs that name the blocklist: a change to any of them is another blocklist, so the resource is replaced.
IDENTITY: Final = ("subscriptionId", "resourceGroupName", "accountName", "raiBlocklistName")
ITEMS: Final = "items"

Items = Mapping[str, Mapping[str, Any]]
"""Item name → {"pattern": str, "isRegex": bool}, as ARM names the item's properties."""


def item_inputs(pattern: str, regex: bool) -> dict[str, Any]:
    return {"pattern": pattern, "isRegex": regex}


def collection_id(props: Mapping[str, Any]) -> str:
    """The ARM path of the blocklist's items (what `list` reads), used as the resource's id."""
    return (
        f"/subscriptions/{props['subscriptionId']}/resourceGroups/{props['resourceGroupName']}"
        f"/providers/Microsoft.CognitiveServices/accounts/{props['accountName']}"
        f"/raiBlocklists/{props['raiBlocklistName']}/raiBlocklistItems"
    )


def subscription_of(resource_id: str) -> str:
    """The subscription of an ARM id `/subscriptions/<id>/...`."""
    return resource_id.split("/")[2]


@dataclass(frozen=True)
class ItemChanges:
    """What turns one items map into another: names added, names whose pattern or regex flag changed, names removed
    (each sorted)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def writes(self) -> list[str]:
        """The items batch-add must send: batch add creates a missing item and overwrites one of the same name."""
        return sorted(self.added + self.changed)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def item_changes(before: Items, after: Items) -> ItemChanges:
    return ItemChanges(
        added=sorted(set(after) - set(before)),
        changed=sorted(name for name in set(after) & set(before) if dict(after[name]) != dict(before[name])),
        removed=sorted(set(before) - set(after)),
    )


def chunks(names: Sequence[str], size: int = catalog.MAX_BLOCKLIST_ITEMS_PER_BATCH) -> Iterator[list[str]]:
    for start in range(0, len(names), size):
        yield list(names[start : start + size])


def _outputs(props: Mapping[str, Any]) -> dict[str, Any]:
    return {key: props[key] for key in (*IDENTITY, ITEMS)}


class BlocklistItemsProvider(pulumi.dynamic.ResourceProvider):
    """Create, update, delete and read a blocklist's items with batch calls, one call at a time.

    The provider is pickled into the resource's state (Pulumi dynamic providers are), so it holds only the
    `Connection`; the SDK client and the credential are made in the provider's process for each operation.
    """

    serialize_as_secret_always = False  # it captures no secret: only the ARM endpoint and retry settings

    def __init__(self, connection: Connection | None = None) -> None:
        super().__init__()
        self.connection = connection or Connection()

    def _client(self, props: Mapping[str, Any]) -> CognitiveServicesManagementClient:
        return client(str(props["subscriptionId"]), credential_from_environment(), self.connection)

    def _add(self, sdk: CognitiveServicesManagementClient, props: Mapping[str, Any], names: Sequence[str]) -> None:
        items: Items = props[ITEMS]
        for batch in chunks(names):
            sdk.rai_blocklist_items.batch_add(
                props["resourceGroupName"],
                props["accountName"],
                props["raiBlocklistName"],
                [
                    RaiBlocklistItemBulkRequest(
                        name=name,
                        properties=RaiBlocklistItemProperties(
                            pattern=items[name]["pattern"], is_regex=bool(items[name]["isRegex"])
                        ),
                    )
                    for name in batch
                ],
            )

    def _delete(self, sdk: CognitiveServicesManagementClient, props: Mapping[str, Any], names: Sequence[str]) -> None:
        for batch in chunks(names):
            # The body is a JSON array of item names (RaiBlocklistItemsBulkDeleteRequest; the other SDKs type it
            # string[]); this SDK's signature says a JSON object but it serializes what it is given.
            names_body: Any = batch
            sdk.rai_blocklist_items.batch_delete(
                props["resourceGroupName"], props["accountName"], props["raiBlocklistName"], names_body
            )

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        replaces = [key for key in IDENTITY if olds.get(key) != news.get(key)]
        changes = item_changes(olds.get(ITEMS) or {}, news.get(ITEMS) or {})
        return pulumi.dynamic.DiffResult(
            changes=bool(replaces or changes),
            replaces=replaces,
        )

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        self._add(self._client(props), props, sorted(props[ITEMS]))
        return pulumi.dynamic.CreateResult(collection_id(props), _outputs(props))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        """Adds and changes first, then removals: a failure halfway leaves the list blocking more, never less."""
        changes = item_changes(olds.get(ITEMS) or {}, news[ITEMS])
        sdk = self._client(news)
        self._add(sdk, news, changes.writes)
        self._delete(sdk, news, changes.removed)
        return pulumi.dynamic.UpdateResult(_outputs(news))

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        try:
            self._delete(self._client(props), props, sorted(props.get(ITEMS) or {}))
        except ResourceNotFoundError:
            return  # the blocklist, and with it its items, is already gone

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        sdk = self._client(props)
        try:
            live = {
                str(item.name): item_inputs(
                    str(item.properties.pattern if item.properties else ""),
                    bool(item.properties.is_regex) if item.properties else False,
                )
                for item in sdk.rai_blocklist_items.list(
                    props["resourceGroupName"], props["accountName"], props["raiBlocklistName"]
                )
            }
        except ResourceNotFoundError:
            return pulumi.dynamic.ReadResult()
        return pulumi.dynamic.ReadResult(id_, {**_outputs(props), ITEMS: live})


@dataclass(frozen=True)
class BlocklistItemsArgs:
    subscription_id: pulumi.Input[str]
    resource_group_name: pulumi.Input[str]
    account_name: pulumi.Input[str]
    rai_blocklist_name: pulumi.Input[str]
    items: Items


class BlocklistItems(pulumi.dynamic.Resource, module="aoai", name="BlocklistItems"):
    """Type `pulumi-python:dynamic/aoai:BlocklistItems`; inputs camelCase as ARM names them."""

    def __init__(
        self,
        name: str,
        args: BlocklistItemsArgs,
        opts: pulumi.ResourceOptions | None = None,
        provider: BlocklistItemsProvider | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "subscriptionId": args.subscription_id,
            "resourceGroupName": args.resource_group_name,
            "accountName": args.account_name,
            "raiBlocklistName": args.rai_blocklist_name,
            ITEMS: {key: dict(value) for key, value in args.items.items()},
        }
        super().__init__(provider or BlocklistItemsProvider(), name, props, opts)
