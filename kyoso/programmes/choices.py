"""Choices of the programmes app: an application's status, a duty's state, who applies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Not adopted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: What a decision may set (a submitted application is decided once).
DECISIONS = (ApplicationStatus.AWARDED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


class DutyState(models.TextChoices):
    OPEN = "open", pgettext_lazy("duty state", "Open")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived (not needed)")


class Applicant(models.TextChoices):
    """Who applies, as the programme catalogue names it (``applicants`` column)."""

    UNIVERSITY = "university", _("University etc.")
    COMPANY = "company", _("Company")
    UNIVERSITY_COMPANY = "university+company", _("University researcher with a company")


#: Acts that the Japanese Bayh-Dole conditions let a holder do only after telling or asking the funder,
#: each with the duty (``duties.csv``) whose completion carries the funder's reference.
APPROVAL_DUTIES = {
    "exclusive_licence": "approval_exclusive_licence",
    "assignment": "approval_assignment",
    "abandon": "abandon_notice",
}
