"""The Azure Resource Manager client preflight talks through: azure-mgmt-cognitiveservices pinned to the API version
aoai targets, a credential, and azure-core's retry policy (which honours 429 `Retry-After`).

Credentials: `AOAI_ARM_TOKEN` (an access token for the ARM endpoint, e.g. from `az account get-access-token`) when
set, else azure-identity's `DefaultAzureCredential` (environment service principal, workload identity, managed
identity, Azure CLI, …).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Final

from azure.core.credentials import AccessToken, TokenCredential
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError, DefaultAzureCredential
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

from aoai.azure import catalog
from aoai.errors import AoaiError

PUBLIC_ARM_ENDPOINT: Final = "https://management.azure.com"
TOKEN_VARIABLE: Final = "AOAI_ARM_TOKEN"
SIGN_IN_HELP: Final = (
    "sign in with `az login` (and `az account set --subscription <id>`), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and"
    " AZURE_CLIENT_SECRET (or a federated token) for a service principal, or run where a managed identity is"
    f" assigned; {TOKEN_VARIABLE} may also hold an ARM access token. Preflight needs Reader (or Cognitive Services"
    " Usages Reader plus Reader on the resource groups) at subscription scope."
)


class NotSignedInError(AoaiError):
    """No credential could get a token for ARM."""


class StaticToken(TokenCredential):
    """A token obtained elsewhere (`az account get-access-token --query accessToken -o tsv`)."""

    def __init__(self, token: str, lifetime_seconds: int = 3600) -> None:
        self._token = AccessToken(token, int(time.time()) + lifetime_seconds)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self._token


def credential_from_environment() -> TokenCredential:
    token = os.environ.get(TOKEN_VARIABLE)
    return StaticToken(token) if token else DefaultAzureCredential()


@dataclass(frozen=True)
class Connection:
    endpoint: str = PUBLIC_ARM_ENDPOINT
    retries: int = 4
    """Retries per request for throttling (429, honouring Retry-After), 5xx and connection errors."""
    backoff_seconds: float = 0.8
    timeout_seconds: int = 30

    @property
    def scope(self) -> str:
        return self.endpoint.rstrip("/") + "/.default"


def ensure_signed_in(credential: TokenCredential, connection: Connection) -> None:
    """Get one token up front, so that missing credentials are one clear message instead of an error per check."""
    try:
        credential.get_token(connection.scope)
    except (ClientAuthenticationError, CredentialUnavailableError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NotSignedInError(
            f"no Azure credentials for {connection.endpoint}: {SIGN_IN_HELP} ({first_line})"
        ) from None


def client(
    subscription_id: str, credential: TokenCredential, connection: Connection
) -> CognitiveServicesManagementClient:
    return CognitiveServicesManagementClient(
        credential,
        subscription_id,
        base_url=connection.endpoint,
        api_version=catalog.API_VERSION,
        credential_scopes=[connection.scope],
        retry_total=connection.retries,
        retry_backoff_factor=connection.backoff_seconds,
        connection_timeout=connection.timeout_seconds,
        read_timeout=connection.timeout_seconds,
    )
