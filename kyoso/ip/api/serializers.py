from rest_framework import serializers

from kyoso.core.api import ServiceModelSerializer
from kyoso.parties.models import Organisation, Person

from ..models import Family, Filing, Invention


class OwnerShareSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class InventorShareSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    contribution = serializers.DecimalField(max_digits=5, decimal_places=2)


class InventionSerializer(ServiceModelSerializer):
    """An invention with its owners and inventors; each list, when given, replaces the old one
    and must total 100 %."""

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
            "grant_decision_on", "registered_on", "office_action_on", "refusal_served_on", "claims", "ep_micro_entity", "created", "modified",
        ]
