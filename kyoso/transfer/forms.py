"""Forms of technology transfer (the stage changes have their own small form on the deal page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import DateInput, ScopedModelForm

from .choices import Stage
from .models import (
    Assessment,
    CommitteeDecision,
    ContactLog,
    Deal,
    DealAgreement,
    FollowUp,
    ProgrammeCost,
    Technology,
    Trainee,
    TrainingProgramme,
)


class TechnologyForm(ScopedModelForm):
    class Meta:
        model = Technology
        fields = ["consortium", "slug", "title", "title_ja", "inventions", "summary", "summary_ja", "advantages",
                  "advantages_ja", "applications", "applications_ja", "trl", "development_stage", "rights_offered",
                  "field_of_use", "territory", "contact_name", "contact_email", "internal_notes", "published"]


class DealForm(ScopedModelForm):
    class Meta:
        model = Deal
        fields = ["technology", "organisation", "contact_person", "owner", "opened_on", "expected_value", "exclusive",
                  "field_of_use", "territory", "note"]


class ContactLogForm(ScopedModelForm):
    class Meta:
        model = ContactLog
        fields = ["deal", "contacted_on", "channel", "who", "note", "next_step", "next_step_on", "owner"]


class DealAgreementForm(ScopedModelForm):
    class Meta:
        model = DealAgreement
        fields = ["deal", "kind", "signed_on", "expires_on", "fee", "note"]


class TrainingProgrammeForm(ScopedModelForm):
    class Meta:
        model = TrainingProgramme
        fields = ["name", "name_ja", "host", "first_fiscal_year", "last_fiscal_year", "follow_up_years", "committee"]


class TraineeForm(ScopedModelForm):
    class Meta:
        model = Trainee
        fields = ["programme", "person", "dispatched_by", "starts_on", "ends_on", "goal_marketing", "goal_sales",
                  "goal_communication", "deals"]


class AssessmentForm(ScopedModelForm):
    class Meta:
        model = Assessment
        fields = ["trainee", "assessed_on", "competence", "score", "note"]


class FollowUpForm(ScopedModelForm):
    class Meta:
        model = FollowUp
        fields = ["trainee", "due_on", "done_on", "note"]


class CommitteeDecisionForm(ScopedModelForm):
    class Meta:
        model = CommitteeDecision
        fields = ["programme", "decided_on", "subject", "decision"]


class ProgrammeCostForm(ScopedModelForm):
    class Meta:
        model = ProgrammeCost
        fields = ["programme", "fiscal_year", "category", "amount", "note"]


class MoveForm(forms.Form):
    """Move a deal: the stage, the date, and what winning or losing needs."""

    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason lost"), max_length=300, required=False)
    licence = forms.IntegerField(label=_("Existing licence"), required=False, widget=forms.HiddenInput())
    licence_number = forms.CharField(label=_("New licence number"), max_length=30, required=False)
    running_rate = forms.DecimalField(label=_("Running royalty rate (per cent of net sales)"), max_digits=5, decimal_places=2, required=False, min_value=0)
    lump_sum = forms.IntegerField(label=_("Lump sum (yen)"), required=False, min_value=0)
