"""The docket's panel on a filing's page: its deadlines with rule, source and completion."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kyoso.core.panels import Panel, register_panel
from kyoso.core.roles import CHANGE

from .choices import CLOSING_STATES

__all__ = ["register"]

PANEL_YEARS = 5  # how far ahead the filing page lists deadlines


def _filing_panel(filing, request):
    from .models import Deadline
    from .services.fees import fee_schedule

    deadlines = list(Deadline.objects.for_user(request.user).filter(filing=filing).select_related("completed_by", "responsible"))
    # Completing follows the right to change the filing (DeadlineQuerySet.scope_change).
    may_change = type(filing).objects.for_user(request.user, CHANGE).filter(pk=filing.pk).exists()
    today = timezone.localdate()
    # The next few years and anything still open or recently closed; the docket list has the rest.
    horizon, recent = today + timedelta(days=PANEL_YEARS * 366), today - timedelta(days=366)
    shown = [
        d for d in deadlines
        if d.due <= horizon and (d.is_open and (d.due >= today or not d.is_milestone) or not d.is_open and d.due >= recent)
    ]
    return {
        "deadlines": shown,
        "hidden": len(deadlines) - len(shown),
        "today": today,
        "may_change": may_change,
        "closing_states": [(s.value, s.label) for s in CLOSING_STATES],
        "schedule": fee_schedule(filing, today=today),
    }


def register() -> None:
    register_panel("ip.filing", Panel("docket/panels/filing.html", _filing_panel, order=40))
