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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, CharField, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Concat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kyoso.core.roles import Role
from kyoso.core.sentences import ByLanguage
from kyoso.rules.deadlines import WINDOW_OPENS_SUFFIX

from ..choices import DeadlineKind, DeadlineState
from ..models import Deadline, ReminderDispatch, ReminderPreference

__all__ = ["Digest", "Reminder", "send_reminders", "default_leads"]


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
    """The reminders one person receives today (one e-mail; a first run's long list is sent in parts)."""

    recipient: object
    items: list[tuple[Reminder, int]] = field(default_factory=list)  # (reminder, lead)


@dataclass(frozen=True)
class Reminder:
    """What a reminder mail says of one deadline, read as plain values (no model instance)."""

    pk: int
    due: date
    kind: str
    label: str
    label_ja: str
    rule: str
    source: str
    office: str
    application_number: str

    #: ``values_list`` paths, in the order of the fields above.
    PATHS = ("pk", "due", "kind", "label", "label_ja", "rule", "source", "filing__office", "filing__application_number")

    @property
    def title(self) -> str:
        return str(ByLanguage(en=self.label, ja=self.label_ja or self.label))

    @property
    def kind_label(self) -> str:
        return str(dict(DeadlineKind.choices).get(self.kind, self.kind))

    def get_absolute_url(self) -> str:
        return reverse("docket:deadline_detail", args=[self.pk])


#: Reminders per e-mail (and per claim): memory stays flat however many are due on a first run.
DIGEST_PART = 500


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


def _recipients():
    """Everyone who may receive a reminder, with the lead times they chose, by user id: the IP
    office, the CPOs, and the responsible users of open deadlines (active, with an e-mail address,
    reminders not switched off)."""
    User = get_user_model()
    office, cpos = _office_and_cpos()
    consortia_of: dict[int, list[int]] = defaultdict(list)
    for consortium_id, user_ids in cpos.items():
        for user_id in user_ids:
            consortia_of[user_id].append(consortium_id)
    # Read from the index on the responsible column (most deadlines have nobody responsible); asked
    # per user instead, SQLite walks every open deadline for each user.
    responsible = set(
        Deadline.objects.filter(responsible__isnull=False, state=DeadlineState.OPEN).order_by()
        .values_list("responsible_id", flat=True).distinct()
    )
    prefs = {p.user_id: p for p in ReminderPreference.objects.all()}
    users = (User.objects.select_related("profile").filter(pk__in={*office, *consortia_of, *responsible}, is_active=True)
             .exclude(email="").order_by("pk"))
    found = []
    for user in users:
        pref = prefs.get(user.pk)
        if pref is not None and not pref.active:
            continue
        found.append((user, pref.leads if pref else default_leads(), user.pk in office, consortia_of.get(user.pk, [])))
    return found


def _due_for(user, leads: tuple[int, ...], is_office: bool, consortia: list[int], today: date):
    """``(deadline id, lead)`` of the open deadlines ``user`` should hear about today and has not.

    One indexed query: the deadlines due within the user's longest lead time (or overdue) that
    reach the user — as their responsible person, or, with no usable responsible person, as a CPO
    of the filing's consortium or in the IP office — whose applicable lead time (the smallest not
    shorter than the days left; 0 when overdue) has no dispatch row yet.
    """
    ascending = sorted(leads)
    applicable = Case(
        When(due__lt=today, then=Value(0)),
        *(When(due__lte=today + timedelta(days=lead), then=Value(lead)) for lead in ascending),
        output_field=IntegerField(),
    )
    nobody_responsible = Q(responsible__isnull=True) | Q(responsible__is_active=False) | Q(responsible__email="")
    reaches = Q(responsible_id=user.pk)
    if is_office:
        reaches |= nobody_responsible
    elif consortia:
        reaches |= nobody_responsible & Q(filing__family__invention__consortium_id__in=consortia)
    sent = ReminderDispatch.objects.filter(deadline_id=OuterRef("pk"), recipient_id=user.pk, lead_days=OuterRef("applicable"))
    # A fee whose payment window has not opened yet (US maintenance: a payment before it is
    # refused) is not reminded; the window's opening is the filing's ``<rule>_window_opens`` row.
    window_closed = Deadline.objects.filter(
        filing_id=OuterRef("filing_id"), raw_due__gt=today,
        rule=Concat(OuterRef("rule"), Value(WINDOW_OPENS_SUFFIX), output_field=CharField()),
    )
    return list(
        Deadline.objects.open().actions()
        .filter(reaches, due__lte=today + timedelta(days=ascending[-1]))
        .annotate(applicable=applicable)
        .filter(~Exists(sent), ~Exists(window_closed))
        .order_by("due", "pk")
        .values_list("pk", "applicable")
    )


