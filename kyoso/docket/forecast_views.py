"""The fee-forecast page: a table and an inline SVG chart, with CSV/XLSX export."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

import django_tables2 as tables
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from kyoso.consortia.models import Consortium
from kyoso.core.collector import collector_paused
from kyoso.core.export import export_response

from .services.forecast import forecast_for

DEFAULT_YEARS = 10
#: Rows of the table per page (the chart and the totals cover them all; the exports too).
ROWS_PER_PAGE = 200


class ForecastTable(tables.Table):
    fiscal_year = tables.Column(verbose_name=_("fiscal year"))
    consortium = tables.Column(verbose_name=_("consortium"))
    payer = tables.Column(verbose_name=_("payer"))
    office = tables.Column(verbose_name=_("office"))
    currency = tables.Column(verbose_name=_("currency"))
    amount = tables.Column(verbose_name=_("amount"))
    amount_jpy = tables.Column(verbose_name=_("amount in yen (converted)"), empty_values=(), accessor="amount")

    class Meta:
        attrs = {"class": "table"}
        orderable = False

    def __init__(self, rows, *, rates, **kwargs):
        # The forecast rows themselves (tuples), converted to yen cell by cell: a national
        # forecast has 100,000 rows and the page shows one page of them.
        self.rates = rates
        super().__init__(rows, **kwargs)

    def _yen(self, record) -> int:
        return int(Decimal(record.amount) * self.rates[record.currency])

    def render_amount(self, value):
        return intcomma(value)

    def render_amount_jpy(self, record):
        return intcomma(self._yen(record))

    # Exports keep plain numbers, so that spreadsheets can add them up.
    def value_amount(self, value):
        return value

    def value_amount_jpy(self, record):
        return self._yen(record)


def exchange_rates(params) -> dict[str, Decimal]:
    """Yen per USD and EUR: the page's fields, else ``settings.DOCKET_EXCHANGE_RATES``."""
    defaults = getattr(settings, "DOCKET_EXCHANGE_RATES", {"USD": Decimal("150"), "EUR": Decimal("160")})
    rates = {"JPY": Decimal(1)}
    for currency in ("USD", "EUR"):
        try:
            rates[currency] = Decimal(params.get(currency.lower()) or defaults[currency])
        except (InvalidOperation, KeyError):
            rates[currency] = Decimal(defaults.get(currency, 0))
    return rates


def _sums(rows) -> dict[tuple[int, str, str], int | Decimal]:
    """The rows summed per (fiscal year, office, currency): one pass, a few dozen sums for the chart
    and the totals (a national forecast has 100,000 rows)."""
    sums: dict[tuple[int, str, str], int | Decimal] = defaultdict(int)
    for row in rows:
        sums[row.fiscal_year, row.office, row.currency] += row.amount
    return sums


def _bars(sums, rates) -> dict:
    """Geometry of the chart: one stacked bar per fiscal year, a segment per office (in yen)."""
    per_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (fiscal_year, office, currency), amount in sums.items():
        per_year[fiscal_year][office] += Decimal(amount) * rates[currency]
    if not per_year:
        return {"bars": [], "width": 0, "height": 0}
    highest = max(sum(offices.values()) for offices in per_year.values()) or Decimal(1)
    height, bar, gap, top = 220, 44, 16, 20
    bars = []
    for i, (fy, offices) in enumerate(sorted(per_year.items())):
        y = top + height
        segments = []
        for office in ("JP", "US", "EP"):
            value = offices.get(office, Decimal(0))
            h = float(value / highest) * height
            y -= h
            segments.append({"office": office, "y": round(y, 1), "h": round(h, 1), "value": int(value)})
        bars.append({"fy": fy, "x": 60 + i * (bar + gap), "w": bar, "segments": segments,
                     "total": int(sum(offices.values())), "label_y": round(y - 4, 1)})
    return {"bars": bars, "width": 80 + len(bars) * (bar + gap), "height": top + height + 40,
            "axis_y": top + height, "max": int(highest)}


class ForecastView(LoginRequiredMixin, TemplateView):
    template_name = "docket/forecast.html"

    def get(self, request, *args, **kwargs):
        # The whole portfolio's forecast builds a few hundred thousand tuples, all freed by
        # reference counting once the page is written. With the cycle collector running between
        # the steps, it walked them all (≈ 50 ms a step) and every few visits ran a full
        # collection of the process (≈ 1 s at national scale) that found nothing to free; paused
        # until the page is rendered, it finds them gone.
        with collector_paused():
            response = self._page(request)
            if hasattr(response, "render"):
                response.render()
                response.context_data = None  # the rows would outlive the pause in the response
        return response

    def _page(self, request):
        params = request.GET
        years = max(1, min(30, int(params.get("years") or DEFAULT_YEARS) if str(params.get("years", "")).isdigit() else DEFAULT_YEARS))
        consortia = Consortium.objects.for_user(request.user).order_by("name")
        consortium = params.get("consortium") or ""
        rates = exchange_rates(params)
        start = timezone.localdate()
        rows = forecast_for(request.user, start=start, years=years, consortium=int(consortium) if consortium.isdigit() else None)
        table = ForecastTable(rows, rates=rates)
        if export := params.get("export"):
            return export_response(table, export, filename=str(_("fee forecast")))
        RequestConfig(request, paginate={"per_page": ROWS_PER_PAGE}).configure(table)
        sums = _sums(rows)
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for (_fy, _office, currency), amount in sums.items():
            totals[currency] += Decimal(amount)
        return self.render_to_response({
            "table": table, "rows": rows, "chart": _bars(sums, rates), "rates": rates, "years": years, "start": start,
            "consortia": consortia, "consortium": consortium, "totals": dict(totals),
            "total_jpy": int(sum(amount * rates[currency] for currency, amount in totals.items())),
        })
