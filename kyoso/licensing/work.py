"""Licensing's sections of "My work": the requests waiting for the steering committee (for the CPO
and the IP office) and, for a company, its own requests and where each stands."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.inbox.work import LIMIT, WorkSection, register

from .choices import RequestStatus

__all__ = ["register_work"]

RELATED = ("requester", "invention", "consortium")


def _row(request, *cells):
    return {"url": request.get_absolute_url(), "cells": cells}


def _committee_queue(http_request):
    from .models import LicenceRequest

    if actor_of(http_request.user).role not in (Role.IP_OFFICE, Role.CPO):
        return None
    waiting = LicenceRequest.objects.for_user(http_request.user, CHANGE).filter(status=RequestStatus.COMMITTEE)
    rows = waiting.select_related(*RELATED).order_by("requested_on", "pk")[:LIMIT]
    return {
        "headings": (_("Reference"), _("Requester"), _("IP asset"), _("Consortium"), _("Requested on")),
        "rows": [_row(r, r.reference, r.requester, r.invention.reference, r.consortium, r.requested_on.isoformat()) for r in rows],
        "total": waiting.count(),
        "empty": _("No licence request waits for the steering committee."),
        "more_url": f"{reverse('licensing:licencerequest_list')}?{urlencode({'status': RequestStatus.COMMITTEE})}",
        "more_label": _("All requests waiting for the committee"),
    }


def _own_requests(http_request):
    from .models import LicenceRequest

    if actor_of(http_request.user).role != Role.COMPANY:
        return None
    mine = LicenceRequest.objects.for_user(http_request.user)
    rows = mine.select_related(*RELATED).order_by("-requested_on", "-pk")[:LIMIT]
    return {
        "headings": (_("Reference"), _("IP asset"), _("Consortium"), _("Requested on"), _("Status")),
        "rows": [_row(r, r.reference, r.invention.reference, r.consortium, r.requested_on.isoformat(), r.get_status_display())
                 for r in rows],
        "total": mine.exclude(status__in=(RequestStatus.REFUSED, RequestStatus.LICENSED, RequestStatus.WITHDRAWN)).count(),
        "intro": _("The count is of requests still open; the table lists the latest, whatever their status."),
        "empty": _("Your company has filed no licence request."),
        "more_url": reverse("licensing:licencerequest_list"),
        "more_label": _("All your licence requests"),
    }


def register_work() -> None:
    register(WorkSection("committee", _("Licence requests waiting for the steering committee"), "inbox/sections/records.html",
                         _committee_queue, order=20))
    register(WorkSection("my-requests", _("Your licence requests"), "inbox/sections/records.html", _own_requests, order=40))
