from kyoso.core.api import ScopedModelViewSet

from ..filtersets import (
    ConsortiumFilterSet,
    MembershipFilterSet,
    ResearchAreaFilterSet,
    ResearchTopicFilterSet,
)
from ..models import Consortium, Membership, ResearchArea, ResearchTopic
from ..services import save_consortium, save_membership, save_research_area, save_research_topic
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
    save_service = staticmethod(save_consortium)


class MembershipViewSet(ScopedModelViewSet):
    queryset = Membership.objects.all()
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    save_service = staticmethod(save_membership)


class ResearchAreaViewSet(ScopedModelViewSet):
    queryset = ResearchArea.objects.all()
    serializer_class = ResearchAreaSerializer
    filterset_class = ResearchAreaFilterSet
    save_service = staticmethod(save_research_area)


class ResearchTopicViewSet(ScopedModelViewSet):
    queryset = ResearchTopic.objects.all()
    serializer_class = ResearchTopicSerializer
    filterset_class = ResearchTopicFilterSet
    save_service = staticmethod(save_research_topic)
