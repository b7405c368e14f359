from kyoso.core.api import ScopedModelViewSet

from ..filtersets import (
    ConsortiumFilterSet,
    MembershipFilterSet,
    ResearchAreaFilterSet,
    ResearchTopicFilterSet,
)
from ..models import Consortium, Membership, ResearchArea, ResearchTopic
from .serializers import (
    ConsortiumSerializer,
    MembershipSerializer,
    ResearchAreaSerializer,
    ResearchTopicSerializer,
)


class ConsortiumViewSet(ScopedModelViewSet):
    queryset = Consortium.objects.all()
    serializer_class = ConsortiumSerializer
    filterset_class = ConsortiumFilterSet


class MembershipViewSet(ScopedModelViewSet):
    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet


class ResearchAreaViewSet(ScopedModelViewSet):
    queryset = ResearchArea.objects.all()
    serializer_class = ResearchAreaSerializer
    filterset_class = ResearchAreaFilterSet


class ResearchTopicViewSet(ScopedModelViewSet):
    queryset = ResearchTopic.objects.all()
    serializer_class = ResearchTopicSerializer
    filterset_class = ResearchTopicFilterSet
