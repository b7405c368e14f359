"""CSV and XLSX import: good files create records with history, bad files name every bad row and
change nothing, previews change nothing, re-imports update, and the web flow works end to end."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.core.importing import importer_class, importers, importers_for, run_import
from kyoso.core.importing.samples import template_file
from kyoso.core.models import Event
from kyoso.ip.models import Filing, Invention
from kyoso.parties.models import Affiliation, Organisation, Person

pytestmark = pytest.mark.django_db


def csv_file(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(kind, user, content, filename="file.csv", dry_run=False):
    return run_import(importer_class(kind)(user), content, filename, dry_run=dry_run)


def counts():
    """Row counts of everything an import may touch, to prove that nothing changed."""
    models = (Organisation, Person, Affiliation, Agreement, AgreementParty, Contribution, Invention, Filing, Event)
    return {model.__name__: model.objects.count() for model in models}


def errors_by_row(report):
    return {row.number: [(e.column, e.message) for e in row.errors] for row in report.bad_rows}


AGREEMENT_HEADER = ["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
                    "organisation", "fiscal_year", "source", "direct_amount"]
AGREEMENT_ROWS = [
    AGREEMENT_HEADER,
    ["OPERA-2025-900", "MRAM test methods", "opera-demo", "T1", "2025-04-01", "2027-03-31", "20", "10",
     "Asahi Devices Corporation", "2025", "company", "¥12,000,000"],
    ["OPERA-2025-900", "MRAM test methods", "opera-demo", "T1", "2025-04-01", "2027-03-31", "20", "10",
     "Chikuma Semi", "2025", "company", "3000000"],
]

INVENTION_HEADER = ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors",
                    "office", "filing_kind", "application_number", "filing_date", "priority_date", "claims"]


def invention_row(reference="IMP-0001", disclosed="2025-05-12", owners="Kita-Nihon University:50;Asahi Devices:50",
                  office="JP", kind="national", number="特願2025-012345", filed="2025/07/01"):
    return [reference, "Low-noise MRAM read circuit", disclosed, "opera-demo", "T1", owners,
            "Endo Haruki:60;kaito.nakamura@example.org:40", office, kind, number, filed, "2025-07-01", "8"]


# -- good files ---------------------------------------------------------------------------------
def test_organisations_csv_create_records_with_history(user):
    ipoffice = user("ipoffice")
    content = csv_file([
        ["name", "name_ja", "short_name", "kind", "size", "country", "corporate_number"],
        ["Sanriku Optics Co., Ltd.", "三陸光学株式会社", "Sanriku", "company", "SME", "JP", "1234567890123"],
        ["Pacific Lidar Inc.", "", "", "Company", "large", "us", ""],
    ])
    report = run("organisations", ipoffice, content)
    assert report.ok and report.committed, report
    sanriku = Organisation.objects.get(name="Sanriku Optics Co., Ltd.")
    assert (sanriku.size, sanriku.name_ja) == ("sme", "三陸光学株式会社")
    lidar = Organisation.objects.get(name="Pacific Lidar Inc.")
    assert (lidar.country, lidar.is_domestic) == ("US", False)  # domestic follows the country
    assert sanriku.history.get().history_user == ipoffice
    assert Event.objects.filter(object_id=sanriku.pk, verb="created", actor=ipoffice).exists()


def test_people_xlsx_with_dates_as_excel_dates(user):
    content = xlsx_file([
        ["family_name", "given_name", "family_name_ja", "given_name_ja", "email", "affiliation", "affiliation_start"],
        ["Mori", "Akira", "森", "明", "akira.mori@example.org", "Kita-Nihon U", datetime.datetime(2024, 4, 1)],
    ])
    report = run("people", user("cpo"), content, "people.xlsx")
    assert report.ok and report.committed, report
    person = Person.objects.get(email="akira.mori@example.org")
    affiliation = person.affiliations.get()
    assert (affiliation.organisation.name, affiliation.start) == ("Kita-Nihon University", datetime.date(2024, 4, 1))
    assert affiliation.history.get().history_user == user("cpo")


def test_agreements_with_contributions_create_parties_and_derive_amounts(user):
    report = run("agreements", user("cpo"), csv_file(AGREEMENT_ROWS))
    assert report.ok and report.committed, report
    agreement = Agreement.objects.get(number="OPERA-2025-900")
    assert (agreement.kind, agreement.topic.code) == ("consortium", "T1")
    assert set(agreement.parties.values_list("organisation__short_name", "role")) == {
        ("Asahi Devices", "company"), ("Chikuma Semi", "company")}
    asahi = agreement.contributions.get(contributor__short_name="Asahi Devices")
    assert (asahi.direct_amount, asahi.indirect_amount, asahi.ip_amount) == (12_000_000, 2_400_000, 1_200_000)
    assert asahi.history.get().history_user == user("cpo")


def test_inventions_with_filings_xlsx(user):
    cpo = user("cpo")
    content = xlsx_file([
        INVENTION_HEADER,
        invention_row(),
        invention_row(owners="", office="PCT", kind="pct", number="PCT/JP2026/000123", filed="2026-06-30"),
    ])
    report = run("inventions", cpo, content, "inventions.xlsx")
    assert report.ok and report.committed, report
    invention = Invention.objects.get(reference="IMP-0001")
    assert {(o.organisation.short_name, o.share) for o in invention.owners.all()} == {
        ("Kita-Nihon U", Fraction(1, 2)), ("Asahi Devices", Fraction(1, 2))}
    assert {(i.person.family_name, i.contribution) for i in invention.inventors.all()} == {
        ("Endo", Decimal("60")), ("Nakamura", Decimal("40"))}
    filings = Filing.objects.filter(family__invention=invention)
    assert set(filings.values_list("office", "application_number")) == {
        ("JP", "特願2025-012345"), ("PCT", "PCT/JP2026/000123")}
    assert Event.objects.filter(object_id=invention.pk, verb="filing-added").count() == 2


def test_an_ep_filing_imports_its_micro_entity_declaration_and_a_jp_one_is_refused(user):
    header = [*INVENTION_HEADER, "ep_micro_entity"]
    good = run("inventions", user("cpo"), csv_file([
        header, [*invention_row(office="EP", kind="priority_claim", number="EP25123456.7"), "yes"]]))
    assert good.ok and good.committed, good
    assert Filing.objects.get(application_number="EP25123456.7").ep_micro_entity is True
    bad = run("inventions", user("cpo"), csv_file([header, [*invention_row(reference="IMP-0002", number="特願2025-099999"), "はい"]]))
    assert not bad.committed and "EP filings only" in str(bad)
    assert not Filing.objects.filter(application_number="特願2025-099999").exists()


def test_every_template_sample_row_imports(user):
    for importer in importers():
        for file_format in ("csv", "xlsx"):
            content, _type, filename = template_file(importer, file_format)
            report = run(importer.kind, user("ipoffice"), content, filename, dry_run=True)
            assert report.ok, (importer.kind, file_format, report)


# -- bad files ---------------------------------------------------------------------------------
def test_malformed_file_names_every_bad_row_and_changes_nothing(user):
    before = counts()
    content = csv_file([
        INVENTION_HEADER,
        invention_row("IMP-0101"),                                   # row 2: fine
        invention_row("IMP-0102", disclosed="12 May 2025"),          # row 3: bad date
        invention_row("IMP-0103", owners="Nowhere Inc.:100"),        # row 4: unknown organisation
        invention_row("IMP-0104", owners="Kita-Nihon U:40;Asahi Devices:50"),  # row 5: shares total 90
        invention_row("IMP-0105", number="2025-12345-X"),            # row 6: not a JP application number
        invention_row("IMP-0106", number="特願2025-000777"),          # row 7: fine
    ])
    report = run("inventions", user("cpo"), content)
    assert not report.ok and not report.committed
    errors = errors_by_row(report)
    assert sorted(errors) == [3, 4, 5, 6]
    assert errors[3][0][0] == "disclosed_on" and "YYYY-MM-DD" in errors[3][0][1]
    assert errors[4][0][0] == "owners" and "Nowhere Inc." in errors[4][0][1]
    assert errors[5][0] == ("owners", "The shares must total 100% (now 90%).")
    assert errors[6][0][0] == "application_number" and "not a JP application number" in errors[6][0][1]
    assert counts() == before
    assert not Invention.objects.filter(reference__in=["IMP-0101", "IMP-0106"]).exists()


def test_missing_required_column_changes_nothing(user):
    before = counts()
    header = [h for h in AGREEMENT_HEADER if h != "direct_amount"]
    report = run("agreements", user("cpo"), csv_file([header, AGREEMENT_ROWS[1][:-1]]))
    assert report.file_errors == ["Required column direct_amount is missing."]
    assert counts() == before


def test_company_may_not_import_agreements_nor_touch_another_company_agreement(user):
    before = counts()
    row = ["IND-2023-021", "Radar–camera fusion", "opera-demo", "T2", "2023-07-01", "2027-03-31", "20", "10",
           "Asahi Devices", "2025", "company", "1000"]
    report = run("agreements", user("company-a"), csv_file([AGREEMENT_HEADER, row]))
    assert report.file_errors and not report.rows
    assert "agreements" not in [i.kind for i in importers_for(user("company-a"))]
    assert counts() == before


def test_cpo_may_not_change_an_agreement_outside_their_consortium(user):
    before = counts()
    row = ["KNU-2024-107", "Battery materials screening", "", "", "2024-04-01", "2026-03-31", "10", "0",
           "Daisen Materials", "2025", "company", "9000000"]
    report = run("agreements", user("cpo"), csv_file([AGREEMENT_HEADER, AGREEMENT_ROWS[1], row]))
    assert errors_by_row(report) == {3: [("number", "You may not change agreement KNU-2024-107.")]}
    assert counts() == before


# -- preview, re-import, encodings, command ------------------------------------------------------
def test_preview_reports_what_would_happen_and_changes_nothing(user):
    before = counts()
    report = run("agreements", user("cpo"), csv_file(AGREEMENT_ROWS), dry_run=True)
    assert report.ok and not report.committed
    assert report.rows[0].changes[0] == "agreement OPERA-2025-900 created"
    assert report.rows[1].changes[0] == "agreement OPERA-2025-900 unchanged"
    assert counts() == before


def test_reimport_updates_rather_than_duplicates(user):
    cpo = user("cpo")
    run("agreements", cpo, csv_file(AGREEMENT_ROWS))
    after_first = counts()
    again = run("agreements", cpo, csv_file(AGREEMENT_ROWS))
    assert again.committed and all("unchanged" in c for row in again.rows for c in row.changes)
    changed = [row[:] for row in AGREEMENT_ROWS]
    changed[2][-1] = "3500000"
    third = run("agreements", cpo, csv_file(changed))
    assert third.rows[1].changes[-1].endswith("updated")
    assert counts()["Contribution"] == after_first["Contribution"]
    assert Contribution.objects.get(agreement__number="OPERA-2025-900", contributor__short_name="Chikuma Semi").direct_amount == 3_500_000


def test_shift_jis_csv_with_japanese_headers(user):
    content = csv_file([
        ["名称", "名称（日本語）", "種別", "規模"],
        ["Tohoku Ceramics K.K.", "東北セラミックス株式会社", "company", "sme"],
    ], encoding="cp932")
    report = run("organisations", user("ipoffice"), content)
    assert report.ok and report.committed, report
    assert Organisation.objects.get(name="Tohoku Ceramics K.K.").name_ja == "東北セラミックス株式会社"


def test_command_prints_row_errors_and_fails(user, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file([INVENTION_HEADER, invention_row("IMP-0201", disclosed="2025-13-45")]))
    with pytest.raises(CommandError):
        call_command("import", "inventions", str(path), "--user", "cpo")
    assert "row 2, disclosed_on: error:" in capsys.readouterr().out
    path.write_bytes(csv_file([INVENTION_HEADER, invention_row("IMP-0202")]))
    call_command("import", "inventions", str(path), "--user", "cpo", "--dry-run")
    assert not Invention.objects.filter(reference="IMP-0202").exists()


# -- web -----------------------------------------------------------------------------------------
def test_web_upload_preview_confirm(login):
    web = login("cpo")
    assert web.get("/import/").status_code == 200
    upload = io.BytesIO(csv_file(AGREEMENT_ROWS))
    upload.name = "agreements.csv"
    preview = web.post("/import/", {"kind": "agreements", "file": upload})
    assert preview.status_code == 200 and preview.context["report"].ok
    assert not Agreement.objects.filter(number="OPERA-2025-900").exists()
    token = preview.context["token"]
    result = web.post("/import/confirm/", {"token": token})
    assert result.context["report"].committed
    assert Agreement.objects.get(number="OPERA-2025-900").contributions.count() == 2
    # The token is spent: a second confirmation cannot import twice.
    assert web.post("/import/confirm/", {"token": token}).status_code == 302


def test_web_preview_shows_errors_without_import_button(login):
    upload = io.BytesIO(csv_file([INVENTION_HEADER, invention_row(owners="Kita-Nihon U:90")]))
    upload.name = "bad.csv"
    page = login("cpo").post("/import/", {"kind": "inventions", "file": upload})
    html = page.content.decode()
    assert "has-error" in html and "must total 100" in html and 'name="token"' not in html


def test_templates_download_and_roles(login):
    cpo = login("cpo")
    response = cpo.get("/import/inventions/template.xlsx")
    assert response.status_code == 200
    headers = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))]
    assert headers[:3] == ["reference", "title", "title_ja"]
    assert cpo.get("/import/organisations/template.csv").content.startswith("\ufeffname,".encode())
    auditor = login("auditor")
    assert "nothing you can import" in auditor.get("/import/").content.decode()
    assert auditor.get("/import/organisations/template.csv").status_code == 404
