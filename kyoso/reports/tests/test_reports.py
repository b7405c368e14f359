"""The printable reports: the PDFs download, the figures in them, and who may print which.

The figures are read from a hand-built world that exists only in these tests, so the demo's
records never enter them. In FY2025 (2025-04-01 – 2026-03-31):

consortium RT (lead: Report Test University), agreement RT-1
  X (large company)  pays 6,000,000 direct + 1,800,000 indirect (company)   → 7,800,000
  Y (company)        pays 2,000,000 direct +   600,000 indirect (company)   → 2,600,000
  JST                pays 4,000,000 direct + 1,200,000 indirect (jst)       → 5,200,000
  X in FY2024        pays 9,999,999 (company)                               → not in FY2025's report
  companies 10,400,000 ÷ JST 5,200,000 = matching ratio 2.00; FY2025 total 15,600,000
consortium RT2 (another CPO's), agreement RT2-1
  X                  pays 1,000,000 (company) in FY2025
licences in RT: X's RT-L1 invoiced 500,000, paid 300,000; Y's RT-L2 invoiced 700,000, paid 700,000

X's statement as the IP office prints it: contributions 7,800,000 + 9,999,999 + 1,000,000 = 18,799,999;
as RT's CPO prints it: 7,800,000 + 9,999,999 = 17,799,999 (RT2 is not theirs); Y's licence never.
"""

from __future__ import annotations

import re
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.consortia.models import Consortium, Membership
from kyoso.core import pdf
from kyoso.core.roles import Actor, Role
from kyoso.licensing.models import Invoice, Licence
from kyoso.parties.models import Organisation
from kyoso.reports.services import company_statement, consortium_report, may_print_statement
from kyoso.survey.tests.test_survey import world  # noqa: F401 — the survey's hand-built institution

pytestmark = pytest.mark.django_db

FY = 2025


def pages(content: bytes) -> int:
    """How many pages a PDF has: ``/Type /Page`` objects, inside its compressed object streams too."""
    chunks = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", chunk)) for chunk in chunks)


def assert_pdf(response, language):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'-{language}.pdf"')
    assert response.content.startswith(b"%PDF")
    assert pages(response.content) >= 1


def _org(name, kind="company", size="large"):
    return Organisation.objects.create(name=name, kind=kind, size=size if kind == "company" else "", country="JP",
                                       is_domestic=True)


def _consortium(slug, lead):
    return Consortium.objects.create(slug=slug, name=f"Report test {slug}", lead_institution=lead,
                                     first_fiscal_year=2023, last_fiscal_year=2027)


def _agreement(number, consortium, university, partners):
    agreement = Agreement.objects.create(number=number, title=number, consortium=consortium, start=date(2023, 4, 1),
                                         end=date(2028, 3, 31), status="active", indirect_rate=Decimal("0"))
    AgreementParty.objects.create(agreement=agreement, organisation=university, role="university")
    for partner in partners:
        AgreementParty.objects.create(agreement=agreement, organisation=partner, role="company")
    return agreement


def _pay(agreement, who, direct, indirect=0, *, source="company", fiscal_year=FY):
    Contribution.objects.create(agreement=agreement, contributor=who, fiscal_year=fiscal_year, kind="cash",
                                source=source, direct_amount=direct, indirect_amount=indirect)


def _licence(number, consortium, licensee, invoiced, paid):
    licence = Licence.objects.create(number=number, consortium=consortium, licensee=licensee, start=date(2025, 6, 1))
    Invoice.objects.create(licence=licence, number=f"{number}-INV", issued_on=date(2025, 9, 1), amount=invoiced,
                           received_on=date(2025, 10, 1), received_amount=paid)
    return licence


