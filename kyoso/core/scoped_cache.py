"""Figures that sum everything a user may see, computed once per scope every few minutes.

The dashboard's tiles, the charts and the IP map read whole tables (millions of contributions,
every filing of the country at national scale): seconds of work that would otherwise be done
again on every visit. They are computed once for everyone who sees the same rows and reused for
:data:`FIGURES_SECONDS`; the pages say when they were drawn. Lists and detail pages are never
cached: they read what they show live.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from .roles import actor_of

__all__ = ["FIGURES_SECONDS", "scope_key", "cached_for_scope"]

#: How long scope-wide figures are reused (the pages say "refreshed every five minutes").
FIGURES_SECONDS = 300


def scope_key(user) -> str:
    """One cache key part per set of rows seen: everyone who sees everything (IP office, auditors)
    shares ``all``; otherwise the role, organisation, person and consortia decide."""
    actor = actor_of(user)
    if actor.sees_everything:
        return "all"
    return f"{actor.role}:{actor.organisation_id}:{actor.person_id}:{','.join(map(str, sorted(actor.consortium_ids)))}"


def cached_for_scope(user, name: str, compute: Callable[[], Any], *, vary: str = "") -> tuple[Any, datetime]:
    """``(compute(), when it was computed)``, shared by every user of ``user``'s scope and
    language (and ``vary``: the page's own options) for :data:`FIGURES_SECONDS`."""
    key = f"kyoso:{name}:{scope_key(user)}:{get_language()}:{vary}"
    cached = cache.get(key)
    if cached is None:
        cached = (compute(), timezone.now())
        cache.set(key, cached, FIGURES_SECONDS)
    return cached
