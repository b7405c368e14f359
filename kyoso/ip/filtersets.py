"""Filters for the IP pool."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.core.filters import RecordFilter
from kyoso.core.search import Query
from kyoso.parties.models import Organisation
from kyoso.rules.numbers import search_key

from .models import ChangeProposal, Family, Filing, Invention
from .search import find_inventions, number_q


class InventionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), field_name="owners__organisation", queryset=Organisation.objects.all(), distinct=True
    )
    disclosed_after = django_filters.DateFilter(label=_("Disclosed on or after"), field_name="disclosed_on", lookup_expr="gte")

    class Meta:
        model = Invention
        fields = ["q", "consortium", "topic", "status", "ip_kind", "confidential", "owner", "disclosed_after"]

    def search(self, queryset, name, value):
        # The search box's rule (reference, title words, inventors' names in either script), and the area.
        return find_inventions(queryset, Query(value), extra=Q(title__icontains=value) | Q(technology_area__icontains=value))


class FilingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number"), method="search")
    consortium = django_filters.ModelChoiceFilter(
        label=_("Consortium"), field_name="family__invention__consortium", queryset=Consortium.objects.all()
    )
    invention = RecordFilter(field_name="family__invention")

    class Meta:
        model = Filing
        fields = ["q", "office", "kind", "status", "consortium", "family", "invention"]

    def search(self, queryset, name, value):
        # A whole number in any notation (the search box's indexed keys), or part of one as written.
        key = search_key(value)
        written = Q(application_number__icontains=value) | Q(publication_number__icontains=value) | Q(registration_number__icontains=value)
        return queryset.filter(number_q(key) | written if key else written)


class FamilyFilterSet(django_filters.FilterSet):
    class Meta:
        model = Family
        fields = ["invention"]


class ChangeProposalFilterSet(django_filters.FilterSet):
    invention = RecordFilter(label=_("Invention"), field_name="invention")

    class Meta:
        model = ChangeProposal
        fields = ["status", "kind", "invention"]
