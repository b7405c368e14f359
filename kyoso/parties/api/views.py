from kyoso.core.api import ScopedModelViewSet

from ..filtersets import AffiliationFilterSet, OrganisationFilterSet, PersonFilterSet
from ..models import Affiliation, Organisation, Person
from .serializers import AffiliationSerializer, OrganisationSerializer, PersonSerializer


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet


class PersonViewSet(ScopedModelViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class AffiliationViewSet(ScopedModelViewSet):
    queryset = Affiliation.objects.all()
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilterSet
