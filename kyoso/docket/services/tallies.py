"""The open-deadline tallies rebuilt from the deadlines (``kyoso docket recount``).

The database keeps them itself (the triggers of migrations ``docket.0009_open_tallies`` and
``docket.0011_co_owned_tallies``), so this
is a repair: for a database edited by hand with the triggers dropped, or restored from a copy
made without them.

On SQLite the triggers run once per deadline row; :func:`deadlines_tallied_in_bulk` lets a bulk
insert (an import's tens of thousands of new deadlines) be tallied by grouped statements instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from ..choices import MILESTONE_KINDS, DeadlineState
from ..models import CoOwnedTally, CoOwnedTallyByDay, Deadline, OpenTally, OpenTallyByDay


def _rebuilt(model, rows) -> int:
    """Replace ``model``'s rows by ``rows`` (dicts of its fields); how many there are now."""
    model.objects.all().delete()
    return len(model.objects.bulk_create((model(**row) for row in rows.iterator(chunk_size=5000)), batch_size=5000))


@transaction.atomic
def recount_open_tallies() -> dict[str, int]:
    """Replace every tally by a count of the open action deadlines; returns how many rows each has
    (``days``, ``totals``, ``co_owned_days``, ``co_owned_totals``)."""
    counted = Deadline.objects.open().actions().order_by()
    key = {"consortium_id": Coalesce(F("filing__family__invention__consortium_id"), Value(0)),
           "confidential": F("filing__family__invention__confidential")}
    # Once for each owner organisation of the deadline's invention.
    owned = counted.filter(filing__family__invention__owners__isnull=False)
    organisation = {"organisation_id": F("filing__family__invention__owners__organisation_id")}
    return {
        "days": _rebuilt(OpenTallyByDay, counted.values("office", "due", **key).annotate(n=Count("pk"))),
        "totals": _rebuilt(OpenTally, counted.values(**key).annotate(n=Count("pk"))),
        "co_owned_days": _rebuilt(CoOwnedTallyByDay, owned.values("office", "due", **organisation, **key).annotate(n=Count("pk"))),
        "co_owned_totals": _rebuilt(CoOwnedTally, owned.values(**organisation, **key).annotate(n=Count("pk"))),
    }


# SQLite's per-row triggers that count a new deadline (migrations 0009 and 0011).
_INSERT_TRIGGERS = ("docket_tally_insert", "docket_co_owned_insert")


def _added_since(last_id: int) -> list[tuple[str, list]]:
    """The statements adding the open action deadlines with keys above ``last_id`` to the four
    tallies: what the insert triggers add row by row. The new deadlines are counted once per
    invention, office and day into a scratch table, which each tally then reads grouped."""
    kinds = ", ".join(["%s"] * len(MILESTONE_KINDS))
    key = "coalesce(i.consortium_id, 0), i.confidential"
    rows = "FROM temp.docket_new_deadlines c JOIN ip_invention i ON i.id = c.invention_id"
    owned = f"{rows} JOIN ip_inventionowner ow ON ow.invention_id = i.id"
    return [
        ("CREATE TEMP TABLE docket_new_deadlines AS SELECT fa.invention_id AS invention_id, d.office AS office, "
         "d.due AS due, count(*) AS n FROM docket_deadline d JOIN ip_filing f ON f.id = d.filing_id "
         f"JOIN ip_family fa ON fa.id = f.family_id WHERE d.id > %s AND d.state = %s AND d.kind NOT IN ({kinds}) "
         "GROUP BY 1, 2, 3", [last_id, DeadlineState.OPEN, *sorted(MILESTONE_KINDS)]),
        ("INSERT INTO docket_opentallybyday (consortium_id, confidential, office, due, n) "
         f"SELECT {key}, c.office, c.due, sum(c.n) {rows} WHERE 1 GROUP BY 1, 2, 3, 4 "
         "ON CONFLICT (confidential, consortium_id, due, office) DO UPDATE SET n = docket_opentallybyday.n + excluded.n", []),
        (f"INSERT INTO docket_opentally (consortium_id, confidential, n) SELECT {key}, sum(c.n) {rows} WHERE 1 GROUP BY 1, 2 "
         "ON CONFLICT (confidential, consortium_id) DO UPDATE SET n = docket_opentally.n + excluded.n", []),
        ("INSERT INTO docket_coownedtallybyday (organisation_id, consortium_id, confidential, office, due, n) "
         f"SELECT ow.organisation_id, {key}, c.office, c.due, sum(c.n) {owned} WHERE 1 GROUP BY 1, 2, 3, 4, 5 "
         "ON CONFLICT (organisation_id, due, confidential, consortium_id, office) "
         "DO UPDATE SET n = docket_coownedtallybyday.n + excluded.n", []),
        ("INSERT INTO docket_coownedtally (organisation_id, consortium_id, confidential, n) "
         f"SELECT ow.organisation_id, {key}, sum(c.n) {owned} WHERE 1 GROUP BY 1, 2, 3 "
         "ON CONFLICT (organisation_id, confidential, consortium_id) DO UPDATE SET n = docket_coownedtally.n + excluded.n", []),
        ("DROP TABLE temp.docket_new_deadlines", []),
    ]


@contextmanager
def deadlines_tallied_in_bulk(using: str = "default") -> Iterator[None]:
    """Deadlines *inserted* inside the block are added to the tallies at its end by four grouped
    statements, rather than by SQLite's triggers once per row (measured: 70,000 deadlines of an
    import, 0.6 s of triggers against 0.1 s grouped). PostgreSQL's triggers already run once per
    statement: there the block changes nothing.

    Only for a block that inserts deadlines and changes no other deadline, owner or ancestor of
    one (an import's deadline insert). It must run inside a transaction: the triggers are dropped
    and made again from their own stored text inside it, so a rollback or a crash restores them
    with everything else, and other connections never see the database without them (SQLite's
    write lock is held from the block's first statement to the commit)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("deadlines_tallied_in_bulk needs a transaction: the triggers are dropped inside it")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                       f"({', '.join(['%s'] * len(_INSERT_TRIGGERS))})", list(_INSERT_TRIGGERS))
        triggers = cursor.fetchall()
        cursor.execute("SELECT coalesce(max(id), 0) FROM docket_deadline")
        (last_id,) = cursor.fetchone()  # new rows take larger keys (AUTOINCREMENT never reuses one)
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    yield
    with connection.cursor() as cursor:
        for sql, params in _added_since(last_id):
            cursor.execute(sql, params)
        for _name, sql in triggers:
            cursor.execute(sql)
