"""Tables of the portfolio pages (yen exported as plain integers)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.tables import YenColumn
from kyoso.core.tables import FastTable
from kyoso.ip.models import Filing

from .models import AreaWeight, ReviewItem, ReviewRound


class ReviewRoundTable(FastTable):
    title = tables.Column(linkify=True)

    class Meta:
        model = ReviewRound
        fields = ("title", "consortium", "as_of", "within_months", "status")
        attrs = {"class": "table"}


class ReviewItemTable(FastTable):
    asset = tables.Column(verbose_name=_("right"), accessor="pk", linkify=lambda record: record.get_absolute_url(),
                          orderable=False)
    cost_5y = YenColumn()
    income = YenColumn()
    saving = YenColumn()

    class Meta:
        model = ReviewItem
        fields = ("asset", "next_due", "remaining_years", "cost_5y", "fund_cost_5y", "licences", "income", "area",
                  "area_weight", "score", "recommendation", "decision", "transferee", "saving")
        attrs = {"class": "table"}

    def render_asset(self, record):
        return str(record)

    def value_asset(self, record):
        return str(record)


class MapFilingTable(FastTable):
    application_number = tables.Column(verbose_name=_("application"), linkify=lambda record: record.get_absolute_url(),
                                       empty_values=())
    invention = tables.Column(verbose_name=_("invention"), accessor="family__invention__reference",
                              linkify=lambda record: record.family.invention.get_absolute_url())
    area = tables.Column(verbose_name=_("technology area"), accessor="family__invention__technology_area")

    class Meta:
        model = Filing
        fields = ("application_number", "invention", "area", "office", "kind", "status", "filing_date", "registered_on")
        attrs = {"class": "table"}


class AreaWeightTable(FastTable):
    area = tables.Column(linkify=lambda record: reverse("portfolio:areaweight_edit", args=[record.pk]))

    class Meta:
        model = AreaWeight
        fields = ("consortium", "area", "weight")
        attrs = {"class": "table"}
