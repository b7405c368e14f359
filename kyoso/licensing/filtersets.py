"""Filters shared by licensing list pages, their exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kyoso.core.filters import RecordFilter
from kyoso.parties.models import Organisation, Person

from .models import (
    CompanyClassAssignment,
    CompensationPolicy,
    DistributionRule,
    DistributionRun,
    Invoice,
    Licence,
    LicenceRequest,
    LicensingPolicy,
    PatentCost,
    RoyaltyReport,
    ShareClassScheme,
    StatementLine,
)


def _visible(model):
    """Choices limited to what the requesting user may see (a run's name is nobody else's business)."""
    return lambda request: model.objects.for_user(request.user) if request else model.objects.none()


class ShareClassSchemeFilterSet(django_filters.FilterSet):
    class Meta:
        model = ShareClassScheme
        fields = ["consortium", "basis", "active"]


class AssignmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = CompanyClassAssignment
        fields = ["scheme", "company", "fiscal_year", "share_class"]


class LicensingPolicyFilterSet(django_filters.FilterSet):
    class Meta:
        model = LicensingPolicy
        fields = ["consortium", "preset", "active"]


class LicenceRequestFilterSet(django_filters.FilterSet):
    class Meta:
        model = LicenceRequest
        fields = ["consortium", "requester", "policy", "purpose", "exclusive", "decision", "status"]


class LicenceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    invention = RecordFilter(label=_("Invention"), field_name="assets__invention", distinct=True)

    class Meta:
        model = Licence
        fields = ["q", "consortium", "licensee", "exclusivity", "status", "invention"]

    def search(self, queryset, name, value):
        """The search box's rule: the licence number, or the licensee's name in either script."""
        from kyoso.core.search import Query

        from .search import find_licences

        return find_licences(queryset, Query(value))


class RoyaltyReportFilterSet(django_filters.FilterSet):
    licence = django_filters.ModelChoiceFilter(label=_("Licence"), queryset=_visible(Licence))

    class Meta:
        model = RoyaltyReport
        fields = ["licence"]


class InvoiceFilterSet(django_filters.FilterSet):
    licence = django_filters.ModelChoiceFilter(label=_("Licence"), queryset=_visible(Licence))

    class Meta:
        model = Invoice
        fields = ["licence"]


class CompensationPolicyFilterSet(django_filters.FilterSet):
    class Meta:
        model = CompensationPolicy
        fields = ["university"]


class DistributionRuleFilterSet(django_filters.FilterSet):
    class Meta:
        model = DistributionRule
        fields = ["consortium"]


class PatentCostFilterSet(django_filters.FilterSet):
    """By invention (its id, as on the filings list: a select of every invention would be
    hundreds of thousands of options at national scale) and by payer (only the organisations
    that paid a cost the user may see)."""

    invention = RecordFilter(label=_("Invention"), field_name="invention")
    payer = django_filters.ModelChoiceFilter(label=_("Paid by"), queryset=lambda request: Organisation.objects.filter(
        pk__in=_visible(PatentCost)(request).values("payer")))

    class Meta:
        model = PatentCost
        fields = ["invention", "payer"]


class DistributionRunFilterSet(django_filters.FilterSet):
    class Meta:
        model = DistributionRun
        fields = ["rule", "fiscal_year"]


class StatementLineFilterSet(django_filters.FilterSet):
    """A statement is the lines of one party in one fiscal year: filter by both."""

    run = django_filters.ModelChoiceFilter(label=_("Run"), queryset=_visible(DistributionRun))
    licence = django_filters.ModelChoiceFilter(label=_("Licence"), queryset=_visible(Licence))
    fiscal_year = django_filters.NumberFilter(label=_("Fiscal year"), field_name="run__fiscal_year", min_value=1900, max_value=2100)
    organisation = django_filters.ModelChoiceFilter(label=_("Co-owner"), queryset=lambda request: Organisation.objects.filter(
        pk__in=_visible(StatementLine)(request).values("organisation")))
    person = django_filters.ModelChoiceFilter(label=_("Inventor"), queryset=lambda request: Person.objects.filter(
        pk__in=_visible(StatementLine)(request).values("person")))
    invention = RecordFilter(label=_("Invention"), field_name="invention")  # an id, not a select of all

    class Meta:
        model = StatementLine
        fields = ["run", "fiscal_year", "organisation", "person", "step", "licence", "invention"]
