"""Choices for organisations and people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    TLO = "tlo", _("Approved TLO")
    FUNDING_AGENCY = "funding_agency", _("Funding agency")
    PUBLIC_RESEARCH = "public_research", _("Public research institute")
    STATE = "state", _("The State")
    PUBLIC_INTEREST = "public_interest", _("Public-interest corporation")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    OTHER = "other", _("Other")


class OrganisationSize(models.TextChoices):
    LARGE = "large", _("Large enterprise")
    SME = "sme", _("SME")
    SMALL = "small", _("Small or start-up company")
    NOT_APPLICABLE = "", _("—")


class PersonKind(models.TextChoices):
    RESEARCHER = "researcher", _("Researcher")
    STAFF = "staff", _("Staff")
    COMPANY_CONTACT = "company_contact", _("Company contact")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")
