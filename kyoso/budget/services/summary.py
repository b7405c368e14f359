"""The fund by fiscal year: accruals, payments, the fee forecast set against it, the balance.

Balances are derived from the ledger, never stored. Each year's closing balance is the previous
one plus accruals, less payments, less the fund's part of the fees still to fall due that year
(from ``as_of``); the first year whose closing balance is negative is the shortfall to warn about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Sum

from kyoso.core.roles import Role, actor_of
from kyoso.rules.fiscal import fiscal_year_of
from kyoso.rules.funding import SOURCE_CITATIONS

from ..choices import EntryKind, Source
from ..models import LedgerEntry
from .forecast import filings_of, forecast_rows

__all__ = ["FundYear", "fund_years", "first_shortfall", "may_see_fund", "by_source"]


@dataclass(frozen=True)
class FundYear:
    fiscal_year: int
    accruals: int
    payments: int
    forecast: int
    balance: int
    shortfall: bool

    def as_json(self) -> dict:
        return asdict(self)


def may_see_fund(consortium, user) -> bool:
    """The fund's aggregates: IP office, auditor, the consortium's CPO and its member companies
    (see :mod:`kyoso.budget.querysets` for why members may see totals but no other member's rows)."""
    from kyoso.consortia.models import Consortium

    actor = actor_of(user)
    if actor.role not in (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY):
        return False
    return Consortium.objects.for_user(actor).filter(pk=consortium.pk).exists()


def _booked(consortium) -> dict[int, dict[str, int]]:
    rows = (LedgerEntry.objects.filter(consortium=consortium).values("fiscal_year", "kind")
            .annotate(total=Sum("amount")).order_by())
    years: dict[int, dict[str, int]] = defaultdict(lambda: {EntryKind.ACCRUAL: 0, EntryKind.PAYMENT: 0})
    for row in rows:
        years[row["fiscal_year"]][row["kind"]] += row["total"]
    return years


def fund_years(consortium, *, as_of: date, years: int = 5) -> list[FundYear]:
    """From the first booked (or the consortium's first) fiscal year to ``years`` years ahead."""
    booked = _booked(consortium)
    current = fiscal_year_of(as_of)
    ahead: dict[int, int] = defaultdict(int)
    for row in forecast_rows(filings_of(consortium), as_of, years):
        ahead[row.fiscal_year] += row.fund_amount
    first = min([consortium.first_fiscal_year, current, *booked])
    last = max(current + years - 1, *booked) if booked else current + years - 1
    balance, result = 0, []
    for fy in range(first, last + 1):
        accruals = booked[fy][EntryKind.ACCRUAL] if fy in booked else 0
        payments = -booked[fy][EntryKind.PAYMENT] if fy in booked else 0
        expected = ahead.get(fy, 0)
        balance += accruals - payments - expected
        result.append(FundYear(fy, accruals, payments, expected, balance, balance < 0))
    return result


def first_shortfall(years: list[FundYear]) -> FundYear | None:
    return next((y for y in years if y.shortfall), None)


def by_source(consortium) -> list[dict]:
    """In, out and balance per source (for the IP office and the CPO only: it names the sources)."""
    rows = LedgerEntry.objects.filter(consortium=consortium).values("source", "kind").annotate(total=Sum("amount")).order_by()
    table: dict[str, dict[str, int]] = defaultdict(lambda: {"accruals": 0, "payments": 0})
    for row in rows:
        if row["kind"] == EntryKind.ACCRUAL:
            table[row["source"]]["accruals"] += row["total"]
        else:
            table[row["source"]]["payments"] -= row["total"]
    labels = dict(Source.choices)
    return [{"source": s, "label": labels.get(s, s), "cites": SOURCE_CITATIONS.get(s, ""), **v,
             "balance": v["accruals"] - v["payments"]} for s, v in sorted(table.items())]
