"""Exports prepared in the background: the owner's rows and columns, the owner's file alone."""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.core.models import PreparedExport
from kyoso.core.prepared_exports import delete_expired, run_pending


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KYOSO_EXPORT_THREADS = False  # the test runs the export itself, as `kyoso exports run` does


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _prepare(web, url_name, export_format="csv", **filters):
    response = web.get(reverse(url_name), {**filters, "export": export_format, "background": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("prepared_export_list")
    assert run_pending() == 1
    return PreparedExport.objects.latest("pk")


def _download(web, export):
    response = web.get(reverse("prepared_export_download", args=[export.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_background_export_has_the_rows_of_the_streamed_one_and_only_its_owner_downloads_it(login, user):
    web = login("company-a")
    streamed = _csv(b"".join(web.get(reverse("ip:filing_list"), {"office": "JP", "export": "csv"}).streaming_content))
    export = _prepare(web, "ip:filing_list", office="JP")
    assert (export.owner, export.status, export.query) == (user("company-a"), "ready", "/filings/?office=JP")
    assert export.rows == len(streamed) - 1 > 0
    assert _csv(_download(web, export)) == streamed
    page = web.get(reverse("prepared_export_list")).content.decode()
    assert reverse("prepared_export_download", args=[export.pk]) in page
    for other in ("ipoffice", "company-b", "auditor"):
        assert login(other).get(reverse("prepared_export_download", args=[export.pk])).status_code == 404
        assert reverse("prepared_export_download", args=[export.pk]) not in login(other).get(
            reverse("prepared_export_list")).content.decode()


def test_background_exports_keep_hidden_columns_and_cells_hidden(login):
    web = login("company-a")
    rights = _prepare(web, "portfolio:reviewitem_list", "xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(_download(web, rights)), read_only=True).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) > 1
    assert "income" not in [h.lower() for h in rows[0]]  # the column is left out for a company
    assert not any("6300000" in cell or "6,300,000" in cell for row in rows for cell in row)
    statement = _csv(_download(web, _prepare(web, "licensing:statement")))
    assert len(statement) == 3  # the header and Asahi's two lines
    assert not any("LIC-2024-001" in cell or "4,590,000" in cell for row in statement for cell in row)
    assert {row[1] for row in statement[1:]} == {"—"}  # another licensee's licence, hidden cell by cell


def test_an_export_larger_than_the_threshold_goes_to_the_background(login, settings):
    settings.KYOSO_EXPORT_BACKGROUND_ROWS = 3
    web = login("ipoffice")
    assert web.get(reverse("parties:organisation_list"), {"export": "csv"}).status_code == 302
    assert PreparedExport.objects.get().status == "pending"
    settings.KYOSO_EXPORT_BACKGROUND_ROWS = 100_000
    assert web.get(reverse("parties:organisation_list"), {"export": "csv"}).status_code == 200


def test_an_export_whose_thread_died_is_taken_over_and_old_files_are_deleted(login, user):
    web = login("cpo")
    export = _prepare(web, "agreements:agreement_list")
    first = export.file.path
    # A worker killed mid-export leaves the row running; after KYOSO_EXPORT_STALE_MINUTES it is run again.
    PreparedExport.objects.filter(pk=export.pk).update(status="running", started=timezone.now() - timedelta(hours=1))
    fresh = PreparedExport.objects.create(owner=user("cpo"), query="/agreements/", format="csv", status="running",
                                          started=timezone.now())
    assert run_pending() == 1  # the stale one only: the fresh one's thread is still at work
    export.refresh_from_db()
    path = export.file.path
    assert export.status == "ready"
    assert not os.path.exists(first) or first == path  # the file of the dead run is replaced
    assert PreparedExport.objects.get(pk=fresh.pk).status == "running"
    PreparedExport.objects.filter(pk=export.pk).update(created=timezone.now() - timedelta(days=8))
    assert os.path.exists(path)
    assert delete_expired() == 1
    assert not PreparedExport.objects.filter(pk=export.pk).exists()
    assert not os.path.exists(path)


def test_a_stored_query_that_is_not_a_list_fails_with_its_reason(user):
    export = PreparedExport.objects.create(owner=user("ipoffice"), query="/nowhere/", format="csv")
    run_pending()
    export.refresh_from_db()
    assert export.status == "failed" and "not a list page" in export.error
