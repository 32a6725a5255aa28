"""aoai: provision and govern Azure OpenAI estates as code with Pulumi."""

from __future__ import annotations

from typing import Any


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - costs more than the CLI's start

    try:
        return version("aoai")
    except PackageNotFoundError:  # a checkout run without `pip install`: there is no metadata to read it from
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """`aoai.__version__`, read from the package metadata when asked for (PEP 562), not at every import."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'aoai' has no attribute {name!r}")
