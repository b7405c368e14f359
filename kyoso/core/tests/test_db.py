"""Refreshing the planner's statistics after a bulk change."""

import pytest
from django.db import connection, transaction

from kyoso.core.db import refresh_statistics


@pytest.mark.django_db(transaction=True)
def test_postgresql_also_vacuums_so_index_only_counts_skip_the_table():
    assert refresh_statistics() == ("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_only_the_statistics_are_refreshed():
    with transaction.atomic():
        assert refresh_statistics() == "ANALYZE"


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_compilation():
    """A company's deadline list is costed in the millions (a subquery per row) and ran 300 ms
    slower with PostgreSQL compiling it; SQLite has no such setting to check."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def _pragma(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def _cache_size() -> int:
    return _pragma("cache_size")


@pytest.mark.django_db
def test_a_bulk_import_writes_with_a_larger_sqlite_page_cache_and_checkpoints_after_it(user, settings, monkeypatch):
    """The write of 10,000 inventions re-read evicted index pages with SQLite's 2 MB default."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's setting: a server keeps its own cache")
    from kyoso.core.importing import importer_class, run_import
    from kyoso.import_bench import inventions_file
    from kyoso.ip.importers import InventionImporter

    settings.KYOSO_IMPORT_SQLITE_CACHE_MB = 48
    before, pages = _cache_size(), _pragma("wal_autocheckpoint")
    assert before != -48 * 1024 and pages > 0
    seen = []
    write = InventionImporter.write
    monkeypatch.setattr(InventionImporter, "write",
                        lambda self, plan: seen.append((_cache_size(), _pragma("wal_autocheckpoint"))) or write(self, plan))
    report = run_import(importer_class("inventions")(user("ipoffice")), inventions_file(4), "inventions.csv")
    assert report.committed, report.file_errors
    # Negative: KiB. No checkpoint inside the commit: it is run after the write lock is released.
    assert seen == [(-48 * 1024, 0)]
    assert (_cache_size(), _pragma("wal_autocheckpoint")) == (before, pages)
