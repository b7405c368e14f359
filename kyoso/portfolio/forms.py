"""Forms of the portfolio pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.forms import DateInput, ScopedModelForm

from .models import AreaWeight


class AreaWeightForm(ScopedModelForm):
    class Meta:
        model = AreaWeight
        fields = ["consortium", "area", "weight"]


class OpenRoundForm(forms.Form):
    """Open a review round over the rights of a consortium the user runs."""

    consortium = forms.ModelChoiceField(label=_("Consortium"), queryset=Consortium.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    as_of = forms.DateField(label=_("As of"), widget=DateInput(), initial=timezone.localdate)
    within_months = forms.IntegerField(label=_("Renewals due within (months)"), min_value=1, max_value=60, initial=6)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consortium"].queryset = Consortium.objects.for_user(user, "change") if user else Consortium.objects.none()
