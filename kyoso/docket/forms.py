"""Forms of the docket: a manual deadline, completing one, reminder preferences."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import ScopedModelForm
from kyoso.core.roles import Role

from .choices import CLOSING_STATES
from .models import Deadline, ReminderPreference


class ManualDeadlineForm(ScopedModelForm):
    class Meta:
        model = Deadline
        fields = ["filing", "kind", "label", "label_ja", "due", "office", "responsible", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who may act on deadlines can be made responsible (and only they are listed).
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            is_active=True, profile__role__in=(Role.IP_OFFICE, Role.CPO)
        ).order_by("username")


class CompleteForm(forms.Form):
    state = forms.ChoiceField(label=_("Outcome"), choices=[(s.value, s.label) for s in CLOSING_STATES])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["lead_days", "active"]
