"""Pulumi components that turn a validated `aoai.spec.StackSpec` into azure-native resources."""

from aoai.components.account import OpenAIAccount, OpenAIAccountArgs
from aoai.components.estate import Estate, EstateArgs
from aoai.components.private_access import PrivateAccess, PrivateAccessArgs

__all__ = ["Estate", "EstateArgs", "OpenAIAccount", "OpenAIAccountArgs", "PrivateAccess", "PrivateAccessArgs"]
