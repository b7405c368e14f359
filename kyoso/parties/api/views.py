from kyoso.core.api import ScopedModelViewSet
from kyoso.core.views import CappedCountPagination  # no COUNT(*) over national-size tables

from ..filtersets import AffiliationFilterSet, OrganisationFilterSet, PersonFilterSet
from ..models import Affiliation, Organisation, Person
from ..services import save_affiliation, save_organisation, save_person
from .serializers import AffiliationSerializer, OrganisationSerializer, PersonSerializer


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    save_service = staticmethod(save_organisation)


class PersonViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    save_service = staticmethod(save_person)


class AffiliationViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Affiliation.objects.all()
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilterSet
    save_service = staticmethod(save_affiliation)
