"""A loopback HTTPS server that answers like Azure Resource Manager for the calls preflight makes.

Responses are built from the official examples of the 2025-06-01 REST spec (copied to tests/fixtures/arm from
../shared/azure/spec-2025-06-01/examples), with only the values a scenario needs changed, so the real SDK client —
its URLs, serialization, paging and retry policy — is what the tests exercise. Faults (status codes, Retry-After,
malformed bodies) are queued per route; every request is recorded.
"""

from __future__ import annotations

import copy
import datetime
import ipaddress
import json
import re
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from aoai.azure.client import TOKEN_VARIABLE

EXAMPLES = Path(__file__).parent / "fixtures" / "arm"
PROVIDER = "/providers/Microsoft.CognitiveServices"


def example(name: str, status: str = "200") -> Any:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))["responses"][status]["body"]


def model(
    name: str,
    version: str,
    skus: list[tuple[str, str, int, int, int]],
    *,
    kind: str = "OpenAI",
    lifecycle: str = "GenerallyAvailable",
    retires: str | None = None,
) -> dict[str, Any]:
    """A models.list entry: skus as (sku, usage name, minimum, maximum, step)."""
    entry = copy.deepcopy(example("ListLocationModels")["value"][0])
    entry["kind"] = kind
    body = entry["model"]
    body.update(name=name, version=version, lifecycleStatus=lifecycle)
    body["deprecation"] = {"inference": retires or "2030-12-31T00:00:00Z"}
    template = body["skus"][0]
    body["skus"] = [
        {
            **copy.deepcopy(template),
            "name": sku,
            "usageName": usage,
            "capacity": {"minimum": low, "maximum": high, "step": step, "default": low},
        }
        for sku, usage, low, high, step in skus
    ]
    return entry


def usage(name: str, current: float, limit: float) -> dict[str, Any]:
    entry = copy.deepcopy(example("ListUsages")["value"][0])
    entry["name"] = {"value": name, "localizedValue": name}
    entry.update(currentValue=current, limit=limit)
    return entry


def capacity(region: str, name: str, version: str, sku: str, available: float) -> dict[str, Any]:
    entry = copy.deepcopy(example("ListLocationBasedModelCapacities")["value"][0])
    entry["id"] = f"/subscriptions/x{PROVIDER}/locations/{region}/models/OpenAI.{name}.{version}/skuCapacities/{sku}"
    entry.update(name=sku, location=region)
    entry["properties"].update(
        model={"format": "OpenAI", "name": name, "version": version}, skuName=sku, availableCapacity=available
    )
    return entry


def account(subscription: str, group: str, name: str, region: str, subdomain: str) -> dict[str, Any]:
    entry = copy.deepcopy(example("CreateAccountMin"))
    entry.update(
        id=f"/subscriptions/{subscription}/resourceGroups/{group}{PROVIDER}/accounts/{name}",
        name=name,
        location=region,
        kind="AIServices",
    )
    entry["properties"]["customSubDomainName"] = subdomain
    return entry


def deleted_account(subscription: str, group: str, name: str, region: str, subdomain: str) -> dict[str, Any]:
    entry = account(subscription, group, name, region, subdomain)
    entry["id"] = (
        f"/subscriptions/{subscription}{PROVIDER}/locations/{region}/resourceGroups/{group}/deletedAccounts/{name}"
    )
    entry["properties"].update(deletionDate="2026-11-21T10:00:00Z", scheduledPurgeDate="2026-11-23T10:00:00Z")
    return entry


def deployment(name: str, sku: str, capacity: int, model_name: str, version: str) -> dict[str, Any]:
    entry = copy.deepcopy(example("PutDeployment"))
    entry.update(name=name, sku={"name": sku, "capacity": capacity})
    entry["properties"]["model"] = {"format": "OpenAI", "name": model_name, "version": version}
    return entry