@pytest.fixture
def rt():
    university = _org("Report Test University", kind="university")
    x, y = _org("Report X Co"), _org("Report Y Co", size="sme")
    jst = _org("Report JST", kind="funding_agency")
    rt, rt2 = _consortium("report-rt", university), _consortium("report-rt2", university)
    for consortium, members in ((rt, (x, y)), (rt2, (x,))):
        for member in members:
            Membership.objects.create(consortium=consortium, organisation=member, role="company", joined=date(2023, 4, 1))
    agreement = _agreement("RT-1", rt, university, [x, y])
    _pay(agreement, x, 6_000_000, 1_800_000)
    _pay(agreement, y, 2_000_000, 600_000)
    _pay(agreement, jst, 4_000_000, 1_200_000, source="jst")
    _pay(agreement, x, 9_999_999, fiscal_year=2024)
    _pay(_agreement("RT2-1", rt2, university, [x]), x, 1_000_000)
    _licence("RT-L1", rt, x, 500_000, 300_000)
    _licence("RT-L2", rt, y, 700_000, 700_000)
    return {"rt": rt, "rt2": rt2, "x": x, "y": y,
            "cpo": Actor(user_id=None, role=Role.CPO, consortium_ids=frozenset({rt.pk})),
            "ipoffice": Actor(user_id=None, role=Role.IP_OFFICE)}


# -- the figures ------------------------------------------------------------------------------------


def test_consortium_report_funding_by_source_and_matching_ratio(rt):
    funding = consortium_report(rt["rt"], FY, user=rt["cpo"])["funding"]
    rows = {str(row["source"]): (row["direct"], row["indirect"], row["total"]) for row in funding["rows"]}
    assert rows["Company"] == (8_000_000, 2_400_000, 10_400_000)
    assert rows["JST"] == (4_000_000, 1_200_000, 5_200_000)
    assert funding["total"] == 15_600_000
    assert funding["ratio"] == Decimal("2.00")


def test_consortium_report_html_names_the_figures_in_both_languages(rt):
    for language, heading in (("en", "Annual IP report"), ("ja", "年次知財報告書")):
        with translation.override(language):
            html = pdf.render_print_html("print/consortium_report.html",
                                         consortium_report(rt["rt"], FY, user=rt["cpo"]), request=None)
        assert heading in html
        assert "¥10,400,000" in html and "¥15,600,000" in html and "2.00" in html
        assert "9,999,999" not in html  # FY2024's money is not FY2025's
        assert '"IPAexGothic", "IPAGothic", "Noto Sans CJK JP", sans-serif' in html  # Japanese glyphs where installed


def test_statement_shows_only_the_companys_own_money_as_the_printer_may_see_it(rt):
    by_ipoffice = company_statement(rt["x"], user=rt["ipoffice"])
    assert by_ipoffice["contributions_total"] == 18_799_999
    assert [(row["fiscal_year"], row["total"]) for row in by_ipoffice["contributions"]] == [
        (2024, 9_999_999), (2025, 7_800_000), (2025, 1_000_000)]
    assert [row["licence"].number for row in by_ipoffice["licences"]] == ["RT-L1"]  # never Y's RT-L2
    assert (by_ipoffice["licences"][0]["invoiced"], by_ipoffice["licences_paid"]) == (500_000, 300_000)
    by_cpo = company_statement(rt["x"], user=rt["cpo"])  # RT's CPO: RT2's money is not theirs to print
    assert by_cpo["contributions_total"] == 17_799_999


def test_statement_html_has_no_other_companys_figures(rt):
    with translation.override("en"):
        html = pdf.render_print_html("print/company_statement.html", company_statement(rt["x"], user=rt["ipoffice"]),
                                     request=None)
    assert "¥18,799,999" in html and "RT-L1" in html
    assert "RT-L2" not in html and "2,600,000" not in html and "700,000" not in html


def test_who_may_print_a_statement(rt):
    assert may_print_statement(rt["x"], rt["cpo"])
    assert may_print_statement(rt["x"], Actor(user_id=None, role=Role.COMPANY, organisation_id=rt["x"].pk))
    assert not may_print_statement(rt["x"], Actor(user_id=None, role=Role.COMPANY, organisation_id=rt["y"].pk))
    assert not may_print_statement(rt["x"], Actor(user_id=None, role=Role.CPO, consortium_ids=frozenset({-1})))
    assert not may_print_statement(rt["rt"].lead_institution, rt["ipoffice"])  # a university has no statement


