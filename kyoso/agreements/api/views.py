from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import ProtectedError
from rest_framework import exceptions

from kyoso.core.api import Conflict, ScopedModelViewSet
from kyoso.core.views import CappedCountPagination  # no COUNT(*) over national-size tables

from ..filtersets import (
    AgreementFilterSet,
    AgreementPartyFilterSet,
    ContractTypeFilterSet,
    ContributionFilterSet,
)
from ..models import Agreement, AgreementParty, ContractType, Contribution
from ..services import delete_contribution, save_agreement, save_contribution
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

    save_service = staticmethod(save_agreement)


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

    save_service = staticmethod(save_contribution)
    delete_service = staticmethod(delete_contribution)

    def perform_destroy(self, instance):
        """Delete through the same service as the web page: the event, the share classes and the
        IP fund's accruals follow a deletion made over the API too."""
        try:
            self.delete_service(instance, user=self.request.user)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied() from error
        except ProtectedError as error:
            raise Conflict() from error
