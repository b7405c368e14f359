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


def test_the_checkpoint_after_a_bulk_write_runs_on_its_own_thread_and_connection(tmp_path):
    """The import does not wait for it: the pages its write left in the log reach the database
    file while the caller goes on (measured: 0.11 s of a 10,000-invention import on SQLite)."""
    import os
    import sqlite3

    from django.db.backends.sqlite3.base import DatabaseWrapper

    from kyoso.core.db import _checkpoint_meanwhile, checkpoints_done

    path = tmp_path / "bulk.sqlite3"
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # as during an import
    writer.execute("CREATE TABLE t (x TEXT)")
    writer.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 2000)
    writer.commit()
    size_before = os.path.getsize(path)
    assert size_before < 100_000  # ~1 MB of rows, all in the log still
    _checkpoint_meanwhile(DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "OPTIONS": {}}))
    assert checkpoints_done(timeout=30)
    assert os.path.getsize(path) > 1_000_000  # copied into the database file
    assert writer.execute("SELECT COUNT(*) FROM t").fetchone() == (2000,)
    writer.close()
