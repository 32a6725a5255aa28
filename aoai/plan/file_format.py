"""The plan file's format version and what a file of that version may leave out, for its reader
(`aoai.plan.document`) and its schema (`aoai.plan.schema`) alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

PLAN_FORMAT_VERSION: Final = 1
OLD_FILE_DEFAULTS: Final[Mapping[str, Any]] = {
    "dataZone": None,
    "sizing": {},
    "cost": None,
    "outputs": {},
    "warnings": [],
    "policyConfig": None,
    "policies": None,
}
"""What a version-1 file written by an older aoai means by leaving a field out (the schema's defaults too)."""
