"""The pack's public API: the helpers code outside the pack may use, versioned with the pack (`pack.VERSION`).

aoai evaluates plans with the pack offline and reads content filters the way the policies read them, so a review
and a verdict never disagree on what a RAI policy does. Outside the pack, import only this module, `aoai_policies.pack`
(the assembled pack: name, version, description, default level, policies) and `aoai_policies.facts` (the Azure
facts and their sources); every other module of the pack is private and may change in any release. A test of the
aoai tree fails on an import of any other module.

This module loads neither pulumi nor the policy engine: reading a plan's content filters costs no start-up.
`RESOURCE_TYPES` is complete once `aoai_policies.pack` is imported.
"""

from __future__ import annotations

from aoai_policies.props import get, items
from aoai_policies.rai_filters import Filter, filters, strictness
from aoai_policies.resource_types import RESOURCE_TYPES

__all__ = ["RESOURCE_TYPES", "Filter", "filters", "get", "items", "strictness"]
