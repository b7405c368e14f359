from kyoso.core.api import ScopedModelViewSet
from kyoso.core.views import CappedCountPagination  # no COUNT(*) over national-size tables

from ..filtersets import (
    AgreementFilterSet,
    AgreementPartyFilterSet,
    ContractTypeFilterSet,
    ContributionFilterSet,
)
from ..models import Agreement, AgreementParty, ContractType, Contribution
from .serializers import (
    AgreementPartySerializer,
    AgreementSerializer,
    ContractTypeSerializer,
    ContributionSerializer,
)


class ContractTypeViewSet(ScopedModelViewSet):
    queryset = ContractType.objects.all()
    serializer_class = ContractTypeSerializer
    filterset_class = ContractTypeFilterSet


class AgreementViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet


class AgreementPartyViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = AgreementParty.objects.all()
    serializer_class = AgreementPartySerializer
    filterset_class = AgreementPartyFilterSet


class ContributionViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
