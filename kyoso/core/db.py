"""Database upkeep shared by the commands that rewrite many rows."""

from __future__ import annotations

from django.db import connection

__all__ = ["refresh_statistics"]


def refresh_statistics(using=None) -> str:
    """Refresh the query planner's statistics after a bulk change; returns the statement run.

    The planner chooses between the scope's indexes by the tables' statistics: after a generated
    dataset or a full docket recompute, stale ones made the CPO's docket home take 4.5 s instead
    of 0.2 s. PostgreSQL: ``ANALYZE``; SQLite: ``ANALYZE`` (``PRAGMA optimize`` only re-analyses
    tables it judges stale, and a table that grew from nothing is not always among them).
    """
    from django.db import connections

    conn = connections[using] if using else connection
    statement = "ANALYZE"
    with conn.cursor() as cursor:
        cursor.execute(statement)
    return statement
