"""The IP charts of the charts page: filings by fiscal year and office, the portfolio by status,
inventions by status (a researcher's own). Each reads the records the user may see, grouped in SQL."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.core.charts import ChartCard, bar_chart
from kyoso.core.figures import Chart, register_chart
from kyoso.core.formatting import fiscal_year_label
from kyoso.rules.fiscal import fiscal_year_of

from .choices import FilingStatus, InventionStatus, Office
from .models import Filing, Invention

#: Fiscal years shown: the current one and the nine before.
YEARS = 10


def filings_by_year(user) -> ChartCard | None:
    """Filings by the fiscal year of their filing date, one segment per office."""
    current = fiscal_year_of(timezone.localdate())
    first = current - YEARS + 1
    counts: Counter = Counter()
    # Grouped by the day itself (a few thousand groups), the fiscal year taken here: extracting the
    # year and month in SQL costs a function call per filing on SQLite (≈ 1 s at national scale).
    for day, office, n in (
        Filing.objects.counted_for(user).filter(filing_date__gte=f"{first}-04-01").order_by()
        .values("filing_date", "office").annotate(n=Count("pk")).values_list("filing_date", "office", "n")
    ):
        counts[(fiscal_year_of(day), office)] += n
    if not counts:
        return None
    years = list(range(first, current + 1))
    offices = [office for office in Office.values if any(counts[(y, office)] for y in years)]
    labels = dict(Office.choices)
    stacks = [(office, [counts[(y, office)] for y in years]) for office in offices]
    return ChartCard(
        name="filings-by-year", title=_("Filings by fiscal year and office"), kind="bar",
        chart=bar_chart([fiscal_year_label(y) for y in years], stacks, formatter=lambda v: f"{v:,}"),
        columns=[_("Fiscal year"), *[str(labels[o]) for o in offices], _("Total")],
        rows=[[fiscal_year_label(y), *[counts[(y, o)] for o in offices], sum(counts[(y, o)] for o in offices)]
              for y in years],
        unit=_("filings"),
    )


def portfolio_by_status(user) -> ChartCard | None:
    """Filings by status: what is pending, in force and dead."""
    counts = dict(Filing.objects.counted_for(user).order_by().values("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    if not counts:
        return None
    statuses = [s for s in FilingStatus.values if counts.get(s)]
    labels = dict(FilingStatus.choices)
    return ChartCard(
        name="portfolio-by-status", title=_("Portfolio by status"), kind="bar",
        chart=bar_chart([str(labels[s]) for s in statuses], [(_("filings"), [counts[s] for s in statuses])],
                        formatter=lambda v: f"{v:,}"),
        columns=[_("Status"), _("Filings")], rows=[[str(labels[s]), counts[s]] for s in statuses], unit=_("filings"),
    )


def inventions_by_status(user) -> ChartCard | None:
    """Inventions by where they stand (a researcher sees their own)."""
    counts = dict(Invention.objects.for_user(user).order_by().values("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    if not counts:
        return None
    labels = dict(InventionStatus.choices)
    statuses = [s for s in InventionStatus.values if counts.get(s)]
    return ChartCard(
        name="inventions-by-status", title=_("Inventions by status"), kind="bar",
        chart=bar_chart([str(labels[s]) for s in statuses], [(_("inventions"), [counts[s] for s in statuses])],
                        formatter=lambda v: f"{v:,}"),
        columns=[_("Status"), _("Inventions")], rows=[[str(labels[s]), counts[s]] for s in statuses],
        unit=_("inventions"),
    )


def register() -> None:
    register_chart(Chart("inventions-by-status", inventions_by_status, order=10))
    register_chart(Chart("portfolio-by-status", portfolio_by_status, order=20))
    register_chart(Chart("filings-by-year", filings_by_year, order=30))
