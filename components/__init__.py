"""Pulumi components that turn a validated `aoai.spec.StackSpec` into azure-native resources."""

from components.account import OpenAIAccount, OpenAIAccountArgs
from components.estate import Estate, EstateArgs
from components.private_access import PrivateAccess, PrivateAccessArgs

__all__ = ["Estate", "EstateArgs", "OpenAIAccount", "OpenAIAccountArgs", "PrivateAccess", "PrivateAccessArgs"]
