"""The MEXT survey of a hand-built institution, figure by figure, against values worked by hand.

The institution "Survey Test University" (U) exists only in these tests, so the demo's records
never enter its figures. In FY2025 (2025-04-01 – 2026-03-31) it has:

joint research (indirect rate 0 %, so what a partner pays is its direct amount)
  A1  U + Large Co (large, JP)                 Large Co pays 9,999,999        → bracket 5m–10m
  A2  U + SME Co (SME, JP) + Foundation        SME Co pays 10,000,000 cash    → 10m+ (large case)
      (public-interest corporation)            and 2,000,000 in kind (not money received)
                                               Foundation pays 500,000        → under 1m
  A3  U + Foreign Co (large, US)               pays nothing in FY2025         → the 0-yen bracket
  A4  a draft with Large Co paying 5,000,000   not a contract yet             → not counted
  A5  ended 2025-03-31 (FY2024)                not in force in FY2025         → not counted
commissioned research
  C1  U + Miyagi-like prefecture (funder)      pays 3,000,000                 → bracket 3m–5m
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.consortia.models import Consortium
from kyoso.ip.models import Family, Filing, Invention, InventionOwner
from kyoso.licensing.models import Licence, LicensedAsset, StatementLine
from kyoso.licensing.models.distribution import DistributionRule, DistributionRun
from kyoso.parties.models import Organisation
from kyoso.survey.services import survey_report

pytestmark = pytest.mark.django_db

FY = 2025


def _org(name, kind, size="", country="JP", **extra):
    return Organisation.objects.create(name=name, kind=kind, size=size, country=country,
                                       is_domestic=country == "JP", **extra)


def _agreement(number, university, partners, *, start=date(2025, 4, 1), end=date(2026, 3, 31), status="active",
               research_type="joint"):
    agreement = Agreement.objects.create(number=number, title=number, start=start, end=end, status=status,
                                         research_type=research_type, indirect_rate=Decimal("0"))
    AgreementParty.objects.create(agreement=agreement, organisation=university, role="university")
    for partner, role in partners:
        AgreementParty.objects.create(agreement=agreement, organisation=partner, role=role)
    return agreement


def _pay(agreement, partner, amount, *, fiscal_year=FY, kind="cash", source="company"):
    Contribution.objects.create(agreement=agreement, contributor=partner, fiscal_year=fiscal_year, kind=kind,
                                source=source, direct_amount=amount, indirect_amount=0)


@pytest.fixture
def world():
    u = _org("Survey Test University", "university", name_ja="調査テスト大学")
    large = _org("Survey Large Co", "company", "large")
    sme = _org("Survey SME Co", "company", "sme")
    foundation = _org("Survey Foundation", "public_interest")
    foreign = _org("Survey Foreign Co", "company", "large", country="US")
    prefecture = _org("Survey Prefecture", "local_government")
    a1 = _agreement("SV-A1", u, [(large, "company")])
    _pay(a1, large, 9_999_999)
    a2 = _agreement("SV-A2", u, [(sme, "company"), (foundation, "other")])
    _pay(a2, sme, 10_000_000)
    _pay(a2, sme, 2_000_000, kind="in_kind")
    _pay(a2, foundation, 500_000, source="other")
    _agreement("SV-A3", u, [(foreign, "company")])
    a4 = _agreement("SV-A4", u, [(large, "company")], status="draft")
    _pay(a4, large, 5_000_000)
    a5 = _agreement("SV-A5", u, [(large, "company")], start=date(2024, 4, 1), end=date(2025, 3, 31), status="ended")
    _pay(a5, large, 7_000_000, fiscal_year=2024)
    c1 = _agreement("SV-C1", u, [(prefecture, "funder")], research_type="commissioned")
    _pay(c1, prefecture, 3_000_000, source="other")
    return {"u": u, "large": large, "sme": sme}


def _rows(rows, name):
    return {row[name]: (row["cases"], row["amount"]) for row in rows}


def test_joint_research_figures_by_hand(world, user):
    data = survey_report(world["u"], FY, user=user("ipoffice")).as_json()
    joint = data["joint_research"]
    assert (joint["cases"], joint["amount"]) == (4, 20_499_999)
    assert _rows(joint["by_partner"], "partner") == {
        "private_company": (2, 19_999_999), "foreign_company": (1, 0), "independent_agency": (0, 0),
        "public_interest": (1, 500_000), "local_government": (0, 0), "state": (0, 0), "other": (0, 0),
    }
    assert _rows(joint["by_size"], "size") == {
        "large": (2, 9_999_999), "sme": (1, 10_000_000), "not_company": (1, 500_000), "unknown": (0, 0),
    }
    assert _rows(joint["by_bracket"], "bracket") == {
        "zero": (1, 0), "under_1m": (1, 500_000), "1m_3m": (0, 0), "3m_5m": (0, 0),
        "5m_10m": (1, 9_999_999), "10m_plus": (1, 10_000_000),
    }
    assert joint["large"] == {"cases": 1, "amount": 10_000_000}


def test_commissioned_research_figures_by_hand(world, user):
    commissioned = survey_report(world["u"], FY, user=user("ipoffice")).as_json()["commissioned_research"]
    assert (commissioned["cases"], commissioned["amount"]) == (1, 3_000_000)
    assert _rows(commissioned["by_partner"], "partner")["local_government"] == (1, 3_000_000)
    assert _rows(commissioned["by_bracket"], "bracket")["3m_5m"] == (1, 3_000_000)
    assert commissioned["large"] == {"cases": 0, "amount": 0}


def test_each_total_is_the_sum_of_each_breakdown(world, user):
    data = survey_report(world["u"], FY, user=user("ipoffice")).as_json()
    for kind in ("joint_research", "commissioned_research"):
        for breakdown in ("by_partner", "by_size", "by_bracket"):
            rows = data[kind][breakdown]
            assert sum(row["cases"] for row in rows) == data[kind]["cases"], (kind, breakdown)
            assert sum(row["amount"] for row in rows) == data[kind]["amount"], (kind, breakdown)


def test_the_next_fiscal_year_has_none_of_these_cases(world, user):
    data = survey_report(world["u"], 2026, user=user("ipoffice")).as_json()
    assert data["joint_research"]["cases"] == 0
    assert data["commissioned_research"]["cases"] == 0


def test_patents_licences_and_spin_offs_by_hand(world, user):
    u = world["u"]
    invention = Invention.objects.create(reference="SV-INV-1", title="Survey invention", disclosed_on=date(2019, 1, 1))
    InventionOwner.objects.create(invention=invention, organisation=u)
    family = Family.objects.create(invention=invention, reference="SV-FAM-1")

    def filing(office, filing_date, status="filed", registered_on=None, kind="national"):
        return Filing.objects.create(family=family, office=office, kind=kind, filing_date=filing_date, status=status,
                                     registered_on=registered_on)

    filing("JP", date(2025, 6, 1))                                     # applied, domestic
    filing("PCT", date(2026, 3, 31), kind="pct")                      # applied on the year's last day, foreign
    filing("US", date(2026, 4, 1))                                    # FY2026: not counted
    filing("JP", date(2025, 7, 1), status="draft")                    # a draft is not an application
    filing("JP", date(2020, 5, 1), "registered", date(2024, 5, 1))    # held, domestic
    filing("US", date(2021, 5, 1), "registered", date(2026, 4, 2))    # registered after the year: not held
    filing("EP", date(2019, 5, 1), "lapsed", date(2023, 1, 1))        # lapsed: not held
    other_owner = Invention.objects.create(reference="SV-INV-2", title="Someone else's", disclosed_on=date(2019, 1, 1))
    InventionOwner.objects.create(invention=other_owner, organisation=world["large"])
    Filing.objects.create(family=Family.objects.create(invention=other_owner, reference="SV-FAM-2"), office="JP",
                          filing_date=date(2025, 6, 1))               # not U's: not counted

    consortium = Consortium.objects.get(slug="opera-demo")
    in_force = Licence.objects.create(number="SV-L1", consortium=consortium, licensee=world["sme"], start=date(2025, 1, 1))
    LicensedAsset.objects.create(licence=in_force, invention=invention)
    ended = Licence.objects.create(number="SV-L2", consortium=consortium, licensee=world["sme"], start=date(2023, 1, 1),
                                   end=date(2025, 3, 31), status="ended")
    LicensedAsset.objects.create(licence=ended, invention=invention)
    rule = DistributionRule.objects.create(consortium=consortium, name="survey test rule", administrator=u,
                                           admin_fee_percent=Decimal("0"))
    run = DistributionRun.objects.create(rule=rule, fiscal_year=FY)
    StatementLine.objects.create(run=run, licence=in_force, invention=invention, step="share", organisation=u,
                                 amount=123_456, working="1/1 of 123,456")
    StatementLine.objects.create(run=run, licence=in_force, invention=invention, step="admin_fee", organisation=u,
                                 amount=1_000, working="not the institution's licence income")
    _org("Survey Spin-off A", "company", "small", spin_off_of=u, founded_on=date(2025, 4, 1))
    _org("Survey Spin-off B", "company", "small", spin_off_of=u, founded_on=date(2026, 4, 1))

    data = survey_report(u, FY, user=user("ipoffice")).as_json()
    assert data["patents"] == {"applications_domestic": 1, "applications_foreign": 1, "held_domestic": 1, "held_foreign": 0}
    assert data["licensing"] == {"cases": 1, "income": 123_456, "income_by_kind": {
        "patents": 123_456, "materials": None, "copyright": None, "know_how": None}}
    assert data["spin_offs"] == 1


def test_what_kyoso_does_not_know_is_listed_not_guessed(world, user):
    unsized = Organisation.objects.create(name="Survey Unsized Co", kind="company", size="")
    agreement = _agreement("SV-A6", world["u"], [(unsized, "company")])
    _pay(agreement, unsized, 1_000_000)
    report = survey_report(world["u"], FY, user=user("ipoffice"))
    assert _rows(report.as_json()["joint_research"]["by_size"], "size")["unknown"] == (1, 1_000_000)
    texts = " ".join(missing.text for missing in report.missing)
    assert "Survey Unsized Co is a company whose size" in texts
    assert "No organisation is recorded as a spin-off of this institution" in texts
    assert "materials, copyright and know-how" in texts


@pytest.mark.parametrize("persona", ["cpo", "company-a", "researcher"])
def test_only_the_ip_office_and_the_auditor_prepare_the_survey(world, login, persona):
    assert login(persona).get(f"/survey/?institution={world['u'].pk}&fiscal_year={FY}").status_code == 403
    assert login(persona).get(f"/survey/records/?institution={world['u'].pk}&fiscal_year={FY}&figure=joint_research.total").status_code == 403


@pytest.mark.parametrize("persona", ["ipoffice", "auditor"])
def test_the_page_shows_each_figure_with_a_link_to_its_records(world, login, persona):
    response = login(persona).get(f"/survey/?institution={world['u'].pk}&fiscal_year={FY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "¥20,499,999" in html
    assert "figure=joint_research.by_bracket.zero" in html
    records = login(persona).get(f"/survey/records/?institution={world['u'].pk}&fiscal_year={FY}"
                                 "&figure=joint_research.by_bracket.10m_plus").content.decode()
    assert "SV-A2" in records and "Survey SME Co" in records and "¥10,000,000" in records
    assert "SV-A1" not in records and "SV-A4" not in records


def test_the_page_in_japanese_uses_the_survey_categories(world, login):
    web = login("ipoffice")
    web.post("/language/", {"language": "ja", "next": "/survey/"})
    html = web.get(f"/survey/?institution={world['u'].pk}&fiscal_year={FY}").content.decode()
    for term in ("民間企業", "公益法人等", "大企業", "中小企業", "0円", "1000万円以上（大型）", "共同研究", "受託研究"):
        assert term in html, term


def test_unknown_figures_institutions_and_years_are_404(world, login):
    web = login("ipoffice")
    assert web.get(f"/survey/records/?institution={world['u'].pk}&fiscal_year={FY}&figure=joint_research.by_colour.red").status_code == 404
    assert web.get(f"/survey/?institution={world['large'].pk}&fiscal_year={FY}").status_code == 404
    assert web.get(f"/survey/?institution={world['u'].pk}&fiscal_year=1999").status_code == 404
    assert web.get(f"/survey/?institution={world['u'].pk}&fiscal_year=abc").status_code == 404


def test_xlsx_reopens_with_the_survey_sheets_and_japanese_headers(world, login):
    response = login("ipoffice").get(f"/survey/?institution={world['u'].pk}&fiscal_year={FY}&export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["共同研究", "受託研究", "知的財産", "不足情報"]
    joint = book["共同研究"]
    assert [cell.value for cell in joint[2]] == ["区分", "内訳", "件数", "受入額（円）"]
    assert [cell.value for cell in joint[3]] == ["合計", None, 4, 20_499_999]
    rows = {(row[0], row[1]): (row[2], row[3]) for row in joint.iter_rows(min_row=4, values_only=True)}
    assert rows[("規模別内訳", "0円")] == (1, 0)
    assert rows[("相手先別", "民間企業")] == (2, 19_999_999)
    assert book["受託研究"]["C3"].value == 1


def test_csv_has_one_line_per_figure(world, login):
    response = login("ipoffice").get(f"/survey/?institution={world['u'].pk}&fiscal_year={FY}&export=csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "section,dimension,category,category_ja,cases,amount"
    assert "joint_research,by_bracket,10m_plus,1000万円以上（大型）,1,10000000" in lines
    assert "commissioned_research,total,total,合計,1,3000000" in lines


def test_command_json_by_name_and_by_id(world, tmp_path):
    out = io.StringIO()
    call_command("survey", "--institution", "調査テスト大学", "--fiscal-year", str(FY), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["joint_research"]["cases"] == 4
    assert data["commissioned_research"]["amount"] == 3_000_000
    target = tmp_path / "survey.xlsx"
    call_command("survey", "--institution", str(world["u"].pk), "--fiscal-year", str(FY), "--xlsx", str(target),
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert load_workbook(target).sheetnames[0] == "共同研究"


def test_command_refuses_what_is_not_an_institution(world):
    with pytest.raises(CommandError, match="no university or public research institute is called 'Survey Large Co'"):
        call_command("survey", "--institution", "Survey Large Co", "--fiscal-year", str(FY), "--json", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a fiscal year the survey covers"):
        call_command("survey", "--institution", str(world["u"].pk), "--fiscal-year", "1990", stdout=io.StringIO())
