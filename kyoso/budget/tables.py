"""List tables for the IP fund (yen exported as plain integers)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.tables import YenColumn
from kyoso.core.tables import FastTable

from .models import Cost, Grant, LedgerEntry


class LedgerEntryTable(FastTable):
    booked_on = tables.Column(linkify=True)
    amount = YenColumn()
    reverses = tables.Column(linkify=True)

    class Meta:
        model = LedgerEntry
        fields = ("booked_on", "fiscal_year", "consortium", "kind", "source", "amount", "organisation", "description",
                  "reverses")
        attrs = {"class": "table"}

    def render_description(self, record):
        return record.get_description_display()


class CostTable(FastTable):
    paid_on = tables.Column(linkify=True)
    invention = tables.Column(linkify=True, accessor="invention__reference", verbose_name=_("invention"))
    amount = YenColumn()

    class Meta:
        model = Cost
        fields = ("paid_on", "fiscal_year", "invention", "filing", "kind", "amount", "source", "vendor", "invoice_number")
        attrs = {"class": "table"}


class GrantTable(FastTable):
    number = tables.Column(linkify=True)

    class Meta:
        model = Grant
        fields = ("number", "title", "programme", "consortium", "start", "end")
        attrs = {"class": "table"}


class FundYearTable(FastTable):
    """The fund by fiscal year (rows are :class:`~kyoso.budget.services.summary.FundYear` dicts)."""

    fiscal_year = tables.Column(verbose_name=_("fiscal year"))
    accruals = YenColumn(verbose_name=_("accruals"))
    payments = YenColumn(verbose_name=_("payments"))
    forecast = YenColumn(verbose_name=_("forecast fees (fund's part)"))
    balance = YenColumn(verbose_name=_("balance"))
    shortfall = tables.BooleanColumn(verbose_name=_("shortfall"))

    class Meta:
        attrs = {"class": "table"}
        orderable = False


class CostTotalTable(FastTable):
    """Costs summed by one dimension, then by kind."""

    label = tables.Column(verbose_name=_("for"))
    official_fee = YenColumn(verbose_name=_("official fees"))
    agent_fee = YenColumn(verbose_name=_("agent fees"))
    translation = YenColumn(verbose_name=_("translation"))
    search = YenColumn(verbose_name=_("search"))
    other = YenColumn(verbose_name=_("other"))
    total = YenColumn(verbose_name=_("total"))

    class Meta:
        attrs = {"class": "table"}
