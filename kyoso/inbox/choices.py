"""The kinds of notification, each with the sentence it shows (translated when it is read)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REQUEST_TO_DECIDE = "request_to_decide", _("A licence request waits for the steering committee")
    ROUND_OPENED = "round_opened", _("A review round opened for votes")
    DEADLINE_ASSIGNED = "deadline_assigned", _("A deadline was assigned to you")
    REQUEST_DECIDED = "request_decided", _("A decision on your licence request")


#: What each kind says; ``%(name)s`` values are stored with the notification in every language.
TEXTS = {
    NotificationKind.REQUEST_TO_DECIDE: _("Licence request %(reference)s by %(requester)s for %(asset)s waits for the steering committee of %(consortium)s."),
    NotificationKind.ROUND_OPENED: _("Review round “%(title)s” of %(consortium)s is open for votes."),
    NotificationKind.DEADLINE_ASSIGNED: _("You are responsible for the deadline “%(label)s” of %(filing)s, due %(due)s."),
    NotificationKind.REQUEST_DECIDED: _("Your licence request %(reference)s for %(asset)s: %(status)s."),
}
