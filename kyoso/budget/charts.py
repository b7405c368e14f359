"""The IP fund's chart: the balance by fiscal year of each consortium a CPO runs (or a member funds),
with the first shortfall named."""

from __future__ import annotations

from collections import Counter

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.consortia.models import Consortium
from kyoso.core.charts import ChartCard, Series, line_chart, yen_millions
from kyoso.core.figures import Chart, register_chart
from kyoso.core.formatting import fiscal_year_label
from kyoso.core.roles import Role, actor_of

from .choices import EntryKind
from .models import LedgerEntry
from .services.summary import first_shortfall, fund_years, may_see_fund

#: Consortia charted at most (a CPO runs one or two; the budget page has every one).
CONSORTIA = 3



def fund_balance(user) -> ChartCard | None:
    """Accruals, forecast fees and the balance by fiscal year, five years ahead."""
    if actor_of(user).role not in (Role.CPO, Role.COMPANY):
        return None  # the IP office and the auditor read every fund on the budget page
    consortia = [c for c in Consortium.objects.for_user(user).order_by("name")[:CONSORTIA] if may_see_fund(c, user)]
    lines, rows, notes = [], [], []
    for n, consortium in enumerate(consortia):
        years = fund_years(consortium, as_of=timezone.localdate(), years=5)
        if not years:
            continue
        lines.append(Series(str(consortium), [(y.fiscal_year, y.balance) for y in years],
                            style="primary" if n == 0 else "target", dashed=n > 0))
        rows.extend([str(consortium), fiscal_year_label(y.fiscal_year), y.accruals, y.payments, y.forecast, y.balance]
                    for y in years)
        shortfall = first_shortfall(years)
        notes.append(_("%(consortium)s: the fund runs out in %(fy)s.") % {
            "consortium": consortium, "fy": fiscal_year_label(shortfall.fiscal_year)} if shortfall else
            _("%(consortium)s: no shortfall in the years shown.") % {"consortium": consortium})
    if not lines:
        return None
    return ChartCard(
        name="ip-fund-balance", title=_("IP fund balance by fiscal year"), kind="line",
        chart=line_chart(lines, formatter=yen_millions),
        columns=[_("Consortium"), _("Fiscal year"), _("Accruals"), _("Payments"), _("Forecast fees"), _("Balance")],
        rows=rows, unit=_("¥ million"), note=" ".join(notes),
    )


def fees_against_budget(user) -> ChartCard | None:
    """What the IP budget took in (accruals) and what fees it paid, by fiscal year, over every fund the
    user reads whole (the IP office and the auditor: all; a CPO: their consortia)."""
    if actor_of(user).role not in (Role.IP_OFFICE, Role.AUDITOR, Role.CPO):
        return None  # a member company reads only its own ledger rows: no total to set fees against
    booked: Counter = Counter()
    for year, kind, amount in (
        LedgerEntry.objects.for_user(user).order_by().values("fiscal_year", "kind").annotate(amount=Sum("amount"))
        .values_list("fiscal_year", "kind", "amount")
    ):
        booked[(year, kind)] += amount or 0
    if not booked:
        return None
    years = list(range(min(y for y, _k in booked), max(y for y, _k in booked) + 1))
    accruals = [(y, booked[(y, EntryKind.ACCRUAL)]) for y in years]
    payments = [(y, -booked[(y, EntryKind.PAYMENT)]) for y in years]  # payments are booked as negative amounts
    return ChartCard(
        name="fees-against-budget", title=_("Fees paid against the IP budget, by fiscal year"), kind="line",
        chart=line_chart([Series(_("IP budget taken in (accruals)"), accruals),
                          Series(_("Fees paid"), payments, style="target", dashed=True)], formatter=yen_millions),
        columns=[_("Fiscal year"), _("Accruals"), _("Payments"), _("Balance of the year")],
        rows=[[fiscal_year_label(y), a, p, a - p] for (y, a), (_y, p) in zip(accruals, payments, strict=True)],
        unit=_("¥ million"),
    )


def register() -> None:
    register_chart(Chart("fees-against-budget", fees_against_budget, order=75))
    register_chart(Chart("ip-fund-balance", fund_balance, order=80))
