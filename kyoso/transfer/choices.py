"""Choices of technology transfer: rights offered, deal stages, contact channels, the training programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a deal stands (the order and the rules: ``kyoso.rules.pipeline``)."""

    LEAD = "lead", _("Lead")
    CONTACTED = "contacted", _("Contacted")
    NDA = "nda", _("NDA")
    EVALUATION = "evaluation", _("Evaluation")
    TERM_SHEET = "term_sheet", _("Term sheet")
    WON = "won", _("Licence signed")
    LOST = "lost", _("Lost")


class Channel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Telephone")
    EMAIL = "email", _("E-mail")
    FAIR = "fair", _("Trade fair / showcase")
    WEB = "web", _("Web enquiry")


class DealAgreementKind(models.TextChoices):
    NDA = "nda", _("Non-disclosure agreement")
    MTA = "mta", _("Material transfer (evaluation)")
    OPTION = "option", _("Option")


class RightsOffered(models.TextChoices):
    BOTH = "both", _("Exclusive or non-exclusive")
    EXCLUSIVE = "exclusive", _("Exclusive")
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive")


class Competence(models.TextChoices):
    """The three competences the programme trains (marketing, sales, communication)."""

    MARKETING = "marketing", _("Marketing (building promising IP)")
    SALES = "sales", _("Sales (finding licensees)")
    COMMUNICATION = "communication", _("Communication")


class CostCategory(models.TextChoices):
    """JST's four categories of support to a host TLO."""

    RECRUITMENT = "recruitment", _("Recruitment of dispatching institutions")
    OJT = "ojt", _("OJT training")
    TRANSFER = "transfer", _("Technology-transfer activities")
    OFFICE = "office", _("Office costs")
