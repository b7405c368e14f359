"""Joint-research agreements: parties, contract type, the indirect-cost rate and IP earmark, contributions."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import FISCAL_YEAR_VALIDATORS, Consortium, ResearchTopic
from kyoso.core.formatting import fiscal_year_label, in_language
from kyoso.core.models import TrackedModel
from kyoso.parties.models import Organisation
from kyoso.rules.fiscal import fiscal_year_of, split_contribution
from kyoso.rules.funding import contribution_rates

from .choices import AgreementKind, AgreementStatus, ContributionKind, FundingSource, PartyRole, ResearchClass
from .querysets import (
    AgreementPartQuerySet,
    AgreementQuerySet,
    ContractTypeQuerySet,
    ContributionQuerySet,
    ContributionTotalQuerySet,
)

__all__ = ["ContractType", "Agreement", "AgreementParty", "Contribution", "ContributionTotal"]

PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class ContractType(TrackedModel):
    """A model contract from a catalogue, e.g. MEXT's Sakura Tool types 0–10.

    Editable data: the per-type terms of the Sakura Tool (source ``mext-sakura-tool``, see
    ``docs/sources.md``) are not all confirmed against the model contracts, so each row says how
    sure we are.
    """

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    ownership = models.CharField(_("who owns the results"), max_length=200, blank=True)
    other_party_rights = models.TextField(_("what the other party gets"), blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("terms confirmed by a source"), default=False)

    objects = ContractTypeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("contract type")
        verbose_name_plural = _("contract types")

    def __str__(self) -> str:
        return in_language(self.name, self.name_ja)


class Agreement(TrackedModel):
    """A joint-research agreement, 1:1 or under a consortium.

    The indirect-cost rate and its IP-earmarked part (the IP budget funded from indirect costs)
    are the rates agreed with the companies; they drive the derived amounts of the companies'
    contributions, while JST money follows JST's contract
    (``kyoso.rules.funding.contribution_rates``). Change them here and the contributions are
    recomputed (see services).
    """

    number = models.CharField(_("agreement number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices, default=AgreementKind.BILATERAL)
    research_class = models.CharField(
        _("research class"), max_length=20, choices=ResearchClass.choices, default=ResearchClass.COOPERATIVE
    )
    consortium = models.ForeignKey(
        Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    topic = models.ForeignKey(
        ResearchTopic, verbose_name=_("research topic"), on_delete=models.PROTECT, related_name="agreements", null=True, blank=True
    )
    contract_type = models.ForeignKey(
        ContractType, verbose_name=_("contract type"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    indirect_rate = models.DecimalField(
        _("indirect-cost rate (%)"), max_digits=5, decimal_places=2, default=Decimal("10"), validators=PERCENT_VALIDATORS
    )
    ip_earmark_rate = models.DecimalField(
        _("of which earmarked for IP (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT_VALIDATORS,
        help_text=_("Percentage points of the indirect-cost rate that fund IP filing and maintenance"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "number"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        # Serves the default ordering: a page of the list reads 50 index entries, not a sort of all rows.
        indexes = [
            models.Index(fields=["-start", "number"], name="agreement_list_order"),
            # A CPO's list (their consortia) read from the index alone, the status filter included.
            models.Index(fields=["consortium", "-start", "number", "status"], name="agreement_consortium_order"),
            # The status filter (active, ended…) in list order, for whoever sees agreements across consortia.
            models.Index(fields=["status", "-start", "number"], name="agreement_status_order"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {in_language(self.title, self.title_ja)}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An agreement cannot end before it starts.")
        if self.ip_earmark_rate is not None and self.indirect_rate is not None and self.ip_earmark_rate > self.indirect_rate:
            errors["ip_earmark_rate"] = _("The IP earmark is part of the indirect costs and cannot exceed their rate.")
        if self.kind == AgreementKind.CONSORTIUM and not self.consortium_id:
            errors["consortium"] = _("A consortium agreement names its consortium.")
        if self.topic_id and self.topic.consortium_id != self.consortium_id:
            errors["topic"] = _("The research topic belongs to another consortium.")
        if errors:
            raise ValidationError(errors)

    @property
    def fiscal_years(self) -> range:
        return range(fiscal_year_of(self.start), fiscal_year_of(self.end) + 1)


class AgreementParty(TrackedModel):
    """An organisation that signed an agreement, in its role (甲 university, 乙 company, funder)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="agreement_parties")
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)

    objects = AgreementPartQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "role"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="party_unique_org")]
        # A company's agreements (its scope) read from the index alone.
        indexes = [models.Index(fields=["organisation", "agreement"], name="party_by_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Contribution(TrackedModel):
    """What one party puts into an agreement in one fiscal year.

    Only the direct costs are typed; the indirect costs and the IP-earmarked part are derived from
    the rates that apply to its funding source under the agreement
    (``kyoso.rules.funding.contribution_rates``, then ``kyoso.rules.fiscal.split_contribution``)
    so no figure is typed twice.
    """

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="contributions")
    contributor = models.ForeignKey(
        Organisation, verbose_name=_("contributor"), on_delete=models.PROTECT, related_name="contributions"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), validators=FISCAL_YEAR_VALIDATORS)
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices, default=ContributionKind.CASH)
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    direct_amount = models.PositiveBigIntegerField(_("direct costs (yen)"))
    indirect_amount = models.PositiveBigIntegerField(_("indirect costs (yen)"), editable=False, default=0)
    ip_amount = models.PositiveBigIntegerField(_("IP-earmarked (yen)"), editable=False, default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        # Ordered by the agreement's id, not "agreement" (which would follow Agreement's ordering
        # through a join and sort millions of rows on every list page); the indexes below serve it
        # for everyone (agreement first, including a CPO's agreements) and for a company's own money.
        ordering = ["agreement_id", "fiscal_year", "contributor_id", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["contributor", "fiscal_year"]),
            models.Index(fields=["fiscal_year"]),
            models.Index(fields=["agreement", "fiscal_year", "contributor"], name="contribution_list_order"),
            models.Index(fields=["contributor", "agreement", "fiscal_year"], name="contribution_own_order"),
        ]
        # One contribution per party, year, kind and source: a second one is the first typed again
        # (it would count twice in the matching ratio and the share classes). A change is an edit.
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "contributor", "fiscal_year", "kind", "source"], name="contribution_unique_per_year",
                violation_error_message=_("This contributor already has a contribution of this kind and source in "
                                          "this fiscal year; change that one instead."),
            )
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.contributor}: ¥{self.total_amount:,}"

    @property
    def total_amount(self) -> int:
        return (self.direct_amount or 0) + (self.indirect_amount or 0)

    def derive_amounts(self) -> None:
        """Set the indirect and IP-earmarked amounts from the rates of this money under the agreement."""
        rates = contribution_rates(self.source, self.agreement.indirect_rate, self.agreement.ip_earmark_rate)
        split = split_contribution(self.direct_amount, rates.indirect, rates.ip_earmark,
                                   cash=self.kind == ContributionKind.CASH)
        self.indirect_amount, self.ip_amount = split.indirect, split.ip_earmarked

    def clean(self):
        errors = {}
        if self.agreement_id and self.fiscal_year and self.fiscal_year not in self.agreement.fiscal_years:
            first, last = self.agreement.fiscal_years[0], self.agreement.fiscal_years[-1]
            errors["fiscal_year"] = _("FY%(fy)s is outside the agreement's period (FY%(first)s–FY%(last)s).") % {
                "fy": self.fiscal_year, "first": first, "last": last,
            }
        if (
            self.agreement_id
            and self.contributor_id
            and not self.agreement.parties.filter(organisation_id=self.contributor_id).exists()
        ):
            errors["contributor"] = _("The contributor must be a party to the agreement.")
        if errors:
            raise ValidationError(errors)
        if self.agreement_id and self.direct_amount is not None:
            self.derive_amounts()


