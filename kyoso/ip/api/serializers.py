from rest_framework import serializers

from kyoso.core.api import ServiceModelSerializer
from kyoso.parties.models import Organisation, Person

from ..choices import ProposalKind
from ..models import ChangeProposal, Family, Filing, Invention


class OwnerShareSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class InventorShareSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    contribution = serializers.DecimalField(max_digits=5, decimal_places=2)


class InventionSerializer(ServiceModelSerializer):
    """An invention with its owners and inventors; each list, when given, replaces the old one
    and must total 100 %. A new invention must name its owners (checked by the service, like the
    form and the import). A researcher changes only the description; the owners and inventors
    they give with a new disclosure become a change proposal."""

    reference = serializers.CharField(read_only=True)
    owners = OwnerShareSerializer(many=True, required=False)
    inventors = InventorShareSerializer(many=True, required=False)

    class Meta:
        model = Invention
        fields = [
            "id", "reference", "title", "title_ja", "abstract", "disclosed_on", "consortium", "topic", "agreement",
            "ip_kind", "confidential", "status", "technology_area", "owners", "inventors", "created", "modified",
        ]


class FamilySerializer(ServiceModelSerializer):
    class Meta:
        model = Family
        fields = ["id", "invention", "reference", "title"]


class FilingSerializer(ServiceModelSerializer):
    class Meta:
        model = Filing
        fields = [
            "id", "family", "parent", "office", "kind", "status", "application_number", "publication_number",
            "registration_number", "priority_date", "filing_date", "publication_date", "exam_requested_on",
            "grant_decision_on", "registered_on", "office_action_on", "refusal_served_on", "claims", "searched_by", "us_entity", "ep_micro_entity", "created", "modified",
        ]


class ProposalRowSerializer(serializers.Serializer):
    party = serializers.IntegerField(help_text="Organisation id (a change of owners) or person id (of inventors)")
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class ChangeProposalSerializer(ServiceModelSerializer):
    """A proposed change of an invention's owners or inventor contributions.

    ``rows`` are ``{"party": id, "share": "50.00"}``: organisation ids for ``kind`` "owners",
    person ids for "inventors". ``current_rows`` are the invention's rows now, ``rows_before``
    those when it was proposed.
    """

    rows = ProposalRowSerializer(many=True)
    rows_before = ProposalRowSerializer(many=True, read_only=True)
    current_rows = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ChangeProposal
        fields = [
            "id", "invention", "kind", "rows", "reason", "rows_before", "current_rows", "proposed_by", "status",
            "decided_by", "decided_at", "decision_note", "created", "modified",
        ]
        read_only_fields = ["status", "decided_at", "decision_note"]

    def get_current_rows(self, proposal) -> list[dict]:
        return proposal.current_rows()


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
