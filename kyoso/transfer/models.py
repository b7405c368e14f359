"""Technology transfer: technologies offered from the pool, the deals that lead to licences, and
the host TLO's training programme (trainees on the job, their follow-ups, the committee, the costs)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.models import TrackedModel
from kyoso.docket.models import Deadline
from kyoso.ip.models import Invention
from kyoso.licensing.models import Licence
from kyoso.parties.models import Organisation, Person

from .choices import Channel, Competence, CostCategory, DealAgreementKind, RightsOffered, Stage
from .querysets import (
    AssessmentQuerySet,
    CommitteeDecisionQuerySet,
    ContactLogQuerySet,
    DealAgreementQuerySet,
    DealQuerySet,
    FollowUpQuerySet,
    ProgrammeCostQuerySet,
    TechnologyQuerySet,
    TraineeQuerySet,
    TrainingProgrammeQuerySet,
)

__all__ = ["Technology", "Deal", "ContactLog", "DealAgreement", "TrainingProgramme", "Trainee", "Assessment",
           "FollowUp", "CommitteeDecision", "ProgrammeCost", "PUBLIC_FIELDS"]

#: The only fields of a technology the public page and its PDF show (declared once: the marketing
#: sheet is non-confidential by construction; the internal notes and the inventions are not on it).
PUBLIC_FIELDS = (
    "title", "title_ja", "summary", "summary_ja", "advantages", "advantages_ja", "applications", "applications_ja",
    "trl", "development_stage", "rights_offered", "field_of_use", "territory", "contact_name", "contact_email",
)


class Technology(TrackedModel):
    """A technology offered for licensing: one or more pooled inventions (with their filings) and
    the marketing sheet in Japanese and English. ``published`` (the IP office's switch, off by
    default) puts the sheet's :data:`PUBLIC_FIELDS` on a public page without login."""

    consortium = models.ForeignKey(Consortium, verbose_name=_("consortium"), on_delete=models.PROTECT, related_name="technologies")
    slug = models.SlugField(_("public address"), max_length=80, unique=True, help_text=_("The public page is at /t/ followed by this address"))
    title = models.CharField(_("title"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200, blank=True)
    inventions = models.ManyToManyField(Invention, verbose_name=_("inventions"), related_name="technologies")
    summary = models.TextField(_("non-confidential summary"))
    summary_ja = models.TextField(_("non-confidential summary (Japanese)"), blank=True)
    advantages = models.TextField(_("advantages"), blank=True)
    advantages_ja = models.TextField(_("advantages (Japanese)"), blank=True)
    applications = models.TextField(_("applications"), blank=True)
    applications_ja = models.TextField(_("applications (Japanese)"), blank=True)
    trl = models.PositiveSmallIntegerField(_("technology readiness level (TRL)"), default=3,
                                           validators=[MinValueValidator(1), MaxValueValidator(9)])
    development_stage = models.CharField(_("development stage"), max_length=200, blank=True, help_text=_("e.g. prototype tested in the laboratory"))
    rights_offered = models.CharField(_("rights offered"), max_length=20, choices=RightsOffered.choices, default=RightsOffered.BOTH)
    field_of_use = models.CharField(_("field of use"), max_length=200, blank=True)
    territory = models.CharField(_("territory"), max_length=100, default="Worldwide")
    contact_name = models.CharField(_("contact"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    internal_notes = models.TextField(_("internal notes (confidential)"), blank=True,
                                      help_text=_("Asking terms, negotiation position: never on the public page or the one-pager"))
    published = models.BooleanField(_("published"), default=False, help_text=_("Only the IP office publishes"))

    objects = TechnologyQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("technology offered")
        verbose_name_plural = _("technologies offered")

    def __str__(self) -> str:
        return self.title

    def public_values(self) -> dict:
        """The sheet as the public sees it: :data:`PUBLIC_FIELDS` only, choices by their label."""
        values = {name: getattr(self, name) for name in PUBLIC_FIELDS}
        values["rights_offered"] = self.get_rights_offered_display()
        return values


class Deal(TrackedModel):
    """A prospect for a technology and where the deal stands: lead → contacted → NDA → evaluation →
    term sheet → licence signed, or lost (with the reason). The stage changes only through
    ``kyoso.transfer.services.move_deal``; a won deal names its licence."""

    technology = models.ForeignKey(Technology, verbose_name=_("technology"), on_delete=models.PROTECT, related_name="deals")
    organisation = models.ForeignKey(Organisation, verbose_name=_("prospect"), on_delete=models.PROTECT, related_name="transfer_deals")
    contact_person = models.ForeignKey(Person, verbose_name=_("their contact"), on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="transfer_deals")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="transfer_deals", help_text=_("Who runs the deal; reminded of its next steps"))
    opened_on = models.DateField(_("opened on"))
    expected_value = models.PositiveBigIntegerField(_("expected value (yen)"), default=0)
    exclusive = models.BooleanField(_("exclusive licence sought"), default=False)
    field_of_use = models.CharField(_("field of use"), max_length=200, blank=True)
    territory = models.CharField(_("territory"), max_length=100, default="Worldwide")
    note = models.TextField(_("note"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD, editable=False)
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True, editable=False)
    stage_log = models.JSONField(_("stages"), default=list, blank=True, editable=False)
    lost_reason = models.CharField(_("reason lost"), max_length=300, blank=True, editable=False)
    licence = models.OneToOneField(Licence, verbose_name=_("licence"), on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="deal", editable=False)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")

    def __str__(self) -> str:
        return f"{self.technology} — {self.organisation}"

    @property
    def log(self) -> list[tuple[str, object]]:
        from datetime import date

        return [(stage, date.fromisoformat(on)) for stage, on in self.stage_log]

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.WON, Stage.LOST)


class ContactLog(TrackedModel):
    """One contact with a prospect: when, how, who, what was said, and the next step with its
    date — which goes on its owner's docket (a reminder) when the technology has a filing."""

    deal = models.ForeignKey(Deal, verbose_name=_("deal"), on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.MEETING)
    who = models.CharField(_("who took part"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("next step owner"), on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="transfer_next_steps", help_text=_("Empty: the deal's owner"))
    reminder = models.ForeignKey(Deadline, verbose_name=_("reminder"), on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", editable=False)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.contacted_on:%Y-%m-%d} {self.deal.organisation}"

    def clean(self):
        if self.next_step_on and not self.next_step:
            raise ValidationError({"next_step": _("Say what the next step is.")})
        if self.next_step and not self.next_step_on:
            raise ValidationError({"next_step_on": _("Give the date of the next step.")})


class DealAgreement(TrackedModel):
    """An NDA, a material-transfer (evaluation) agreement or an option signed in a deal; its
    expiry goes on the docket."""

    deal = models.ForeignKey(Deal, verbose_name=_("deal"), on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=10, choices=DealAgreementKind.choices, default=DealAgreementKind.NDA)
    signed_on = models.DateField(_("signed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    fee = models.PositiveBigIntegerField(_("fee (yen)"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reminder = models.ForeignKey(Deadline, verbose_name=_("reminder"), on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", editable=False)

    objects = DealAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("deal agreement")
        verbose_name_plural = _("deal agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signed_on:%Y-%m-%d} ({self.deal.organisation})"

    def clean(self):
        if self.expires_on and self.signed_on and self.expires_on <= self.signed_on:
            raise ValidationError({"expires_on": _("An agreement expires after it is signed.")})


class TrainingProgramme(TrackedModel):
    """A host TLO's on-the-job training programme for technology-transfer staff sent by
    universities and other TLOs, with its committee and how many years trainees are followed up."""

    name = models.CharField(_("name"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    host = models.ForeignKey(Organisation, verbose_name=_("host TLO"), on_delete=models.PROTECT, related_name="hosted_programmes")
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    last_fiscal_year = models.PositiveSmallIntegerField(_("last fiscal year"))
    follow_up_years = models.PositiveSmallIntegerField(_("follow-up years after return"), default=3,
                                                       validators=[MaxValueValidator(10)])
    committee = models.TextField(_("committee members"), blank=True,
                                 help_text=_("The IP human-resources committee: experts, leading TLOs, the ministry"))

    objects = TrainingProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-first_fiscal_year", "name"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.first_fiscal_year and self.last_fiscal_year and self.last_fiscal_year < self.first_fiscal_year:
            raise ValidationError({"last_fiscal_year": _("The last fiscal year is not before the first.")})


class Trainee(TrackedModel):
    """A trainee's placement at the host TLO: who, sent by which institution, for which period,
    their goals in the three competences, and the real deals they worked on."""

    programme = models.ForeignKey(TrainingProgramme, verbose_name=_("training programme"), on_delete=models.CASCADE, related_name="trainees")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="placements")
    dispatched_by = models.ForeignKey(Organisation, verbose_name=_("dispatching institution"), on_delete=models.PROTECT,
                                      related_name="dispatched_trainees")
    starts_on = models.DateField(_("placement starts"))
    ends_on = models.DateField(_("placement ends (return)"))
    goal_marketing = models.TextField(_("goal: marketing"), blank=True)
    goal_sales = models.TextField(_("goal: sales"), blank=True)
    goal_communication = models.TextField(_("goal: communication"), blank=True)
    deals = models.ManyToManyField(Deal, verbose_name=_("deals worked on"), blank=True, related_name="trainees")

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return f"{self.person} ({self.dispatched_by})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A placement ends after it starts.")})


class Assessment(TrackedModel):
    """How a trainee stands in one competence on a date (1–5), with the assessor's note."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    competence = models.CharField(_("competence"), max_length=20, choices=Competence.choices)
    score = models.PositiveSmallIntegerField(_("score (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["trainee", "assessed_on", "competence"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.trainee.person} {self.get_competence_display()} {self.score}"


class FollowUp(TrackedModel):
    """A follow-up contact with a returned trainee, due once a year for the programme's follow-up
    years; overdue while not done after its date."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["trainee", "due_on"], name="transfer_follow_up_unique")]

    def __str__(self) -> str:
        return f"{self.trainee.person} {self.due_on:%Y-%m-%d}"

    def overdue(self, today) -> bool:
        return self.done_on is None and self.due_on < today


class CommitteeDecision(TrackedModel):
    """A decision of the programme's committee (policy, advice, the choice of host TLOs)."""

    programme = models.ForeignKey(TrainingProgramme, verbose_name=_("training programme"), on_delete=models.CASCADE,
                                  related_name="decisions")
    decided_on = models.DateField(_("decided on"))
    subject = models.CharField(_("subject"), max_length=200)
    decision = models.TextField(_("decision"))

    objects = CommitteeDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "pk"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.decided_on:%Y-%m-%d} {self.subject}"


class ProgrammeCost(TrackedModel):
    """What the programme cost in one fiscal year in one of JST's four categories, in yen."""

    programme = models.ForeignKey(TrainingProgramme, verbose_name=_("training programme"), on_delete=models.CASCADE, related_name="costs")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ProgrammeCostQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "fiscal_year", "category"]
        verbose_name = _("programme cost")
        verbose_name_plural = _("programme costs")
        constraints = [models.UniqueConstraint(fields=["programme", "fiscal_year", "category"], name="transfer_cost_unique")]

    def __str__(self) -> str:
        return f"{self.programme} FY{self.fiscal_year} {self.get_category_display()}"
