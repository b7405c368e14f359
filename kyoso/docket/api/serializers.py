from rest_framework import serializers

from ..models import Deadline


class DeadlineSerializer(serializers.ModelSerializer):
    # Null until someone completes the deadline or is made responsible (the schema says so too).
    completed_by = serializers.StringRelatedField(allow_null=True)
    responsible = serializers.StringRelatedField(allow_null=True)
    filing_number = serializers.CharField(source="filing.application_number", read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id", "filing", "filing_number", "kind", "label", "label_ja", "office", "year", "due", "raw_due", "rule", "source",
            "rule_status", "state", "completed_by", "completed_at", "note", "manual", "responsible",
        ]
        read_only_fields = fields
