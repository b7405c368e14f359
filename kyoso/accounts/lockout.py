"""Sign-in throttling: after too many failed passwords (or API tokens) the door stays shut a while.

Counted in the database, so every worker and server sees the same count. Two kinds of key:

- ``user:<name>`` — failed passwords for one user name, whatever the address: guessing one
  person's password from many machines is stopped too. After :setting:`KYOSO_SIGNIN_FAILURE_LIMIT`
  failures within :setting:`KYOSO_SIGNIN_LOCKOUT_MINUTES`, the name is locked for that long, even
  with the right password; the IP office lifts it early with ``kyoso unlock NAME``.
- ``token:<address>`` — API requests with an unknown (or expired, revoked) token from one address.

Two kinds of token answer: personal tokens (``kyoso_…``, :class:`~kyoso.accounts.models.ApiToken`:
named, expiring, revocable, stored as a hash) and DRF's older single token per user. A token
offered and refused is answered 401.

The lock is enforced by an authentication backend (:class:`LockoutBackend`), so the web login,
the admin and the API's session login all obey it; token authentication by
:class:`LockoutTokenAuthentication`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from .models import SignInLock

__all__ = ["locked_until", "record_failure", "clear", "LockoutBackend", "LockoutTokenAuthentication", "user_key"]


def _limit() -> int:
    return getattr(settings, "KYOSO_SIGNIN_FAILURE_LIMIT", 5)


def _window() -> timedelta:
    return timedelta(minutes=getattr(settings, "KYOSO_SIGNIN_LOCKOUT_MINUTES", 15))


def user_key(username: str) -> str:
    return f"user:{(username or '').strip().lower()}"[:200]


def locked_until(key: str) -> datetime | None:
    """When the lock on ``key`` ends, or ``None`` when it is not locked."""
    lock = SignInLock.objects.filter(key=key, locked_until__gt=timezone.now()).values_list("locked_until", flat=True).first()
    return lock


@transaction.atomic
def record_failure(key: str) -> datetime | None:
    """Count one failure for ``key``; returns the end of the lock if this failure locks it."""
    now = timezone.now()
    lock, _created = SignInLock.objects.select_for_update().get_or_create(key=key, defaults={"first_failure": now})
    if lock.first_failure < now - _window():  # an old run of failures no longer counts
        lock.failures, lock.first_failure = 0, now
    lock.failures += 1
    if lock.failures >= _limit():
        lock.locked_until = now + _window()
        lock.failures = 0
    lock.save()
    return lock.locked_until if lock.locked_until and lock.locked_until > now else None


def clear(key: str) -> bool:
    """Forget the failures and any lock on ``key`` (a successful sign-in, or the IP office unlocking)."""
    deleted, _ = SignInLock.objects.filter(key=key).delete()
    return bool(deleted)


class LockoutBackend(ModelBackend):
    """Django's password check, refused while the user name is locked (counts failures too)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username is not None and locked_until(user_key(username)):
            raise PermissionDenied  # stops every backend: even the right password is refused
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if username is not None and password is not None:
            if user is None:
                record_failure(user_key(username))
            else:
                clear(user_key(username))
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown")[:100]


class TokenRefused(exceptions.APIException):
    """A token was offered and is unknown, expired, revoked or its user deactivated: 401."""

    status_code = 401
    default_code = "authentication_failed"
    auth_header = "Token"

    def __init__(self, detail=None):
        from django.utils.translation import gettext

        super().__init__(detail or gettext("Invalid, expired or revoked token."))


class LockoutTokenAuthentication(TokenAuthentication):
    """Personal tokens, then DRF's, throttled per address: too many bad tokens lock the address out."""

    def authenticate(self, request):
        if request.META.get("HTTP_AUTHORIZATION", "").split()[:1] != [self.keyword]:
            return None  # no token offered: nothing to count (and no query)
        key = f"token:{client_address(request)}"
        if until := locked_until(key):
            raise exceptions.Throttled(detail=locked_message(until))
        from .services import TOKEN_PREFIX, authenticate_token

        parts = get_authorization_header(request).split()
        if len(parts) == 2 and parts[1].startswith(TOKEN_PREFIX.encode()):
            user = authenticate_token(parts[1].decode(errors="replace"))
            if user is None:
                record_failure(key)
                raise TokenRefused
            return (user, None)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as refused:
            record_failure(key)
            raise TokenRefused(refused.detail) from None


def locked_message(until: datetime) -> str:
    from django.utils.formats import time_format
    from django.utils.translation import gettext

    return gettext("Too many failed attempts. Try again after %(time)s, or ask the IP office to unlock the account.") % {
        "time": time_format(timezone.localtime(until), "H:i")
    }
