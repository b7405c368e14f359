"""Choices of the docket: a deadline's state and the kinds the rules produce."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeadlineState(models.TextChoices):
    OPEN = "open", pgettext_lazy("deadline state", "Open")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived (not pursued)")
    MISSED = "missed", _("Missed")
    #: Closed because its filing is no longer pursued (abandoned, refused, lapsed…); kept, not
    #: deleted, and opened again if the filing is (e.g. the IP office reopens an abandoned right).
    CLOSED = "closed", _("Closed: filing not pursued")


#: The states a person may set; ``open`` comes back only by reopening, ``closed`` only with the filing.
CLOSING_STATES = (DeadlineState.DONE, DeadlineState.WAIVED, DeadlineState.MISSED)


class DeadlineKind(models.TextChoices):
    """The ``kind`` column of ``kyoso/rules/data/deadline_rules.csv``, plus ``other`` for manual ones."""

    EXAM_REQUEST = "exam_request", _("Examination request")
    PUBLICATION = "publication", _("Publication")
    PRIORITY = "priority", _("Priority filing")
    PRIORITY_STATEMENT = "priority_statement", _("Priority claim statement")
    PRIORITY_DOCUMENT = "priority_document", _("Priority document")
    OA_REPLY = "oa_reply", _("Reply to office action")
    APPEAL = "appeal", _("Appeal against refusal")
    DIVISIONAL = "divisional", _("Divisional application")
    REGISTRATION_FEE = "registration_fee", _("Registration fee (years 1–3)")
    ANNUITY = "annuity", _("Annuity")
    ANNUITY_LATE_END = "annuity_late_end", _("End of late-payment window (annuity)")
    EXPIRY = "expiry", _("Expiry of the right")
    SEARCH_REPORT = "search_report", _("International search report")
    AMENDMENT = "amendment", _("Claim amendments (Art. 19)")
    DEMAND = "demand", _("Demand for preliminary examination")
    IPRP = "iprp", _("Preliminary report on patentability")
    NATIONAL_PHASE = "national_phase", _("National / regional phase entry")
    MAINTENANCE_WINDOW_OPENS = "maintenance_window_opens", _("Maintenance-fee payment window opens")
    US_MAINTENANCE = "us_maintenance", _("US maintenance fee")
    US_MAINTENANCE_LATE_END = "us_maintenance_late_end", _("End of US maintenance grace period")
    EP_RENEWAL = "ep_renewal", _("EP renewal fee")
    EP_RENEWAL_LATE_END = "ep_renewal_late_end", _("End of EP renewal grace period")
    OTHER = "other", _("Other")


#: Milestones the office reaches by itself (or the end of the right, or the day a payment window
#: opens): shown on the docket, never reminded, because nobody has to act on them.
MILESTONE_KINDS = frozenset({
    DeadlineKind.PUBLICATION, DeadlineKind.SEARCH_REPORT, DeadlineKind.IPRP, DeadlineKind.EXPIRY,
    DeadlineKind.MAINTENANCE_WINDOW_OPENS,
})

#: Kinds that cost an official fee, for the fee schedule.
FEE_KINDS = frozenset({
    DeadlineKind.EXAM_REQUEST, DeadlineKind.REGISTRATION_FEE, DeadlineKind.ANNUITY,
    DeadlineKind.US_MAINTENANCE, DeadlineKind.EP_RENEWAL,
})
