"""Filters for the fund's ledger, costs and projects (shared by list pages, exports and the API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kyoso.core.filters import RecordFilter

from .models import Cost, Grant, LedgerEntry


class LedgerEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = LedgerEntry
        fields = ["q", "consortium", "fiscal_year", "kind", "source", "generated"]

    def search(self, queryset, name, value):
        return queryset.filter(description__icontains=value)


class CostFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    family = RecordFilter(field_name="filing__family", label=_("Family"))

    class Meta:
        model = Cost
        fields = ["q", "consortium", "fiscal_year", "kind", "source", "invention", "filing", "family", "grant"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(invoice_number__icontains=value) | Q(vendor__icontains=value)
                               | Q(description__icontains=value) | Q(invention__reference__icontains=value))


class GrantFilterSet(django_filters.FilterSet):
    class Meta:
        model = Grant
        fields = ["consortium", "programme"]
