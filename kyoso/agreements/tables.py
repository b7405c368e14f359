"""List tables for agreements and contributions."""

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma

from kyoso.core.tables import FastTable

from .models import Agreement, ContractType, Contribution


class YenColumn(tables.Column):
    """Integer yen, shown with thousands separators and exported as a plain number."""

    attrs = {"td": {"class": "num"}, "th": {"class": "num"}}
    export_plain = True  # exports read the stored integer (kyoso.core.tables.export_rows)

    def render(self, value):
        return f"¥{intcomma(value)}"

    def value(self, value):
        return value


class AgreementTable(FastTable):
    number = tables.Column(linkify=True)
    consortium = tables.Column(linkify=True)

    class Meta:
        model = Agreement
        fields = ("number", "title", "kind", "research_class", "consortium", "status", "start", "end", "indirect_rate", "ip_earmark_rate")
        attrs = {"class": "table"}


class ContributionTable(FastTable):
    agreement = tables.Column(accessor="agreement__number", linkify=lambda record, table: table.detail_url(record.agreement))
    contributor = tables.Column(linkify=True)
    direct_amount = YenColumn()
    indirect_amount = YenColumn()
    ip_amount = YenColumn()

    class Meta:
        model = Contribution
        fields = ("agreement", "fiscal_year", "contributor", "kind", "source", "direct_amount", "indirect_amount", "ip_amount")
        attrs = {"class": "table"}


class ContractTypeTable(FastTable):
    code = tables.Column(linkify=True)

    class Meta:
        model = ContractType
        fields = ("code", "name", "name_ja", "ownership", "confirmed")
        attrs = {"class": "table"}
