"""Choices for share classes, licensing policies, licence requests, licences and distribution."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShareBasis(models.TextChoices):
    """Which contributions a share-class scheme counts."""

    CUMULATIVE = "cumulative", _("Cumulative (all fiscal years to date)")
    FISCAL_YEAR = "fiscal_year", _("Per fiscal year")


class ClassRight(models.TextChoices):
    """The rights a class may grant; the same closed vocabulary as ``kyoso.rules.shares.RIGHTS``."""

    RESEARCH_USE = "research_use", _("Research and evaluation use without charge")
    ROYALTY_FREE_BUSINESS = "royalty_free_business", _("Royalty-free non-exclusive business use")
    DISCOUNTED_BUSINESS = "discounted_business", _("Non-exclusive business use at a discounted royalty")
    FIRST_NEGOTIATION_EXCLUSIVE = "first_negotiation_exclusive", _("First right to negotiate an exclusive licence")


class Purpose(models.TextChoices):
    RESEARCH = "research", _("Research activity in the consortium")
    BUSINESS = "business", _("Business purpose")


class RequestStatus(models.TextChoices):
    """Where a licence request stands; set by the policy's next step, then by people."""

    GRANTED = "granted", _("Granted automatically")
    NEGOTIATION = "negotiation", _("Licence to be issued / negotiated")
    COMMITTEE = "committee", _("Waiting for the steering committee")
    APPROVED = "approved", _("Approved by the steering committee")
    REFUSED = "refused", _("Refused")
    LICENSED = "licensed", _("Licence issued")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Decision(models.TextChoices):
    """Policy decisions, as named by ``kyoso.rules.policy.DECISIONS``."""

    NO_ASSERTION = "no_assertion", _("No assertion of rights")
    NO_ASSERTION_IF_OWNER_ACCEPTS = "no_assertion_if_owner_accepts", _("No assertion if the owner can accept it")
    LICENSE_IN_PRINCIPLE = "license_in_principle", _("Licence granted in principle")
    LICENSE_IF_POSSIBLE_COMMITTEE = "license_if_possible_committee", _("Licence where possible, terms by the steering committee")
    PER_INDIVIDUAL_AGREEMENT = "per_individual_agreement", _("Per individual agreement")
    REFUSE = "refuse", _("Refused")


class NextStep(models.TextChoices):
    GRANTED_AUTOMATICALLY = "granted_automatically", _("Granted automatically")
    OWNER_CONSENT = "owner_consent", _("The owner confirms it can accept the use")
    LICENSING_BODY = "licensing_body", _("The licensing body issues the licence")
    STEERING_COMMITTEE = "steering_committee", _("Goes to the steering committee")
    FIRST_NEGOTIATION = "first_negotiation", _("The requester negotiates first")
    INDIVIDUAL_NEGOTIATION = "individual_negotiation", _("Individual negotiation")
    REFUSED = "refused", _("Refused")


class Exclusivity(models.TextChoices):
    NON_EXCLUSIVE = "non_exclusive", _("Non-exclusive")
    EXCLUSIVE = "exclusive", _("Exclusive")


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")
    TERMINATED = "terminated", _("Terminated")


class RoyaltyKind(models.TextChoices):
    # xgettext:no-python-format — a literal per cent sign, not a placeholder
    RUNNING = "running", _("Running royalty (% of net sales)")
    MINIMUM = "minimum", _("Annual minimum royalty")
    LUMP_SUM = "lump_sum", _("Lump sum")
    MILESTONE = "milestone", _("Milestone payment")


class StatementStep(models.TextChoices):
    """One step of the income waterfall (``kyoso.rules.distribution``)."""

    COSTS = "costs", _("Patent costs reimbursed")
    ADMIN_FEE = "admin_fee", _("Administration fee")
    SHARE = "share", _("Co-ownership share")
    ROUNDING = "rounding", _("Rounding (yen left by truncation)")
    INVENTOR = "inventor", _("Inventor compensation")
    LAB = "lab", _("Laboratory")
    DEPARTMENT = "department", _("Department")
    UNIVERSITY = "university", _("University (remainder)")
