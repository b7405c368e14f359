"""Database upkeep shared by the commands that rewrite many rows."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager

from django.db import connection, connections

logger = logging.getLogger(__name__)

__all__ = ["refresh_statistics", "page_cache_of", "checkpoint_after", "checkpoints_done"]


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
    """SQLite: the write-ahead log is copied into the database once, after the block, by a thread
    of its own — not by the commit inside the block.

    SQLite checkpoints when a commit leaves more than 1,000 pages in the log, after the commit has
    released the write lock but inside the commit's call: a bulk write's commit seemed to hold the
    lock for the checkpoint too (10,000 inventions at national scale: 0.9 s of a 1.1 s commit),
    and the import waited for it. SQLite's documentation of the write-ahead log leaves the
    checkpoints to the application if it likes ("run checkpoints during idle moments or in a
    separate thread or process"): here a thread on a connection of its own runs a ``PASSIVE``
    checkpoint, as SQLite's own would be, while the caller goes on (other connections read and
    write meanwhile; the process waits for it before it exits). Elsewhere nothing changes."""
    conn = connections[using]
    if conn.vendor != "sqlite":
        yield
        return
    with _sqlite_pragma(conn, "wal_autocheckpoint", 0) as pages:
        yield
    if pages > 0 and not conn.in_atomic_block:
        _checkpoint_meanwhile(conn)


_checkpoints: list[threading.Thread] = []  # started by checkpoint_after, not known to be done


def _checkpoint_meanwhile(conn) -> None:
    """Start a ``PASSIVE`` checkpoint of ``conn``'s database file on a thread of its own
    (nothing to do for an in-memory database, which has no write-ahead log)."""
    path = conn.settings_dict["NAME"]
    if conn.is_in_memory_db():
        return  # no write-ahead log
    timeout = conn.settings_dict.get("OPTIONS", {}).get("timeout", 20)

    def checkpoint() -> None:
        # The standard driver, not Django's: a connection made and closed here, on this thread.
        try:
            with closing(sqlite3.connect(str(path), timeout=timeout)) as own:
                own.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error as error:  # the log stays whole: the next commit's checkpoint copies it
            logger.warning("Checkpoint after a bulk write failed: %s", error)

    _checkpoints[:] = [thread for thread in _checkpoints if thread.is_alive()]
    # Not a daemon: a command that imported waits for it when it exits (a checkpoint cut short is
    # harmless — the log stays whole — but is work left to the next writer).
    thread = threading.Thread(target=checkpoint, name="sqlite-checkpoint")
    thread.start()
    _checkpoints.append(thread)


def checkpoints_done(timeout: float | None = None) -> bool:
    """Wait for the checkpoints :func:`checkpoint_after` started; whether all have ended."""
    for thread in list(_checkpoints):
        thread.join(timeout)
    return not any(thread.is_alive() for thread in _checkpoints)


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
