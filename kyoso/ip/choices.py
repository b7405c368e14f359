"""Choices for inventions and filings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IPKind(models.TextChoices):
    FOREGROUND = "foreground", _("Foreground (created in the joint research)")
    BACKGROUND = "background", _("Background (brought in)")


class InventionStatus(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed")
    EVALUATING = "evaluating", _("Under evaluation")
    FILED = "filed", _("Filed")
    NOT_FILED = "not_filed", _("Not filed / released")
    ABANDONED = "abandoned", _("Abandoned")


class Office(models.TextChoices):
    JP = "JP", _("Japan (JPO)")
    PCT = "PCT", _("PCT (WIPO)")
    US = "US", _("United States (USPTO)")
    EP = "EP", _("Europe (EPO)")
    CN = "CN", _("China (CNIPA)")
    KR = "KR", _("Korea (KIPO)")
    OTHER = "XX", _("Other office")


class FilingKind(models.TextChoices):
    NATIONAL = "national", _("National (first) filing")
    PRIORITY_CLAIM = "priority_claim", _("With priority claim")
    PCT = "pct", _("PCT international application")
    NATIONAL_PHASE = "national_phase", _("National / regional phase")
    DIVISIONAL = "divisional", _("Divisional")
    CONTINUATION = "continuation", _("Continuation")
    PROVISIONAL = "provisional", _("US provisional")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Being drafted")
    FILED = "filed", _("Filed")
    PUBLISHED = "published", _("Published")
    EXAMINATION = "examination", _("Under examination")
    GRANTED = "granted", _("Grant decided")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")
    ABANDONED = "abandoned", _("Abandoned")
    EXPIRED = "expired", _("Expired")


class FilingStatusGroups:
    """Statuses grouped for filters and the docket: live rights still produce deadlines."""

    PENDING = (FilingStatus.DRAFT, FilingStatus.FILED, FilingStatus.PUBLISHED, FilingStatus.EXAMINATION, FilingStatus.GRANTED)
    IN_FORCE = (FilingStatus.REGISTERED,)
    LIVE = PENDING + IN_FORCE
    DEAD = (FilingStatus.REFUSED, FilingStatus.WITHDRAWN, FilingStatus.LAPSED, FilingStatus.ABANDONED, FilingStatus.EXPIRED)


class ProposalKind(models.TextChoices):
    """What a researcher's change proposal would replace."""

    OWNERS = "owners", _("Owners and their shares")
    INVENTORS = "inventors", _("Inventors and their contributions")


class ProposalStatus(models.TextChoices):
    # "Refused" of a filing is the office's refusal (拒絶); a refused proposal is turned down (却下).
    PROPOSED = "proposed", pgettext_lazy("proposal status", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
    REFUSED = "refused", pgettext_lazy("proposal status", "Refused")


class SearchedBy(models.TextChoices):
    """Who searched the application before its examination request – the JPO's exam fee depends
    on it (JPO exam-request fee revision of 1 April 2019). Values are the fee rules' variants."""

    NONE = "none", _("No search report")
    JPO = "jpo_isr", _("JPO as International Searching Authority")
    OTHER_ISA = "other_isa", _("Another International Searching Authority (EPO …)")
    SEARCH_ORGANISATION = "search_organisation", _("Registered search organisation")


class USEntityStatus(models.TextChoices):
    """A US filing's fee status as declared; blank = derived from owners and licences."""

    DERIVED = "", _("Derived from owners and licences")
    LARGE = "large", _("Large entity")
    SMALL = "small", _("Small entity")
    MICRO = "micro", _("Micro entity")
