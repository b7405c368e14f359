"""Filters shared by the organisation and people lists, their exports and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Affiliation, Organisation, Person


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "size", "is_domestic"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(name_ja__icontains=value) | Q(short_name__icontains=value))


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), field_name="affiliations__organisation", queryset=Organisation.objects.all(), distinct=True
    )

    class Meta:
        model = Person
        fields = ["q", "kind", "organisation"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(family_name__icontains=value)
            | Q(given_name__icontains=value)
            | Q(family_name_ja__icontains=value)
            | Q(given_name_ja__icontains=value)
            | Q(email__icontains=value)
        )


class AffiliationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Affiliation
        fields = ["person", "organisation"]
