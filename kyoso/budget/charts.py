"""The IP fund's chart: the balance by fiscal year of each consortium a CPO runs (or a member funds),
with the first shortfall named."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.consortia.models import Consortium
from kyoso.core.charts import ChartCard, Series, line_chart
from kyoso.core.figures import Chart, register_chart
from kyoso.core.formatting import fiscal_year_label
from kyoso.core.roles import Role, actor_of

from .services.summary import first_shortfall, fund_years, may_see_fund

#: Consortia charted at most (a CPO runs one or two; the budget page has every one).
CONSORTIA = 3


def _yen(value: int) -> str:
    return f"{value / 1_000_000:,.0f}"


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
        chart=line_chart(lines, formatter=_yen),
        columns=[_("Consortium"), _("Fiscal year"), _("Accruals"), _("Payments"), _("Forecast fees"), _("Balance")],
        rows=rows, unit=_("¥ million"), note=" ".join(notes),
    )


def register() -> None:
    register_chart(Chart("ip-fund-balance", fund_balance, order=80))
