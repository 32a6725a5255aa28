"""Options of the commands that read Azure (preflight, import, drift), and the client they resolve to."""

from __future__ import annotations

import argparse
import logging
import os
from typing import TYPE_CHECKING, Any, Final

from aoai.errors import Issue, UsageError

if TYPE_CHECKING:
    from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient

    from aoai.spec import StackSpec

ARM_ENDPOINT: Final = "https://management.azure.com"
"""`aoai.azure.client.PUBLIC_ARM_ENDPOINT` (a test says so), named here so that --help does not import the Azure SDK."""


def add_stack_subscription_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--subscription", help="subscription id (default: the stack's subscription_id, else AZURE_SUBSCRIPTION_ID)"
    )


def stack_subscription(args: argparse.Namespace, spec: StackSpec, command: str) -> str:
    """The subscription of a stack's estate: --subscription, else the stack's, else AZURE_SUBSCRIPTION_ID."""
    subscription = args.subscription or spec.subscription_id or os.environ.get("AZURE_SUBSCRIPTION_ID")
    if not subscription:
        message = "no subscription: set subscription_id in the stack file, AZURE_SUBSCRIPTION_ID, or --subscription"
        raise UsageError(command, [Issue("", message)])
    return subscription


def add_arm_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--arm-endpoint", default=ARM_ENDPOINT, help=f"Resource Manager endpoint (default {ARM_ENDPOINT})"
    )
    command.add_argument("--max-retries", type=int, default=4, help="retries per request (default 4)")


def arm_client(args: argparse.Namespace, subscription: str) -> CognitiveServicesManagementClient:
    """The management client for `subscription`, signed in (or a clear `NotSignedInError`)."""
    from aoai.azure.client import Connection, client, credential_from_environment, ensure_signed_in  # noqa: PLC0415

    connection = Connection(endpoint=args.arm_endpoint, retries=max(0, args.max_retries))
    credential = credential_from_environment()
    # azure-identity logs every credential it tried at WARNING; NotSignedInError says what to do instead.
    logging.getLogger("azure.identity").setLevel(logging.ERROR)
    ensure_signed_in(credential, connection)
    return client(subscription, credential, connection)


def progress_while(err: Any, description: str) -> Any:
    """A transient progress line on a terminal (rich), or nothing elsewhere."""
    from contextlib import nullcontext  # noqa: PLC0415

    if not err.is_terminal:
        return nullcontext(None)
    from rich.progress import Progress  # noqa: PLC0415

    progress = Progress(console=err, transient=True)
    progress.add_task(description, total=None)
    return progress
