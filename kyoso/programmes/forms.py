"""Forms for applications, awards and duties (model choices scoped to the user)."""

import json

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import ScopedModelForm
from kyoso.rules import programmes as catalogue

from .choices import Applicant, ApplicationStatus
from .models import OTHER, Application, Award, Duty


def programme_choices(*, other: bool):
    rows = [(row.key, f"{row.name('ja')} ({row.years})") for row in catalogue.catalogue() if not row.reference]
    return rows + ([(OTHER, _("Other commissioned research"))] if other else [])


class BudgetField(forms.CharField):
    """The budget as lines ``2026: 10000000`` (or JSON), stored as ``{"2026": 10000000}``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k}: {v}" for k, v in value.items())
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return {}
        if value.startswith("{"):
            try:
                return json.loads(value)
            except ValueError:
                raise forms.ValidationError(_("Write one fiscal year a line: 2026: 10000000")) from None
        result = {}
        for line in value.splitlines():
            if line.strip():
                year, _sep, amount = line.partition(":")
                try:
                    result[str(int(year.strip().removeprefix("FY")))] = int(amount.strip().replace(",", ""))
                except ValueError:
                    raise forms.ValidationError(_("Write one fiscal year a line: 2026: 10000000")) from None
        return result


class ApplicationForm(ScopedModelForm):
    programme = forms.ChoiceField(label=_("programme type"), choices=())

    class Meta:
        model = Application
        fields = ["consortium", "programme", "title", "inventions", "applicant", "partner", "amount_asked", "call_deadline",
                  "status", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programme_choices(other=False)
        # The funder's decision is recorded on the application's page (it creates the award).
        if self.instance.status in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
            self.fields["status"].choices = [(s.value, s.label) for s in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)]
        else:
            self.fields["status"].disabled = True


class AwardForm(ScopedModelForm):
    programme = forms.ChoiceField(label=_("programme type"), choices=())
    budget = BudgetField(label=_("budget by fiscal year (yen)"), required=False,
                         help_text=_("One fiscal year a line: 2026: 10000000"))

    class Meta:
        model = Award
        fields = ["consortium", "programme", "number", "title", "funder", "recipient", "partner", "inventions", "agreement",
                  "start", "end", "budget", "commissioned", "milestones", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programme_choices(other=True)


class DutyForm(ScopedModelForm):
    duty = forms.ChoiceField(label=_("duty"), choices=())

    class Meta:
        model = Duty
        fields = ["award", "duty", "invention", "filing", "label", "due", "state", "done_on", "reference", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ja = (get_language() or "").startswith("ja")
        self.fields["duty"].choices = [(d.duty, d.label_ja if ja else d.label) for d in catalogue.duties()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=[
        ("awarded", _("Awarded")), ("rejected", _("Not adopted")), ("withdrawn", _("Withdrawn"))])
    number = forms.CharField(label=_("award number"), max_length=40, required=False)
    start = forms.DateField(label=_("term start"), required=False)
    end = forms.DateField(label=_("term end"), required=False)
    budget = BudgetField(label=_("budget by fiscal year (yen)"), required=False)
    commissioned = forms.BooleanField(label=_("commissioned research (Bayh-Dole duties)"), required=False)


class NavigatorForm(forms.Form):
    trl = forms.IntegerField(label=_("Technology readiness level (1–9)"), min_value=1, max_value=9, initial=3)
    applicant = forms.ChoiceField(label=_("Who applies"), choices=Applicant.choices, initial=Applicant.UNIVERSITY)
    need = forms.IntegerField(label=_("Money needed (yen)"), min_value=1, initial=10_000_000)
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)
    partner = forms.BooleanField(label=_("A company partner exists"), required=False)
