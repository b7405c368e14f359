"""The charts page: what each role is shown, the figures behind a chart, the downloads, the geometry."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache

from kyoso.core.charts import bar_chart, heat_map

pytestmark = pytest.mark.django_db


def _cards(web) -> list[str]:
    return re.findall(r'id="chart-([a-z-]+)"', web.get("/charts/").content.decode())


# Written from the roles (README "Who sees what"), not from the chart code: the IP map and the
# fund's balance are the CPO's (a member company sees its fund's totals too); funding is for those
# who see money; everyone who sees filings sees the portfolio charts.
EXPECTED = {
    "ipoffice": {"portfolio-by-status", "filings-by-year", "funding-by-year", "licence-income-by-year",
                 "fees-against-budget"},
    "cpo": {"portfolio-by-status", "funding-by-year", "ip-fund-balance", "ip-map", "share-classes", "fees-against-budget"},
    "company-a": {"funding-by-year", "ip-fund-balance", "share-classes"},
    "auditor": {"portfolio-by-status", "funding-by-year"},
}
NOT_SHOWN = {
    "ipoffice": {"ip-fund-balance", "ip-map"},
    "company-a": {"ip-map", "fees-against-budget"},
    "researcher": {"funding-by-year", "share-classes", "ip-fund-balance", "ip-map"},
    "auditor": {"ip-fund-balance", "ip-map"},
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_gets_its_charts(login, persona):
    assert EXPECTED[persona] <= set(_cards(login(persona)))


@pytest.mark.parametrize("persona", sorted(NOT_SHOWN))
def test_no_role_gets_a_chart_that_is_not_its_own(login, persona):
    assert not NOT_SHOWN[persona] & set(_cards(login(persona)))


def test_a_company_sees_only_its_own_share_and_no_matching_ratio(login, user):
    web = login("company-a")
    own = str(user("company-a").profile.organisation)
    rows = web.get("/charts/?chart=share-classes&export=csv").getvalue().decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Consortium,Company,")
    assert len(rows) == 2 and f",{own}," in rows[1]
    funding = web.get("/charts/?chart=funding-by-year&export=csv").getvalue().decode("utf-8-sig")
    assert "Matching ratio" not in funding
    assert "Matching ratio" in login("cpo").get("/charts/?chart=funding-by-year&export=csv").getvalue().decode("utf-8-sig")


def test_a_chart_that_is_not_yours_cannot_be_downloaded(login):
    assert login("company-a").get("/charts/?chart=ip-map&export=csv").status_code == 404
    assert login("cpo").get("/charts/?chart=no-such-chart&export=csv").status_code == 404
    assert login("cpo").get("/charts/?chart=ip-map&export=pdf").status_code == 400


def test_a_new_filing_appears_in_its_fiscal_year_and_office(login):
    from kyoso.ip.models import Family, Filing, Invention

    def jp_in_fy2025(web):
        rows = web.get("/charts/?chart=filings-by-year&export=csv").getvalue().decode("utf-8-sig").splitlines()
        header = rows[0].split(",")
        line = next(r.split(",") for r in rows if r.startswith("FY2025"))
        return int(line[header.index("Japan (JPO)")]) if "Japan (JPO)" in header else 0

    web = login("ipoffice")
    before = jp_in_fy2025(web)
    invention = Invention.objects.create(reference="CH-1", title="Chart test", disclosed_on=date(2025, 5, 1))
    family = Family.objects.create(invention=invention, reference="CH-F1")
    Filing.objects.create(family=family, office="JP", filing_date=date(2026, 3, 31))  # the last day of FY2025
    Filing.objects.create(family=family, office="JP", filing_date=date(2026, 4, 1), kind="divisional")  # FY2026
    assert jp_in_fy2025(web) == before  # the charts are drawn at most every five minutes, as the page says
    cache.clear()  # five minutes later
    assert jp_in_fy2025(web) == before + 1


def test_charts_drawn_for_one_company_are_never_shown_to_another(login):
    """The charts are cached per scope: Boso (both consortia) and Asahi (one) each get their own."""
    asahi = login("company-a").get("/charts/?chart=funding-by-year&export=csv").getvalue()
    boso = login("company-b").get("/charts/?chart=funding-by-year&export=csv").getvalue()
    assert asahi != boso
    assert login("company-a").get("/charts/?chart=funding-by-year&export=csv").getvalue() == asahi


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_charts_page_draws_every_chart_in_both_languages(login, language):
    web = login("cpo")
    web.post("/language/", {"language": language, "next": "/"})
    html = web.get("/charts/").content.decode()
    cards = html.count('class="card chart-card"')
    assert cards >= 5 and html.count("<svg") == cards
    assert ("資金" if language == "ja" else "Funding by fiscal year and source") in html


def test_bar_chart_geometry_by_hand():
    chart = bar_chart(["FY2024", "FY2025"], [("JP", [3, 1]), ("US", [1, 0])])
    # The tallest bar (4) rounds up to an axis of 5 over 204 pixels: 3 → 122.4 px, 1 → 40.8 px.
    first = chart["bars"][0]["segments"]
    assert [(s["label"], s["h"]) for s in first] == [("JP", 122.4), ("US", 40.8)]
    assert first[0]["y"] + first[0]["h"] == chart["bottom"]
    assert chart["y_ticks"][-1]["label"] == "5"
    assert [item["label"] for item in chart["legend"]] == ["JP", "US"]
    assert chart["bars"][1]["segments"][0]["h"] == 40.8 and len(chart["bars"][1]["segments"]) == 1


def test_heat_map_shades_by_value():
    chart = heat_map(["H01L", "G06N"], ["JP", "US"], {("H01L", "JP"): 10, ("G06N", "US"): 5})
    fills = {(c["row"], c["column"]): c["fill"] for c in chart["cells"]}
    assert fills[("H01L", "JP")] == "hsl(210, 60%, 35%)"  # the peak: darkest
    assert fills[("G06N", "US")] == "hsl(210, 60%, 66%)"  # half the peak: 96 − 30.5 → 66 (rounded)
    assert fills[("H01L", "US")] == "hsl(210, 60%, 96%)"  # nothing


def test_fees_against_the_budget_by_hand(login):
    from kyoso.budget.models import LedgerEntry
    from kyoso.consortia.models import Consortium

    consortium = Consortium.objects.get(slug="opera-demo")
    for kind, amount in (("accrual", 1_000_000), ("accrual", 250_000), ("payment", -400_000)):
        LedgerEntry.objects.create(consortium=consortium, fiscal_year=2031, booked_on=date(2031, 5, 1), kind=kind,
                                   source="ip_earmark", amount=amount)
    rows = login("ipoffice").get("/charts/?chart=fees-against-budget&export=csv").getvalue().decode("utf-8-sig")
    assert "FY2031,1250000,400000,850000" in rows.splitlines()  # in 1,250,000; out 400,000; 850,000 left
    assert "FY2031" not in login("cpo-2").get("/charts/?chart=fees-against-budget&export=csv").getvalue().decode("utf-8-sig")
