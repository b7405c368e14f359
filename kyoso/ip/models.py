"""The IP pool: inventions with inventors and owners, families and filings per office."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.models import Agreement
from kyoso.consortia.models import Consortium, ResearchTopic
from kyoso.core.formatting import in_language
from kyoso.core.models import TrackedModel
from kyoso.parties.models import Organisation, Person
from kyoso.rules.numbers import NumberKind, check_number, number_key, search_key
from kyoso.rules.owners import MAX_DENOMINATOR, ShareError, as_share, format_share, share_percent

from .choices import (
    FilingKind,
    FilingStatus,
    InventionStatus,
    IPKind,
    Office,
    ProposalKind,
    ProposalStatus,
    SearchedBy,
    USEntityStatus,
)
from .querysets import (
    DESCRIPTION_FIELDS,
    ChangeProposalQuerySet,
    FamilyQuerySet,
    FilingQuerySet,
    InventionQuerySet,
    InventorQuerySet,
    OwnerQuerySet,
)

__all__ = ["Invention", "Inventor", "InventionOwner", "Family", "Filing", "ChangeProposal"]

PERCENT = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))]


class Invention(TrackedModel):
    """An invention disclosed to the IP office and held in the consortium's pool.

    Its origin (consortium, topic, agreement) ties it to the research that created it;
    ``ip_kind`` says whether it is foreground (made in the joint research) or background.
    Confidential inventions are hidden from member companies that do not co-own them.

    Who changes what: the researchers named as its inventors change only its description
    (:data:`DESCRIPTION_FIELDS`); its origin, status, owners, inventor shares and its deletion are
    the IP office's (and the CPO's, inside their consortia). A researcher still *discloses*
    inventions: a new disclosure belongs to the researcher's university (100 %) and names the
    researcher as sole inventor; any other split they give becomes a :class:`ChangeProposal` for
    the IP office to accept or refuse (see :mod:`kyoso.ip.services`).
    """

    #: The fields that describe an invention, the only ones its researchers may change (declared on
    #: the queryset's surface, beside the scoping rule).
    DESCRIPTION_FIELDS = DESCRIPTION_FIELDS
    #: What a researcher gives when disclosing: the description and the day of the disclosure.
    DISCLOSURE_FIELDS = (*DESCRIPTION_FIELDS, "disclosed_on")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    disclosed_on = models.DateField(_("disclosure date"))
    # Indexed as the first column of ``invention_consortium_order`` (below), not on its own.
    consortium = models.ForeignKey(
        Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="inventions", null=True, blank=True,
        db_index=False,
    )
    topic = models.ForeignKey(
        ResearchTopic, verbose_name=_("research topic"), on_delete=models.PROTECT, related_name="inventions", null=True, blank=True
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="inventions", null=True, blank=True
    )
    ip_kind = models.CharField(_("foreground / background"), max_length=20, choices=IPKind.choices, default=IPKind.FOREGROUND)
    confidential = models.BooleanField(_("confidential"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=InventionStatus.choices, default=InventionStatus.DISCLOSED)
    technology_area = models.CharField(_("technology area"), max_length=100, blank=True, help_text=_("e.g. an IPC class such as H01L"))

    objects = InventionQuerySet.as_manager()

    class Meta:
        ordering = ["-disclosed_on", "-pk"]
        verbose_name = _("invention")
        verbose_name_plural = _("inventions")
        indexes = [
            # List order, with the columns a company's scope checks: a page reads the index alone.
            models.Index(fields=["-disclosed_on", "-id", "consortium", "confidential"], name="invention_list_order"),
            # A CPO's or a company's pool (consortia, not confidential) in list order from the index
            # alone; also every lookup by consortium (the key's own index would repeat it).
            models.Index(fields=["consortium", "confidential", "-disclosed_on"], name="invention_consortium_order"),
            # Looked up by id for each filing a company's list checks: this narrow index answers the
            # scope (consortium, confidential) without reading the wide row (SQLite keeps the row,
            # abstract and all, in the table's own b-tree).
            models.Index(fields=["id", "consortium", "confidential"], name="invention_scope_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {in_language(self.title, self.title_ja)}"

    def clean(self):
        errors = {}
        if self.topic_id and self.topic.consortium_id != self.consortium_id:
            errors["topic"] = _("The research topic belongs to another consortium.")
        if self.agreement_id and self.consortium_id and self.agreement.consortium_id not in (None, self.consortium_id):
            errors["agreement"] = _("The agreement belongs to another consortium.")
        # Today in Tokyo (TIME_ZONE): an invention is disclosed on a day that has come. A future
        # date would also give the invention a reference of a year that has not begun.
        if self.disclosed_on and self.disclosed_on > timezone.localdate():
            errors["disclosed_on"] = _("The disclosure date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Inventor(TrackedModel):
    """A person named as inventor, with their contribution (contributions total 100 %)."""

    # Indexed as the first column of ``inventor_unique_person`` (below), not on its own.
    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.CASCADE, related_name="inventors",
                                  db_index=False)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="inventorships")
    contribution = models.DecimalField(_("contribution (%)"), max_digits=5, decimal_places=2, validators=PERCENT)

    objects = InventorQuerySet.as_manager()

    class Meta:
        ordering = ["invention", "-contribution"]
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        constraints = [models.UniqueConstraint(fields=["invention", "person"], name="inventor_unique_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.contribution}%)"


#: Owners largest share first (then by id), for ``order_by``: the exact share compared in integers.
LARGEST_SHARE_FIRST = (
    models.ExpressionWrapper(models.F("share_numerator") * MAX_DENOMINATOR / models.F("share_denominator"),
                             output_field=models.BigIntegerField()).desc(),
    "pk",
)


class InventionOwner(TrackedModel):
    """An owner of the rights to an invention and its share (持分), an exact fraction.

    The share is stored as two integers, ``share_numerator / share_denominator`` in lowest terms
    (⅓ is 1/3, not 33.33 %); :attr:`share` reads and sets it as a ``Fraction``. The shares of an
    invention total exactly 1 (checked by :func:`kyoso.ip.services.check_share_rows`).
    """

    # Each key is indexed as the first column of ``owner_unique_org`` or ``owner_by_organisation``
    # (below), not on its own.
    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.CASCADE, related_name="owners",
                                  db_index=False)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="owned_inventions", db_index=False)
    share_numerator = models.PositiveIntegerField(_("share numerator"), default=1)
    share_denominator = models.PositiveIntegerField(
        _("share denominator"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_DENOMINATOR)]
    )

    objects = OwnerQuerySet.as_manager()

    class Meta:
        ordering = ["invention", *LARGEST_SHARE_FIRST]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        constraints = [models.UniqueConstraint(fields=["invention", "organisation"], name="owner_unique_org")]
        # What a company co-owns (part of its scope) read from the index alone.
        indexes = [models.Index(fields=["organisation", "invention"], name="owner_by_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} {share_label(self.share)}"

    @property
    def share(self) -> Fraction:
        """The share as an exact fraction (1/3)."""
        return Fraction(self.share_numerator or 0, self.share_denominator or 1)

    @share.setter
    def share(self, value) -> None:
        """Set from a ``Fraction``, a ``"1/3"`` / ``"33.5%"`` text, or a percentage (``Decimal``, ``int``)."""
        share = as_share(value)
        self.share_numerator, self.share_denominator = share.numerator, share.denominator

    @property
    def share_percent(self) -> str:
        """The share as a percentage to two places, for display (``33.33``)."""
        return share_percent(self.share)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        try:
            as_share(self.share)
        except ShareError as error:
            raise ValidationError({"share_numerator": str(error)}) from None


def share_label(share: Fraction) -> str:
    """``1/3 (33.33%)``, ``1/2 (50%)``, ``1 (100%)``: an exact share and its percentage."""
    return f"{format_share(share)} ({share_percent(share)}%)"


class ChangeProposal(TrackedModel):
    """A researcher's proposal to change an invention's owners or its inventors' contributions.

    Owner shares decide who holds the rights and inventor contributions decide compensation, so
    only the IP office changes them; a researcher proposes instead. ``rows`` holds the proposed
    rows as ``[{"party": <organisation or person id>, "share": "1/3"}, …]`` (organisations for
    :attr:`ProposalKind.OWNERS`, people for :attr:`ProposalKind.INVENTORS`; an exact fraction,
    proposals stored before shares were fractions hold a percentage such as ``"50.00"``, read the
    same way), checked like the real edit: parties that exist, named once, shares totalling
    exactly 1 (inventor contributions in whole hundredths of a percent).
    ``rows_before`` keeps the rows as they were when proposed, so a decision taken after the
    invention changed shows both. Accepting applies the rows through
    :func:`kyoso.ip.services.set_owners` / :func:`~kyoso.ip.services.set_inventors`.
    """

    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.CASCADE, related_name="change_proposals")
    kind = models.CharField(_("change of"), max_length=20, choices=ProposalKind.choices)
    rows = models.JSONField(_("proposed rows"), default=list)
    rows_before = models.JSONField(_("rows when proposed"), default=list)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="ip_change_proposals"
    )
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="ip_change_decisions",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ChangeProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")
        indexes = [models.Index(fields=["status", "invention"], name="proposal_status_invention")]

    def __str__(self) -> str:
        return f"{self.invention.reference}: {self.get_kind_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.PROPOSED

    @property
    def party_model(self) -> type[models.Model]:
        return Organisation if self.kind == ProposalKind.OWNERS else Person

    def named_rows(self, rows: list[dict]) -> list[tuple[object, str]]:
        """(organisation or person, "1/3 (33.33%)") for stored ``rows``; a party deleted since shows as its id."""
        parties = self.party_model._default_manager.in_bulk([row["party"] for row in rows])
        return [(parties.get(row["party"], f"#{row['party']}"), share_label(as_share(row["share"]))) for row in rows]

    def current_rows(self) -> list[dict]:
        """The invention's rows now, in the stored form of :attr:`rows`."""
        if self.kind == ProposalKind.OWNERS:
            pairs = [(party, Fraction(n, d)) for party, n, d in
                     self.invention.owners.values_list("organisation_id", "share_numerator", "share_denominator")]
        else:
            pairs = [(party, as_share(c)) for party, c in self.invention.inventors.values_list("person_id", "contribution")]
        return rows_as_json(pairs)

    @property
    def invention_changed_since(self) -> bool:
        """Whether the invention's rows differ from those the proposal was made against."""
        return _as_set(self.current_rows()) != _as_set(self.rows_before)


