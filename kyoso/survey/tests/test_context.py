"""The survey in context: an institution's series by hand, the three-fold target's path, the charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.core.charts import Series, line_chart
from kyoso.parties.models import Organisation
from kyoso.rules.survey import national_series, target, target_path
from kyoso.survey.context import institution_series, target_standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution():
    """FY2014–FY2016: a domestic company pays 10,000,000 in FY2014 and 20,000,000 in FY2016 (joint
    research); a foreign company 5,000,000 in FY2016 (joint); a commissioned contract with a domestic
    company 1,000,000 in FY2016; a public-interest foundation 7,000,000 in FY2016 (not a company)."""
    u = Organisation.objects.create(name="Context University", kind="university")
    domestic = Organisation.objects.create(name="Context Co", kind="company", size="large")
    foreign = Organisation.objects.create(name="Context Foreign", kind="company", size="sme", is_domestic=False,
                                          country="DE")
    foundation = Organisation.objects.create(name="Context Foundation", kind="public_interest")

    def agreement(number, start, end, partners, research_type="joint"):
        a = Agreement.objects.create(number=number, title=number, start=start, end=end, research_type=research_type,
                                     indirect_rate=Decimal("0"), status="ended")
        AgreementParty.objects.create(agreement=a, organisation=u, role="university")
        for partner in partners:
            AgreementParty.objects.create(agreement=a, organisation=partner, role="company")
        return a

    def pay(a, partner, fy, amount):
        Contribution.objects.create(agreement=a, contributor=partner, fiscal_year=fy, source="company",
                                    direct_amount=amount, indirect_amount=0)

    long = agreement("CX-1", date(2014, 4, 1), date(2017, 3, 31), [domestic, foundation])
    pay(long, domestic, 2014, 10_000_000)
    pay(long, domestic, 2016, 20_000_000)
    pay(long, foundation, 2016, 7_000_000)
    abroad = agreement("CX-2", date(2016, 4, 1), date(2017, 3, 31), [foreign])
    pay(abroad, foreign, 2016, 5_000_000)
    commissioned = agreement("CX-3", date(2016, 4, 1), date(2017, 3, 31), [domestic], research_type="commissioned")
    pay(commissioned, domestic, 2016, 1_000_000)
    return u


def test_institution_series_by_hand(institution):
    rows = [(y.fiscal_year, y.joint_private_cases, y.joint_private_amount, y.company_investment)
            for y in institution_series(institution)]
    # Cases: CX-1's domestic company in each of its three years; CX-2 is foreign, CX-3 commissioned.
    # Investment: every company's cash, joint or commissioned, domestic or foreign; the foundation is no company.
    assert rows == [
        (2014, 1, 10_000_000, 10_000_000),
        (2015, 1, 0, 0),
        (2016, 1, 20_000_000, 26_000_000),
    ]


def test_target_path_from_the_records_baseline(institution):
    standing = target_standing(institution, institution_series(institution), today=date(2017, 5, 1))
    assert standing.baseline_from == "records"
    assert standing.baseline == 10_000_000
    # 10,000,000 rising by 20,000,000 over eleven years: FY2016 is 2/11 of the way = 13,636,363.6…
    assert standing.path[0] == (2014, 10_000_000)
    assert standing.path[2] == (2016, 13_636_364)
    assert standing.path[-1] == (2025, 30_000_000)
    assert (standing.fiscal_year, standing.actual, standing.expected) == (2016, 26_000_000, 13_636_364)
    assert standing.percent_of_path == 191  # 26,000,000 / 13,636,364 = 190.7 %


def test_an_entered_baseline_wins_and_none_means_no_path(institution):
    institution.survey_baseline = 50_000_000
    standing = target_standing(institution, institution_series(institution), today=date(2026, 11, 29))
    assert (standing.baseline_from, standing.baseline, standing.path[-1]) == ("entered", 50_000_000, (2025, 150_000_000))
    # FY2025 is the last completed year; past the target year the target itself is what is asked.
    assert (standing.fiscal_year, standing.actual, standing.expected) == (2025, 0, 150_000_000)
    nobody = Organisation.objects.create(name="Context Empty University", kind="university")
    empty = target_standing(nobody, institution_series(nobody), today=date(2026, 11, 29))
    assert (empty.baseline, empty.path, empty.percent_of_path) == (None, [], None)


def test_target_path_rounds_half_up():
    goal = target()
    assert (goal.base_year, goal.target_year, goal.multiple) == (2014, 2025, 3)
    assert target_path(11, goal) == [(2014 + i, 11 + 2 * i) for i in range(12)]


def test_national_series_as_published():
    years = {y.fiscal_year: y for y in national_series()}
    assert (years[2015].joint_private_cases, years[2015].joint_private_amount) == (20_821, 46_719_000_000)
    assert years[2015].joint_private_average == 2_243_840  # 46,719,000,000 / 20,821 = 2,243,840.3
    assert years[2016].licence_income == 2_576_000_000
    assert years[2023].unconfirmed == ("joint_private_cases", "joint_private_amount")
    assert years[2022].joint_private_cases is None


def test_line_chart_geometry():
    chart = line_chart([Series("a", [(2014, 0), (2015, None), (2016, 100)])])
    # 640 wide, 90 left and 20 right margins: 2014 at 90, 2016 at 620, 2015 halfway.
    assert chart["x_ticks"] == [{"x": 90.0, "label": 2014}, {"x": 355.0, "label": 2015}, {"x": 620.0, "label": 2016}]
    line = chart["series"][0]
    assert len(line["segments"]) == 2  # the missing year breaks the line
    assert line["dots"][0]["y"] == 220.0 and line["dots"][1]["y"] == 16.0  # 0 at the bottom, 100 at the top


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_context_page_draws_both_charts(institution, login, language):
    web = login("ipoffice")
    web.post("/language/", {"language": language, "next": "/"})
    html = web.get(f"/survey/context/?institution={institution.pk}").content.decode()
    assert html.count("<svg") == 2
    assert html.count("<polyline") >= 3  # the institution's line, the path, the national line
    assert ("3倍目標への道筋" if language == "ja" else "Path to the three-fold target") in html
    assert "26,000,000" in html


@pytest.mark.parametrize("persona", ["cpo", "company-a", "researcher"])
def test_the_context_page_is_for_the_ip_office_and_the_auditor(institution, login, persona):
    assert login(persona).get(f"/survey/context/?institution={institution.pk}").status_code == 403
