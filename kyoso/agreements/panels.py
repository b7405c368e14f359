"""What agreements add to other apps' pages: a consortium's funding by fiscal year (with the
matching ratio), the dashboard's agreement count and money by fiscal year, and the consortium's
agreement count. Registered from :class:`kyoso.agreements.apps.AgreementsConfig`."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from kyoso.core.figures import Count, Section, register_count, register_figure, register_section
from kyoso.core.panels import Panel, register_panel
from kyoso.core.roles import Role, actor_of
from kyoso.rules.fiscal import matching_ratio

__all__ = ["funding_by_year", "money_by_year", "register"]


def funding_by_year(consortium, user) -> list[dict]:
    """Per fiscal year: totals by funding source and the matching ratio (private ÷ JST).

    Summed over the contribution totals ``user`` may see (:mod:`kyoso.agreements.totals`, scoped
    like the contributions), so a company sees only its own money and the page reads a few rows
    per member and year however many contributions there are.
    """
    from .choices import FundingSource
    from .models import ContributionTotal

    # The totals are scoped as the contributions they sum: a company's are its own money only.
    rows = (
        ContributionTotal.objects.for_user(user).filter(consortium=consortium)
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


def money_by_year(user) -> list[dict]:
    """The money ``user`` may see, by fiscal year (the latest six): direct, indirect and for IP.

    Summed over the contribution totals (a few rows per contributor and year), not the contributions.
    """
    from .models import ContributionTotal

    return list(
        ContributionTotal.objects.for_user(user).values("fiscal_year")
        .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"), ip=Sum("ip_amount"))
        .order_by("-fiscal_year")[:6]
    )


def _consortium_funding(consortium, request):
    user = request.user
    return {
        "funding": funding_by_year(consortium, user),
        # Only those who see every member's money see the consortium-wide ratio.
        "show_matching": actor_of(user).role != Role.COMPANY,
    }


def _dashboard_funding(request, figures):
    return {"money_by_year": figures.get("money_by_year", [])}


def register() -> None:
    register_panel("consortia.consortium", Panel("agreements/panels/consortium_funding.html", _consortium_funding, order=10))
    register_count("dashboard", Count("agreements.agreement", "agreements:agreement_list", order=20))
    register_count("consortia.consortium", Count("agreements.agreement", "agreements:agreement_list", order=20, within="consortium"))
    register_figure("money_by_year", money_by_year)
    register_section(Section("agreements/dashboard/funding.html", _dashboard_funding, order=20, column="main"))
