"""Licensing charts: licence income received by fiscal year, and the share classes of the latest year."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from kyoso.core.charts import ChartCard, bar_chart, yen_millions
from kyoso.core.figures import Chart, register_chart
from kyoso.core.formatting import fiscal_year_label

from .models import CompanyClassAssignment, Invoice


def income_by_year(user) -> ChartCard | None:
    """Licence income received, by the fiscal year it was received (the invoices the user may see)."""
    income: Counter = Counter()
    count: Counter = Counter()
    for year, month, amount, n in (
        Invoice.objects.for_user(user).filter(received_on__isnull=False, received_amount__gt=0).order_by()
        .annotate(y=ExtractYear("received_on"), m=ExtractMonth("received_on")).values("y", "m")
        .annotate(amount=Sum("received_amount"), n=Count("pk")).values_list("y", "m", "amount", "n")
    ):
        fiscal_year = year if month >= 4 else year - 1
        income[fiscal_year] += amount
        count[fiscal_year] += n
    if not income:
        return None
    years = list(range(min(income), max(income) + 1))
    return ChartCard(
        name="licence-income-by-year", title=_("Licence income received by fiscal year"), kind="bar",
        chart=bar_chart([fiscal_year_label(y) for y in years], [(_("income"), [income[y] for y in years])], formatter=yen_millions),
        columns=[_("Fiscal year"), _("Invoices paid"), _("Income received (yen)")],
        rows=[[fiscal_year_label(y), count[y], income[y]] for y in years], unit=_("¥ million"),
    )


def share_classes(user) -> ChartCard | None:
    """Each company's share and class in the latest fiscal year of each scheme the user may see."""
    assignments = list(CompanyClassAssignment.objects.for_user(user).select_related("scheme__consortium", "company",
                                                                                      "share_class"))
    if not assignments:
        return None
    latest: dict = {}
    for a in assignments:
        key = (a.scheme_id, a.company_id)
        if key not in latest or (a.fiscal_year or 0) > (latest[key].fiscal_year or 0):
            latest[key] = a
    shown = sorted(latest.values(), key=lambda a: (str(a.scheme.consortium), -a.share, str(a.company)))
    labels = [f"{a.company}" for a in shown]
    return ChartCard(
        name="share-classes", title=_("Share classes: each company's share of the contributions"), kind="bar",
        chart=bar_chart(labels, [(_("share (%)"), [int(a.share) for a in shown])], formatter=lambda v: f"{v}%"),
        columns=[_("Consortium"), _("Company"), _("Fiscal year"), _("Share (%)"), _("Class")],
        rows=[[str(a.scheme.consortium), str(a.company), fiscal_year_label(a.fiscal_year) if a.fiscal_year else _("cumulative"),
               str(a.share), a.share_class.name if a.share_class else "—"] for a in shown],
        unit="%",
    )


def register() -> None:
    register_chart(Chart("share-classes", share_classes, order=60))
    register_chart(Chart("licence-income-by-year", income_by_year, order=70))
