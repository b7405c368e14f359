"""Forms for licensing records and actions (committee decision, issuing, running, importing)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import DateInput, ScopedModelForm, type_big_choices
from kyoso.core.roles import Role, actor_of
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation

from .choices import ClassRight, Purpose
from .models import (
    CompensationPolicy,
    DistributionRule,
    Invoice,
    Licence,
    LicenceRequest,
    LicensedAsset,
    LicensingPolicy,
    PatentCost,
    RoyaltyReport,
    RoyaltyTerm,
    ShareClass,
    ShareClassScheme,
)


class ShareClassSchemeForm(ScopedModelForm):
    class Meta:
        model = ShareClassScheme
        fields = ["consortium", "name", "version", "effective_from", "title", "basis", "topic", "standard_royalty", "counts_in_kind",
                  "active", "illustrative", "source"]


class ShareClassForm(ScopedModelForm):
    rights = forms.MultipleChoiceField(label=_("rights"), choices=ClassRight.choices, widget=forms.CheckboxSelectMultiple,
                                       required=False)

    class Meta:
        model = ShareClass
        fields = ["scheme", "name", "min_share", "rights", "royalty_discount", "label", "label_ja"]


class LicensingPolicyForm(ScopedModelForm):
    class Meta:
        model = LicensingPolicy
        fields = ["consortium", "preset", "version", "effective_from", "title", "active", "governs_costs", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "class": "mono"})}


class LicenceRequestForm(ScopedModelForm):
    """A company asks for itself; the IP office and CPO may record a request for anyone."""

    class Meta:
        model = LicenceRequest
        fields = ["requester", "invention", "policy", "purpose", "field", "territory", "exclusive", "requested_on", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Asking about IP or a policy needs only to see them, not to change them.
        self.fields["invention"].queryset = Invention.objects.for_user(user).exclude(consortium=None)
        self.fields["policy"].queryset = LicensingPolicy.objects.for_user(user).filter(active=True)
        actor = actor_of(user)
        if actor.role == Role.COMPANY:
            self.fields["requester"].queryset = Organisation.objects.filter(pk=actor.organisation_id)
            self.fields["requester"].initial = actor.organisation_id
        type_big_choices(self)  # the choices were widened to what the user sees: tens of thousands of inventions


class LicenceForm(ScopedModelForm):
    class Meta:
        model = Licence
        fields = ["number", "consortium", "licensee", "field", "territory", "exclusivity", "sublicensing", "start", "end",
                  "status", "share_class", "class_discount", "notes"]


class LicensedAssetForm(ScopedModelForm):
    class Meta:
        model = LicensedAsset
        fields = ["licence", "invention"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["invention"].queryset = Invention.objects.for_user(user).exclude(consortium=None)
        type_big_choices(self)


class RoyaltyTermForm(ScopedModelForm):
    class Meta:
        model = RoyaltyTerm
        fields = ["licence", "kind", "standard_rate", "amount", "event", "due_on"]


class RoyaltyReportForm(ScopedModelForm):
    class Meta:
        model = RoyaltyReport
        fields = ["licence", "period_start", "period_end", "net_sales", "other_due", "received_on", "note"]


class InvoiceForm(ScopedModelForm):
    class Meta:
        model = Invoice
        fields = ["licence", "report", "number", "issued_on", "amount", "received_on", "received_amount"]


class CompensationPolicyForm(ScopedModelForm):
    class Meta:
        model = CompensationPolicy
        fields = ["university", "name", "version", "effective_from", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class DistributionRuleForm(ScopedModelForm):
    class Meta:
        model = DistributionRule
        fields = ["consortium", "name", "admin_fee_percent", "administrator", "reimburse_costs"]


class PatentCostForm(ScopedModelForm):
    class Meta:
        model = PatentCost
        fields = ["invention", "payer", "amount", "paid_on", "description"]


class CommitteeForm(forms.Form):
    approve = forms.TypedChoiceField(label=_("Steering committee"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("approves")), ("no", _("refuses"))])
    note = forms.CharField(label=_("Minutes / reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class IssueLicenceForm(forms.Form):
    number = forms.CharField(label=_("licence number"), max_length=30)
    start = forms.DateField(label=_("start"), widget=DateInput())
    end = forms.DateField(label=_("end"), widget=DateInput(), required=False)
    sublicensing = forms.BooleanField(label=_("sublicensing allowed"), required=False)


class RunForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("fiscal year"), min_value=1990, max_value=2100)


class AskForm(forms.Form):
    """An ad-hoc question to a policy: the CLI's ``policy evaluate`` on a page."""

    requester = forms.ChoiceField(label=_("requester"), choices=[("participant", _("participant")), ("outsider", _("outsider"))])
    ip = forms.ChoiceField(label=_("IP"), choices=[("foreground", _("foreground")), ("background", _("background"))])
    purpose = forms.ChoiceField(label=_("purpose"), choices=Purpose.choices)
    research = forms.ChoiceField(label=_("research"), choices=[("cooperative", _("cooperative")), ("individual", _("individual"))])
    exclusive = forms.BooleanField(label=_("exclusive"), required=False)
    share_class = forms.CharField(label=_("class"), required=False, max_length=20)
