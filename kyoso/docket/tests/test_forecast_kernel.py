"""``forecast_totals`` (sums in place, used by the portfolio page and the bench) agrees with the
reference per-fee ``forecast`` of kyoso.rules.forecast. Pure Python: no database."""

from collections import defaultdict
from datetime import date

from kyoso.rules.bench_forecast import synthetic_filings
from kyoso.rules.forecast import forecast, forecast_totals


def test_totals_equal_the_per_fee_forecast_by_fiscal_year():
    filings = [(ref * 64, *rest) for ref, *rest in synthetic_filings(3000, seed=5)]
    start = date(2026, 4, 1)
    expected = defaultdict(int)
    for ref, due, _kind, amount in forecast(filings, start, 20):
        expected[ref + due.year - (due.month < 4) - 2026] += amount
    assert forecast_totals(filings, start, 20) == expected


def test_a_start_inside_the_fiscal_year_counts_from_that_fiscal_year():
    filings = [(0, "JP", date(2015, 2, 10), date(2018, 2, 1), date(2015, 3, 1), 3, None)]
    totals = forecast_totals(filings, date(2026, 11, 26), 3)
    # Annuities due every 1 February: FY2026 (Feb 2027) is index 0.
    assert sorted(totals) == [0, 1, 2]
