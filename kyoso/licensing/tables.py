"""List tables for licensing pages and their CSV/XLSX exports."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.tables import YenColumn
from kyoso.core.tables import FastTable

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

ATTRS = {"class": "table"}


class ShareClassSchemeTable(FastTable):
    name = tables.Column(linkify=True)
    consortium = tables.Column(linkify=True)

    class Meta:
        model = ShareClassScheme
        fields = ("name", "version", "consortium", "basis", "topic", "effective_from", "active", "illustrative")
        attrs = ATTRS


class AssignmentTable(FastTable):
    company = tables.Column(linkify=lambda record: record.get_absolute_url())
    contribution = YenColumn()
    total = YenColumn()
    share_class = tables.Column(verbose_name=_("class"), accessor="share_class__name", default="—")

    class Meta:
        model = CompanyClassAssignment
        fields = ("company", "scheme", "fiscal_year", "contribution", "total", "share", "share_class", "arithmetic", "modified")
        attrs = ATTRS


class LicensingPolicyTable(FastTable):
    preset = tables.Column(linkify=True)
    consortium = tables.Column(linkify=True)

    class Meta:
        model = LicensingPolicy
        fields = ("preset", "version", "title", "consortium", "effective_from", "active", "governs_costs")
        attrs = ATTRS


class LicenceRequestTable(FastTable):
    reference = tables.Column(linkify=True)
    invention = tables.Column(accessor="invention__reference", linkify=lambda record: record.invention.get_absolute_url())

    class Meta:
        model = LicenceRequest
        fields = ("reference", "requested_on", "requester", "invention", "policy", "purpose", "exclusive", "decision", "rule", "status")
        attrs = ATTRS


class LicenceTable(FastTable):
    number = tables.Column(linkify=True)

    class Meta:
        model = Licence
        fields = ("number", "licensee", "consortium", "field", "territory", "exclusivity", "start", "end", "status",
                  "share_class", "class_discount")
        attrs = ATTRS


class RoyaltyReportTable(FastTable):
    licence = tables.Column(accessor="licence__number", linkify=lambda record: record.get_absolute_url())
    net_sales = YenColumn()
    running_royalty = YenColumn()
    other_due = YenColumn()
    amount_due = YenColumn(verbose_name=_("amount due"), orderable=False)

    class Meta:
        model = RoyaltyReport
        fields = ("licence", "period_start", "period_end", "net_sales", "running_royalty", "other_due", "amount_due", "received_on")
        attrs = ATTRS


class InvoiceTable(FastTable):
    number = tables.Column(linkify=True)
    licence = tables.Column(accessor="licence__number", linkify=lambda record: record.licence.get_absolute_url())
    amount = YenColumn()
    received_amount = YenColumn()

    class Meta:
        model = Invoice
        fields = ("number", "licence", "issued_on", "amount", "received_on", "received_amount")
        attrs = ATTRS


class CompensationPolicyTable(FastTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = CompensationPolicy
        fields = ("university", "name", "version", "effective_from")
        attrs = ATTRS


class DistributionRuleTable(FastTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = DistributionRule
        fields = ("name", "consortium", "admin_fee_percent", "administrator", "reimburse_costs")
        attrs = ATTRS


class PatentCostTable(FastTable):
    invention = tables.Column(accessor="invention__reference", linkify=lambda record: record.invention.get_absolute_url())
    amount = YenColumn()

    class Meta:
        model = PatentCost
        fields = ("invention", "payer", "amount", "paid_on", "description")
        attrs = ATTRS


class DistributionRunTable(FastTable):
    rule = tables.Column(linkify=lambda record: record.get_absolute_url())
    income = YenColumn()

    class Meta:
        model = DistributionRun
        fields = ("rule", "fiscal_year", "income", "modified")
        attrs = ATTRS


class StatementLineTable(FastTable):
    """A statement: one row per payment, with the arithmetic that produced it.

    A co-owner's line from another company's licence shows neither that licence nor the arithmetic
    (which names its income): the statement line's surface hides them, cell by cell.
    """

    fiscal_year = tables.Column(verbose_name=_("fiscal year"), accessor="run__fiscal_year")
    licence = tables.Column(accessor="licence__number")
    invention = tables.Column(accessor="invention__reference")
    amount = YenColumn()

    class Meta:
        model = StatementLine
        fields = ("fiscal_year", "licence", "invention", "step", "organisation", "person", "amount", "working")
        attrs = ATTRS
