"""API over the fund: projects and costs through the services; the ledger read-only (append-only,
booked by the services, corrected by reversing entries on the web page)."""

from rest_framework import viewsets

from kyoso.core.api import ScopedModelViewSet
from kyoso.core.roles import VIEW

from ..filtersets import CostFilterSet, GrantFilterSet, LedgerEntryFilterSet
from ..models import Cost, Grant, LedgerEntry
from .serializers import CostSerializer, GrantSerializer, LedgerEntrySerializer


class GrantViewSet(ScopedModelViewSet):
    queryset = Grant.objects.all()
    serializer_class = GrantSerializer
    filterset_class = GrantFilterSet


class CostViewSet(ScopedModelViewSet):
    queryset = Cost.objects.all()
    serializer_class = CostSerializer
    filterset_class = CostFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # corrected, never deleted


class LedgerEntryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LedgerEntry.objects.all()
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet

    def get_queryset(self):
        return self.queryset.for_user(self.request.user, VIEW)
