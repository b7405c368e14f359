"""Read-only API over technologies offered, deals and their agreements (changes go through the
pages' services: stage moves carry rules, a won deal creates its licence)."""

from rest_framework import viewsets

from kyoso.core.roles import VIEW

from ..filtersets import DealAgreementFilterSet, DealFilterSet, TechnologyFilterSet
from ..models import Deal, DealAgreement, Technology
from .serializers import DealAgreementSerializer, DealSerializer, TechnologySerializer


class _Scoped(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return self.queryset.for_user(self.request.user, VIEW)


class TechnologyViewSet(_Scoped):
    queryset = Technology.objects.all()
    serializer_class = TechnologySerializer
    filterset_class = TechnologyFilterSet


class DealViewSet(_Scoped):
    queryset = Deal.objects.all()
    serializer_class = DealSerializer
    filterset_class = DealFilterSet


class DealAgreementViewSet(_Scoped):
    queryset = DealAgreement.objects.all()
    serializer_class = DealAgreementSerializer
    filterset_class = DealAgreementFilterSet
