from django.db.models import Prefetch

from kyoso.core.api import ScopedModelViewSet
from kyoso.core.views import CappedCountPagination  # no COUNT(*) over national-size tables

from ..filtersets import FamilyFilterSet, FilingFilterSet, InventionFilterSet
from ..models import Family, Filing, Invention, InventionOwner, Inventor
from ..services import save_invention, set_inventors, set_owners
from .serializers import FamilySerializer, FilingSerializer, InventionSerializer


class InventionViewSet(ScopedModelViewSet):
    """Inventions with owners and inventors nested (set together, validated to total 100 %)."""

    pagination_class = CappedCountPagination
    queryset = Invention.objects.all()
    serializer_class = InventionSerializer
    filterset_class = InventionFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("owners", queryset=InventionOwner.objects.order_by("-share")),
            Prefetch("inventors", queryset=Inventor.objects.order_by("-contribution")),
        )

    def perform_service_save(self, instance, nested, many_to_many=None):
        user = self.request.user
        save_invention(instance, user=user)
        if "owners" in nested:
            set_owners(instance, [(o["organisation"].pk, o["share"]) for o in nested["owners"]], user=user)
        if "inventors" in nested:
            set_inventors(instance, [(i["person"].pk, i["contribution"]) for i in nested["inventors"]], user=user)


class FamilyViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Family.objects.all()
    serializer_class = FamilySerializer
    filterset_class = FamilyFilterSet


class FilingViewSet(ScopedModelViewSet):
    pagination_class = CappedCountPagination
    queryset = Filing.objects.all()
    serializer_class = FilingSerializer
    filterset_class = FilingFilterSet
    related = ("family",)



