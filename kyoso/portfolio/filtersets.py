"""Filters for reviews and the IP map (shared by pages, exports and the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Consortium
from kyoso.ip.choices import FilingStatusGroups
from kyoso.ip.models import Filing
from kyoso.parties.models import Organisation

from .models import AreaWeight, ReviewItem, ReviewRound

STATUS_GROUPS = (("live", _("Live (pending or in force)")), ("in_force", _("In force")), ("dead", _("Dead")))


class ReviewRoundFilterSet(django_filters.FilterSet):
    class Meta:
        model = ReviewRound
        fields = ["consortium", "status"]


class ReviewItemFilterSet(django_filters.FilterSet):
    class Meta:
        model = ReviewItem
        fields = ["round", "recommendation", "decision", "area"]


class AreaWeightFilterSet(django_filters.FilterSet):
    class Meta:
        model = AreaWeight
        fields = ["consortium"]


class MapFilingFilterSet(django_filters.FilterSet):
    """The map's filters and its drill-down: a cell is area × office × owner × status."""

    consortium = django_filters.ModelChoiceFilter(label=_("Consortium"), field_name="family__invention__consortium",
                                                  queryset=Consortium.objects.all())
    area = django_filters.CharFilter(label=_("Technology area"), field_name="family__invention__technology_area",
                                     lookup_expr="istartswith")
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), field_name="family__invention__owners__organisation",
                                             queryset=Organisation.objects.all(), distinct=True)
    group = django_filters.ChoiceFilter(label=_("Status group"), choices=STATUS_GROUPS, method="by_group")

    class Meta:
        model = Filing
        fields = ["consortium", "area", "office", "owner", "status", "group"]

    def by_group(self, queryset, name, value):
        statuses = {"live": FilingStatusGroups.LIVE, "in_force": FilingStatusGroups.IN_FORCE, "dead": FilingStatusGroups.DEAD}
        return queryset.filter(status__in=statuses[value])
