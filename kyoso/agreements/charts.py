"""The funding chart: money by fiscal year and source, with the matching ratio for those who see all of it."""

from __future__ import annotations

from collections import Counter

from django.db.models import Sum
from django.utils.translation import gettext as _

from kyoso.core.charts import ChartCard, bar_chart, yen_millions
from kyoso.core.figures import Chart, register_chart
from kyoso.core.formatting import fiscal_year_label
from kyoso.core.roles import Role, actor_of
from kyoso.rules.fiscal import matching_ratio

from .choices import FundingSource
from .models import ContributionTotal


def funding_by_year(user) -> ChartCard | None:
    """Contributions (direct plus indirect) by fiscal year, one segment per funding source."""
    money: Counter = Counter()
    for year, source, direct, indirect in (
        ContributionTotal.objects.for_user(user).order_by().values("fiscal_year", "source")
        .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"))
        .values_list("fiscal_year", "source", "direct", "indirect")
    ):
        money[(year, source)] += (direct or 0) + (indirect or 0)
    if not money:
        return None
    years = sorted({year for year, _source in money})
    sources = [s for s in FundingSource.values if any(money[(y, s)] for y in years)]
    labels = dict(FundingSource.choices)
    is_company = actor_of(user).role == Role.COMPANY
    ratios = {}
    if not is_company:  # a company sees its own money only: a ratio would be of nothing meaningful
        for y in years:
            public = money[(y, FundingSource.JST)]
            ratio = matching_ratio(money[(y, FundingSource.COMPANY)], public) if public else None
            ratios[y] = f"{ratio:.2f}" if ratio is not None else None
    columns = [_("Fiscal year"), *[str(labels[s]) for s in sources], _("Total")]
    if not is_company:
        columns.append(_("Matching ratio (companies ÷ JST)"))
    rows = []
    for y in years:
        row = [fiscal_year_label(y), *[money[(y, s)] for s in sources], sum(money[(y, s)] for s in sources)]
        if not is_company:
            row.append(ratios[y])
        rows.append(row)
    return ChartCard(
        name="funding-by-year",
        title=_("Your contributions by fiscal year") if is_company else _("Funding by fiscal year and source"),
        kind="bar",
        chart=bar_chart([fiscal_year_label(y) for y in years], [(str(labels[s]), [money[(y, s)] for y in years])
                                                                for s in sources], formatter=yen_millions),
        columns=columns, rows=rows, unit=_("¥ million"),
    )


def register() -> None:
    register_chart(Chart("funding-by-year", funding_by_year, order=50))
