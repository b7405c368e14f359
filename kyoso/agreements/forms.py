"""Forms for agreements, parties and contributions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyoso.core.forms import LookAlikeCheck, ScopedModelForm

from .models import Agreement, AgreementParty, AgreementResearcher, AgreementTerms, ContractType, Contribution
from .services import similar_agreements


class AgreementForm(LookAlikeCheck, ScopedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "number", "title", "title_ja", "kind", "research_class", "research_type", "consortium", "topic", "contract_type",
            "status", "start", "end", "indirect_rate", "ip_earmark_rate", "notes",
        ]

    def look_alikes(self, data):
        return similar_agreements(data.get("number", ""), user=self.user)


class AgreementPartyForm(ScopedModelForm):
    class Meta:
        model = AgreementParty
        fields = ["agreement", "organisation", "role", "research_expense"]


class ContributionForm(ScopedModelForm):
    class Meta:
        model = Contribution
        fields = ["agreement", "contributor", "fiscal_year", "kind", "source", "direct_amount", "note"]


class ContractTypeForm(ScopedModelForm):
    class Meta:
        model = ContractType
        fields = ["code", "name", "name_ja", "ownership", "other_party_rights", "description", "source", "confirmed"]


class AgreementTermsForm(forms.ModelForm):
    """The particulars table of one agreement (saved by ``kyoso.agreements.sakura.save_terms``)."""

    class Meta:
        model = AgreementTerms
        fields = [
            "purpose", "description", "place", "facilities", "lead_party", "project_manager", "ownership",
            "university_share", "other_party_rights", "option_window_months", "university_research_use",
            "practical_use_efforts", "non_practice_compensation", "royalty_percent", "advance_consent_third_party",
            "know_how_years", "know_how_counting", "confidentiality_years", "confidentiality_counting",
            "publication_notice_days", "publication_max_delay_days", "fee_bearer", "data_clauses", "data_provided",
            "data_generated",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kyoso.parties.models import Organisation

        agreement = self.instance.agreement
        self.fields["lead_party"].queryset = Organisation.objects.filter(agreement_parties__agreement=agreement)


LEVELS = [("high", _("High")), ("low", _("Low"))]


class AdvisorForm(forms.Form):
    """The Sakura advisor's questionnaire."""

    university_contribution = forms.ChoiceField(label=_("The university's intellectual contribution"), choices=LEVELS)
    company_contribution = forms.ChoiceField(label=_("The company's intellectual and economic contribution"), choices=LEVELS)
    domain = forms.ChoiceField(label=_("The results are"), choices=[
        ("foundational", _("Foundational (基盤的)")), ("competitive", _("In the company's competitive domain (競争領域)"))])
    exclusive = forms.BooleanField(label=_("The company wishes exclusivity"), required=False)
    co_owned = forms.BooleanField(label=_("The results are to be co-owned"), required=False)


class DraftAgreementForm(forms.Form):
    """What the wizard needs to create the draft agreement from the chosen type."""

    type_code = forms.ChoiceField(label=_("Type"))
    number = forms.CharField(label=_("agreement number"), max_length=40)
    title = forms.CharField(label=_("title"), max_length=300)
    title_ja = forms.CharField(label=_("title (Japanese)"), max_length=300, required=False)
    university = forms.ModelChoiceField(label=_("University (甲)"), queryset=None)
    company = forms.ModelChoiceField(label=_("Company (乙)"), queryset=None)
    consortium = forms.ModelChoiceField(label=_("consortium"), queryset=None, required=False)
    start = forms.DateField(label=_("start"))
    end = forms.DateField(label=_("end"))

    def __init__(self, *args, types=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from kyoso.consortia.models import Consortium
        from kyoso.core.roles import CHANGE, Role, actor_of

        self.fields["consortium"].queryset = Consortium.objects.for_user(user, CHANGE)
        # A CPO's agreements are their consortia's: the draft must name one.
        self.fields["consortium"].required = actor_of(user).role == Role.CPO
        from kyoso.parties.choices import OrganisationKind
        from kyoso.parties.models import Organisation

        self.fields["type_code"].choices = [(code, code) for code in types]
        self.fields["university"].queryset = Organisation.objects.filter(kind=OrganisationKind.UNIVERSITY)
        self.fields["company"].queryset = Organisation.objects.filter(kind=OrganisationKind.COMPANY)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("An agreement cannot end before it starts."))
        return data


class PublicationRequestForm(forms.Form):
    title = forms.CharField(label=_("title of the publication"), max_length=300)
    venue = forms.CharField(label=_("journal or meeting"), max_length=300, required=False)


class ResearcherForm(forms.ModelForm):
    """A researcher named in the particulars table (added on the agreement's page)."""

    class Meta:
        model = AgreementResearcher
        fields = ["organisation", "name", "title", "role", "dispatched"]

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        from kyoso.parties.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(agreement_parties__agreement=agreement)
