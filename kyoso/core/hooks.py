"""Explicit extension points between layers, so a lower app never imports a higher one.

A lower app (``ip``, ``agreements``) announces "this happened" with :func:`run`; higher apps
(``docket``, ``licensing``) register what to do about it in their ``AppConfig.ready()``. Handlers
run inside the caller's transaction, in registration order, and a failing handler fails the
whole change (nothing is half-done).

Known hook names:

- ``filing_changed(filing, user=…)`` — a filing was created or changed (docket recomputes its
  deadlines).
- ``invention_owners_changed(invention, user=…)`` — owners or shares changed (fee payers).
- ``contribution_changed(contribution, user=…)`` — money changed, incl. re-derived amounts after
  a rate change (share classes, IP fund accruals).
- ``contribution_removed(agreement, user=…)`` — a contribution of ``agreement`` was deleted.
- ``fee_payers(filing)`` → list of (organisation, share %) or ``None``: who pays a filing's fees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

__all__ = ["register", "run", "first"]

_handlers: dict[str, list[Callable]] = defaultdict(list)


def register(name: str, handler: Callable) -> None:
    """Call ``handler`` whenever ``name`` runs (registering the same handler twice is a no-op)."""
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def run(name: str, *args, **kwargs) -> None:
    """Run every handler of ``name``."""
    for handler in _handlers[name]:
        handler(*args, **kwargs)


def first(name: str, *args, **kwargs):
    """The first non-``None`` answer of the handlers of ``name`` (a query hook), else ``None``."""
    for handler in _handlers[name]:
        answer = handler(*args, **kwargs)
        if answer is not None:
            return answer
    return None
