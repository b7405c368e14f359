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


# The triggers that count a new deadline (migrations 0009 and 0011): SQLite's run per row,
# PostgreSQL's per statement, skipped there while this setting is on (migration 0013).
_INSERT_TRIGGERS = ("docket_tally_insert", "docket_co_owned_insert")
_OWNER_TRIGGER = "docket_co_owned_owner_added"  # SQLite's, per owner (migration 0011)
IN_BULK_SETTING = "kyoso.deadlines_in_bulk"


def _counted(deadline: str) -> tuple[str, list]:
    """The SQL test of a deadline the tallies count (open, not a milestone), with its parameters."""
    kinds = ", ".join(["%s"] * len(MILESTONE_KINDS))
    return f"{deadline}.state = %s AND {deadline}.kind NOT IN ({kinds})", [DeadlineState.OPEN, *sorted(MILESTONE_KINDS)]


def _last_key(cursor, table: str) -> int:
    """The largest key of ``table``: rows inserted later take larger ones (SQLite's AUTOINCREMENT
    never reuses a key, PostgreSQL's sequences only grow)."""
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
    return cursor.fetchone()[0]


def _run(cursor, statements: list[tuple[str, list]]) -> None:
    for sql, params in statements:
        cursor.execute(sql, params)


@contextmanager
def _triggers_set_aside(cursor, names: tuple[str, ...]) -> Iterator[None]:
    """SQLite: the triggers ``names`` dropped for the block and made again from their own stored
    text after it (inside the caller's transaction: a rollback or a crash restores them too)."""
    cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
                   f"({', '.join(['%s'] * len(names))})", list(names))
    triggers = cursor.fetchall()
    for name, _sql in triggers:
        cursor.execute(f"DROP TRIGGER {name}")
    yield
    for _name, sql in triggers:
        cursor.execute(sql)


def _added_since(last_id: int, filing_ids: list[int] | None) -> list[tuple[str, list]]:
    """The statements adding the open action deadlines with keys above ``last_id`` (of
    ``filing_ids`` only, when given) to the four tallies: what the insert triggers add. The new
    deadlines are counted once per invention, office and day into a scratch table, which each
    tally then reads grouped, in the order of its key as the triggers write it (on PostgreSQL two
    writers then wait for each other instead of deadlocking)."""
    counted, counted_params = _counted("d")
    new, new_params = "d.id > %s", [last_id]
    if filing_ids is not None:
        new, new_params = f"{new} AND d.filing_id IN (SELECT unnest(%s::bigint[]))", [last_id, filing_ids]
    key = "coalesce(i.consortium_id, 0), i.confidential"
    rows = "FROM docket_new_deadlines c JOIN ip_invention i ON i.id = c.invention_id"
    owned = f"{rows} JOIN ip_inventionowner ow ON ow.invention_id = i.id"
    return [
        ("CREATE TEMP TABLE docket_new_deadlines AS SELECT fa.invention_id AS invention_id, d.office AS office, "
         "d.due AS due, count(*) AS n FROM docket_deadline d JOIN ip_filing f ON f.id = d.filing_id "
         f"JOIN ip_family fa ON fa.id = f.family_id WHERE {new} AND {counted} GROUP BY fa.invention_id, d.office, d.due",
         new_params + counted_params),
        ("INSERT INTO docket_opentallybyday (consortium_id, confidential, office, due, n) "
         f"SELECT {key}, c.office, c.due, sum(c.n) {rows} WHERE 1 = 1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4, 3 "
         "ON CONFLICT (confidential, consortium_id, due, office) DO UPDATE SET n = docket_opentallybyday.n + excluded.n", []),
        (f"INSERT INTO docket_opentally (consortium_id, confidential, n) SELECT {key}, sum(c.n) {rows} WHERE 1 = 1 "
         "GROUP BY 1, 2 ORDER BY 1, 2 "
         "ON CONFLICT (confidential, consortium_id) DO UPDATE SET n = docket_opentally.n + excluded.n", []),
        ("INSERT INTO docket_coownedtallybyday (organisation_id, consortium_id, confidential, office, due, n) "
         f"SELECT ow.organisation_id, {key}, c.office, c.due, sum(c.n) {owned} WHERE 1 = 1 GROUP BY 1, 2, 3, 4, 5 "
         "ORDER BY 1, 5, 3, 2, 4 ON CONFLICT (organisation_id, due, confidential, consortium_id, office) "
         "DO UPDATE SET n = docket_coownedtallybyday.n + excluded.n", []),
        ("INSERT INTO docket_coownedtally (organisation_id, consortium_id, confidential, n) "
         f"SELECT ow.organisation_id, {key}, sum(c.n) {owned} WHERE 1 = 1 GROUP BY 1, 2, 3 ORDER BY 1, 3, 2 "
         "ON CONFLICT (organisation_id, confidential, consortium_id) DO UPDATE SET n = docket_coownedtally.n + excluded.n", []),
        ("DROP TABLE docket_new_deadlines", []),
    ]


