"""People and roles: invitations, role changes, deactivation, personal API tokens, the calendar address.

Every change is atomic, takes the acting ``user`` keyword-only, checks permission and writes an
:class:`~kyoso.core.models.Event` on the user concerned (readable in the event log). Managing
users is the IP office's alone; tokens and the calendar address are each user's own. The web
pages and ``kyoso user`` call these same functions.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kyoso.core.roles import Actor, Role, actor_of
from kyoso.core.sentences import Sentence, choice_label
from kyoso.core.services import record_event

from .invitations import invitation_days, invitation_url, invited_user
from .models import ApiToken, Profile, _new_feed_token

__all__ = [
    "Invitation", "invite_user", "reinvite_user", "accept_invitation", "change_role", "set_active",
    "create_token", "revoke_token", "authenticate_token", "rotate_feed_token", "ensure_manages_users",
    "TOKEN_PREFIX", "MAX_TOKEN_DAYS",
]

logger = logging.getLogger(__name__)

#: What every personal token starts with (tells it from the older DRF tokens at a glance).
TOKEN_PREFIX = "kyoso_"
#: The longest a token may live.
MAX_TOKEN_DAYS = 366


@dataclass(frozen=True)
class Invitation:
    """An invited user and the link sent to them (shown once to the IP office)."""

    user: object
    url: str


def _actor(user) -> Actor:
    return user if isinstance(user, Actor) else actor_of(user)


def ensure_manages_users(user) -> None:
    """Only the IP office invites, changes roles and deactivates."""
    if not _actor(user).is_ip_office:
        raise PermissionDenied(_("Only the IP office manages users."))


def _role_sentence(role: str):
    return choice_label(Profile(role=role), "role")


def _normalise(profile: Profile, consortia: Iterable) -> list:
    """The role's facts, checked by the profile's own rule (``Profile.clean``) and the consortia rule."""
    consortia = list(consortia or ())
    if profile.role != Role.CPO:
        consortia = []
    elif not consortia:
        raise ValidationError({"consortia": _("A CPO runs at least one consortium.")})
    profile.full_clean(exclude=["user"])
    return consortia


@transaction.atomic
def invite_user(*, user, email: str, role: str, organisation=None, consortia: Iterable = (), person=None,
                language: str | None = None, send: bool = True, connection=None) -> Invitation:
    """Create a user (no password yet) with a role, and a one-time link to set their password.

    The user name is the e-mail address. Refuses a duplicate address, and a role without the facts
    it needs (a company user's organisation, a researcher's person: ``Profile.clean``).
    """
    ensure_manages_users(user)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    User = get_user_model()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    profile = Profile(role=role, organisation=organisation, person=person,
                      language=language or settings.LANGUAGE_CODE)
    consortia = _normalise(profile, consortia)
    invited = User(username=email, email=email)
    invited.set_unusable_password()
    invited.save()
    profile.user = invited
    profile.save()
    profile.consortia.set(consortia)
    record_event(invited, "invited", Sentence(_("%(name)s invited as %(role)s"), name=email, role=_role_sentence(role)),
                 user=user, data={"role": role, "organisation": profile.organisation_id,
                                  "consortia": [c.pk for c in consortia], "person": profile.person_id})
    invitation = Invitation(invited, invitation_url(invited))
    if send:
        transaction.on_commit(lambda: _send_invitation(invitation, profile.language, connection))
    return invitation


@transaction.atomic
def reinvite_user(target, *, user, send: bool = True) -> Invitation:
    """A new link for someone who has not set a password yet; the earlier link stops working."""
    ensure_manages_users(user)
    if target.has_usable_password() or not target.is_active:
        raise ValidationError(_("Only an active user who has not set a password yet can be invited again."))
    target.set_unusable_password()  # a new fingerprint: the old link is spent
    target.save(update_fields=["password"])
    record_event(target, "invited", Sentence(_("%(name)s invited again"), name=target.get_username()), user=user)
    invitation = Invitation(target, invitation_url(target))
    if send:
        language = getattr(getattr(target, "profile", None), "language", settings.LANGUAGE_CODE)
        transaction.on_commit(lambda: _send_invitation(invitation, language))
    return invitation


def _send_invitation(invitation: Invitation, language: str, connection=None) -> None:
    """E-mail the link; a mail server that refuses is logged (the IP office has the link on screen)."""
    with translation.override(language):
        context = {"url": invitation.url, "days": invitation_days(), "site_url": settings.SITE_URL}
        try:
            send_mail(
                str(_("Your kyoso account")),
                render_to_string("accounts/email/invitation.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [invitation.user.email],
                connection=connection,
            )
        except Exception:  # noqa: BLE001 — the invitation stands; the link is shown to the IP office
            logger.exception("The invitation e-mail to %s could not be sent", invitation.user.email)


@transaction.atomic
def accept_invitation(token: str, password: str):
    """Set the invited user's password (Django's validators) and spend the link; returns the user.

    Raises :class:`~kyoso.accounts.invitations.InvitationRefused` for an unknown, expired or used
    link, ``ValidationError`` for a password the validators refuse.
    """
    invited = invited_user(token)
    invited = type(invited).objects.select_for_update().get(pk=invited.pk)
    invited_user(token)  # again under the lock: two simultaneous acceptances, one wins
    validate_password(password, user=invited)
    invited.set_password(password)
    invited.save(update_fields=["password"])
    record_event(invited, "accepted", Sentence(_("%(name)s accepted the invitation"), name=invited.get_username()),
                 user=invited)
    return invited


@transaction.atomic
def change_role(target, *, user, role: str, organisation=None, consortia: Iterable = (), person=None) -> Profile:
    """Give ``target`` a role (and its facts); one event naming the role before and after."""
    ensure_manages_users(user)
    profile = Profile.objects.select_for_update().filter(user=target).first()
    before = None
    if profile is None:
        profile = Profile(user=target)
    else:
        before = (profile.role, profile.organisation_id, profile.person_id,
                  set(profile.consortia.values_list("pk", flat=True)))
    profile.role, profile.organisation, profile.person = role, organisation, person
    consortia = _normalise(profile, consortia)
    after = (role, profile.organisation_id, profile.person_id, {c.pk for c in consortia})
    if after == before:
        return profile
    profile.save()
    profile.consortia.set(consortia)
    target._kyoso_actor = None
    data = {"role": role, "organisation": profile.organisation_id, "consortia": sorted(after[3]), "person": profile.person_id}
    if before is None:
        summary = Sentence(_("%(name)s given the role %(role)s"), name=target.get_username(), role=_role_sentence(role))
    else:
        data["previous_role"] = before[0]
        summary = Sentence(_("%(name)s: role changed from %(before)s to %(after)s"), name=target.get_username(),
                           before=_role_sentence(before[0]), after=_role_sentence(role))
    record_event(target, "role-changed", summary, user=user, data=data)
    return profile


@transaction.atomic
def set_active(target, *, user, active: bool):
    """Deactivate (no sign-in, no session, no API token) or reactivate a user."""
    ensure_manages_users(user)
    if getattr(user, "pk", None) == target.pk and not active:
        raise ValidationError(_("You cannot deactivate yourself."))
    if target.is_active == active:
        return target
    target.is_active = active
    target.save(update_fields=["is_active"])
    verb, text = ("reactivated", _("%(name)s reactivated")) if active else ("deactivated", _("%(name)s deactivated"))
    record_event(target, verb, Sentence(text, name=target.get_username()), user=user)
    return target


# -- personal API tokens -----------------------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, user, name: str, expires: date) -> tuple[ApiToken, str]:
    """A new token for ``user`` themself; returns it and its secret (never stored, shown once)."""
    if not getattr(user, "pk", None) or not user.is_active:
        raise PermissionDenied
    today = timezone.localdate()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token (what it is for).")})
    if expires is None or expires <= today:
        raise ValidationError({"expires": _("The expiry date must be after today.")})
    if expires > today + timedelta(days=MAX_TOKEN_DAYS):
        raise ValidationError({"expires": _("A token lives at most a year; make a new one when it expires.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 6], key_hash=_hash(secret), expires=expires)
    token.full_clean()
    token.save()
    record_event(user, "token-created", Sentence(_("API token “%(name)s” created, valid until %(expires)s"),
                                                 name=name, expires=expires.isoformat()), user=user)
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, user) -> ApiToken:
    """Revoke one of ``user``'s own tokens: it stops working at once."""
    if not ApiToken.objects.for_user(user).filter(pk=token.pk).exists():
        raise PermissionDenied
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        record_event(user, "token-revoked", Sentence(_("API token “%(name)s” revoked"), name=token.name), user=user)
    return token


def authenticate_token(secret: str):
    """The active user a personal token belongs to, or ``None`` (unknown, expired, revoked, deactivated)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(secret)).first()
    if token is None or token.revoked is not None or token.expires < timezone.localdate() or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > timedelta(minutes=1):  # one write a minute at most
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


# -- the calendar address ----------------------------------------------------------------------------


@transaction.atomic
def rotate_feed_token(*, user) -> Profile:
    """A new secret calendar address for ``user``: every copy of the old one stops working."""
    profile = Profile.objects.select_for_update().filter(user_id=getattr(user, "pk", None)).first()
    if profile is None:
        raise PermissionDenied
    profile.feed_token = _new_feed_token()
    profile.save(update_fields=["feed_token"])
    record_event(user, "feed-rotated", Sentence(_("Calendar address renewed; the old one no longer works")), user=user)
    return profile
