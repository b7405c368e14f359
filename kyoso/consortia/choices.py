"""Choices for consortia."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeType(models.TextChoices):
    """Funding programme of a consortium (JST OPERA types as of FY2018, or none)."""

    OPERA_PLATFORM = "opera_platform", _("OPERA: co-creation platform type (共創プラットフォーム型)")
    OPERA_OI = "opera_oi", _("OPERA: open-innovation organisation type (オープンイノベーション機構連携型)")
    OPERA_DEVELOPMENT = "opera_development", _("OPERA: platform development type with FS (共創プラットフォーム育成型)")
    OTHER = "other", _("Other programme")
    NONE = "none", _("No programme")


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead institution (幹事機関)")
    UNIVERSITY = "university", _("University member")
    COMPANY = "company", _("Member company")
    STEERING = "steering", _("Steering committee")
    OBSERVER = "observer", _("Observer")
