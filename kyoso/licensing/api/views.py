"""API viewsets over the same scoped querysets and services as the licensing pages."""

from rest_framework import viewsets

from kyoso.core.api import ScopedModelViewSet
from kyoso.core.permissions import ScopedPermission

from ..filtersets import (
    AssignmentFilterSet,
    DistributionRunFilterSet,
    InvoiceFilterSet,
    LicenceFilterSet,
    LicenceRequestFilterSet,
    LicensingPolicyFilterSet,
    RoyaltyReportFilterSet,
    ShareClassSchemeFilterSet,
    StatementLineFilterSet,
)
from ..models import (
    CompanyClassAssignment,
    DistributionRun,
    Invoice,
    Licence,
    LicenceRequest,
    LicensingPolicy,
    RoyaltyReport,
    RoyaltyTerm,
    ShareClass,
    ShareClassScheme,
    StatementLine,
)
from . import serializers as s


class ReadOnlyScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """Computed records (classes, runs, statements) are read; they change through their services."""

    permission_classes = [ScopedPermission]
    related: tuple[str, ...] = ()  # select_related paths (e.g. what a surface's hiding rule reads)

    def get_queryset(self):
        queryset = self.queryset.for_user(self.request.user)
        return queryset.select_related(*self.related) if self.related else queryset


class ShareClassSchemeViewSet(ScopedModelViewSet):
    queryset = ShareClassScheme.objects.all()
    serializer_class = s.ShareClassSchemeSerializer
    filterset_class = ShareClassSchemeFilterSet


class ShareClassViewSet(ScopedModelViewSet):
    queryset = ShareClass.objects.all()
    serializer_class = s.ShareClassSerializer


class AssignmentViewSet(ReadOnlyScopedViewSet):
    queryset = CompanyClassAssignment.objects.all()
    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilterSet


class LicensingPolicyViewSet(ScopedModelViewSet):
    queryset = LicensingPolicy.objects.all()
    serializer_class = s.LicensingPolicySerializer
    filterset_class = LicensingPolicyFilterSet


class LicenceRequestViewSet(ScopedModelViewSet):
    """Posting a request decides it at once; the answer carries the decision and the rule."""

    queryset = LicenceRequest.objects.all()
    serializer_class = s.LicenceRequestSerializer
    filterset_class = LicenceRequestFilterSet


class LicenceViewSet(ScopedModelViewSet):
    queryset = Licence.objects.all()
    serializer_class = s.LicenceSerializer
    filterset_class = LicenceFilterSet


class RoyaltyTermViewSet(ScopedModelViewSet):
    queryset = RoyaltyTerm.objects.all()
    serializer_class = s.RoyaltyTermSerializer


class RoyaltyReportViewSet(ScopedModelViewSet):
    queryset = RoyaltyReport.objects.all()
    serializer_class = s.RoyaltyReportSerializer
    filterset_class = RoyaltyReportFilterSet


class InvoiceViewSet(ScopedModelViewSet):
    queryset = Invoice.objects.all()
    serializer_class = s.InvoiceSerializer
    filterset_class = InvoiceFilterSet


class DistributionRunViewSet(ReadOnlyScopedViewSet):
    queryset = DistributionRun.objects.all()
    serializer_class = s.DistributionRunSerializer
    filterset_class = DistributionRunFilterSet


class StatementLineViewSet(ReadOnlyScopedViewSet):
    queryset = StatementLine.objects.all()
    related = ("licence",)  # a company's lines hide another licensee's licence: read with the line
    serializer_class = s.StatementLineSerializer
    filterset_class = StatementLineFilterSet
