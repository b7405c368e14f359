"""Telling people: :func:`notify` (called by the apps above, from inside their services), marking
read, and each user's choice of what also comes by e-mail.

A notification row is written inside the caller's transaction — a change that is rolled back
leaves none — and its e-mail leaves only after the commit (``transaction.on_commit``).
What a notification says is chosen by the caller from what the recipient may see: references,
names and statuses, never another company's money.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.consortia.models import Membership
from kyoso.core.roles import Role, actor_of
from kyoso.core.sentences import ByLanguage, in_every_language

from .choices import NotificationKind
from .models import Notification, NotificationPreference

__all__ = [
    "notify", "without_email", "mark_read", "mark_all_read", "save_email_choices", "email_choices",
    "cpos_of", "users_of_organisations", "member_company_users", "named",
]

log = logging.getLogger(__name__)

_quiet: ContextVar[bool] = ContextVar("kyoso_inbox_quiet", default=False)


@contextmanager
def without_email():
    """Notify in the app only (the demo builder: its people's addresses are made up)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _user_ids(recipients: Iterable) -> list[int]:
    ids = []
    for recipient in recipients:
        pk = getattr(recipient, "pk", recipient)
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


def notify(recipients: Iterable, kind: str, *, params: dict, url: str = "", actor=None) -> list[Notification]:
    """Tell ``recipients`` (users or user ids) that ``kind`` happened; ``actor`` (who did it) is left out.

    ``params`` fill the kind's sentence; each value (text, a lazy translation, a ``Sentence``,
    a ``ByLanguage`` name) is stored in every language. Inactive users get nothing.
    """
    ids = _user_ids(recipients)
    if actor is not None:
        ids = [pk for pk in ids if pk != getattr(actor, "pk", actor)]
    if not ids:
        return []
    active = set(get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
    stored = {name: in_every_language(value) for name, value in params.items()}
    now = timezone.now()
    rows = Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, params=stored, url=url, created=now) for pk in ids if pk in active]
    )
    if rows and not _quiet.get():
        pks = [row.pk for row in rows if row.pk is not None]
        transaction.on_commit(lambda: send_emails(pks, kind))
    return rows


def send_emails(notification_pks: list[int], kind: str) -> int:
    """E-mail the notifications whose recipients want ``kind`` by e-mail (each in their language)."""
    if not notification_pks:
        return 0
    declined = set(NotificationPreference.objects.filter(kind=kind, email=False).values_list("user_id", flat=True))
    notes = (Notification.objects.filter(pk__in=notification_pks, emailed=False).exclude(recipient_id__in=declined)
             .exclude(recipient__email="").select_related("recipient", "recipient__profile"))
    sent = []
    site = settings.SITE_URL.rstrip("/")
    for note in notes:
        profile = getattr(note.recipient, "profile", None) if hasattr(note.recipient, "profile") else None
        language = getattr(profile, "language", None) or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("kyoso: %(what)s") % {"what": note.get_kind_display()}
            body = render_to_string("inbox/email/notification.txt", {
                "note": note, "site_url": site, "preferences_url": site + reverse("inbox:preferences"),
            })
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [note.recipient.email])
        except OSError:  # the mail server is down: the notification stays in the app
            log.exception("notification %s could not be e-mailed", note.pk)
            continue
        sent.append(note.pk)
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed=True)
    return len(sent)


@transaction.atomic
def mark_read(notification: Notification, *, user) -> Notification:
    """Mark one of the user's own notifications read (anyone else's is refused)."""
    if notification.recipient_id != getattr(user, "pk", None):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def email_choices(user) -> dict[str, bool]:
    """Kind → whether the user wants it by e-mail (default: yes)."""
    chosen = dict(NotificationPreference.objects.for_user(user).values_list("kind", "email"))
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}


@transaction.atomic
def save_email_choices(email_kinds: Iterable[str], *, user) -> dict[str, bool]:
    """Store which kinds the user wants by e-mail (the others come in the app only)."""
    if actor_of(user).role is None:
        raise PermissionDenied
    wanted = set(email_kinds)
    for kind in NotificationKind.values:
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in wanted})
    return email_choices(user)


def named(record) -> ByLanguage | str:
    """A record's name in each language (its Japanese name where it has one)."""
    if record is None:
        return "—"
    japanese = getattr(record, "name_ja", "") or getattr(record, "title_ja", "")
    return ByLanguage(en=str(record), ja=japanese or str(record)) if japanese else str(record)


# -- who is told ----------------------------------------------------------------------------------

def _active():
    return get_user_model().objects.filter(is_active=True)


def cpos_of(consortium_id: int) -> list[int]:
    """User ids of the CPOs who run the consortium."""
    return list(_active().filter(profile__role=Role.CPO, profile__consortia=consortium_id)
                .values_list("pk", flat=True).distinct())


def users_of_organisations(organisation_ids: Iterable[int]) -> list[int]:
    """User ids of the company staff acting for these organisations."""
    return list(_active().filter(profile__role=Role.COMPANY, profile__organisation_id__in=list(organisation_ids))
                .values_list("pk", flat=True))


def member_company_users(consortium_id: int, on=None) -> list[int]:
    """User ids of the company staff of the consortium's members on ``on`` (default: today)."""
    on = on or timezone.localdate()
    members = (Membership.objects.filter(consortium_id=consortium_id, joined__lte=on)
               .filter(Q(left__isnull=True) | Q(left__gte=on)).values_list("organisation_id", flat=True))
    return users_of_organisations(members)
