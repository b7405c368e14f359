from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from kyoso.core.api import ScopedModelViewSet, service_call
from kyoso.core.roles import VIEW

from ..filtersets import ChangeProposalFilterSet, FamilyFilterSet, FilingFilterSet, InventionFilterSet
from ..models import LARGEST_SHARE_FIRST, ChangeProposal, Family, Filing, Invention, InventionOwner, Inventor
from ..services import (
    accept_proposal,
    propose_change,
    refuse_proposal,
    save_invention_with_shares,
)
from .serializers import (
    ChangeProposalSerializer,
    DecisionSerializer,
    FamilySerializer,
    FilingSerializer,
    InventionSerializer,
)


class InventionViewSet(ScopedModelViewSet):
    """Inventions with owners and inventors nested (set together, validated to total 100 %)."""

    queryset = Invention.objects.all()
    serializer_class = InventionSerializer
    filterset_class = InventionFilterSet

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("owners", queryset=InventionOwner.objects.order_by(*LARGEST_SHARE_FIRST)),
            Prefetch("inventors", queryset=Inventor.objects.order_by("-contribution")),
        )

    def perform_service_save(self, instance, nested, many_to_many=None):
        # One service call, one transaction: the invention, its owners and inventors, their events,
        # and the rule that an invention has owners totalling 100 %.
        owners = nested.get("owners")
        inventors = nested.get("inventors")
        save_invention_with_shares(
            instance,
            owners=None if owners is None else [(o["organisation"].pk, o["share"]) for o in owners],
            inventors=None if inventors is None else [(i["person"].pk, i["contribution"]) for i in inventors],
            user=self.request.user,
        )


class FamilyViewSet(ScopedModelViewSet):
    queryset = Family.objects.all()
    serializer_class = FamilySerializer
    filterset_class = FamilyFilterSet


class FilingViewSet(ScopedModelViewSet):
    queryset = Filing.objects.all()
    serializer_class = FilingSerializer
    filterset_class = FilingFilterSet
    related = ("family",)



class ChangeProposalViewSet(ScopedModelViewSet):
    """Researchers propose changes of owners or inventor contributions; the IP office accepts or
    refuses them (``POST …/accept/`` or ``…/refuse/`` with a ``note``, required to refuse).

    A proposal is not edited or deleted once made: it is decided.
    """

    queryset = ChangeProposal.objects.all()
    serializer_class = ChangeProposalSerializer
    filterset_class = ChangeProposalFilterSet
    related = ("invention", "proposed_by", "decided_by")
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        if self.action in ("accept", "refuse"):
            # Anyone with a role reaches the proposal they see; the service says who decides (403
            # with its reason), and a proposal out of sight stays a 404.
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action in ("accept", "refuse"):
            # Whoever sees the proposal is told why they may not decide it (403), not that it is missing.
            return self.queryset.for_user(self.request.user, VIEW).select_related(*self.related)
        return super().get_queryset()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = service_call(lambda: propose_change(
            data["invention"], data["kind"], [(row["party"], row["share"]) for row in data["rows"]], data.get("reason", ""),
            user=self.request.user,
        ))

    def _decide(self, request, service):
        proposal = self.get_object()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        proposal = service_call(lambda: service(proposal, user=request.user, note=decision.validated_data["note"]))
        return Response(self.get_serializer(proposal).data)

    @extend_schema(request=DecisionSerializer, responses=ChangeProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(request, accept_proposal)

    @extend_schema(request=DecisionSerializer, responses=ChangeProposalSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(request, refuse_proposal)
