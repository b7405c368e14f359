"""Public money for crossing the gap: applications to a programme, awards and the duties they bring."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.models import Agreement
from kyoso.budget.models import Grant
from kyoso.consortia.models import Consortium
from kyoso.core.models import TrackedModel
from kyoso.core.sentences import ByLanguage
from kyoso.ip.models import Filing, Invention
from kyoso.parties.models import Organisation
from kyoso.rules import programmes as catalogue

from .choices import ApplicationStatus, DutyState
from .querysets import ApplicationQuerySet, AwardQuerySet, DutyQuerySet

__all__ = ["Application", "Award", "Duty", "OTHER"]

#: The programme key of an award outside the catalogue (a NEDO or ministry commission).
OTHER = "other"


def _check_programme(key: str) -> None:
    if key == OTHER:
        return
    try:
        row = catalogue.programme(key)
    except KeyError:
        raise ValidationError({"programme": _("Unknown programme type: choose one of the catalogue.")}) from None
    if row.reference:
        raise ValidationError({"programme": _("A fund abroad is shown for comparison only.")})


def programme_name(key: str, language: str = "en") -> str:
    if key == OTHER:
        return str(_("Other commissioned research"))
    try:
        return catalogue.programme(key).name(language)
    except KeyError:
        return key


class Application(TrackedModel):
    """An application to a programme type of the catalogue (e.g. A-STEP 実証研究) for some
    inventions of a consortium's pool, by an institution, with or without a partner company.
    A decision (:func:`kyoso.programmes.services.decide_application`) awards it or not."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="applications")
    programme = models.CharField(_("programme type"), max_length=40, help_text=_("Key in the programme catalogue"))
    title = models.CharField(_("title"), max_length=300)
    inventions = models.ManyToManyField(Invention, verbose_name=_("inventions"), blank=True, related_name="applications")
    applicant = models.ForeignKey(Organisation, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="funding_applications")
    partner = models.ForeignKey(Organisation, verbose_name=_("partner company"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="partnered_applications")
    amount_asked = models.PositiveBigIntegerField(_("amount asked (yen)"))
    call_deadline = models.DateField(_("call deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-call_deadline", "-pk"]
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.programme:
            _check_programme(self.programme)
        if self.partner_id and self.partner_id == self.applicant_id:
            raise ValidationError({"partner": _("The partner company is another organisation than the applicant.")})
        row = self.catalogue_row()
        if row is not None and self.applicant_id and not (self.applicant_kinds() & set(row.applicants)):
            raise ValidationError({"applicant": _("This programme type is not open to this applicant (see who may apply in the catalogue).")})

    def applicant_kinds(self) -> set[str]:
        """What the catalogue calls this applicant: a university etc., a company, or a university with a company partner."""
        if self.applicant.kind == "company":
            return {"company"}
        return {"university", "university+company"} if self.partner_id else {"university"}

    def catalogue_row(self):
        try:
            return catalogue.programme(self.programme)
        except KeyError:
            return None

    @property
    def programme_names(self) -> ByLanguage:
        return ByLanguage(en=programme_name(self.programme), ja=programme_name(self.programme, "ja"))



class Award(TrackedModel):
    """Money awarded under a programme: its term, budget per fiscal year, the company's matching
    agreement and whether it is commissioned research (産業技術力強化法 Art. 17: the institution
    keeps the IP on conditions, so its inventions carry the Bayh-Dole duties).

    Saving it (:func:`kyoso.programmes.services.save_award`) puts its duties on the docket and
    keeps a funded project (:class:`kyoso.budget.models.Grant`) whose direct costs may pay patent
    costs during the term where the programme allows it."""

    application = models.OneToOneField(Application, verbose_name=_("application"), on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="award")
    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="awards")
    programme = models.CharField(_("programme type"), max_length=40, help_text=_("Key in the programme catalogue, or “other”"))
    number = models.CharField(_("award number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    funder = models.ForeignKey(Organisation, verbose_name=_("funder"), on_delete=models.PROTECT, null=True, blank=True,
                               related_name="awards_given")
    recipient = models.ForeignKey(Organisation, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="awards")
    partner = models.ForeignKey(Organisation, verbose_name=_("partner company"), on_delete=models.PROTECT, null=True, blank=True,
                                related_name="partnered_awards")
    inventions = models.ManyToManyField(Invention, verbose_name=_("inventions"), blank=True, related_name="awards")
    agreement = models.ForeignKey(Agreement, verbose_name=_("matching agreement"), on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="awards", help_text=_("The joint-research agreement whose company contributions match the award"))
    start = models.DateField(_("term start"))
    end = models.DateField(_("term end"))
    budget = models.JSONField(_("budget by fiscal year (yen)"), default=dict, blank=True,
                              help_text=_("Fiscal year → yen, incl. indirect costs"))
    commissioned = models.BooleanField(_("commissioned research (Bayh-Dole duties)"), default=False,
                                       help_text=_("Industrial Technology Enhancement Act Art. 17: report, license the State, ask approval"))
    milestones = models.TextField(_("milestones"), blank=True, help_text=_("One a line: YYYY-MM-DD what"))
    grant = models.OneToOneField(Grant, verbose_name=_("funded project"), on_delete=models.SET_NULL, null=True, blank=True,
                                 editable=False, related_name="award")
    notes = models.TextField(_("notes"), blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "number"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self):
        errors = {}
        if self.programme:
            try:
                _check_programme(self.programme)
            except ValidationError as error:
                errors.update(error.message_dict)
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("An award cannot end before it starts.")
        try:
            self.budget_by_year()
        except ValueError:
            errors["budget"] = _("Give the budget as fiscal year → yen, e.g. {\"2026\": 10000000}.")
        try:
            self.milestone_list()
        except ValueError:
            errors["milestones"] = _("Write one milestone a line: a date YYYY-MM-DD, a space, what is due.")
        if self.agreement_id and self.consortium_id and self.agreement.consortium_id not in (None, self.consortium_id):
            errors["agreement"] = _("The agreement belongs to another consortium.")
        if errors:
            raise ValidationError(errors)

    def budget_by_year(self) -> dict[int, int]:
        """``{2026: 10000000}``; ``ValueError`` for anything else."""
        if not isinstance(self.budget, dict):
            raise ValueError("budget")
        result = {}
        for year, amount in self.budget.items():
            year, amount = int(year), int(amount)
            if not 1990 <= year <= 2100 or amount < 0:
                raise ValueError("budget")
            result[year] = amount
        return dict(sorted(result.items()))

    @property
    def total(self) -> int:
        try:
            return sum(self.budget_by_year().values())
        except ValueError:
            return 0

    def milestone_list(self) -> list[tuple]:
        from datetime import date

        rows = []
        for line in (self.milestones or "").splitlines():
            if line.strip():
                day, _sep, what = line.strip().partition(" ")
                rows.append((date.fromisoformat(day), what.strip() or day))
        return rows

    @property
    def programme_names(self) -> ByLanguage:
        return ByLanguage(en=programme_name(self.programme), ja=programme_name(self.programme, "ja"))

    def catalogue_row(self):
        try:
            return catalogue.programme(self.programme)
        except KeyError:
            return None



class Duty(TrackedModel):
    """Something an award obliges its holder to do by a date (or before an act): a report, a
    repayment, a royalty report, or for commissioned research a notice or the funder's prior
    approval. The rule (``kyoso/rules/data/programmes/duties.csv``) gives its label and source;
    a filing's notices are created when the filing is made or registered. Completing an approval
    or notice records the funder's reference, which licensing and the portfolio review ask for."""

    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.CASCADE, related_name="duties")
    duty = models.CharField(_("duty"), max_length=40, help_text=_("Key in duties.csv"))
    invention = models.ForeignKey(Invention, verbose_name=_("invention"), on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="funding_duties")
    filing = models.ForeignKey(Filing, verbose_name=_("filing"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="funding_duties")
    label = models.CharField(_("what"), max_length=300, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DutyState.choices, default=DutyState.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reference = models.CharField(_("funder's reference"), max_length=200, blank=True,
                                 help_text=_("The approval number or the receipt of the notice"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        ordering = ["due", "award_id", "pk"]
        verbose_name = _("funding duty")
        verbose_name_plural = _("funding duties")
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self) -> str:
        return f"{self.due:%Y-%m-%d} {self.title}" if self.due else str(self.title)

    def clean(self):
        try:
            catalogue.duty(self.duty)
        except KeyError:
            raise ValidationError({"duty": _("Unknown duty.")}) from None
        if self.state == DutyState.DONE and self.rule.trigger == "on_request" and not self.reference:
            raise ValidationError({"reference": _("Give the funder's reference of the approval or notice.")})

    @property
    def rule(self) -> catalogue.Duty:
        return catalogue.duty(self.duty)

    @property
    def titles(self) -> ByLanguage:
        rule = self.rule
        extra = f": {self.label}" if self.label else ""
        return ByLanguage(en=rule.label + extra, ja=rule.label_ja + extra)

    @property
    def title(self) -> str:
        return str(self.titles)

    @property
    def source(self) -> str:
        return self.rule.source

