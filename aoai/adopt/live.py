"""Reading a live estate from Azure Resource Manager, read-only: what `aoai import` adopts and `aoai drift` compares.

Everything is read through the management client preflight uses (`aoai.azure.client`: its credential, base URL and
azure-core retry policy, which honours 429 `Retry-After` and retries 5xx and broken connections), as raw JSON with
the API version azure-native itself uses for each type (`catalog.READ_API_VERSIONS`), so that no property is lost to
an SDK model and the bodies compare one to one with the plan's inputs. Per account: the account, its deployments,
RAI policies, blocklists and their items, the private endpoints its private endpoint connections name (with their
DNS zone groups) and its diagnostic settings. Accounts of other kinds are listed as skipped, never read.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from azure.core.exceptions import AzureError, DecodeError
from azure.core.rest import HttpRequest

from aoai.adopt import shapes
from aoai.azure import catalog
from aoai.errors import AoaiError

if TYPE_CHECKING:
    from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

MAX_CONCURRENT_ACCOUNTS: Final = 8
MAX_PAGES: Final = 1_000
"""A listing that pages on longer than this is a server fault, not an estate (10,000 items at 10 a page)."""
ACCESS_HELP: Final = (
    "reading an estate needs Reader on its resource group (and on the resource groups of its private endpoints)"
)


class LiveReadError(AoaiError):
    """Azure did not answer a read as it should (no access, not found, throttled past the retries, a broken body)."""


@dataclass(frozen=True)
class LivePrivateEndpoint:
    body: dict[str, Any]
    zone_groups: list[dict[str, Any]]


@dataclass(frozen=True)
class LiveAccount:
    body: dict[str, Any]
    deployments: list[dict[str, Any]]
    rai_policies: list[dict[str, Any]]
    blocklists: list[dict[str, Any]]
    blocklist_items: dict[str, list[dict[str, Any]]]
    """Blocklist name → its items."""
    private_endpoints: list[LivePrivateEndpoint]
    diagnostic_settings: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return str(self.body.get("name", ""))

    @property
    def id(self) -> str:
        return str(self.body.get("id", ""))


@dataclass(frozen=True)
class LiveEstate:
    subscription: str
    resource_group: str
    accounts: list[LiveAccount]
    """Sorted by name."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(account name, why it was not read)."""
    calls: int = 0
    """GET requests answered (pages count one each)."""

    def blocklist_items(self, account_name: str, blocklist: str) -> list[dict[str, Any]] | None:
        """The items of one blocklist as Azure listed them; None when the account or the blocklist was not read."""
        for account in self.accounts:
            if account.name.lower() == account_name.lower():
                for name, items in account.blocklist_items.items():
                    if name.lower() == blocklist.lower():
                        return items
        return None


def _arm_path(*parts: str) -> str:
    return "/" + "/".join(quote(part, safe="") for part in parts)


class _Reader:
    def __init__(self, arm: CognitiveServicesManagementClient, endpoint: str) -> None:
        self.arm = arm
        self.endpoint = endpoint.rstrip("/") + "/"
        self.calls = 0
        self._counting = threading.Lock()

    def _send(self, url: str) -> Any:
        try:
            response = self.arm._send_request(HttpRequest("GET", url))
        except DecodeError:  # azure-core's ARM policies read the body too
            raise LiveReadError(f"GET {_shown(url)}: Azure answered with a body that is not JSON") from None
        except AzureError as error:
            raise LiveReadError(f"GET {_shown(url)}: {_first_line(error)}") from None
        with self._counting:
            self.calls += 1
        status = response.status_code
        text = response.text()
        if status == 404:
            return None
        if status >= 400:
            raise LiveReadError(f"GET {_shown(url)}: HTTP {status} {_arm_error(text)}{_advice(status)}")
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError:
            raise LiveReadError(f"GET {_shown(url)}: Azure answered with a body that is not JSON") from None

    def get(self, path: str, api_version: str, shape: shapes.Shape) -> dict[str, Any] | None:
        """One resource, or None when Azure says it does not exist."""
        body = self._send(f"{path}?api-version={api_version}")
        if body is not None and not isinstance(body, dict):
            raise LiveReadError(f"GET {path}: the answer is not a JSON object")
        if body is not None:
            _check(path, body, shape)
        return body

    def list(self, path: str, api_version: str, shape: shapes.Shape) -> list[dict[str, Any]]:
        """Every item of a listing, following `nextLink`; a listing of something that does not exist is empty."""
        items: list[dict[str, Any]] = []
        url: str | None = f"{path}?api-version={api_version}"
        for _ in range(MAX_PAGES):
            if url is None:
                return items
            page = self._send(url)
            if page is None:
                return items
            values = page.get("value") if isinstance(page, dict) else None
            if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
                raise LiveReadError(f"GET {_shown(url)}: the answer is not a listing (no `value` list of objects)")
            for value in values:
                _check(path, value, shape)
            items.extend(values)
            link = page.get("nextLink")
            if isinstance(link, str) and link and not link.startswith(self.endpoint):
                # the request would carry the ARM token: never to another host than the one asked
                raise LiveReadError(f"GET {path}: the next page is at {_shown(link)}, not at {self.endpoint}")
            url = link if isinstance(link, str) and link else None
        raise LiveReadError(f"GET {path}: more than {MAX_PAGES} pages; the listing does not end")