def _reminders(pairs: list[tuple[int, int]]) -> list[tuple[Reminder, int]]:
    """The :class:`Reminder` of each ``(deadline id, lead)``, in the same order."""
    by_pk = {
        values[0]: Reminder(*values)
        for values in Deadline.objects.filter(pk__in=[pk for pk, _lead in pairs]).order_by().values_list(*Reminder.PATHS)
    }
    return [(by_pk[pk], lead) for pk, lead in pairs if pk in by_pk]


def _claim(recipient, items: list[tuple[Reminder, int]], run: str) -> list[tuple[Reminder, int]]:
    """Insert the dispatch rows of ``items``; return only the items this run claimed."""
    rows = [ReminderDispatch(deadline_id=r.pk, recipient=recipient, lead_days=lead, run=run) for r, lead in items]
    ReminderDispatch.objects.bulk_create(rows, ignore_conflicts=True)
    mine = set(
        ReminderDispatch.objects.filter(run=run, recipient=recipient, deadline_id__in=[r.pk for r, _lead in items])
        .values_list("deadline_id", "lead_days")
    )
    return [(r, lead) for r, lead in items if (r.pk, lead) in mine]


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


def send_reminders(today: date, *, dry_run: bool = False,
                   progress: Callable[[int], None] | None = None) -> list[tuple[Digest, int]]:
    """Send today's digests; returns (digest, number of reminders in it) for each one sent (or, with
    ``dry_run``, that would be sent — nothing is claimed then; only a dry run's digests list their items).

    Reads, per recipient, only the deadlines due for a reminder and not yet reminded
    (:func:`_due_for`), then works through them :data:`DIGEST_PART` at a time: a run with nothing new
    costs a few queries per recipient, and memory does not grow with the number sent.
    ``progress(1)`` is called after each recipient.
    """
    run = uuid.uuid4().hex
    report = []
    for recipient, leads, is_office, consortia in _recipients():
        pairs = _due_for(recipient, leads, is_office, consortia, today)
        if dry_run:
            if pairs:
                report.append((Digest(recipient, _reminders(pairs)), len(pairs)))
        else:
            sent = 0
            for start in range(0, len(pairs), DIGEST_PART):
                sent += _send_part(Digest(recipient), _reminders(pairs[start:start + DIGEST_PART]), run, today)
            if sent:
                report.append((Digest(recipient), sent))
        if progress:
            progress(1)
    return report


def _send_part(digest: Digest, items: list[tuple[Reminder, int]], run: str, today: date) -> int:
    """Claim, render and send one e-mail of ``items``; release the claims if it cannot be sent."""
    with transaction.atomic():
        items = _claim(digest.recipient, items, run)
    if not items:
        return 0
    subject, body = _render(digest, items, today)
    claimed = ReminderDispatch.objects.filter(run=run, recipient=digest.recipient, deadline_id__in=[r.pk for r, _l in items])
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.recipient.email])
    except Exception:
        # Release the claims: nothing was sent, so the next run must try again.
        claimed.delete()
        raise
    claimed.update(sent_at=timezone.now())
    return len(items)
