"""Database upkeep shared by the commands that rewrite many rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections

__all__ = ["refresh_statistics", "page_cache_of", "checkpoint_after"]


@contextmanager
def _sqlite_pragma(conn, name: str, value: int) -> Iterator[int]:
    """The connection's ``PRAGMA name`` set to ``value`` inside the block (its value before is
    yielded), then set back."""
    with conn.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield before
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {int(before)}")


@contextmanager
def page_cache_of(megabytes: int, using: str = "default") -> Iterator[None]:
    """SQLite: this connection's page cache holds ``megabytes`` inside the block, then its size
    before (a bulk write touches more index pages than the 2 MB default keeps). Elsewhere (a
    server keeps its own cache) nothing changes."""
    conn = connections[using]
    if conn.vendor != "sqlite" or megabytes <= 0:
        yield
        return
    with _sqlite_pragma(conn, "cache_size", -megabytes * 1024):  # negative: KiB
        yield


@contextmanager
def checkpoint_after(using: str = "default") -> Iterator[None]:
    """SQLite: the write-ahead log is copied into the database once, at the end of the block, not
    by the commit inside it. SQLite checkpoints when a commit leaves more than 1,000 pages in the
    log, and does so after the commit has released the write lock — but inside the commit's call,
    so a bulk write's commit seemed to hold the lock for the checkpoint too (10,000 inventions at
    national scale: 0.9 s of a 1.1 s commit). The checkpoint is ``PASSIVE``, as SQLite's own:
    other connections read and write meanwhile. Elsewhere nothing changes."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        yield
        return
    with _sqlite_pragma(conn, "wal_autocheckpoint", 0) as pages:
        yield
    if pages > 0 and not conn.in_atomic_block:
        with conn.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def refresh_statistics(using=None) -> str:
    """Refresh the query planner's statistics after a bulk change; returns the statement run.

    The planner chooses between the scope's indexes by the tables' statistics: after a generated
    dataset or a full docket recompute, stale ones made the CPO's docket home take 4.5 s instead
    of 0.2 s. SQLite: ``ANALYZE`` (``PRAGMA optimize`` only re-analyses tables it judges stale, and
    a table that grew from nothing is not always among them). PostgreSQL: ``VACUUM ANALYZE``: the
    vacuum also marks the freshly written pages all-visible, without which every "index-only" count
    of the docket (its home's tiles) still reads each row from the table: measured at national
    scale, the IP office's docket home took 0.84 s before and 0.38 s after (autovacuum would get
    there too, some time after the bulk change).
    """
    from django.db import connections

    conn = connections[using] if using else connection
    statement = "VACUUM ANALYZE" if conn.vendor == "postgresql" else "ANALYZE"
    if conn.vendor == "postgresql" and conn.in_atomic_block:
        statement = "ANALYZE"  # VACUUM cannot run inside a transaction (a test's, a caller's)
    with conn.cursor() as cursor:
        cursor.execute(statement)
    return statement
