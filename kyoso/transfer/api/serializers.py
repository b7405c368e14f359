from rest_framework import serializers

from ..models import Deal, DealAgreement, Technology


class TechnologySerializer(serializers.ModelSerializer):
    class Meta:
        model = Technology
        fields = ["id", "consortium", "slug", "title", "title_ja", "inventions", "summary", "summary_ja", "advantages",
                  "advantages_ja", "applications", "applications_ja", "trl", "development_stage", "rights_offered",
                  "field_of_use", "territory", "contact_name", "contact_email", "published"]


class DealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deal
        fields = ["id", "technology", "organisation", "opened_on", "expected_value", "exclusive", "field_of_use", "territory",
                  "stage", "stage_since", "stage_log", "lost_reason", "licence"]


class DealAgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DealAgreement
        fields = ["id", "deal", "kind", "signed_on", "expires_on", "fee"]
