"""The IP pool's section of "My work": a researcher's own disclosures and where each stands."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kyoso.core.roles import Role, actor_of
from kyoso.inbox.work import LIMIT, WorkSection, register

__all__ = ["register_work"]


def _disclosures(request):
    from .models import Invention

    if actor_of(request.user).role != Role.RESEARCHER:
        return None
    mine = Invention.objects.for_user(request.user)
    rows = mine.select_related("consortium").order_by("-disclosed_on", "-pk")[:LIMIT]
    return {
        "headings": (_("Reference"), _("Title"), _("Disclosed on"), _("Consortium"), _("Status")),
        "rows": [{"url": i.get_absolute_url(),
                  "cells": (i.reference, i.title_ja or i.title, i.disclosed_on.isoformat(), i.consortium or "—",
                            i.get_status_display())} for i in rows],
        "total": mine.count(),
        "empty": _("No invention names you as an inventor yet."),
        "more_url": reverse("ip:invention_list"),
        "more_label": _("All your inventions"),
    }


def register_work() -> None:
    register(WorkSection("disclosures", _("Your disclosures"), "inbox/sections/records.html", _disclosures, order=50))
