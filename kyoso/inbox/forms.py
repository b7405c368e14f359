"""The e-mail choices: one box per kind of notification."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class EmailChoicesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Also send me an e-mail for"), choices=NotificationKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification appears in kyoso; the ones ticked here are e-mailed to you as well."),
    )
