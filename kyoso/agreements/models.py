"""Joint-research agreements: parties, contract type, the indirect-cost rate and IP earmark, contributions."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
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

from .choices import (
    AgreementDeadlineKind,
    AgreementKind,
    AgreementStatus,
    ContributionKind,
    DraftLanguage,
    FeeBearer,
    FundingSource,
    OtherPartyRights,
    Ownership,
    PartyRole,
    PeriodCounting,
    PublicationStatus,
    ResearchClass,
    ResearchType,
)
from .querysets import (
    AgreementPartQuerySet,
    AgreementQuerySet,
    AgreementTermsPartQuerySet,
    ContractTypeQuerySet,
    ContributionQuerySet,
    ContributionTotalQuerySet,
    PublicationRequestQuerySet,
)

__all__ = ["ContractType", "Agreement", "AgreementParty", "Contribution", "ContributionTotal", "AgreementTerms",
           "AgreementResearcher", "DraftVersion", "AgreementDeadline", "PublicationRequest"]

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
    research_type = models.CharField(
        _("research type (MEXT survey)"), max_length=20, choices=ResearchType.choices, default=ResearchType.JOINT,
        help_text=_("Joint research (the partner takes part) or commissioned research (the partner pays for research)."),
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
    research_expense = models.PositiveBigIntegerField(
        _("research expenses borne (yen)"), default=0,
        help_text=_("This party's share of the research expenses in the particulars table (研究経費の負担)"),
    )

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


class AgreementTerms(TrackedModel):
    """The particulars table (契約項目表) of an agreement: its structured terms.

    An agreement starts from the default term set of its Sakura type (``base_type``, see
    ``kyoso.rules.sakura``); every term that differs from that set is a change, listed on the
    agreement's page and in each draft version. The three conditions that hold whatever the type
    are checked by ``kyoso.rules.sakura.check_conditions`` (:meth:`breaches`).
    """

    agreement = models.OneToOneField(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="terms")
    base_type = models.CharField(_("started from type"), max_length=20, blank=True,
                                 help_text=_("The Sakura type (0–10) or consortium model whose default terms this started from"))
    purpose = models.TextField(_("purpose"), blank=True)
    description = models.TextField(_("description of the research"), blank=True)
    place = models.CharField(_("place of research"), max_length=300, blank=True)
    facilities = models.TextField(_("facilities and equipment"), blank=True)
    data_provided = models.TextField(_("data provided"), blank=True)
    data_generated = models.TextField(_("data generated"), blank=True)
    lead_party = models.ForeignKey(Organisation, verbose_name=_("lead-managing party"), on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    project_manager = models.CharField(_("project manager"), max_length=200, blank=True)
    ownership = models.CharField(_("ownership of results"), max_length=20, choices=Ownership.choices, default=Ownership.INVENTORS)
    university_share = models.CharField(_("university's share (co-owned)"), max_length=20, blank=True,
                                        help_text=_("An exact share such as 1/2 or 2/3; only when results are co-owned"))
    other_party_rights = models.CharField(_("the other side's rights"), max_length=30, choices=OtherPartyRights.choices,
                                          default=OtherPartyRights.NEGOTIATED)
    option_window_months = models.PositiveSmallIntegerField(_("option window (months after the end)"), null=True, blank=True)
    university_research_use = models.BooleanField(_("university may use the results in its research"), default=True)
    practical_use_efforts = models.BooleanField(_("efforts toward practical use undertaken"), default=True)
    non_practice_compensation = models.BooleanField(_("non-practice compensation (不実施補償)"), default=False)
    royalty_percent = models.DecimalField(_("royalty (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
                                          validators=PERCENT_VALIDATORS)
    advance_consent_third_party = models.BooleanField(_("advance consent to license third parties"), default=False)
    know_how_years = models.PositiveSmallIntegerField(_("know-how secrecy (years)"), null=True, blank=True)
    know_how_counting = models.CharField(_("know-how secrecy counted"), max_length=20, choices=PeriodCounting.choices,
                                         default=PeriodCounting.AFTER_END)
    confidentiality_years = models.PositiveSmallIntegerField(_("confidentiality (years)"), null=True, blank=True)
    confidentiality_counting = models.CharField(_("confidentiality counted"), max_length=20, choices=PeriodCounting.choices,
                                                default=PeriodCounting.AFTER_END)
    publication_notice_days = models.PositiveSmallIntegerField(_("publication notice (days)"), null=True, blank=True)
    publication_max_delay_days = models.PositiveSmallIntegerField(_("longest delay of publication (days)"), null=True, blank=True)
    fee_bearer = models.CharField(_("who pays official fees"), max_length=20, choices=FeeBearer.choices, default=FeeBearer.OWNERS)
    data_clauses = models.BooleanField(_("data clauses apply"), default=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    objects = AgreementTermsPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement terms")
        verbose_name_plural = _("agreement terms")

    def __str__(self) -> str:
        return f"{self.agreement.number}: {self.get_ownership_display()}"

    def as_terms(self) -> dict:
        """The terms in the vocabulary of ``kyoso.rules.sakura`` (what a default term set holds)."""
        from kyoso.rules.sakura import TERM_KEYS

        values = {key: getattr(self, key) for key in TERM_KEYS}
        percent = values["royalty_percent"]
        values["royalty_percent"] = "" if percent is None else format(percent.normalize(), "f")
        return values

    def base_terms(self) -> dict | None:
        from kyoso.rules.sakura import SakuraError, term_set

        try:
            return dict(term_set(self.base_type).terms) if self.base_type else None
        except SakuraError:
            return None

    def changes(self) -> list[tuple[str, object, object]]:
        """(term, default, agreed) for every term that differs from the type's default set."""
        from kyoso.rules.sakura import diff_terms

        base = self.base_terms()
        return diff_terms(base, self.as_terms()) if base is not None else []

    def breaches(self):
        from kyoso.rules.sakura import check_conditions

        return check_conditions(self.as_terms())

    def clean(self):
        from kyoso.rules.sakura import SakuraError, check_terms

        try:
            checked = check_terms(self.as_terms())
        except SakuraError as error:
            field = "university_share" if "share" in str(error) else None
            raise ValidationError({field: str(error).split(": ", 1)[-1]} if field else str(error)) from None
        self.university_share = checked["university_share"]