def _check(path: str, body: dict[str, Any], shape: shapes.Shape) -> None:
    found = shapes.problem(body, shape)
    if found is not None:
        name = body.get("name") if isinstance(body.get("name"), str) else None
        which = f" ({name})" if name and not path.endswith(f"/{name}") else ""
        raise LiveReadError(f"GET {path}: Azure answered with a body of another shape{which}: {found}")


def _shown(url: str) -> str:
    return url.split("?", 1)[0]


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _arm_error(text: str) -> str:
    """ARM's `{"error": {"code", "message"}}` as `Code: message`, or the start of whatever came instead."""
    try:
        body = json.loads(text)
        error = body.get("error", body) if isinstance(body, dict) else {}
        code, message = error.get("code"), error.get("message")
        if code or message:
            return f"{code or ''}: {message or ''}".strip(": ")
    except ValueError:
        pass
    return text.strip().splitlines()[0][:200] if text.strip() else "(no body)"


def _advice(status: int) -> str:
    if status in (401, 403):
        return f" ({ACCESS_HELP})"
    if status == 429:
        return " (still throttled after the retries: try again later, or raise --max-retries)"
    return ""


def read_estate(
    arm: CognitiveServicesManagementClient,
    endpoint: str,
    subscription: str,
    resource_group: str,
    *,
    account_names: list[str] | None = None,
    missing_ok: bool = False,
) -> LiveEstate:
    """The accounts of kind OpenAI or AIServices in `resource_group` (only `account_names` when given) and their
    children, read through `arm`, whose base URL is `endpoint`. A named account that does not exist is an error, or
    with `missing_ok` simply not in the estate (drift reports it missing)."""
    reader = _Reader(arm, endpoint)
    group_path = _arm_path("subscriptions", subscription, "resourceGroups", resource_group)
    provider = "/providers/Microsoft.CognitiveServices/accounts"
    version = catalog.API_VERSION
    if account_names is None:
        if reader.get(group_path, catalog.RESOURCE_GROUPS_API_VERSION, shapes.RESOURCE_GROUP) is None:
            raise LiveReadError(
                f"resource group {resource_group!r} does not exist in subscription {subscription} (or the identity"
                " cannot see it)"
            )
        bodies = reader.list(group_path + provider, version, shapes.ACCOUNT)
    else:
        bodies = []
        for name in account_names:
            body = reader.get(f"{group_path}{provider}/{quote(name, safe='')}", version, shapes.ACCOUNT)
            if body is not None:
                bodies.append(body)
            elif not missing_ok:
                raise LiveReadError(f"account {name!r} does not exist in resource group {resource_group!r}")
    skipped = [
        (str(b.get("name")), f"kind {b.get('kind')!r}: aoai manages {' and '.join(catalog.ACCOUNT_KINDS)} accounts")
        for b in bodies
        if b.get("kind") not in catalog.ACCOUNT_KINDS
    ]
    wanted = sorted((b for b in bodies if b.get("kind") in catalog.ACCOUNT_KINDS), key=lambda b: str(b.get("name")))

    with ThreadPoolExecutor(max_workers=MAX_CONCURRENT_ACCOUNTS) as pool:
        accounts = list(pool.map(lambda body: _read_account(reader, body), wanted))
    return LiveEstate(subscription, resource_group, accounts, sorted(skipped), reader.calls)


def _read_account(reader: _Reader, body: dict[str, Any]) -> LiveAccount:
    account_id = str(body.get("id", ""))
    version = catalog.API_VERSION
    blocklists = reader.list(f"{account_id}/raiBlocklists", version, shapes.BLOCKLIST)
    items = {
        str(b.get("name")): reader.list(
            f"{account_id}/raiBlocklists/{_segment(b)}/raiBlocklistItems", version, shapes.BLOCKLIST_ITEM
        )
        for b in blocklists
    }
    endpoints = [
        LivePrivateEndpoint(
            found,
            reader.list(f"{endpoint_id}/privateDnsZoneGroups", catalog.NETWORK_API_VERSION, shapes.ZONE_GROUP),
        )
        for endpoint_id in _endpoint_ids(body)
        if (found := reader.get(endpoint_id, catalog.NETWORK_API_VERSION, shapes.PRIVATE_ENDPOINT)) is not None
    ]
    return LiveAccount(
        body=body,
        deployments=reader.list(f"{account_id}/deployments", version, shapes.DEPLOYMENT),
        rai_policies=reader.list(f"{account_id}/raiPolicies", version, shapes.RAI_POLICY),
        blocklists=blocklists,
        blocklist_items=items,
        private_endpoints=endpoints,
        diagnostic_settings=reader.list(
            f"{account_id}/providers/Microsoft.Insights/diagnosticSettings",
            catalog.DIAGNOSTIC_SETTINGS_API_VERSION,
            shapes.DIAGNOSTIC_SETTING,
        ),
    )


def _segment(resource: dict[str, Any]) -> str:
    return quote(str(resource.get("name", "")), safe="")


def _endpoint_ids(account: dict[str, Any]) -> Iterator[str]:
    """The private endpoints the account's private endpoint connections name, each once."""
    seen: set[str] = set()
    connections = (account.get("properties") or {}).get("privateEndpointConnections") or []
    for connection in connections:
        endpoint = ((connection or {}).get("properties") or {}).get("privateEndpoint") or {}
        endpoint_id = endpoint.get("id")
        if isinstance(endpoint_id, str) and endpoint_id.lower() not in seen:
            seen.add(endpoint_id.lower())
            yield endpoint_id
