"""Notifications: what reached a user, read in their language, and how they want to hear of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .choices import TEXTS, NotificationKind
from .querysets import NotificationPreferenceQuerySet, NotificationQuerySet

__all__ = ["Notification", "NotificationPreference"]


class Notification(models.Model):
    """Something that reached ``recipient``: a request to decide, a round to vote in, a deadline
    assigned, a decision on their request.

    The text is the kind's sentence (:data:`kyoso.inbox.choices.TEXTS`) filled with ``params``, each
    stored in every language (``{"en": …, "ja": …}``) and put together when it is read, in the
    reader's language. ``url`` is the record's page; ``read_at`` is empty while it is unread.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(_("values"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_unread"),
                   models.Index(fields=["recipient", "-created"], name="inbox_recent")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The kind's sentence with its values, in the active language."""
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        values = {
            name: (value.get(language) or next(iter(value.values()), "")) if isinstance(value, dict) else value
            for name, value in self.params.items()
        }
        try:
            return str(TEXTS[self.kind]) % values
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Whether ``user`` wants notifications of ``kind`` by e-mail too (in-app they always arrive).

    No row means the default: e-mail on.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    email = models.BooleanField(_("by e-mail"), default=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="inbox_one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {'e-mail' if self.email else 'in-app'}"
