"""How each invention is used: its licences, licence income and the share classes granting rights
over it — answered by licensing when that app is installed, never required.

Asked through the query hook ``asset_usage(inventions)`` → ``{invention id: {"licences": n,
"income": yen, "classes": [names]}}`` (``kyoso.licensing`` answers it); without an answer every
asset is simply unused.
"""

from __future__ import annotations

from kyoso.core import hooks

__all__ = ["asset_usage", "EMPTY"]

EMPTY = {"licences": 0, "income": 0, "classes": []}


def asset_usage(inventions) -> dict[int, dict]:
    """``invention id → {"licences", "income", "classes"}`` for ``inventions`` (model instances)."""
    inventions = list(inventions)
    answer = hooks.first("asset_usage", inventions) or {}
    return {i.pk: {**EMPTY, "classes": [], **answer.get(i.pk, {})} for i in inventions}
