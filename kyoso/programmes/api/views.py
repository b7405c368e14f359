"""API over applications, awards and duties, through the services and the scoping."""

from kyoso.core.api import ScopedModelViewSet

from ..filtersets import ApplicationFilterSet, AwardFilterSet, DutyFilterSet
from ..models import Application, Award, Duty
from .serializers import ApplicationSerializer, AwardSerializer, DutySerializer


class ApplicationViewSet(ScopedModelViewSet):
    queryset = Application.objects.all()
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet


class AwardViewSet(ScopedModelViewSet):
    queryset = Award.objects.all()
    serializer_class = AwardSerializer
    filterset_class = AwardFilterSet


class DutyViewSet(ScopedModelViewSet):
    queryset = Duty.objects.all()
    serializer_class = DutySerializer
    filterset_class = DutyFilterSet