class AgreementResearcher(TrackedModel):
    """A researcher named in the particulars table: party, name, role, and whether dispatched (派遣)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="researchers")
    organisation = models.ForeignKey(Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("affiliation and title"), max_length=200, blank=True)
    role = models.CharField(_("role in the research"), max_length=200, blank=True)
    dispatched = models.BooleanField(_("dispatched to the university"), default=False)

    objects = AgreementTermsPartQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "organisation_id", "pk"]
        verbose_name = _("researcher")
        verbose_name_plural = _("researchers")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class DraftVersion(TrackedModel):
    """One generated draft of an agreement: numbered, with the terms as they were and the changes
    since the previous version. The Word document is rebuilt from ``snapshot`` on download, so a
    version reads the same whenever it is opened."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="drafts")
    number = models.PositiveSmallIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2, choices=DraftLanguage.choices, default=DraftLanguage.JA)
    snapshot = models.JSONField(_("terms of this version"), default=dict, blank=True)
    changes = models.JSONField(_("changes since the previous version"), default=list, blank=True)

    objects = AgreementTermsPartQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_id", "-number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="draft_version_unique")]

    def __str__(self) -> str:
        return f"{self.agreement.number} v{self.number}"


class AgreementDeadline(TrackedModel):
    """A date an agreement's terms set: an option window closing, know-how secrecy or
    confidentiality ending, a partner's answer to a publication request. Shown on the docket
    beside the filings' deadlines; recomputed from the terms (the publication answers from their request)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="term_deadlines")
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementDeadlineKind.choices)
    due = models.DateField(_("due"))
    publication = models.ForeignKey("PublicationRequest", verbose_name=_("publication request"), on_delete=models.CASCADE,
                                    null=True, blank=True, related_name="deadlines")
    done = models.BooleanField(_("done"), default=False)

    objects = AgreementTermsPartQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("agreement deadline")
        verbose_name_plural = _("agreement deadlines")
        indexes = [models.Index(fields=["done", "due"], name="agreement_deadline_open")]

    def __str__(self) -> str:
        return f"{self.agreement.number}: {self.get_kind_display()} {self.due.isoformat()}"


class PublicationRequest(TrackedModel):
    """A researcher's request to publish results of the research under an agreement: it starts the
    publication-review period (the partner answers within the notice period; publication may be
    delayed at most the agreed longest delay)."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(_("title of the publication"), max_length=300)
    venue = models.CharField(_("journal or meeting"), max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_on = models.DateField(_("requested on"))
    answer_due = models.DateField(_("partner's answer due"))
    latest_publication = models.DateField(_("may be delayed until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.PENDING)
    answer = models.TextField(_("partner's answer"), blank=True)

    objects = PublicationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("publication request")
        verbose_name_plural = _("publication requests")

    def __str__(self) -> str:
        return f"{self.agreement.number}: {self.title}"
