from kyoso.core.api import ServiceModelSerializer

from ..models import Agreement, AgreementParty, ContractType, Contribution


class ContractTypeSerializer(ServiceModelSerializer):
    class Meta:
        model = ContractType
        fields = ["id", "code", "name", "name_ja", "ownership", "other_party_rights", "description", "source", "confirmed"]


class AgreementSerializer(ServiceModelSerializer):
    class Meta:
        model = Agreement
        fields = [
            "id", "number", "title", "title_ja", "kind", "research_class", "research_type", "consortium", "topic", "contract_type",
            "status", "start", "end", "indirect_rate", "ip_earmark_rate", "notes", "created", "modified",
        ]


class AgreementPartySerializer(ServiceModelSerializer):
    class Meta:
        model = AgreementParty
        fields = ["id", "agreement", "organisation", "role"]


class ContributionSerializer(ServiceModelSerializer):
    class Meta:
        model = Contribution
        fields = [
            "id", "agreement", "contributor", "fiscal_year", "kind", "source",
            "direct_amount", "indirect_amount", "ip_amount", "note", "created", "modified",
        ]
        read_only_fields = ["indirect_amount", "ip_amount"]
