"""One-time invitation links: signed, expiring, and spent once the password is set.

The link carries the user's key and a fingerprint of their password hash, last sign-in and
activity, signed with the site's secret and a timestamp. Setting the password changes the
fingerprint, so a link works once; a new invitation (a fresh unusable password) spends the old
link; a deactivated user's link no longer opens; after :setting:`KYOSO_INVITATION_DAYS` (7 by
default) the signature itself expires.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

__all__ = ["invitation_token", "invitation_url", "invited_user", "InvitationRefused", "invitation_days"]

SALT = "kyoso.accounts.invitation"


class InvitationRefused(Exception):
    """The link is unknown, expired or already used; ``expired`` says which of the first two."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def invitation_days() -> int:
    return getattr(settings, "KYOSO_INVITATION_DAYS", 7)


def _fingerprint(user) -> str:
    login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None).isoformat()
    return salted_hmac(SALT, f"{user.pk}|{user.password}|{login}|{user.is_active}").hexdigest()[:32]


def invitation_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SALT)


def invitation_url(user) -> str:
    """The absolute link (``SITE_URL`` + path) to put in the e-mail."""
    path = reverse("accounts:accept", args=[invitation_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def invited_user(token: str):
    """The user the link invites, or :class:`InvitationRefused`."""
    try:
        data = signing.loads(token, salt=SALT, max_age=invitation_days() * 24 * 3600)
    except signing.SignatureExpired:
        raise InvitationRefused(expired=True) from None
    except signing.BadSignature:
        raise InvitationRefused from None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_fingerprint(user), str(data.get("f", ""))):
        raise InvitationRefused
    return user
