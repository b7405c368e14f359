"""Choices for agreements and contributions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgreementKind(models.TextChoices):
    BILATERAL = "bilateral", _("1:1 joint research")
    CONSORTIUM = "consortium", _("Consortium joint research")


class ResearchClass(models.TextChoices):
    """Nagoya HMHS distinction: cooperative (non-competitive) vs individual (company-funded)."""

    COOPERATIVE = "cooperative", _("Cooperative (non-competitive)")
    INDIVIDUAL = "individual", _("Individual")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATING = "negotiating", _("Negotiating")
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


class PartyRole(models.TextChoices):
    UNIVERSITY = "university", _("University (甲)")
    COMPANY = "company", _("Company (乙)")
    FUNDER = "funder", _("Funder")
    OTHER = "other", _("Other")


class ContributionKind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")


class FundingSource(models.TextChoices):
    JST = "jst", _("JST")
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")
