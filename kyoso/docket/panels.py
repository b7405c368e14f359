"""The docket's panel on a filing's page: its deadlines with rule, source and completion."""

from __future__ import annotations

from django.utils import timezone

from kyoso.core.panels import Panel, register_panel
from kyoso.core.roles import CHANGE

from .choices import CLOSING_STATES, DeadlineState

__all__ = ["register"]


def _filing_panel(filing, request):
    from .fees import fee_schedule
    from .models import Deadline

    deadlines = list(Deadline.objects.for_user(request.user).filter(filing=filing).select_related("completed_by", "responsible"))
    may_change = Deadline.objects.for_user(request.user, CHANGE).filter(filing=filing).exists() or (
        filing.__class__.objects.for_user(request.user, CHANGE).filter(pk=filing.pk).exists()
    )
    today = timezone.localdate()
    upcoming = [d for d in deadlines if d.state != DeadlineState.OPEN or d.due >= today or not d.is_milestone]
    return {
        "deadlines": upcoming,
        "today": today,
        "may_change": may_change,
        "closing_states": [(s.value, s.label) for s in CLOSING_STATES],
        "schedule": fee_schedule(filing, today=today),
    }


def register() -> None:
    register_panel("ip.filing", Panel("docket/panels/filing.html", _filing_panel, order=40))
