"""What a document is: the kinds an IP office files beside its records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["DocumentKind"]


class DocumentKind(models.TextChoices):
    SIGNED_AGREEMENT = "signed_agreement", _("signed agreement")
    DISCLOSURE_FORM = "disclosure_form", _("invention disclosure form")
    OFFICE_ACTION = "office_action", _("office action")
    REPLY = "reply", _("reply to the office")
    ASSIGNMENT = "assignment", _("assignment")
    ROYALTY_REPORT = "royalty_report", _("royalty report")
    INVOICE = "invoice", _("invoice")
    OTHER = "other", _("other")