def rows_as_json(pairs) -> list[dict]:
    """(party id, share) pairs in the stored form of :attr:`ChangeProposal.rows`, largest share first:
    the exact share as text (``"1/3"``)."""
    ordered = sorted(((int(party), as_share(share)) for party, share in pairs), key=lambda p: (-p[1], p[0]))
    return [{"party": party, "share": format_share(share)} for party, share in ordered]


def _as_set(rows: list[dict]) -> set[tuple[int, Fraction]]:
    return {(int(row["party"]), as_share(row["share"])) for row in rows}


class Family(TrackedModel):
    """Filings that share a priority: the first filing, its PCT and the national phases."""

    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.CASCADE, related_name="families")
    reference = models.CharField(_("family reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        # Each filing in a company's list is checked through its family: id → invention from the index alone.
        indexes = [models.Index(fields=["id", "invention"], name="family_invention_lookup")]

    def __str__(self) -> str:
        return self.reference


class Filing(TrackedModel):
    """An application at one office, followed through publication, examination and registration.

    Numbers are checked against each office's format (``kyoso.rules.numbers``); the dates must
    follow each other in the order the procedure does.
    """

    # Indexed as the first column of ``filing_list_order`` (below), not on its own.
    family = models.ForeignKey(Family, verbose_name=_("family"), on_delete=models.CASCADE, related_name="filings",
                               db_index=False)
    # Indexed only where set (``filing_parent``, below): most filings have no parent.
    parent = models.ForeignKey(
        "self", verbose_name=_("parent filing"), on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        db_index=False,
        help_text=_("The PCT application of a national phase, the parent of a divisional (whose filing date the "
                    "divisional is deemed to have), or the earlier application a later one claims priority from"),
    )
    office = models.CharField(_("office"), max_length=3, choices=Office.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=FilingKind.choices, default=FilingKind.NATIONAL)
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices, default=FilingStatus.FILED)
    application_number = models.CharField(_("application number"), max_length=40, blank=True)
    publication_number = models.CharField(_("publication number"), max_length=40, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    priority_date = models.DateField(_("priority date"), null=True, blank=True)
    filing_date = models.DateField(_("filing date"), null=True, blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    exam_requested_on = models.DateField(_("examination requested"), null=True, blank=True)
    grant_decision_on = models.DateField(_("grant decision"), null=True, blank=True)
    registered_on = models.DateField(_("registration date"), null=True, blank=True)
    office_action_on = models.DateField(
        _("reasons for refusal dispatched"), null=True, blank=True,
        help_text=_("JP: dispatch date of the latest notice of reasons for refusal (拒絶理由通知); the reply deadline counts from it"),
    )
    refusal_served_on = models.DateField(
        _("decision of refusal served"), null=True, blank=True,
        help_text=_("JP: the day the decision of refusal (拒絶査定) was served; the appeal and divisional deadlines count "
                    "from it. Keep the status under examination while an appeal is possible: “Refused” ends every deadline."),
    )
    claims = models.PositiveSmallIntegerField(_("claims"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)])
    ep_micro_entity = models.BooleanField(
        # db_default too: bulk writers (kyoso generate, imports by SQL) may leave the column out.
        _("EPO micro-entity fees"), default=False, db_default=False,
        help_text=_("EP: every applicant declared a micro-entity under Rule 7a EPC (micro-enterprise, natural person, "
                    "non-profit, university or public research organisation with fewer than five EP applications in the "
                    "previous five years): renewal fees at 70 %. The applicants declare it; kyoso does not count their filings."),
    )

    searched_by = models.CharField(
        _("searched by"), max_length=20, choices=SearchedBy.choices, default=SearchedBy.NONE, db_default=SearchedBy.NONE,
        help_text=_("JP: who searched before the examination request – the JPO as ISA, another ISA (EPO …) or a "
                    "registered search organisation (特定登録調査機関); the examination fee depends on it"),
    )
    us_entity = models.CharField(
        _("US entity status"), max_length=5, choices=USEntityStatus.choices, blank=True, default="", db_default="",
        help_text=_("US: the fee status as declared to the USPTO. Leave blank to derive it: small when every owner "
                    "qualifies and no licence goes to a large company (37 CFR 1.27(a)), else large."),
    )

    # The numbers as the search box reads them (``kyoso.rules.numbers.search_key``): a search by
    # 特願2024-012345, 2024-012345 or JP2024012345 is one indexed lookup. Kept by ``save`` and the importers.
    application_key = models.CharField(_("application number key"), max_length=40, blank=True, default="", db_default="", editable=False)
    publication_key = models.CharField(_("publication number key"), max_length=40, blank=True, default="", db_default="", editable=False)
    registration_key = models.CharField(_("registration number key"), max_length=40, blank=True, default="", db_default="", editable=False)

    objects = FilingQuerySet.as_manager()

    #: number field → its search key field
    NUMBER_KEYS = {"application_number": "application_key", "publication_number": "publication_key",
                   "registration_number": "registration_key"}
    #: Not shown on the detail page nor in the timeline (see ``kyoso.core.views.displayed_fields``).
    internal_fields = tuple(NUMBER_KEYS.values())

    class Meta:
        # By the family's id, not "family" (Family's ordering through a join, sorted on every page).
        ordering = ["family_id", "filing_date", "office", "pk"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [
            # Filtered by office (and status) in list order, from the index alone.
            models.Index(fields=["office", "status", "family", "filing_date"], name="filing_office_order"),
            models.Index(fields=["-filing_date", "-id"]),
            models.Index(fields=["family", "filing_date", "office"], name="filing_list_order"),
            # The search box: a number in any notation is an equality on one of these.
            models.Index(fields=["application_key"], name="filing_application_key"),
            models.Index(fields=["publication_key"], name="filing_publication_key"),
            models.Index(fields=["registration_key"], name="filing_registration_key"),
            models.Index(fields=["parent"], condition=models.Q(parent__isnull=False), name="filing_parent"),
        ]
        # An office gives each number once: the same number twice is one application recorded twice.
        constraints = [
            models.UniqueConstraint(
                fields=["office", number], condition=~models.Q(**{number: ""}), name=f"filing_unique_{number}",
                violation_error_message=message,
            )
            for number, message in (
                ("application_number", _("Another filing at this office already has this application number.")),
                ("publication_number", _("Another filing at this office already has this publication number.")),
                ("registration_number", _("Another filing at this office already has this registration number.")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.application_number or _('(no number yet)')}"

    def fill_number_keys(self) -> None:
        """Set the search keys from the numbers (``save`` does; bulk writers call it themselves)."""
        for number, key in self.NUMBER_KEYS.items():
            setattr(self, key, search_key(getattr(self, number) or ""))

    def save(self, *args, **kwargs):
        self.fill_number_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.NUMBER_KEYS):
            kwargs["update_fields"] = {*update_fields, *self.NUMBER_KEYS.values()}
        super().save(*args, **kwargs)

    # Dates that must not run backwards, in procedural order.
    DATE_ORDER = ("priority_date", "filing_date", "publication_date", "grant_decision_on", "registered_on")
    #: Dates of the examination that start Japanese deadlines (reply, appeal, divisional).
    OFFICE_ACTION_DATES = ("office_action_on", "refusal_served_on")

    def clean(self):
        errors: dict[str, str] = {}
        for field, kind in (
            ("application_number", NumberKind.APPLICATION),
            ("publication_number", NumberKind.PUBLICATION),
            ("registration_number", NumberKind.REGISTRATION),
        ):
            problem = check_number(self.office, kind, getattr(self, field))
            if problem:
                errors[field] = _("%(number)s is %(problem)s.") % {"number": getattr(self, field), "problem": problem}
            elif not self._numbers_checked_in_bulk and (other := self._same_number_written_otherwise(field, kind)):
                errors[field] = self.same_number_message(other)
        present = [(f, getattr(self, f)) for f in self.DATE_ORDER if getattr(self, f)]
        for (earlier, a), (later, b) in zip(present, present[1:], strict=False):
            if b < a:
                errors.setdefault(later, _("%(later)s cannot be before %(earlier)s.") % {
                    "later": self._meta.get_field(later).verbose_name,
                    "earlier": self._meta.get_field(earlier).verbose_name,
                })
        if self.exam_requested_on and self.filing_date and self.exam_requested_on < self.filing_date:
            errors["exam_requested_on"] = _("Examination cannot be requested before filing.")
        for field in self.OFFICE_ACTION_DATES:
            day = getattr(self, field)
            if day and self.office != Office.JP:
                errors[field] = _("Office-action dates compute Japanese deadlines only; add other offices' deadlines by hand.")
            elif day and self.filing_date and day < self.filing_date:
                errors[field] = _("%(event)s cannot be before the filing date.") % {"event": self._meta.get_field(field).verbose_name}
        if self.searched_by != SearchedBy.NONE and self.office != Office.JP:
            errors["searched_by"] = _("Who searched decides the JPO's examination fee; it applies to JP filings only.")
        if self.us_entity and self.office != Office.US:
            errors["us_entity"] = _("The entity status is a USPTO one; it applies to US filings only.")
        if self.ep_micro_entity and self.office != Office.EP:
            errors["ep_micro_entity"] = _("The micro-entity reduction is an EPO one; it applies to EP filings only.")
        if self.office_action_on and self.refusal_served_on and self.refusal_served_on < self.office_action_on:
            errors.setdefault("refusal_served_on", _("A decision of refusal follows the notice of reasons for refusal."))
        if self.status != FilingStatus.DRAFT and not self.filing_date:
            errors["filing_date"] = _("A filed application needs its filing date.")
        if self.status == FilingStatus.REGISTERED and not self.registered_on:
            errors["registered_on"] = _("A registered right needs its registration date.")
        if self.office == Office.PCT and self.registered_on:
            errors["registered_on"] = _("A PCT application is never registered; register its national phases.")
        if self.parent_id and self.parent.family_id != self.family_id:
            errors["parent"] = _("The parent filing belongs to another family.")
        if errors:
            raise ValidationError(errors)

    #: Set by an importer that compared a whole file's numbers with the stored ones in one query
    #: (:meth:`same_number_message` gives the words), so ``clean`` need not ask once per filing.
    _numbers_checked_in_bulk = False

    @staticmethod
    def same_number_message(other: str) -> str:
        return _("This number is already recorded for another filing at this office, written %(other)s.") % {"other": other}

    def _same_number_written_otherwise(self, field: str, kind: str) -> str | None:
        """Another filing's number at this office that is this one written another way
        (``2024-012345`` for ``特願2024-012345``); the same spelling is the unique constraint's."""
        number = (getattr(self, field) or "").strip()
        runs = re.findall(r"\d+", unicodedata.normalize("NFKC", number))
        if not runs:
            return None
        key = number_key(self.office, kind, number)
        others = (Filing.objects.filter(office=self.office, **{f"{field}__contains": max(runs, key=len)})
                  .exclude(pk=self.pk).exclude(**{field: number}).values_list(field, flat=True)[:50])
        return next((other for other in others if number_key(self.office, kind, other) == key), None)

    @property
    def invention(self) -> Invention:
        return self.family.invention
