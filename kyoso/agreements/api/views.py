from kyoso.core.api import ScopedModelViewSet

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
    queryset = Agreement.objects.all()
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet


class AgreementPartyViewSet(ScopedModelViewSet):
    queryset = AgreementParty.objects.all()
    serializer_class = AgreementPartySerializer
    filterset_class = AgreementPartyFilterSet


class ContributionViewSet(ScopedModelViewSet):
    queryset = Contribution.objects.all()
    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
