"""Forms of the docket: a manual deadline, completing one, reminder preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import ScopedModelForm

from .choices import CLOSING_STATES
from .models import Deadline, ReminderPreference


class ManualDeadlineForm(ScopedModelForm):
    class Meta:
        model = Deadline
        fields = ["filing", "kind", "label", "due", "office", "responsible", "note"]


class CompleteForm(forms.Form):
    state = forms.ChoiceField(label=_("Outcome"), choices=[(s.value, s.label) for s in CLOSING_STATES])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["lead_days", "active"]
