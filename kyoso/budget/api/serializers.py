from rest_framework import serializers

from kyoso.core.api import ServiceModelSerializer

from ..models import Cost, Grant, LedgerEntry


class GrantSerializer(ServiceModelSerializer):
    class Meta:
        model = Grant
        fields = ["id", "consortium", "programme", "number", "title", "funder", "start", "end", "notes"]


class CostSerializer(ServiceModelSerializer):
    class Meta:
        model = Cost
        fields = ["id", "invention", "filing", "consortium", "kind", "description", "amount", "paid_on", "fiscal_year",
                  "vendor", "invoice_number", "invoice_date", "source", "grant", "payer", "expected_grant_on",
                  "eligibility"]
        read_only_fields = ["consortium", "fiscal_year", "eligibility"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "consortium", "fiscal_year", "booked_on", "kind", "source", "amount", "description",
                  "organisation", "contribution", "cost", "grant", "reverses", "generated"]