@dataclass
class Fault:
    status: int
    body: str = '{"error": {"code": "InternalServerError", "message": "Something went wrong."}}'
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Azure:
    """What the fake subscription holds; scenarios change it before preflight runs."""

    subscription: str
    models: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    usages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    filters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    capacities: list[dict[str, Any]] = field(default_factory=list)
    accounts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    deployments: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    taken_subdomains: dict[str, str] = field(default_factory=dict)
    """Subdomain → the reason Azure gives."""
    deleted: list[dict[str, Any]] = field(default_factory=list)
    blocklists: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)
    """(group, account, blocklist) → item name → its properties; batch add and delete change them."""
    blocklist_bodies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    """(group, account) → its blocklists as Azure lists them (their items are in `blocklists`)."""
    rai_policies: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    private_endpoints: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    """(group, endpoint name) → the endpoint."""
    zone_groups: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    """(group, endpoint name) → its DNS zone groups."""
    diagnostic_settings: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)
    """Resource groups that exist without an account in them."""
    """(group, account) → its diagnostic settings."""
    bodies: list[Any] = field(default_factory=list)
    """The JSON body of every POST, in order."""
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    """Path regex → responses to give (in order) before the normal one."""
    calls: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)

    def count(self, pattern: str) -> int:
        return sum(1 for _, path, _ in self.calls if re.search(pattern, path))

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], str]:
        self.calls.append((method, path, query))
        if method == "POST":
            self.bodies.append(json.loads(body) if body else None)
        for pattern, queued in self.faults.items():
            if queued and re.search(pattern, path):
                fault = queued.pop(0)
                return fault.status, fault.headers, fault.body
        sub = f"/subscriptions/{self.subscription}"
        account_path = rf"{sub}/resourceGroups/([^/]+){PROVIDER}/accounts/([^/]+)"
        blocklist = rf"{account_path}/raiBlocklists/([^/]+)"
        endpoint = r"/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\.Network/privateEndpoints/([^/]+)"
        routes: list[tuple[str, str, Any]] = [
            ("GET", rf"^{sub}{PROVIDER}/locations/([^/]+)/models$", lambda m: self._list(self.models.get(m[1], []))),
            ("GET", rf"^{sub}{PROVIDER}/locations/([^/]+)/usages$", lambda m: self._list(self.usages.get(m[1], []))),
            (
                "GET",
                rf"^{sub}{PROVIDER}/locations/([^/]+)/raiContentFilters$",
                lambda m: self._list(self.filters.get(m[1], [])),
            ),
            ("GET", rf"^{sub}{PROVIDER}/locations/([^/]+)/modelCapacities$", lambda m: self._capacities(query, m[1])),
            ("GET", rf"^{sub}{PROVIDER}/modelCapacities$", lambda m: self._capacities(query, None)),
            ("GET", rf"^{sub}{PROVIDER}/deletedAccounts$", lambda m: self._list(self.deleted)),
            ("POST", rf"^{sub}{PROVIDER}/checkDomainAvailability$", lambda m: self._domain(body)),
            (
                "GET",
                rf"^{sub}/resourceGroups/([^/]+){PROVIDER}/accounts/([^/]+)/deployments$",
                lambda m: self._list(self.deployments.get((m[1], m[2]), [])),
            ),
            ("GET", rf"^{account_path}$", lambda m: self._account(m[1], m[2])),
            ("GET", rf"^{sub}/resourceGroups/([^/]+){PROVIDER}/accounts$", lambda m: self._accounts(m[1])),
            ("GET", rf"^{sub}/resourceGroups/([^/]+)$", lambda m: self._group(m[1])),
            ("GET", rf"^{account_path}/raiPolicies$", lambda m: self._list(self.rai_policies.get((m[1], m[2]), []))),
            (
                "GET",
                rf"^{account_path}/raiBlocklists$",
                lambda m: self._list(self.blocklist_bodies.get((m[1], m[2]), [])),
            ),
            (
                "GET",
                rf"^{account_path}/providers/Microsoft\.Insights/diagnosticSettings$",
                lambda m: self._list(self.diagnostic_settings.get((m[1], m[2]), [])),
            ),
            ("GET", rf"^{endpoint}$", lambda m: self._endpoint(m[1], m[2])),
            (
                "GET",
                rf"^{endpoint}/privateDnsZoneGroups$",
                lambda m: self._list(self.zone_groups.get((m[1], m[2]), [])),
            ),
            ("POST", rf"^{blocklist}/addRaiBlocklistItems$", lambda m: self._add_items((m[1], m[2], m[3]), body)),
            ("POST", rf"^{blocklist}/deleteRaiBlocklistItems$", lambda m: self._delete_items((m[1], m[2], m[3]), body)),
            ("GET", rf"^{blocklist}/raiBlocklistItems$", lambda m: self._list_items((m[1], m[2], m[3]))),
        ]
        for verb, pattern, respond in routes:
            match = re.match(pattern, path)
            if verb == method and match:
                status, payload = respond(match)
                return status, {}, "" if payload is None else json.dumps(payload)
        return 404, {}, json.dumps({"error": {"code": "NotFound", "message": f"no route for {method} {path}"}})

    @staticmethod
    def _list(items: list[dict[str, Any]]) -> tuple[int, Any]:
        return 200, {"value": items}

    def _capacities(self, query: dict[str, list[str]], region: str | None) -> tuple[int, Any]:
        wanted = (query.get("modelName", [""])[0], query.get("modelVersion", [""])[0])
        items = [
            c
            for c in self.capacities
            if (c["properties"]["model"]["name"], c["properties"]["model"]["version"]) == wanted
            and (region is None or c["location"] == region)
        ]
        return self._list(items)

    def _domain(self, body: bytes) -> tuple[int, Any]:
        asked = json.loads(body)
        answer = copy.deepcopy(example("CheckDomainAvailability"))
        subdomain = asked["subdomainName"]
        answer.update(subdomainName=subdomain, isSubdomainAvailable=subdomain not in self.taken_subdomains)
        answer["reason"] = self.taken_subdomains.get(subdomain)
        return 200, answer

    def _blocklist(self, key: tuple[str, str, str]) -> dict[str, dict[str, Any]] | None:
        return self.blocklists.get(key)

    @staticmethod
    def _no_blocklist(key: tuple[str, str, str]) -> tuple[int, Any]:
        return 404, {"error": {"code": "NotFound", "message": f"blocklist {key[2]} not found"}}

    def _add_items(self, key: tuple[str, str, str], body: bytes) -> tuple[int, Any]:
        items = self._blocklist(key)
        if items is None:
            return self._no_blocklist(key)
        for item in json.loads(body):  # batch add creates missing items and overwrites those of the same name
            items[item["name"]] = dict(item["properties"])
        answer = copy.deepcopy(example("AddRaiBlocklistItems"))
        answer["name"] = key[2]
        return 200, answer

    def _delete_items(self, key: tuple[str, str, str], body: bytes) -> tuple[int, Any]:
        items = self._blocklist(key)
        if items is None:
            return self._no_blocklist(key)
        for name in json.loads(body):
            items.pop(name, None)
        return 204, None

    def _list_items(self, key: tuple[str, str, str]) -> tuple[int, Any]:
        items = self._blocklist(key)
        if items is None:
            return self._no_blocklist(key)
        listed = []
        for name in sorted(items):
            entry = copy.deepcopy(example("PutRaiBlocklistItem"))
            entry.update(name=name, id=entry["id"].rsplit("/", 1)[0] + f"/{name}")
            entry["properties"] = dict(items[name])
            listed.append(entry)
        return self._list(listed)

    def _accounts(self, group: str) -> tuple[int, Any]:
        return self._list([body for (g, _), body in sorted(self.accounts.items()) if g == group])

    def _group(self, name: str) -> tuple[int, Any]:
        """A resource group exists when it holds an account (or is listed in `groups`)."""
        if name not in self.groups and name not in {g for g, _ in self.accounts}:
            return 404, {
                "error": {"code": "ResourceGroupNotFound", "message": f"Resource group '{name}' could not be found."}
            }
        body = copy.deepcopy(
            json.loads((EXAMPLES.parent / "arm-more" / "CreateResourceGroup.json").read_text("utf-8"))["responses"][
                "200"
            ]["body"]
        )
        body.update(id=f"/subscriptions/{self.subscription}/resourceGroups/{name}", name=name, location="swedencentral")
        return 200, body

    def _endpoint(self, group: str, name: str) -> tuple[int, Any]:
        found = self.private_endpoints.get((group, name))
        if found is None:
            return 404, {"error": {"code": "ResourceNotFound", "message": f"private endpoint {name} not found"}}
        return 200, found

    def _account(self, group: str, name: str) -> tuple[int, Any]:
        found = self.accounts.get((group, name))
        if found is None:
            return 404, {"error": {"code": "ResourceNotFound", "message": f"account {name} not found"}}
        return 200, found


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "arm.pem", folder / "arm.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


class ArmServer:
    def __init__(self, azure: Azure, folder: Path) -> None:
        self.azure = azure
        self.certificate, key = _certificate(folder)
        state = azure

        class Handler(BaseHTTPRequestHandler):
            def _respond(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, headers, text = state.answer(self.command, unquote(url.path), parse_qs(url.query), body)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for header, value in headers.items():
                    self.send_header(header, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _respond  # noqa: N815 - the names http.server dispatches to

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.certificate, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ArmServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serving(azure: Azure, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ArmServer]:
    """A pytest fixture's body: the server running, and aoai's client pointed at it with a test token."""
    with ArmServer(azure, folder) as server:
        monkeypatch.setenv(TOKEN_VARIABLE, "test-token")
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.certificate))
        yield server
