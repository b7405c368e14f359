"""A user's role in kyoso and the facts their scoping reads (organisation, person, consortia)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.roles import Role
from kyoso.parties.models import Organisation, Person

from .querysets import ApiTokenQuerySet

__all__ = ["Profile", "SignInLock", "ApiToken"]


def _new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class Profile(models.Model):
    """What a user is in kyoso: their role, and for whom they act.

    - a company user acts for ``organisation``;
    - a researcher is ``person`` (and ``organisation`` is their university);
    - a CPO runs ``consortia``.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    person = models.OneToOneField(Person, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True, related_name="user_profile")
    consortia = models.ManyToManyField(Consortium, verbose_name=_("consortia run"), blank=True, related_name="officers")
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    feed_token = models.CharField(_("calendar feed token"), max_length=64, unique=True, default=_new_feed_token)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"

    def clean(self):
        if self.role == Role.COMPANY and not self.organisation_id:
            raise ValidationError({"organisation": _("A company user acts for an organisation.")})
        if self.role == Role.RESEARCHER and not self.person_id:
            raise ValidationError({"person": _("A researcher user is linked to their person record.")})


class SignInLock(models.Model):
    """Failed sign-ins counted for a user name or an address, and the lock they led to (see ``lockout``)."""

    key = models.CharField(_("user name or address"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    first_failure = models.DateTimeField(_("first failure"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class ApiToken(models.Model):
    """A personal key to the REST API: named by its owner, expiring, revocable.

    Only a SHA-256 hash of the secret is stored (the secret is shown once, when made); ``prefix``
    (the first characters) lets the owner tell their tokens apart. Offered as
    ``Authorization: Token kyoso_…``; refused once expired, revoked, or its owner deactivated.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
