"""Who sees what: a company never sees another company's licences, royalties or statements."""

import pytest

from ..models import CompanyClassAssignment, Licence, LicenceRequest, RoyaltyReport, StatementLine
from .helpers import org

pytestmark = pytest.mark.django_db

PAGES = [
    "/licensing/", "/licensing/my-rights/", "/licensing/share-schemes/", "/licensing/company-classes/",
    "/licensing/policies/", "/licensing/requests/", "/licensing/requests/add/", "/licensing/licences/",
    "/licensing/royalty-reports/", "/licensing/royalty-reports/import/", "/licensing/invoices/",
    "/licensing/compensation-policies/", "/licensing/distribution-rules/", "/licensing/patent-costs/",
    "/licensing/distribution-runs/", "/licensing/statements/",
]


# Filing a licence request is for the IP office, the CPO and companies; every other page is read by all.
REQUEST_FILERS = {"ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c"}


@pytest.mark.parametrize("persona", ["ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor"])
def test_every_page_answers_every_persona(login, persona):
    client = login(persona)
    for url in PAGES:
        refused = url == "/licensing/requests/add/" and persona not in REQUEST_FILERS
        assert client.get(url).status_code == (403 if refused else 200), url


@pytest.mark.parametrize("model", [Licence, LicenceRequest, RoyaltyReport, CompanyClassAssignment])
def test_company_a_cannot_open_another_companys_records(login, model):
    asahi = org("Asahi Devices")
    others = [o for o in model.objects.all() if _party(o) != asahi]
    assert others, "the demo must have other companies' records"
    client = login("company-a")
    for record in others:
        assert client.get(record.get_absolute_url()).status_code == 404


def _party(record):
    if isinstance(record, Licence):
        return record.licensee
    if isinstance(record, LicenceRequest):
        return record.requester
    if isinstance(record, RoyaltyReport):
        return record.licence.licensee
    return record.company


def test_lists_exports_and_api_hold_only_the_companys_own_rows(login, api, user):
    asahi = org("Asahi Devices")
    listing = login("company-a").get("/licensing/licences/", {"export": "csv"})
    text = b"".join(listing.streaming_content).decode("utf-8-sig")
    assert "LIC-2024-002" in text and "LIC-2024-001" not in text and "LIC-2024-004" not in text
    rows = api("company-a").get("/api/licences/").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert {r["licensee"] for r in rows} == {asahi.pk}
    reports = api("company-a").get("/api/royalty-reports/").json()
    reports = reports.get("results", reports) if isinstance(reports, dict) else reports
    assert {r["licence"] for r in reports} == set(Licence.objects.filter(licensee=asahi).values_list("pk", flat=True))
    lines = StatementLine.objects.for_user(user("company-a"))
    assert set(lines.values_list("organisation", flat=True)) <= {asahi.pk}
    assert not StatementLine.objects.for_user(user("company-b")).filter(organisation=asahi).exists()


def test_company_sees_no_distribution_run_or_other_statements(login):
    page = login("company-b").get("/licensing/statements/").content.decode()
    assert "Asahi Devices" not in page and "Kita-Nihon TLO" not in page
    run_url = StatementLine.objects.first().run.get_absolute_url()
    assert login("company-b").get(run_url).status_code == 404


def test_researcher_reads_licences_of_their_inventions_only(user):
    endo = user("researcher")
    visible = Licence.objects.for_user(endo)
    assert visible.exists()
    assert all(lic.assets.filter(invention__inventors__person__family_name="Endo").exists() for lic in visible)
    assert not Licence.objects.for_user(endo, "change").exists()


def test_auditor_reads_all_changes_nothing(login, user):
    auditor = user("auditor")
    assert Licence.objects.for_user(auditor).count() == Licence.objects.count()
    assert not LicenceRequest.objects.for_user(auditor, "change").exists()
    assert login("auditor").get("/licensing/requests/add/").status_code == 403
