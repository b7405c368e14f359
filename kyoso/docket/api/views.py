"""Read-only API of the docket: deadlines with the list filters, and a filing's fee schedule."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from kyoso.ip.models import Filing

from ..filtersets import DeadlineFilterSet
from ..models import Deadline
from ..services.fees import fee_schedule
from .serializers import DeadlineSerializer


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Deadlines the caller may see (those of the filings they may see)."""

    queryset = Deadline.objects.all()
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilterSet
    ordering_fields = ["due", "state", "office"]

    def get_queryset(self):
        return Deadline.objects.for_user(self.request.user).select_related("filing", "completed_by", "responsible")


def _money(value):
    return value if isinstance(value, int) else str(value)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}],
                      "description": "integer yen, or a decimal string for USD/EUR"})
class _Money(serializers.Field):
    """An amount as the view writes it: yen as an integer, other currencies as a decimal string."""

    def to_representation(self, value):
        return _money(value)


class _PayerShare(serializers.Serializer):
    payer = serializers.CharField()
    share = serializers.CharField(help_text="percent, as a decimal string")


class _PayerAmount(serializers.Serializer):
    payer = serializers.CharField()
    amount = _Money()


class _FeeLine(serializers.Serializer):
    due = serializers.DateField()
    what = serializers.CharField()
    rule = serializers.CharField()
    amount = _Money()
    currency = serializers.CharField()
    source = serializers.CharField()
    by_payer = _PayerAmount(many=True)


class FilingFeesSerializer(serializers.Serializer):
    """The schema of ``/api/filings/{id}/fees/`` (documentation only; the view builds the dict)."""

    filing = serializers.IntegerField()
    payers = _PayerShare(many=True)
    payer_rule = serializers.CharField()
    fees = _FeeLine(many=True)
    totals = serializers.DictField(child=_Money(), help_text="per currency")
    notes = serializers.ListField(child=serializers.CharField())


@extend_schema(responses=FilingFeesSerializer)
@api_view(["GET"])
def filing_fees(request, pk):
    """Future official fees of one filing, with the payer and the rule that chose it."""
    filing = get_object_or_404(Filing.objects.for_user(request.user).select_related("family__invention", "parent"), pk=pk)
    schedule = fee_schedule(filing, today=timezone.localdate())
    return Response({
        "filing": filing.pk,
        "payers": [{"payer": name, "share": str(share)} for name, share in schedule.payers.shares],
        "payer_rule": schedule.payers.rule,
        "fees": [
            {"due": line.due, "what": line.label, "rule": line.rule, "amount": _money(line.amount), "currency": line.currency,
             "source": line.source, "by_payer": [{"payer": n, "amount": _money(a)} for n, a in line.split]}
            for line in schedule.lines
        ],
        "totals": {currency: _money(total) for currency, total in schedule.totals().items()},
        "notes": schedule.notes,
    })
