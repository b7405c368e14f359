"""The docket's section of "My work": overdue deadlines and those due in the next 30 days, with
the days left and who is responsible (for the IP office and the CPOs, within what they may change)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.inbox.work import LIMIT, WorkSection, register

__all__ = ["register_work", "WINDOW_DAYS"]

#: How far ahead "My work" lists deadlines.
WINDOW_DAYS = 30


def _deadlines(request):
    from .models import Deadline

    if actor_of(request.user).role not in (Role.IP_OFFICE, Role.CPO):
        return None
    today = timezone.localdate()
    mine = Deadline.objects.for_user(request.user, CHANGE).open().actions()
    overdue = mine.filter(due__lt=today)
    upcoming = mine.filter(due__gte=today, due__lte=today + timedelta(days=WINDOW_DAYS))
    related = ("filing", "responsible")
    rows = [*overdue.select_related(*related).order_by("-due", "pk")[:LIMIT][::-1],
            *upcoming.select_related(*related).order_by("due", "pk")[:LIMIT]]
    return {
        "rows": [{"deadline": d, "days_left": (d.due - today).days, "overdue_days": (today - d.due).days} for d in rows],
        "total": overdue.count() + upcoming.count(),
        "more_url": f"{reverse('docket:deadline_list')}?{urlencode({'window': 'open'})}",
    }


def register_work() -> None:
    register(WorkSection("deadlines", _("Deadlines overdue or due within 30 days"), "inbox/sections/deadlines.html",
                         _deadlines, order=10))
