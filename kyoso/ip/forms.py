"""Forms for inventions (with owners and inventors) and filings."""

from __future__ import annotations

from fractions import Fraction

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import ScopedModelForm, type_big_choices
from kyoso.core.views import scoped_field_querysets
from kyoso.parties.models import Organisation, Person
from kyoso.rules.owners import ShareError, format_share, parse_share, share_percent

from .choices import ProposalKind
from .models import Family, Filing, Invention


class InventionForm(ScopedModelForm):
    """The whole invention, for the IP office and the CPO."""

    class Meta:
        model = Invention
        fields = [
            "title", "title_ja", "abstract", "disclosed_on", "consortium", "topic", "agreement",
            "ip_kind", "confidential", "status", "technology_area",
        ]


class DescriptionForm(ScopedModelForm):
    """What a researcher changes on their invention: its description, nothing else."""

    class Meta:
        model = Invention
        fields = list(Invention.DESCRIPTION_FIELDS)


class DisclosureForm(ScopedModelForm):
    """A researcher's new disclosure: the description and the day it is disclosed."""

    class Meta:
        model = Invention
        fields = list(Invention.DISCLOSURE_FIELDS)


class ShareField(forms.CharField):
    """A share written as a fraction (``1/3``) or a percentage (``33.5%`` or ``33.5``); cleans to a ``Fraction``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("A fraction such as 1/3, or a percentage such as 33.5%"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("size", 8)
        self.widget.attrs.setdefault("placeholder", "1/3")

    def prepare_value(self, value):
        if isinstance(value, Fraction):
            return format_share(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("A share is a short fraction such as 1/3 or a percentage such as 33.5%."))
        try:
            return parse_share(text)
        except ShareError:
            raise forms.ValidationError(_("%(share)s is not a share: write a fraction such as 1/3 or a percentage such "
                                          "as 33.5%%.") % {"share": text}) from None


class ShareRowForm(forms.Form):
    """One owner or inventor row; blank rows are ignored."""

    share = ShareField(label=_("Share"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get(self.party_field)) != (data.get("share") is not None):
            raise forms.ValidationError(_("Give both the name and the share, or neither."))
        return data


class OwnerRowForm(ShareRowForm):
    party_field = "organisation"
    organisation = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.all(), required=False)
    field_order = ["organisation", "share"]


class InventorRowForm(ShareRowForm):
    party_field = "person"
    person = forms.ModelChoiceField(label=_("Inventor"), queryset=Person.objects.all(), required=False)
    field_order = ["person", "share"]


class ShareRowFormSet(forms.BaseFormSet):
    """Rows whose exact shares must total exactly 1 (100 %) and whose parties appear once."""

    what = ""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            scoped_field_querysets(form, user)
        type_big_choices(*self.forms)  # a country's researchers are typed by number, not listed

    def rows(self) -> list[tuple[int, Fraction]]:
        return [
            (form.cleaned_data[form.party_field].pk, form.cleaned_data["share"])
            for form in self.forms
            if form.cleaned_data.get(form.party_field)
        ]

    def clean(self):
        if any(self.errors):
            return
        rows = self.rows()
        if not rows:
            return
        if len({party for party, _s in rows}) != len(rows):
            raise forms.ValidationError(_("%(what)s: the same name appears twice.") % {"what": self.what})
        total = sum((share for _p, share in rows), Fraction(0))
        if total != 1:
            raise forms.ValidationError(_("%(what)s must total 100%% (now %(total)s%%).") % {
                "what": self.what, "total": share_percent(total, 4)})


class OwnerFormSet(forms.formset_factory(OwnerRowForm, formset=ShareRowFormSet, extra=3)):
    what = _("Owner shares")


class InventorFormSet(forms.formset_factory(InventorRowForm, formset=ShareRowFormSet, extra=3)):
    what = _("Inventor contributions")


class FilingForm(ScopedModelForm):
    class Meta:
        model = Filing
        fields = [
            "family", "parent", "office", "kind", "status", "application_number", "publication_number",
            "registration_number", "priority_date", "filing_date", "publication_date", "exam_requested_on",
            "grant_decision_on", "registered_on", "office_action_on", "refusal_served_on", "claims", "searched_by",
            "us_entity", "ep_micro_entity",
        ]


class FamilyForm(ScopedModelForm):
    class Meta:
        model = Family
        fields = ["invention", "reference", "title"]


class ChangeProposalForm(forms.Form):
    """A researcher's proposal: the rows as they should be (checked like the real edit) and why."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the change is needed; the IP office reads it before deciding."))

    def __init__(self, *args, kind: str, initial_rows: list[dict], user=None, data=None, **kwargs):
        super().__init__(*args, data=data, **kwargs)
        self.kind = kind
        formset_class = OwnerFormSet if kind == ProposalKind.OWNERS else InventorFormSet
        self.rows_formset = formset_class(data=data, initial=initial_rows, prefix="rows", user=user)

    def is_valid(self) -> bool:
        return super().is_valid() & self.rows_formset.is_valid()
