"""Forms for agreements, parties and contributions."""

from kyoso.core.forms import LookAlikeCheck, ScopedModelForm

from .models import Agreement, AgreementParty, ContractType, Contribution
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
        fields = ["agreement", "organisation", "role"]


class ContributionForm(ScopedModelForm):
    class Meta:
        model = Contribution
        fields = ["agreement", "contributor", "fiscal_year", "kind", "source", "direct_amount", "note"]


class ContractTypeForm(ScopedModelForm):
    class Meta:
        model = ContractType
        fields = ["code", "name", "name_ja", "ownership", "other_party_rights", "description", "source", "confirmed"]
