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


class ResearchType(models.TextChoices):
    """What the MEXT survey calls the money: joint research (共同研究, the partner takes part) or
    commissioned research (受託研究, the university does research the partner pays for)."""

    JOINT = "joint", _("Joint research (共同研究)")
    COMMISSIONED = "commissioned", _("Commissioned research (受託研究)")


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
