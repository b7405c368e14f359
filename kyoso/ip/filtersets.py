"""Filters for the IP pool."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.parties.models import Organisation

from .models import ChangeProposal, Family, Filing, Invention


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
        return queryset.filter(
            Q(reference__icontains=value) | Q(title__icontains=value) | Q(title_ja__icontains=value) | Q(technology_area__icontains=value)
        )


class FilingFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number"), method="search")
    consortium = django_filters.ModelChoiceFilter(
        label=_("Consortium"), field_name="family__invention__consortium", queryset=Consortium.objects.all()
    )
    invention = django_filters.NumberFilter(field_name="family__invention")

    class Meta:
        model = Filing
        fields = ["q", "office", "kind", "status", "consortium", "family", "invention"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(application_number__icontains=value) | Q(publication_number__icontains=value) | Q(registration_number__icontains=value)
        )


class FamilyFilterSet(django_filters.FilterSet):
    class Meta:
        model = Family
        fields = ["invention"]


class ChangeProposalFilterSet(django_filters.FilterSet):
    invention = django_filters.NumberFilter(label=_("Invention"), field_name="invention")

    class Meta:
        model = ChangeProposal
        fields = ["status", "kind", "invention"]
