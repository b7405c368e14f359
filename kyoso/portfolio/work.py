"""The portfolio's section of "My work": for a member company, the rights of open review rounds
it has not voted on yet."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kyoso.core.roles import Role, actor_of
from kyoso.inbox.work import LIMIT, WorkSection, register

from .choices import RoundStatus

__all__ = ["register_work"]


def _votes_to_cast(request):
    from .models import MemberVote, ReviewItem

    actor = actor_of(request.user)
    if actor.role != Role.COMPANY or not actor.organisation_id:
        return None
    voted = MemberVote.objects.filter(item_id=OuterRef("pk"), organisation_id=actor.organisation_id)
    waiting = (ReviewItem.objects.for_user(request.user).filter(round__status=RoundStatus.OPEN, decision="")
               .filter(~Exists(voted)))
    rows = waiting.select_related("round", "round__consortium", "filing").order_by("next_due", "pk")[:LIMIT]
    return {
        "headings": (_("Right"), _("Review round"), _("Consortium"), _("Next renewal due"), _("Recommendation")),
        "rows": [{"url": reverse("portfolio:reviewitem_vote", args=[item.pk]),
                  "cells": (f"{item.filing.office} {item.filing.application_number or item.filing.pk}", item.round.title,
                            item.round.consortium, item.next_due.isoformat(), item.get_recommendation_display())}
                 for item in rows],
        "total": waiting.count(),
        "empty": _("No right of an open review round waits for your vote."),
        "more_url": reverse("portfolio:home"),
        "more_label": _("Portfolio review"),
    }


def register_work() -> None:
    register(WorkSection("votes", _("Rights still to vote on"), "inbox/sections/records.html", _votes_to_cast, order=30))
