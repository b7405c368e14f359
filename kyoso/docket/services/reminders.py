"""E-mail reminders of open deadlines: who is told, at which lead time, exactly once.

For each open deadline someone must act on, the recipients are its responsible user, else the
CPOs of the filing's consortium and the IP office. Each recipient chooses lead times (e.g. 90,
30 and 7 days); on a given day the *smallest* lead time not shorter than the days left applies
(so a deadline first seen 20 days ahead is announced once at "30 days", not at 90 and 30), and
an open deadline past its date gets one overdue notice (lead 0). A fee that may only be paid
once its window opens (a US maintenance fee: 37 CFR 1.362(d)) is not reminded before that day.

Idempotency: a :class:`~kyoso.docket.models.ReminderDispatch` row per (deadline, recipient,
lead) is *claimed* (inserted under a unique constraint) before any mail leaves; a second run, or
a concurrent one, finds the rows taken and sends nothing. A digest that fails to send releases
its claims so the next run tries again.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kyoso.core.roles import Role
from kyoso.rules.deadlines import window_opening_rule

from ..models import Deadline, ReminderDispatch, ReminderPreference

__all__ = ["Digest", "plan_reminders", "send_reminders", "default_leads"]


def default_leads() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "DOCKET_REMINDER_LEAD_DAYS", (90, 30, 7)), reverse=True))


def lead_for(days_left: int, leads: tuple[int, ...]) -> int | None:
    """The lead time that applies with ``days_left`` days to go: 0 when overdue, else the
    smallest lead ≥ ``days_left``; ``None`` when it is too early for any."""
    if days_left < 0:
        return 0
    fitting = [lead for lead in leads if lead >= days_left]
    return min(fitting) if fitting else None


@dataclass
class Digest:
    """The reminders one person receives today."""

    recipient: object
    items: list[tuple[Deadline, int]] = field(default_factory=list)  # (deadline, lead)


def _office_and_cpos():
    """User ids of the IP office and, per consortium, its CPOs (users with an e-mail address)."""
    User = get_user_model()
    active = User.objects.filter(is_active=True).exclude(email="")
    office = list(active.filter(profile__role=Role.IP_OFFICE).values_list("pk", flat=True))
    cpos: dict[int, list[int]] = defaultdict(list)
    for user_id, consortium_id in active.filter(profile__role=Role.CPO).values_list("pk", "profile__consortia"):
        if consortium_id:
            cpos[consortium_id].append(user_id)
    return office, cpos


def plan_reminders(today: date) -> dict[int, Digest]:
    """Who should hear about what today (before looking at what was already sent)."""
    User = get_user_model()
    office, cpos = _office_and_cpos()
    prefs = {p.user_id: p for p in ReminderPreference.objects.all()}
    horizon = max([*default_leads(), *(max(p.leads) for p in prefs.values())])
    deadlines = list(
        Deadline.objects.open().actions()
        .filter(due__lte=today + timedelta(days=horizon))
        .select_related("filing__family__invention", "responsible")
    )
    not_yet_open = _windows_not_yet_open(deadlines, today)
    users = {}
    digests: dict[int, Digest] = {}
    for deadline in deadlines:
        if deadline.pk in not_yet_open:
            continue
        consortium_id = deadline.filing.family.invention.consortium_id
        if deadline.responsible_id and deadline.responsible.is_active and deadline.responsible.email:
            recipients = [deadline.responsible_id]
        else:
            recipients = list(dict.fromkeys([*cpos.get(consortium_id, []), *office]))
        days_left = (deadline.due - today).days
        for user_id in recipients:
            pref = prefs.get(user_id)
            if pref is not None and not pref.active:
                continue
            lead = lead_for(days_left, pref.leads if pref else default_leads())
            if lead is None:
                continue
            if user_id not in users:
                users[user_id] = User.objects.select_related("profile").get(pk=user_id)
            digests.setdefault(user_id, Digest(users[user_id])).items.append((deadline, lead))
    return digests


def _windows_not_yet_open(deadlines: list[Deadline], today: date) -> set[int]:
    """Ids of the ``deadlines`` whose payment window opens after ``today`` (one query)."""
    opening_of = {d.rule: window_opening_rule(d.rule) for d in deadlines if d.rule}
    opening_of = {rule: opening for rule, opening in opening_of.items() if opening}
    if not opening_of:
        return set()
    waiting = [d for d in deadlines if d.rule in opening_of]
    opens = {
        (filing_id, rule): day
        for filing_id, rule, day in Deadline.objects.filter(
            filing_id__in={d.filing_id for d in waiting}, rule__in=set(opening_of.values()),
        ).values_list("filing_id", "rule", "raw_due")
    }
    return {
        d.pk for d in waiting
        if (day := opens.get((d.filing_id, opening_of[d.rule]))) is not None and today < day
    }


def _claim(digest: Digest, run: str) -> list[tuple[Deadline, int]]:
    """Insert the dispatch rows of ``digest``; return only the items this run claimed."""
    rows = [ReminderDispatch(deadline=d, recipient=digest.recipient, lead_days=lead, run=run) for d, lead in digest.items]
    ReminderDispatch.objects.bulk_create(rows, ignore_conflicts=True)
    mine = set(
        ReminderDispatch.objects.filter(run=run, recipient=digest.recipient).values_list("deadline_id", "lead_days")
    )
    return [(d, lead) for d, lead in digest.items if (d.pk, lead) in mine]


def _render(digest: Digest, items, today: date) -> tuple[str, str]:
    language = getattr(getattr(digest.recipient, "profile", None), "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        overdue = sum(1 for _d, lead in items if lead == 0)
        subject = ngettext("kyoso: %(count)d deadline to watch", "kyoso: %(count)d deadlines to watch", len(items)) % {"count": len(items)}
        if overdue:
            subject += " " + _("(%(overdue)d overdue)") % {"overdue": overdue}
        body = render_to_string("docket/email/digest.txt", {
            "user": digest.recipient, "items": sorted(items, key=lambda item: item[0].due), "today": today,
            "site_url": settings.SITE_URL.rstrip("/"),
        })
    return subject, body


def send_reminders(today: date, *, dry_run: bool = False) -> list[tuple[Digest, int]]:
    """Send today's digests; returns (digest, number of reminders in it) for each one sent (or, with
    ``dry_run``, that would be sent — nothing is claimed then)."""
    run = uuid.uuid4().hex
    report = []
    for digest in plan_reminders(today).values():
        if dry_run:
            already = set(ReminderDispatch.objects.filter(recipient=digest.recipient).filter(
                Q(deadline__in=[d for d, _l in digest.items])).values_list("deadline_id", "lead_days"))
            fresh = [(d, lead) for d, lead in digest.items if (d.pk, lead) not in already]
            if fresh:
                report.append((Digest(digest.recipient, fresh), len(fresh)))
            continue
        with transaction.atomic():
            items = _claim(digest, run)
        if not items:
            continue
        subject, body = _render(digest, items, today)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.recipient.email])
        except Exception:
            # Release the claims: nothing was sent, so the next run must try again.
            ReminderDispatch.objects.filter(run=run, recipient=digest.recipient).delete()
            raise
        ReminderDispatch.objects.filter(run=run, recipient=digest.recipient).update(sent_at=timezone.now())
        report.append((Digest(digest.recipient, items), len(items)))
    return report