@contextmanager
def deadlines_tallied_in_bulk(filing_ids: list[int], using: str = "default") -> Iterator[None]:
    """The deadlines the block *inserts* for ``filing_ids`` (new filings: none of them had a
    deadline) are added to the tallies at its end by grouped statements, rather than by the
    triggers — once per row on SQLite (70,000 deadlines of an import: 0.6 s of triggers against
    0.2 s grouped), once per statement on PostgreSQL (14 statements of an import, each joining its
    5,000 rows to their inventions four times).

    Only for a block that inserts deadlines and changes no other deadline, owner or ancestor of
    one (an import's deadline insert). The block is a savepoint of its own: SQLite's two insert
    triggers are dropped and made again from their stored text inside it, PostgreSQL's skip their
    statements while a setting of this transaction is on — so an error or a crash restores them
    with everything else, and no other connection ever writes without them."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        last_id = _last_key(cursor, "docket_deadline")
        if connection.vendor == "sqlite":
            with _triggers_set_aside(cursor, _INSERT_TRIGGERS):
                yield
                _run(cursor, _added_since(last_id, None))
            return
        cursor.execute("SELECT set_config(%s, 'on', true)", [IN_BULK_SETTING])  # this transaction only
        yield
        cursor.execute("SELECT set_config(%s, 'off', true)", [IN_BULK_SETTING])
        # Other writers' rows committed meanwhile are visible here too: only the new filings' count.
        _run(cursor, _added_since(last_id, list(filing_ids)))


def _owners_added_since(last_id: int) -> list[tuple[str, list]]:
    """The statements adding, for each owner with a key above ``last_id``, the open action
    deadlines of its invention to its organisation's co-owned tallies: what SQLite's trigger adds
    owner by owner (joined from the owner down to the deadlines, as the trigger is)."""
    counted, counted_params = _counted("d")
    rows = ("FROM ip_inventionowner ow CROSS JOIN ip_invention i CROSS JOIN ip_family fa CROSS JOIN ip_filing f "
            "CROSS JOIN docket_deadline d WHERE ow.id > %s AND i.id = ow.invention_id AND fa.invention_id = i.id "
            f"AND f.family_id = fa.id AND d.filing_id = f.id AND {counted}")
    params = [last_id, *counted_params]
    key = "ow.organisation_id, coalesce(i.consortium_id, 0), i.confidential"
    return [
        ("INSERT INTO docket_coownedtallybyday (organisation_id, consortium_id, confidential, office, due, n) "
         f"SELECT {key}, d.office, d.due, count(*) {rows} GROUP BY 1, 2, 3, 4, 5 "
         "ON CONFLICT (organisation_id, due, confidential, consortium_id, office) "
         "DO UPDATE SET n = docket_coownedtallybyday.n + excluded.n", params),
        ("INSERT INTO docket_coownedtally (organisation_id, consortium_id, confidential, n) "
         f"SELECT {key}, count(*) {rows} GROUP BY 1, 2, 3 "
         "ON CONFLICT (organisation_id, confidential, consortium_id) DO UPDATE SET n = docket_coownedtally.n + excluded.n",
         params),
    ]


@contextmanager
def owners_tallied_in_bulk(using: str = "default") -> Iterator[None]:
    """Owners *inserted* inside the block are added to the co-owned tallies at its end by two
    grouped statements, rather than by SQLite's trigger once per owner (an import's 10,000 owners
    of new inventions, which have no deadline yet: 0.09 s of triggers finding nothing).
    PostgreSQL's trigger runs once per statement already: there the block changes nothing.

    Only for a block that inserts owners and changes nothing else the tallies count. A savepoint
    of its own: the trigger is dropped and made again from its stored text inside it."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        last_id = _last_key(cursor, "ip_inventionowner")
        with _triggers_set_aside(cursor, (_OWNER_TRIGGER,)):
            yield
            _run(cursor, _owners_added_since(last_id))


def on_owners_inserting(owners, *, user=None):
    """The ``owners_inserting`` hook: an import's new owners tallied in bulk."""
    return owners_tallied_in_bulk()