def test_survey_html_has_the_joint_research_figures(world, user):  # noqa: F811
    from kyoso.survey.files import report_context
    from kyoso.survey.services import survey_report

    for language, words in (("en", "4 cases, ¥20,499,999 received"), ("ja", "共同研究")):
        with translation.override(language):
            context = {"institution": world["u"], "fiscal_year": FY,
                       **report_context(survey_report(world["u"], FY, user=user("ipoffice")))}
            html = pdf.render_print_html("print/survey.html", context, request=None)
        assert words in html
        assert "¥20,499,999" in html and "¥9,999,999" in html  # the total, the 5m–10m bracket
        assert "¥3,000,000" in html  # the commissioned research


# -- the downloads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_survey_pdf_downloads(world, login, language):  # noqa: F811
    response = login("ipoffice").get("/survey/", {"institution": world["u"].pk, "fiscal_year": FY, "export": "pdf",
                                                  "lang": language})
    assert_pdf(response, language)


def test_survey_pdf_is_not_for_a_company(world, login):  # noqa: F811
    response = login("company-a").get("/survey/", {"institution": world["u"].pk, "fiscal_year": FY, "export": "pdf"})
    assert response.status_code == 403


def test_survey_command_writes_the_pdf(world, tmp_path):  # noqa: F811
    target = tmp_path / "survey.pdf"
    call_command("survey", "--institution", str(world["u"].pk), "--fiscal-year", str(FY), "--pdf", str(target),
                 "--lang", "en")
    content = target.read_bytes()
    assert content.startswith(b"%PDF") and pages(content) >= 1


@pytest.mark.parametrize("persona", ["ipoffice", "auditor", "cpo"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_consortium_report_downloads(login, persona, language):
    assert_pdf(login(persona).get("/reports/consortium/opera-demo/", {"fiscal_year": 2025, "lang": language}), language)


@pytest.mark.parametrize(("persona", "status"), [("company-a", 403), ("company-b", 403), ("researcher", 403),
                                                 ("cpo-2", 404)])
def test_consortium_report_refused(login, persona, status):
    assert login(persona).get("/reports/consortium/opera-demo/").status_code == status


def test_a_cpo_cannot_print_another_consortiums_report(login):
    assert login("cpo").get("/reports/consortium/opera-second/").status_code == 404
    assert_pdf(login("cpo-2").get("/reports/consortium/opera-second/", {"lang": "en"}), "en")


def _company_of(user, persona):
    return user(persona).profile.organisation


@pytest.mark.parametrize(("persona", "company", "status"), [
    ("company-a", "company-a", 200), ("company-b", "company-b", 200), ("cpo", "company-a", 200),
    ("auditor", "company-c", 200), ("ipoffice", "company-b", 200),
    ("company-a", "company-b", 404), ("company-b", "company-a", 404), ("company-c", "company-b", 404),
    ("cpo", "company-c", 404), ("cpo-2", "company-a", 404), ("researcher", "company-a", 403),
])
def test_company_statement_who_may_print(login, user, persona, company, status):
    response = login(persona).get(f"/reports/company/{_company_of(user, company).pk}/", {"lang": "ja"})
    assert response.status_code == status
    if status == 200:
        assert_pdf(response, "ja")


def test_download_buttons_on_the_pages(login, user):
    page = Consortium.objects.get(slug="opera-demo").get_absolute_url()
    assert "reports/consortium/opera-demo/" in login("cpo").get(page).content.decode()
    assert login("company-a").get(page).status_code == 200
    assert "reports/consortium/opera-demo/" not in login("company-a").get(page).content.decode()
    own = _company_of(user, "company-a")
    assert f"reports/company/{own.pk}/" in login("company-a").get(own.get_absolute_url()).content.decode()
    other = _company_of(user, "company-b")
    assert f"reports/company/{other.pk}/" not in login("company-a").get(other.get_absolute_url()).content.decode()


def test_a_server_without_weasyprint_says_so(login, monkeypatch):
    def unavailable(html, *, base_url=None):
        raise pdf.PdfUnavailable("No module named 'weasyprint'")

    monkeypatch.setattr(pdf, "html_to_pdf", unavailable)
    response = login("cpo").get("/reports/consortium/opera-demo/")
    assert response.status_code == 503
    assert "This server cannot make PDF files" in response.content.decode()
