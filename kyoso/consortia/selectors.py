"""Read-side figures of a consortium: funding by fiscal year and source, and the matching ratio."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from kyoso.rules.fiscal import matching_ratio

__all__ = ["funding_by_year"]


def funding_by_year(consortium, user) -> list[dict]:
    """Per fiscal year: totals by funding source and the matching ratio (private ÷ JST).

    Summed over the contributions ``user`` may see, so a company sees only its own money.
    """
    from kyoso.agreements.choices import FundingSource
    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.core.roles import Role, actor_of

    contributions = Contribution.objects.for_user(user)
    if actor_of(user).role == Role.COMPANY:
        # A company's contributions are scoped by contributor; starting from them and joining the
        # agreement read all of its contributions (over a second at national scale). The
        # consortium's agreements as a list to start from instead.
        contributions = contributions.filter(agreement_id__in=Agreement.objects.filter(consortium=consortium).values("pk"))
    else:
        contributions = contributions.filter(agreement__consortium=consortium)
    rows = (
        contributions
        .values("fiscal_year", "source")
        .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"), ip=Sum("ip_amount"))
        .order_by("fiscal_year")
    )
    years: dict[int, dict] = defaultdict(lambda: {"by_source": {}, "direct": 0, "indirect": 0, "ip": 0})
    for row in rows:
        year = years[row["fiscal_year"]]
        year["by_source"][row["source"]] = row["direct"] + row["indirect"]
        year["direct"] += row["direct"]
        year["indirect"] += row["indirect"]
        year["ip"] += row["ip"]
    result = []
    for fiscal_year, year in sorted(years.items()):
        public = year["by_source"].get(FundingSource.JST, 0)
        private = sum(v for k, v in year["by_source"].items() if k != FundingSource.JST)
        result.append({
            "fiscal_year": fiscal_year,
            "jst": public,
            "company": year["by_source"].get(FundingSource.COMPANY, 0),
            "other": private - year["by_source"].get(FundingSource.COMPANY, 0),
            "direct": year["direct"],
            "indirect": year["indirect"],
            "ip": year["ip"],
            "total": year["direct"] + year["indirect"],
            "matching_ratio": matching_ratio(private, public),
        })
    return result
