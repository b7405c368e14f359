"""Bounded, fast, validated imports: limits named in their errors, encodings, role checks before
the body is read, one validation for every path, duplicates, bulk writes with their events and
history, a bounded number of queries, and a validation phase that leaves other writers alone."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.budget.services.ledger import accruals_in_sync
from kyoso.consortia.models import Consortium
from kyoso.core.importing import ImportRun, importer_class, run_import
from kyoso.core.importing.readers import Limits, read_sheet
from kyoso.core.importing.views import ImportConfirmView, ImportStartView
from kyoso.core.models import Event
from kyoso.docket.services import recompute_filing
from kyoso.ip.forms import FilingForm
from kyoso.ip.models import Family, Filing, Invention, InventionOwner, Inventor
from kyoso.licensing.views.licences import ReportImportView
from kyoso.parties.models import Organisation

pytestmark = pytest.mark.django_db


def csv_file(rows, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(kind, user, content, filename="file.csv", dry_run=False, limits=None):
    return run_import(importer_class(kind)(user), content, filename, dry_run=dry_run, limits=limits)


def errors_by_row(report):
    return {row.number: [(e.column, e.message) for e in row.errors] for row in report.bad_rows}


AGREEMENT_HEADER = ["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
                    "organisation", "fiscal_year", "source", "direct_amount"]


def agreement_row(number="OPERA-2025-900", organisation="Asahi Devices Corporation", year="2025", amount="12000000"):
    return [number, "MRAM test methods", "opera-demo", "T1", "2025-04-01", "2027-03-31", "20", "10",
            organisation, year, "company", amount]


INVENTION_HEADER = ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors",
                    "office", "filing_kind", "application_number", "filing_date", "priority_date", "claims"]


def invention_row(reference="IMP-0001", office="JP", number="特願2025-012345", filed="2025-07-01"):
    return [reference, "Low-noise MRAM read circuit", "2025-05-12", "opera-demo", "T1",
            "Kita-Nihon University:50;Asahi Devices:50", "Endo Haruki:60;kaito.nakamura@example.org:40",
            office, "national", number, filed, filed, "8"]


# -- limits --------------------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_refused_naming_the_limit(user):
    content = csv_file([["name", "kind"], *[["x" * 100, "company"]] * 14_000])  # 14,000 × 110 bytes ≈ 1.47 MB
    report = run("organisations", user("ipoffice"), content, limits=Limits(1024 * 1024, 50_000, 10_000))
    assert report.file_errors == ["The file is 1.5 MB; imports take at most 1 MB."]
    assert not report.rows


def test_the_web_refuses_a_body_over_the_limit_before_parsing_it(login, settings):
    settings.KYOSO_IMPORT_MAX_BYTES = 100 * 1024
    upload = io.BytesIO(csv_file([["name", "kind"], *[["y" * 100, "company"]] * 2_000]))  # about 210 KB
    upload.name = "big.csv"
    response = login("ipoffice").post("/import/", {"kind": "organisations", "file": upload})
    assert response.status_code == 413
    assert "The file is 0.2 MB; imports take at most 0.1 MB." in response.content.decode()
    assert not Organisation.objects.filter(name="y" * 100).exists()


def test_too_many_rows_are_refused_naming_the_limit(user):
    content = csv_file([["name", "kind"], *[[f"Org {n}", "company"] for n in range(6)]])
    report = run("organisations", user("ipoffice"), content, limits=Limits(10 * 1024 * 1024, 5, 10_000))
    assert report.file_errors == ["The file has more than 5 rows; imports take at most 5 rows. Split it."]
    assert not Organisation.objects.filter(name="Org 0").exists()


def test_a_cell_over_the_cell_limit_is_refused_naming_it(user):
    content = csv_file([["name", "kind"], ["Fine", "company"], ["z" * 2_000, "company"]])
    report = run("organisations", user("ipoffice"), content, limits=Limits(10 * 1024 * 1024, 100, 1_000))
    assert report.file_errors == ["Row 3 has a cell longer than 1,000 characters; cells take at most 1,000."]


def test_the_reader_streams_rows_one_at_a_time():
    content = csv_file([["name"], *[[f"Org {n}"] for n in range(100)]])
    sheet = read_sheet(content, "x.csv", limits=Limits(10 * 1024 * 1024, 1_000, 100))
    rows = sheet.rows
    assert next(rows) == (2, {"name": "Org 0"})
    assert next(rows) == (3, {"name": "Org 1"})


# -- encodings and file kinds ----------------------------------------------------------------------
def test_shift_jis_people_keep_their_japanese_names(user):
    content = csv_file([
        ["姓（ローマ字）", "名（ローマ字）", "姓", "名", "メールアドレス"],
        ["Takahashi", "Yui", "髙橋", "結衣", "yui.takahashi@example.org"],
    ], encoding="cp932")
    report = run("people", user("ipoffice"), content)
    assert report.ok and report.committed, report
    from kyoso.parties.models import Person

    person = Person.objects.get(email="yui.takahashi@example.org")
    assert (person.family_name_ja, person.given_name_ja) == ("髙橋", "結衣")


def test_shift_jis_whose_japanese_starts_after_the_first_64_kb_is_still_shift_jis(user):
    rows = [["name", "name_ja", "kind", "size"], *[[f"Plain {n}", "", "company", "sme"] for n in range(3_000)],
            ["Tohoku Ceramics K.K.", "東北セラミックス株式会社", "company", "sme"]]
    content = csv_file(rows, encoding="cp932")
    assert len(content) > 64 * 1024
    report = run("organisations", user("ipoffice"), content, dry_run=True)
    assert report.ok, report.file_errors
    assert report.rows[-1].values["name_ja"] == "東北セラミックス株式会社"


def test_a_person_on_two_rows_is_one_person_with_two_affiliations(user):
    from kyoso.parties.models import Person

    header = ["family_name", "given_name", "email", "affiliation", "affiliation_start"]
    content = csv_file([header, ["Mori", "Akira", "akira.mori@example.org", "Kita-Nihon University", "2024-04-01"],
                        ["Mori", "Akira", "akira.mori@example.org", "Asahi Devices Corporation", "2025-04-01"],
                        ["Mori", "Akira", "akira.mori@example.org", "Asahi Devices Corporation", "2025-04-01"]])
    report = run("people", user("ipoffice"), content)
    assert report.committed, report
    person = Person.objects.get(email="akira.mori@example.org")
    assert sorted(person.affiliations.values_list("organisation__name", "start")) == [
        ("Asahi Devices Corporation", date(2025, 4, 1)), ("Kita-Nihon University", date(2024, 4, 1))]
    assert Event.objects.filter(object_id=person.pk, content_type__model="person", verb="affiliated").count() == 2
    assert report.rows[2].changes == ["person “Akira Mori” unchanged",
                                      "affiliation “Akira Mori” @ “Asahi Devices” unchanged"]


def test_a_fake_xlsx_is_a_clear_error_not_a_crash(login):
    upload = io.BytesIO(csv_file([["name", "kind"], ["Fake Co.", "company"]]))
    upload.name = "organisations.xlsx"
    response = login("ipoffice").post("/import/", {"kind": "organisations", "file": upload})
    assert response.status_code == 200
    assert ("“organisations.xlsx” is not an XLSX workbook (its content is not one); save it from Excel as .xlsx, "
            "or as CSV.") in response.content.decode()
    assert not Organisation.objects.filter(name="Fake Co.").exists()


def test_a_workbook_named_csv_is_a_clear_error(user):
    report = run("organisations", user("ipoffice"), b"PK\x03\x04rest of a zip", "organisations.csv")
    assert report.file_errors == [
        "“organisations.csv” is not a CSV text file (it looks like a workbook); name it .xlsx or save it as CSV."]


# -- roles: refused before a byte is read ----------------------------------------------------------
class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read


@pytest.mark.parametrize("view", [ImportStartView.as_view(), ReportImportView.as_view(), ImportConfirmView.as_view()])
def test_the_auditor_is_refused_before_the_upload_is_read(user, view):
    request = RequestFactory().post("/import/", {"kind": "organisations", "file": io.BytesIO(b"name\nX\n")})
    request._stream = UnreadableBody()
    request.user = user("auditor")
    with pytest.raises(PermissionDenied):
        view(request)


def test_the_royalty_page_is_the_shared_upload_with_its_kind_fixed(login):
    page = login("company-a").get("/licensing/royalty-reports/import/").content.decode()
    assert '<input type="hidden" name="kind" value="royalty-reports">' in page
    assert "Files up to 10 MB and 20,000 rows; cells up to 10,000 characters." in page


def test_the_auditor_gets_403_from_the_royalty_upload(login):
    upload = io.BytesIO(b"licence,period_start,period_end,net_sales\nLIC-2024-002,2026-04-01,2027-03-31,1\n")
    upload.name = "r.csv"
    assert login("auditor").post("/licensing/royalty-reports/import/", {"file": upload}).status_code == 403


# -- one validation, every path --------------------------------------------------------------------
def test_a_negative_amount_is_a_row_error_in_the_preview(login):
    upload = io.BytesIO(csv_file([AGREEMENT_HEADER, agreement_row(amount="-5000")]))
    upload.name = "agreements.csv"
    page = login("cpo").post("/import/", {"kind": "agreements", "file": upload})
    assert page.status_code == 200
    assert errors_by_row(page.context["report"]) == {
        2: [("direct_amount", "Ensure this value is greater than or equal to 0.")]}
    assert not Agreement.objects.filter(number="OPERA-2025-900").exists()


def test_a_negative_amount_in_the_command_is_one_line_and_a_failure(user, tmp_path, capsys):
    path = tmp_path / "agreements.csv"
    path.write_bytes(csv_file([AGREEMENT_HEADER, agreement_row(amount="-5000")]))
    with pytest.raises(CommandError):
        call_command("import", "agreements", str(path), "--user", "cpo")
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if ": error:" in line] == [
        "row 2, direct_amount: error: Ensure this value is greater than or equal to 0."]
    assert not Agreement.objects.filter(number="OPERA-2025-900").exists()


def test_a_royalty_report_with_negative_sales_is_a_row_error(user):
    content = csv_file([["licence", "period_start", "period_end", "net_sales"],
                        ["LIC-2024-002", "2026-04-01", "2027-03-31", "-1"]])
    report = run("royalty-reports", user("company-a"), content, dry_run=True)
    assert errors_by_row(report) == {2: [("net_sales", "Ensure this value is greater than or equal to 0.")]}


def test_year_9999_is_a_row_error_not_a_crash(user):
    report = run("agreements", user("cpo"), csv_file([AGREEMENT_HEADER, agreement_row(year="9999")]), dry_run=True)
    assert [column for column, _message in errors_by_row(report)[2]] == ["fiscal_year"]


def test_a_wrong_application_number_is_refused_as_the_form_refuses_it(user):
    family = Family.objects.filter(invention__consortium__slug="opera-demo").first()
    form = FilingForm(data={"family": family.pk, "office": "JP", "kind": "national", "status": "filed",
                            "application_number": "2025-12345-X", "filing_date": "2026-01-05"}, user=user("ipoffice"))
    assert not form.is_valid()
    report = run("inventions", user("cpo"), csv_file([INVENTION_HEADER, invention_row(number="2025-12345-X")]), dry_run=True)
    assert errors_by_row(report) == {2: [("application_number", form.errors["application_number"][0])]}


# -- duplicates ------------------------------------------------------------------------------------
def test_the_same_application_number_twice_in_a_file_is_refused(user):
    content = csv_file([INVENTION_HEADER, invention_row("IMP-0301"), invention_row("IMP-0302")])
    report = run("inventions", user("cpo"), content)
    assert errors_by_row(report) == {3: [("application_number", "The same application number at the same office as row 2.")]}
    assert not Invention.objects.filter(reference__in=["IMP-0301", "IMP-0302"]).exists()


def test_an_application_number_stored_for_another_invention_is_refused(user):
    stored = Filing.objects.exclude(application_number="").select_related("family__invention").first()
    row = invention_row("IMP-0303", office=stored.office, number=stored.application_number)
    report = run("inventions", user("ipoffice"), csv_file([INVENTION_HEADER, row]), dry_run=True)
    assert errors_by_row(report)[2][0] == ("application_number", (
        f"Application number {stored.application_number} at {stored.office} is already filed for invention "
        f"{stored.family.invention.reference}."))


def test_a_stored_number_written_another_way_is_refused_as_the_form_refuses_it(user):
    stored = Filing.objects.filter(office="JP", application_number__startswith="特願").first()
    bare = stored.application_number.removeprefix("特願")  # 特願2024-012345 written 2024-012345
    row = invention_row("IMP-0304", office="JP", number=bare)
    report = run("inventions", user("ipoffice"), csv_file([INVENTION_HEADER, row]), dry_run=True)
    assert errors_by_row(report) == {2: [("application_number", (
        f"This number is already recorded for another filing at this office, written {stored.application_number}."))]}


def test_the_same_contribution_twice_in_a_file_is_refused(user):
    content = csv_file([AGREEMENT_HEADER, agreement_row(), agreement_row(amount="500")])
    report = run("agreements", user("cpo"), content)
    assert errors_by_row(report) == {3: [("organisation", (
        "The same contribution (agreement, contributor, fiscal year, kind and source) as row 2."))]}
    assert not Agreement.objects.filter(number="OPERA-2025-900").exists()


def test_the_same_organisation_twice_in_a_file_is_refused(user):
    content = csv_file([["name", "kind", "size"], ["Twice Optics", "company", "sme"], ["Twice Optics", "company", "large"]])
    report = run("organisations", user("ipoffice"), content)
    assert errors_by_row(report) == {3: [("name", "The same organisation as row 2.")]}
    assert not Organisation.objects.filter(name="Twice Optics").exists()


def test_an_agreement_column_that_differs_between_its_rows_is_refused(user):
    second = agreement_row(organisation="Chikuma Semi")
    second[1] = "Another title"
    report = run("agreements", user("cpo"), csv_file([AGREEMENT_HEADER, agreement_row(), second]), dry_run=True)
    assert errors_by_row(report) == {3: [("title", "Differs from row 2, which gives this agreement's title.")]}


def test_an_organisation_written_differently_is_a_warning_in_the_preview(login):
    assert Organisation.objects.filter(name="Asahi Devices Corporation").exists()
    upload = io.BytesIO(csv_file([["name", "kind", "size"], ["ＡＳＡＨＩ　DEVICES (株)", "company", "large"],
                                  ["Brand New Optics", "company", "sme"]]))
    upload.name = "organisations.csv"
    page = login("ipoffice").post("/import/", {"kind": "organisations", "file": upload})
    report = page.context["report"]
    assert report.ok  # a judgement, not an error: the user may confirm
    assert [(row.number, row.warnings) for row in report.warned_rows] == [
        (2, ["Organisation “ＡＳＡＨＩ　DEVICES (株)” looks like “Asahi Devices Corporation” — did you mean it?"])]
    assert "did you mean it?" in page.content.decode()


def test_an_unknown_organisation_name_suggests_the_stored_one(user):
    report = run("agreements", user("cpo"), csv_file([AGREEMENT_HEADER, agreement_row(organisation="asahi devices corp.")]),
                 dry_run=True)
    assert errors_by_row(report) == {2: [("organisation", (
        "No organisation “asahi devices corp.” that you may use. Did you mean “Asahi Devices Corporation”?"))]}


# -- bulk writes: events, history and derived figures ----------------------------------------------
def test_imported_agreements_have_their_events_history_and_accruals(user):
    cpo = user("cpo")
    events_before = Event.objects.count()
    content = csv_file([AGREEMENT_HEADER, agreement_row(), agreement_row(organisation="Chikuma Semi", amount="3000000")])
    report = run("agreements", cpo, content)
    assert report.committed, report
    agreement = Agreement.objects.get(number="OPERA-2025-900")
    contributions = list(agreement.contributions.all())
    assert sorted((c.direct_amount, c.indirect_amount, c.ip_amount) for c in contributions) == [
        (3_000_000, 600_000, 300_000), (12_000_000, 2_400_000, 1_200_000)]
    assert agreement.history.filter(history_user=cpo).count() == 1
    assert AgreementParty.history.filter(agreement_id=agreement.pk, history_user=cpo).count() == 2
    assert Contribution.history.filter(agreement_id=agreement.pk, history_user=cpo).count() == 2
    created = Event.objects.filter(verb="created", actor=cpo)
    assert created.filter(object_id=agreement.pk, summary="agreement “OPERA-2025-900 MRAM test methods” created").count() == 1
    assert created.filter(object_id__in=[c.pk for c in contributions]).count() == 2
    booked = Event.objects.filter(verb="booked", actor=cpo, summary__contains="OPERA-2025-900")
    assert booked.count() == 2  # the IP fund's accruals, as saving each contribution books them
    # 1 agreement + 2 parties + 2 contributions created, 2 accruals booked.
    assert Event.objects.count() - events_before == 7
    assert accruals_in_sync(Consortium.objects.get(slug="opera-demo"))
    ja = created.get(object_id=agreement.pk).summary_by_language["ja"]
    assert "OPERA-2025-900" in ja and ja != "agreement “OPERA-2025-900 MRAM test methods” created"


def test_imported_inventions_have_their_events_history_and_deadlines(user):
    cpo = user("cpo")
    content = csv_file([INVENTION_HEADER, invention_row(),
                        invention_row(office="PCT", number="PCT/JP2026/000123", filed="2026-06-30")])
    content = content.replace(b"PCT,national", b"PCT,pct")
    report = run("inventions", cpo, content)
    assert report.committed, report
    invention = Invention.objects.get(reference="IMP-0001")
    assert invention.history.get().history_user == cpo
    assert InventionOwner.history.filter(invention_id=invention.pk, history_user=cpo).count() == 2
    assert Inventor.history.filter(invention_id=invention.pk, history_user=cpo).count() == 2
    verbs = sorted(Event.objects.filter(object_id=invention.pk, content_type__model="invention").values_list("verb", flat=True))
    assert verbs == ["disclosed", "filing-added", "filing-added", "inventors-changed", "owners-changed"]
    owners = Event.objects.get(object_id=invention.pk, content_type__model="invention", verb="owners-changed")
    assert owners.summary == "Owners now: Kita-Nihon U 1/2 (50%), Asahi Devices 1/2 (50%)"
    jp = Filing.objects.get(family__invention=invention, office="JP")
    assert jp.deadlines.count() > 0
    # The bulk path computed exactly the deadlines the service's recomputation gives.
    assert recompute_filing(jp) == {"created": 0, "updated": 0, "removed": 0, "closed": 0}
    assert Event.objects.filter(object_id=jp.pk, content_type__model="filing", verb="created").count() == 1


def test_a_thousand_row_preview_takes_a_bounded_number_of_queries(user, django_assert_max_num_queries):
    rows = [AGREEMENT_HEADER]
    for n in range(250):
        for organisation, year in (("Asahi Devices Corporation", "2025"), ("Chikuma Semi", "2025"),
                                   ("Asahi Devices Corporation", "2026"), ("Chikuma Semi", "2026")):
            rows.append(agreement_row(number=f"BULK-{n:04d}", organisation=organisation, year=year, amount="1000000"))
    content = csv_file(rows)
    cpo = user("cpo")
    with django_assert_max_num_queries(40):
        report = run("agreements", cpo, content, dry_run=True)
    assert report.ok and len(report.rows) == 1000


def test_a_thousand_invention_rows_preview_in_a_bounded_number_of_queries(user, django_assert_max_num_queries):
    rows = [INVENTION_HEADER, *[invention_row(f"BULK-{n:04d}", number=f"特願2025-{n:06d}") for n in range(1000)]]
    cpo = user("cpo")
    with django_assert_max_num_queries(40):
        report = run("inventions", cpo, csv_file(rows), dry_run=True)
    assert report.ok and len(report.rows) == 1000


# -- other users go on writing while an import is validated ------------------------------------------
def test_validation_writes_nothing_and_holds_no_transaction(user):
    cpo = user("cpo")
    run_ = ImportRun(importer_class("agreements")(cpo), csv_file([AGREEMENT_HEADER, agreement_row()]), "a.csv")
    atomic_depth = len(connection.savepoint_ids)
    with CaptureQueriesContext(connection) as queries:
        run_.validate()
    assert run_.report.ok
    # Reads only: SELECT, or DECLARE … CURSOR FOR SELECT (PostgreSQL's server-side cursor of .iterator()).
    reads = ("SELECT", "DECLARE")
    assert [q["sql"].split()[0] for q in queries.captured_queries if not q["sql"].startswith(reads)] == []
    assert all("CURSOR" in q["sql"] and " FOR SELECT " in q["sql"] for q in queries.captured_queries
               if q["sql"].startswith("DECLARE"))
    assert len(connection.savepoint_ids) == atomic_depth
    # Meanwhile another user saves; the import's write then goes through.
    from kyoso.parties.services import save_organisation

    save_organisation(Organisation(name="Written Meanwhile Ltd.", kind="company", size="sme"), user=user("ipoffice"))
    assert run_.write().committed
    assert run_.report.write_seconds < 5
    assert Agreement.objects.filter(number="OPERA-2025-900").exists()
    assert Organisation.objects.filter(name="Written Meanwhile Ltd.").exists()


def test_an_error_during_the_write_leaves_nothing(user, monkeypatch):
    """All or nothing holds in the write phase too: a refusal there rolls back every row."""
    from kyoso.agreements import importers as agreement_importers

    def refuse(*args, **kwargs):
        raise PermissionDenied("refused for the test")

    monkeypatch.setattr(agreement_importers, "ensure_all_may_change", refuse)
    report = run("agreements", user("cpo"), csv_file([AGREEMENT_HEADER, agreement_row()]))
    assert report.file_errors == ["Nothing was imported: refused for the test"]
    assert not report.committed
    assert not Agreement.objects.filter(number="OPERA-2025-900").exists()


def test_each_imported_invention_names_its_own_owners_and_inventors_shares(user):
    """The events name each distinct owner or inventor share once for the file: inventions with
    the same people in other shares still read their own shares (people by their Japanese names,
    the language the events are written in)."""
    second = invention_row(reference="IMP-0002", number="特願2025-012346")
    second[5], second[6] = "Kita-Nihon University:70;Asahi Devices:30", "Endo Haruki:25;kaito.nakamura@example.org:75"
    report = run("inventions", user("ipoffice"), csv_file([INVENTION_HEADER, invention_row(), second]))
    assert report.committed, report

    def summary(reference, verb):
        invention = Invention.objects.get(reference=reference)
        return Event.objects.get(object_id=invention.pk, content_type__model="invention", verb=verb).summary

    assert summary("IMP-0001", "owners-changed") == "Owners now: Kita-Nihon U 1/2 (50%), Asahi Devices 1/2 (50%)"
    assert summary("IMP-0002", "owners-changed") == "Owners now: Kita-Nihon U 7/10 (70%), Asahi Devices 3/10 (30%)"
    assert summary("IMP-0001", "inventors-changed") == "Inventors now: 遠藤 春樹 (60.00%), 中村 海斗 (40.00%)"
    assert summary("IMP-0002", "inventors-changed") == "Inventors now: 中村 海斗 (75.00%), 遠藤 春樹 (25.00%)"
