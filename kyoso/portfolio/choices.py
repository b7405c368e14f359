"""Choices for portfolio reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    DECIDED = "decided", _("Decided")


class Decision(models.TextChoices):
    MAINTAIN = "maintain", _("Maintain")
    ABANDON = "abandon", _("Abandon")
    OFFER_MEMBER = "offer_member", _("Offer to a member")
    ASSIGN = "assign", _("Assign")


class Vote(models.TextChoices):
    MAINTAIN = "maintain", _("Keep it")
    ABANDON = "abandon", _("Drop it")
