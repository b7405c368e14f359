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


class Ownership(models.TextChoices):
    """Who owns the results (成果に関する知的財産権の帰属); values of ``kyoso.rules.sakura.OWNERSHIP``."""

    UNIVERSITY = "university", _("The university (甲)")
    COMPANY = "company", _("The company (乙)")
    INVENTORS = "inventors", _("By the inventors' affiliation")
    CO_OWNED = "co_owned", _("Co-owned, with shares")


class OtherPartyRights(models.TextChoices):
    """What the side that does not own the results gets; ``kyoso.rules.sakura.OTHER_PARTY_RIGHTS``."""

    NEGOTIATED = "negotiated", _("Terms of use negotiated")
    NON_EXCLUSIVE_FREE = "non_exclusive_free", _("Non-exclusive licence, free")
    NON_EXCLUSIVE_PAID = "non_exclusive_paid", _("Non-exclusive licence, paid")
    EXCLUSIVE_OPTION = "exclusive_option", _("Option for an exclusive licence")
    ASSIGNMENT_OPTION = "assignment_option", _("Option to take an assignment")
    RESEARCH_USE = "research_use", _("The university's research use")


class PeriodCounting(models.TextChoices):
    AFTER_END = "after_end", _("From the day after the end of the research")
    PER_FISCAL_YEAR = "per_fiscal_year", _("From the day after the end of each fiscal year")


class FeeBearer(models.TextChoices):
    OWNERS = "owners", _("The owners, by their shares (or the consortium's cost policy)")
    COMPANY = "company", _("The company")
    UNIVERSITY = "university", _("The university")


class AgreementDeadlineKind(models.TextChoices):
    OPTION_WINDOW = "option_window", _("Option window closes")
    KNOW_HOW_END = "know_how_end", _("Know-how secrecy ends")
    CONFIDENTIALITY_END = "confidentiality_end", _("Confidentiality ends")
    PUBLICATION_ANSWER = "publication_answer", _("Partner's answer to a publication request due")


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the partner")
    AGREED = "agreed", _("Partner agreed")
    DELAY = "delay", _("Partner asked for a delay")
    PUBLISHED = "published", _("Published")


class DraftLanguage(models.TextChoices):
    JA = "ja", _("Japanese")
    EN = "en", _("English")
