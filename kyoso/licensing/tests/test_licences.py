"""Requests → committee → licence; royalty reports entered and imported; who pays a filing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kyoso.core import hooks
from kyoso.ip.models import Filing

from ..models import Licence, LicenceRequest, RoyaltyReport, RoyaltyTerm
from ..services import committee_decide, issue_licence, licence_money, payer_for, save_royalty_report
from .helpers import org

pytestmark = pytest.mark.django_db


def test_committee_then_licence_with_no_class_discount_for_exclusivity(user):
    boso = LicenceRequest.objects.get(requester=org("Boso Motors"), status="committee")
    with pytest.raises(PermissionDenied):
        committee_decide(boso, approve=True, note="self-approval", user=user("company-b"))
    committee_decide(boso, approve=True, note="Exclusive in the truck field only.", user=user("cpo"))
    licence = issue_licence(boso, number="LIC-2026-009", start=date(2026, 6, 1), user=user("cpo"))
    assert (licence.exclusivity, licence.class_discount, boso.status) == ("exclusive", 0, "licensed")
    assert licence.assets.get().invention == boso.invention


def test_demo_licences_carry_the_class_discount_and_royalties():
    fuji = Licence.objects.get(number="LIC-2024-001")
    asahi = Licence.objects.get(number="LIC-2024-002")
    assert (fuji.share_class, fuji.class_discount) == ("B", 50)  # cheap use: standard 3 % less 50 %
    assert (asahi.share_class, asahi.class_discount) == ("A", 100)  # free use
    report = fuji.reports.get(period_end=date(2025, 3, 31))
    assert report.running_royalty == 180_000_000 * 3 * 50 // 100 // 100  # 1.5 % of net sales
    assert asahi.reports.first().running_royalty == 0
    money = licence_money(fuji)
    assert money["due"] == money["invoiced"] == money["received"] and money["outstanding"] == 0


def test_licensee_enters_its_own_report_but_not_another_companys(user):
    fuji = Licence.objects.get(number="LIC-2024-001")
    def report():
        return RoyaltyReport(licence=fuji, period_start=date(2026, 4, 1), period_end=date(2027, 3, 31), net_sales=1_000_001)

    with pytest.raises(PermissionDenied):
        save_royalty_report(report(), user=user("company-a"))
    assert not fuji.reports.filter(net_sales=1_000_001).exists()
    report = save_royalty_report(report(), user=user("ipoffice"))
    assert report.running_royalty == 15_000  # 1,000,001 × 1.5 % = 15,000.015 → truncated


def test_import_royalty_reports_csv(login):
    """The royalty upload is the shared import: a preview first, the reports saved on confirming."""
    csv = "licence,period_start,period_end,net_sales,other_due\nLIC-2024-002,2026-04-01,2027-03-31,5000000,0\n"
    company = login("company-a")
    preview = company.post("/licensing/royalty-reports/import/", {"file": SimpleUploadedFile("r.csv", csv.encode("utf-8-sig"))})
    assert preview.status_code == 200
    assert not RoyaltyReport.objects.filter(net_sales=5_000_000).exists()  # a preview saves nothing
    done = company.post("/import/confirm/", {"token": preview.context["token"]})
    assert "Imported." in done.content.decode()
    assert RoyaltyReport.objects.filter(licence__number="LIC-2024-002", net_sales=5_000_000).exists()
    # Another company's licence number is refused, and nothing of the file is saved.
    bad = csv.replace("5000000", "6000000") + "LIC-2024-001,2026-04-01,2027-03-31,7000000,0\n"
    page = company.post("/licensing/royalty-reports/import/", {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert "No licence “LIC-2024-001” that you may use." in page.content.decode()
    assert page.context["token"] == ""
    assert not RoyaltyReport.objects.filter(net_sales__in=(6_000_000, 7_000_000)).exists()


def test_payer_for_a_joint_filing_with_a_company():
    """Nagoya HMHS: costs of a cooperative-research application filed jointly with a company are
    borne by that company as co-owner."""
    filing = Filing.objects.filter(family__invention__owners__organisation__kind="company",
                                   family__invention__agreement__research_class="cooperative").first()
    decision = payer_for(filing)
    company = filing.family.invention.owners.get(organisation__kind="company").organisation
    assert (decision.bearer, decision.rule, decision.policy) == ("co_owner_company", "hmhs-cost-joint-with-company", "nagoya-hmhs v1")
    assert [(p.organisation, p.share) for p in decision.payers] == [(company, 1)]  # the whole fee (1/1)
    assert hooks.first("fee_payers", filing) == [(company, 1)]


def test_payer_for_individual_research_is_left_to_the_agreement():
    filing = Filing.objects.filter(family__invention__agreement__research_class="individual").first()
    decision = payer_for(filing, cost="maintenance")
    assert (decision.bearer, decision.payers) == ("per_individual_agreement", ())
    assert hooks.first("fee_payers", filing) is None


def test_running_rate_terms_show_the_discounted_rate(login):
    term = RoyaltyTerm.objects.get(licence__number="LIC-2024-001", kind="running")
    assert term.effective_rate == 1.5
    page = login("cpo").get(term.licence.get_absolute_url()).content.decode()
    assert "1.5" in page and "Due" in page