class ContributionTotal(models.Model):
    """The contributions of one contributor in one consortium, fiscal year and funding source, summed.

    A summary kept by the services that change contributions (``kyoso.agreements.totals``): the
    dashboard's money by fiscal year, a consortium's funding and the IP fund's check read these few
    rows instead of summing millions of contributions. ``consortium`` is the agreement's (empty
    for an agreement outside any consortium). Exact at every commit; ``kyoso budget sync`` (and
    :func:`kyoso.agreements.totals.rebuild_totals`) recounts them from the contributions.
    """

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.CASCADE, null=True,
                                   related_name="+")
    contributor = models.ForeignKey(Organisation, verbose_name=_("contributor"), on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    direct_amount = models.PositiveBigIntegerField(_("direct costs (yen)"), default=0)
    indirect_amount = models.PositiveBigIntegerField(_("indirect costs (yen)"), default=0)
    ip_amount = models.PositiveBigIntegerField(_("IP-earmarked (yen)"), default=0)
    contributions = models.PositiveIntegerField(_("contributions"), default=0)

    objects = ContributionTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution total")
        verbose_name_plural = _("contribution totals")
        indexes = [
            models.Index(fields=["fiscal_year"], name="contribution_total_year"),
            models.Index(fields=["consortium", "fiscal_year"], name="contribution_total_consortium"),
            models.Index(fields=["contributor", "fiscal_year"], name="contribution_total_contributor"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["consortium", "contributor", "fiscal_year", "source"],
                                    name="contribution_total_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{fiscal_year_label(self.fiscal_year)} {self.contributor_id}/{self.consortium_id} {self.source}: ¥{self.direct_amount:,}"
