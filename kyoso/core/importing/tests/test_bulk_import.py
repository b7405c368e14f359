"""What a bulk import records, now that its events, accruals and deadlines are prepared before the
write transaction and inserted inside it: one event per record, the accruals and totals a full
recount gives, each filing the deadlines computed for it alone — and nothing at all when any
step of the write fails."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import DatabaseError
from django.utils import timezone

from kyoso.agreements.models import Agreement, AgreementParty, Contribution
from kyoso.agreements.totals import fresh_totals, stored_totals
from kyoso.budget.models import LedgerEntry
from kyoso.budget.services.ledger import accruals_in_sync
from kyoso.consortia.models import Consortium
from kyoso.core import hooks
from kyoso.core.importing import importer_class, run_import
from kyoso.core.models import Event
from kyoso.docket.models import Deadline
from kyoso.ip.models import Filing, Invention

pytestmark = pytest.mark.django_db


def csv_file(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def agreements(count: int) -> bytes:
    """``count`` agreements of two contributions each (Asahi FY2025, Chikuma FY2026)."""
    rows = [["number", "title", "consortium", "topic", "start", "end", "indirect_rate", "ip_earmark_rate",
             "organisation", "fiscal_year", "source", "direct_amount"]]
    for n in range(count):
        for organisation, year in (("Asahi Devices Corporation", 2025), ("Chikuma Semi", 2026)):
            rows.append([f"BULK-A-{n:03d}", f"Bulk agreement {n}", "opera-demo", "T1", "2025-04-01", "2027-03-31",
                         "20", "10", organisation, year, "company", 1_000_000 + n])
    return csv_file(rows)


def inventions(count: int, *, office_action: bool = False) -> bytes:
    """``count`` inventions with a JP and a PCT filing each, all filed on the same days (the rows of
    their deadlines are shared); with ``office_action``, one more invention whose JP filing has a
    notice of reasons for refusal (its deadlines read its owners: computed on their own)."""
    header = ["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors",
              "office", "filing_kind", "application_number", "filing_date", "priority_date", "claims", "office_action_on"]
    rows = [header]
    owners, inventors = "Kita-Nihon University:50;Asahi Devices:50", "Endo Haruki:60;kaito.nakamura@example.org:40"
    for n in range(count):
        for office, kind, number in (("JP", "national", f"特願2026-8{n:05d}"), ("PCT", "pct", f"PCT/JP2026/8{n:05d}")):
            rows.append([f"BULK-I-{n:03d}", f"Bulk invention {n}", "2026-05-12", "opera-demo", "T1", owners, inventors,
                         office, kind, number, "2026-07-01", "2026-07-01", 8, ""])
    if office_action:
        rows.append(["BULK-I-OA", "Examined invention", "2026-05-12", "opera-demo", "T1", owners, inventors,
                     "JP", "national", "特願2026-899999", "2026-07-01", "2026-07-01", 8, "2026-10-01"])
    return csv_file(rows)


def test_an_agreements_import_writes_one_event_per_record_and_the_accruals_a_recount_gives(user):
    ipoffice = user("ipoffice")
    report = run_import(importer_class("agreements")(ipoffice), agreements(30), "agreements.csv")
    assert report.committed, report.file_errors or report.bad_rows[:3]
    imported = Agreement.objects.filter(number__startswith="BULK-A-")
    parties = AgreementParty.objects.filter(agreement__in=imported)
    contributions = Contribution.objects.filter(agreement__in=imported)
    assert (imported.count(), parties.count(), contributions.count()) == (30, 60, 60)
    for model, records in ((Agreement, imported), (AgreementParty, parties), (Contribution, contributions)):
        events = Event.objects.filter(verb="created", content_type__model=model._meta.model_name,
                                      object_id__in=records.values("pk"))
        assert events.count() == records.count()  # one each, on its own record
        assert set(events.values_list("actor_id", flat=True)) == {ipoffice.pk}
    first = contributions.get(agreement__number="BULK-A-000", contributor__short_name="Asahi Devices")
    assert Event.objects.get(verb="created", content_type__model="contribution", object_id=first.pk).summary_by_language[
        "en"] == f"contribution “{first}” created"
    # 1,000,000 direct at 20 % indirect, of which 10 % of the direct earmarked for IP: ¥100,000.
    accrual = LedgerEntry.objects.get(contribution=first)
    assert (accrual.amount, accrual.fiscal_year, accrual.generated) == (100_000, 2025, True)
    assert accrual.history.get().history_user_id == ipoffice.pk
    booked = Event.objects.get(verb="booked", content_type__model="ledgerentry", object_id=accrual.pk)
    assert booked.summary_by_language["en"] == "Booked FY2025 Accrual (money in) ¥100,000: IP-earmarked indirect costs of BULK-A-000, FY2025"
    assert LedgerEntry.objects.filter(contribution__in=contributions).count() == 60
    assert Event.objects.filter(verb="booked", object_id__in=LedgerEntry.objects.filter(
        contribution__in=contributions).values("pk"), content_type__model="ledgerentry").count() == 60
    assert accruals_in_sync(Consortium.objects.get(slug="opera-demo"))
    assert stored_totals() == fresh_totals()


def _alone(filing: Filing) -> set[tuple]:
    """The deadlines the docket computes for ``filing`` on its own (the one-filing path)."""
    from kyoso.docket.services.deadlines import _backfill_start, _deadline_rows

    rows = _deadline_rows(filing, _backfill_start(timezone.localdate()), timezone.now())
    return {(r["rule"], r["year"], r["due"], r.get("state", "open"), r.get("note", "")) for r in rows}


def _stored(filing: Filing) -> set[tuple]:
    return set(Deadline.objects.filter(filing=filing).values_list("rule", "year", "due", "state", "note"))


def test_each_imported_filing_gets_the_deadlines_computed_for_it_alone(user):
    # 25 inventions share their facts (their rows are inserted for all of them at once on SQLite),
    # the examined one is computed on its own, after its owners are saved.
    report = run_import(importer_class("inventions")(user("ipoffice")), inventions(25, office_action=True), "inv.csv")
    assert report.committed, report.file_errors or report.bad_rows[:3]
    filings = list(Filing.objects.filter(family__invention__reference__startswith="BULK-I-").select_related("parent"))
    assert len(filings) == 51
    for filing in filings:
        assert _stored(filing) == _alone(filing), filing
    jp = next(f for f in filings if f.application_number == "特願2026-800000")
    # Three years from filing (PA 48-3): 2029-07-01 is a Sunday, so the next open day.
    assert Deadline.objects.get(filing=jp, kind="exam_request").due == date(2029, 7, 2)
    examined = next(f for f in filings if f.application_number == "特願2026-899999")
    # A reply to the notice dispatched 2026-10-01 is due 60 days later (a domestic applicant).
    assert Deadline.objects.filter(filing=examined, due=date(2026, 11, 30)).exists()
    assert Deadline.objects.filter(filing__in=filings).count() == sum(len(_alone(f)) for f in filings)


def test_an_inventions_import_writes_the_events_the_services_write_one_per_record(user):
    ipoffice = user("ipoffice")
    report = run_import(importer_class("inventions")(ipoffice), inventions(25), "inv.csv")
    assert report.committed
    imported = Invention.objects.filter(reference__startswith="BULK-I-")
    filings = Filing.objects.filter(family__invention__in=imported)
    for verb, count in (("disclosed", 1), ("owners-changed", 1), ("inventors-changed", 1), ("filing-added", 2)):
        stored = Event.objects.filter(verb=verb, content_type__model="invention", object_id__in=imported.values("pk"))
        assert sorted(stored.values_list("object_id", flat=True)) == sorted(
            pk for pk in imported.values_list("pk", flat=True) for _n in range(count)), verb
    created = Event.objects.filter(verb="created", content_type__model="filing", object_id__in=filings.values("pk"))
    assert created.count() == filings.count() == 50
    pct = filings.get(application_number="PCT/JP2026/800007")
    assert Event.objects.get(verb="created", content_type__model="filing", object_id=pct.pk).summary_by_language == {
        "en": "filing “PCT PCT/JP2026/800007” created", "ja": "出願「PCT PCT/JP2026/800007」を作成"}
    owners = Event.objects.get(verb="owners-changed", object_id=pct.family.invention_id, content_type__model="invention")
    assert owners.data["before"] == {}
    assert set(owners.data["after"].values()) == {"1/2"}


def test_a_step_that_fails_inside_the_write_leaves_nothing_behind(user, monkeypatch):
    """The deadlines are inserted inside the import's transaction: their failure undoes the
    inventions, filings, history and events written before them."""
    def failing(filings, *, user=None):
        def step():
            raise DatabaseError("disk full")
        return step

    events = Event.objects.count()
    monkeypatch.setitem(hooks._handlers, "filings_importing", [*hooks._handlers["filings_importing"], failing])
    report = run_import(importer_class("inventions")(user("ipoffice")), inventions(3), "inv.csv")
    assert not report.committed
    assert report.file_errors == ["Nothing was imported: the database refused a row (disk full)."]
    assert not Invention.objects.filter(reference__startswith="BULK-I-").exists()
    assert not Invention.history.filter(reference__startswith="BULK-I-").exists()
    assert not Deadline.objects.filter(filing__application_number__startswith="特願2026-8").exists()
    assert Event.objects.count() == events


def test_collect_answers_each_handlers_step_in_order_and_skips_none():
    calls = []
    name = "test_collect_hook"
    hooks.register(name, lambda value: (lambda: calls.append(("first", value))))
    hooks.register(name, lambda value: None)
    hooks.register(name, lambda value: (lambda: calls.append(("second", value))))
    try:
        steps = hooks.collect(name, 7)
        assert len(steps) == 2 and calls == []  # preparing does not write
        for step in steps:
            step()
        assert calls == [("first", 7), ("second", 7)]
    finally:
        hooks._handlers.pop(name)


@pytest.mark.parametrize("written", ["{year}-{serial}", "２０{yy}－{serial_fw}", "特願 {year}-{serial}"])
def test_an_imported_number_written_another_way_than_a_stored_one_is_refused(user, written):
    """The bulk path finds the stored number by its search key: 特願2024-012345, 2024-012345 and
    its full-width form are one application, as the form and the API say."""
    taken = Filing.objects.filter(office="JP", application_number__startswith="特願").order_by("pk").first()
    year, serial = taken.application_number.removeprefix("特願").split("-")
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    number = written.format(year=year, serial=serial, yy=year[2:].translate(full_width), serial_fw=serial.translate(full_width))
    rows = [["reference", "title", "disclosed_on", "consortium", "topic", "owners", "inventors", "office", "filing_kind",
             "application_number", "filing_date", "priority_date", "claims"]]
    for reference, filed in (("WRITTEN-1", "特願2026-777001"), ("WRITTEN-2", number)):
        rows.append([reference, f"Invention {reference}", "2026-05-12", "opera-demo", "T1",
                     "Kita-Nihon University:50;Asahi Devices:50", "Endo Haruki:100", "JP", "national", filed,
                     "2026-07-01", "2026-07-01", 8])
    before = Filing.objects.count()
    report = run_import(importer_class("inventions")(user("ipoffice")), csv_file(rows), "inventions.csv")
    assert not report.committed
    assert [(row.number, [(e.column, e.message) for e in row.errors]) for row in report.bad_rows] == [
        (3, [("application_number",
              f"This number is already recorded for another filing at this office, written {taken.application_number}.")])]
    assert Filing.objects.count() == before


@pytest.mark.parametrize("kind", ["agreements", "inventions"])
def test_an_import_lets_go_of_the_records_it_made_when_it_ends(user, monkeypatch, kind):
    """Freed by reference counting as the run ends (the importer forgets its plan, and a plan
    makes no reference cycles), not left for the cycle collector to walk everything the import
    made first."""
    import gc
    import weakref

    from kyoso.import_bench import agreements_file, inventions_file

    importer = importer_class(kind)(user("ipoffice"))
    kept = []
    write = type(importer).write

    def watching(self, plan):
        write(self, plan)
        records = plan.inventions + plan.filings if kind == "inventions" else plan.new_agreements + plan.new_contributions
        kept.extend(weakref.ref(record) for record in records)

    monkeypatch.setattr(type(importer), "write", watching)
    content = inventions_file(6) if kind == "inventions" else agreements_file(8)
    gc.disable()
    try:
        report = run_import(importer, content, f"{kind}.csv")
        assert report.committed, report.file_errors
        # 6 rows: 3 inventions with a JP and a PCT filing each; 8 rows: 2 agreements of 4 contributions.
        assert len(kept) == (3 + 6 if kind == "inventions" else 2 + 8)
        assert [ref() for ref in kept] == [None] * len(kept)
    finally:
        gc.enable()
    assert vars(importer).keys() == {"user", "_found"}  # as a fresh importer
