"""Filters for consortia and their parts."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Consortium, Membership, ResearchArea, ResearchTopic


class ConsortiumFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Consortium
        fields = ["q", "programme_type", "lead_institution"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(name_ja__icontains=value) | Q(slug__icontains=value))


class MembershipFilterSet(django_filters.FilterSet):
    class Meta:
        model = Membership
        fields = ["consortium", "organisation", "role"]


class ResearchAreaFilterSet(django_filters.FilterSet):
    class Meta:
        model = ResearchArea
        fields = ["consortium"]


class ResearchTopicFilterSet(django_filters.FilterSet):
    class Meta:
        model = ResearchTopic
        fields = ["consortium", "area"]
