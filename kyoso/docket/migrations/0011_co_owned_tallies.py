"""The co-owned open-deadline tallies and the triggers that keep them (``kyoso.docket.models.CoOwnedTallyByDay``).

The tallies of ``0009_open_tallies`` counted once for each owner organisation of a deadline's
invention. Every write that can change them is covered: a deadline inserted, deleted or updated;
an invention moved to another consortium or made (non-)confidential; a family moved to another
invention, a filing to another family; an owner added, removed or changed. SQLite runs a trigger
per row; PostgreSQL one per statement over the rows it changed (transition tables) for deadlines
and owners, which imports write by the thousand, and one per row for the rare moves. Rows are
locked in key order, so concurrent writers wait for each other rather than deadlock.
"""

from importlib import import_module

from django.db import migrations, models

# The kinds the tallies leave out and the test of a counted deadline: 0009's, frozen with it
# (kyoso/docket/tests/test_tallies.py checks they still agree with today's milestone kinds).
_OPEN_TALLIES = import_module("kyoso.docket.migrations.0009_open_tallies")
MILESTONES, _counted = _OPEN_TALLIES.MILESTONES, _OPEN_TALLIES._counted
DAY, TOTAL = "docket_coownedtallybyday", "docket_coownedtally"
_ANCESTORS = ("JOIN ip_filing f ON f.id = d.filing_id JOIN ip_family fa ON fa.id = f.family_id "
              "JOIN ip_invention i ON i.id = fa.invention_id JOIN ip_inventionowner ow ON ow.invention_id = i.id")


def _upsert_day(select: str) -> str:
    """Add ``select``'s rows (organisation, consortium, confidential, office, due, n; one per key)."""
    return (f"INSERT INTO {DAY} (organisation_id, consortium_id, confidential, office, due, n) {select} "
            f"ON CONFLICT (organisation_id, due, confidential, consortium_id, office) DO UPDATE SET n = {DAY}.n + excluded.n")


def _upsert_total(select: str) -> str:
    """Add ``select``'s rows (organisation, consortium, confidential, n; one per key)."""
    return (f"INSERT INTO {TOTAL} (organisation_id, consortium_id, confidential, n) {select} "
            f"ON CONFLICT (organisation_id, confidential, consortium_id) DO UPDATE SET n = {TOTAL}.n + excluded.n")


def _grouped_pair(organisation: str, consortium: str, confidential: str, rows: str, sign: str) -> list[str]:
    """The day and total upserts of ``rows`` (``FROM … WHERE …`` over deadlines ``d``), counted ``sign``1 each."""
    key = f"{organisation}, {consortium}, {confidential}"
    return [
        _upsert_day(f"SELECT {organisation}, coalesce({consortium}, 0), {confidential}, d.office, d.due, {sign}count(*) {rows} "
                    f"GROUP BY {key}, d.office, d.due ORDER BY 1, 5, 3, 2, 4"),
        _upsert_total(f"SELECT {organisation}, coalesce({consortium}, 0), {confidential}, {sign}count(*) {rows} "
                      f"GROUP BY {key} HAVING count(*) > 0 ORDER BY 1, 3, 2"),
    ]


def _moved(source: str, key: tuple[str, str]) -> list[str]:
    """Move the open action deadlines ``d`` of ``source`` (``{side}`` for OLD or NEW; owners ``ow``)
    from the tallies of the OLD key (consortium, confidential expressions) to the NEW one's."""
    statements = []
    for side, sign in (("OLD", "-"), ("NEW", "")):
        consortium, confidential = (part.format(side=side) for part in key)
        statements += _grouped_pair("ow.organisation_id", consortium, confidential, source.format(side=side), sign)
    return statements


# Each source is written in the order SQLite should join it (CROSS JOIN fixes it there; PostgreSQL
# plans it as usual): from the row that moved down to its deadlines, never the other way round,
# which would read every open deadline of the database for one invention.
_INVENTION_MOVED = _moved(
    "FROM ip_family fa CROSS JOIN ip_filing f CROSS JOIN docket_deadline d CROSS JOIN ip_inventionowner ow "
    f"WHERE fa.invention_id = NEW.id AND f.family_id = fa.id AND d.filing_id = f.id AND ow.invention_id = NEW.id "
    f"AND {_counted('d')}",
    ("{side}.consortium_id", "{side}.confidential"))
_FAMILY_MOVED = _moved(
    "FROM ip_filing f CROSS JOIN docket_deadline d CROSS JOIN ip_invention k CROSS JOIN ip_inventionowner ow "
    "WHERE f.family_id = NEW.id AND d.filing_id = f.id AND k.id = {side}.invention_id AND ow.invention_id = k.id "
    f"AND {_counted('d')}",
    ("k.consortium_id", "k.confidential"))
_FILING_MOVED = _moved(
    "FROM docket_deadline d CROSS JOIN ip_family kf CROSS JOIN ip_invention k CROSS JOIN ip_inventionowner ow "
    "WHERE d.filing_id = NEW.id AND kf.id = {side}.family_id AND k.id = kf.invention_id AND ow.invention_id = k.id "
    f"AND {_counted('d')}",
    ("k.consortium_id", "k.confidential"))

_MOVES = (
    # (table, the columns, the condition on OLD and NEW (SQLite, PostgreSQL), statements)
    ("ip_invention", "consortium_id, confidential",
     ("OLD.consortium_id IS NOT NEW.consortium_id OR OLD.confidential <> NEW.confidential",
      "OLD.consortium_id IS DISTINCT FROM NEW.consortium_id OR OLD.confidential <> NEW.confidential"), _INVENTION_MOVED),
    ("ip_family", "invention_id", ("OLD.invention_id <> NEW.invention_id",) * 2, _FAMILY_MOVED),
    ("ip_filing", "family_id", ("OLD.family_id <> NEW.family_id",) * 2, _FILING_MOVED),
)


def _one_deadline(row: str, sign: str) -> list[str]:
    """SQLite: add (``sign`` "") or take away ("-") one deadline ``row`` for each owner of its invention."""
    where = f"FROM ip_filing f JOIN ip_family fa ON fa.id = f.family_id JOIN ip_invention i ON i.id = fa.invention_id " \
            f"JOIN ip_inventionowner ow ON ow.invention_id = i.id WHERE f.id = {row}.filing_id"
    return [
        _upsert_day(f"SELECT ow.organisation_id, coalesce(i.consortium_id, 0), i.confidential, {row}.office, {row}.due, {sign}1 {where}"),
        _upsert_total(f"SELECT ow.organisation_id, coalesce(i.consortium_id, 0), i.confidential, {sign}1 {where}"),
    ]


def _one_owner(row: str, sign: str) -> list[str]:
    """SQLite: add or take away the open action deadlines of owner ``row``'s invention for its organisation."""
    rows = (f"FROM ip_family fa CROSS JOIN ip_invention i CROSS JOIN ip_filing f CROSS JOIN docket_deadline d "
            f"WHERE fa.invention_id = {row}.invention_id AND i.id = fa.invention_id AND f.family_id = fa.id "
            f"AND d.filing_id = f.id AND {_counted('d')}")
    return _grouped_pair(f"{row}.organisation_id", "i.consortium_id", "i.confidential", rows, sign)


def _sqlite_triggers() -> list[str]:
    def trigger(name: str, event: str, table: str, when: str, statements: list[str]) -> str:
        body = "".join(f"{statement};\n" for statement in statements)
        return f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN {when} BEGIN\n{body}END"

    columns = "state, kind, office, due, filing_id"
    owner_changed = "OLD.organisation_id <> NEW.organisation_id OR OLD.invention_id <> NEW.invention_id"
    triggers = [
        trigger("docket_co_owned_insert", "INSERT", "docket_deadline", _counted("NEW"), _one_deadline("NEW", "")),
        trigger("docket_co_owned_delete", "DELETE", "docket_deadline", _counted("OLD"), _one_deadline("OLD", "-")),
        trigger("docket_co_owned_update_old", f"UPDATE OF {columns}", "docket_deadline", _counted("OLD"), _one_deadline("OLD", "-")),
        trigger("docket_co_owned_update_new", f"UPDATE OF {columns}", "docket_deadline", _counted("NEW"), _one_deadline("NEW", "")),
        trigger("docket_co_owned_owner_added", "INSERT", "ip_inventionowner", "1", _one_owner("NEW", "")),
        trigger("docket_co_owned_owner_removed", "DELETE", "ip_inventionowner", "1", _one_owner("OLD", "-")),
        trigger("docket_co_owned_owner_changed", "UPDATE OF organisation_id, invention_id", "ip_inventionowner",
                f"({owner_changed})", _one_owner("OLD", "-") + _one_owner("NEW", "")),
    ]
    for table, columns, (when, _pg), statements in _MOVES:
        triggers.append(trigger(f"docket_co_owned_{table}_moved", f"UPDATE OF {columns}", table, f"({when})", statements))
    return triggers


def _deadline_rows(rows: str, sign: str) -> tuple[str, str]:
    """PostgreSQL: the (day, total) selects of the counted deadlines in transition table ``rows``, once per owner."""
    day = (f"SELECT ow.organisation_id AS g, coalesce(i.consortium_id, 0) AS c, i.confidential AS x, d.office AS o, "
           f"d.due AS u, {sign}1 AS s FROM {rows} d {_ANCESTORS} WHERE {_counted('d')}")
    total = (f"SELECT ow.organisation_id AS g, coalesce(i.consortium_id, 0) AS c, i.confidential AS x, {sign}1 AS s "
             f"FROM {rows} d {_ANCESTORS} WHERE {_counted('d')}")
    return day, total


def _owner_rows(rows: str, sign: str) -> tuple[str, str]:
    """PostgreSQL: the (day, total) selects of the counted deadlines of the owners in transition table ``rows``."""
    source = (f"FROM {rows} ow JOIN ip_invention i ON i.id = ow.invention_id JOIN ip_family fa ON fa.invention_id = i.id "
              f"JOIN ip_filing f ON f.family_id = fa.id JOIN docket_deadline d ON d.filing_id = f.id WHERE {_counted('d')}")
    day = (f"SELECT ow.organisation_id AS g, coalesce(i.consortium_id, 0) AS c, i.confidential AS x, d.office AS o, "
           f"d.due AS u, {sign}1 AS s {source}")
    total = f"SELECT ow.organisation_id AS g, coalesce(i.consortium_id, 0) AS c, i.confidential AS x, {sign}1 AS s {source}"
    return day, total


def _summed(parts: list[tuple[str, str]]) -> list[str]:
    days = " UNION ALL ".join(day for day, _total in parts)
    totals = " UNION ALL ".join(total for _day, total in parts)
    return [
        _upsert_day(f"SELECT g, c, x, o, u, sum(s) FROM ({days}) t GROUP BY g, c, x, u, o HAVING sum(s) <> 0 ORDER BY g, u, x, c, o"),
        _upsert_total(f"SELECT g, c, x, sum(s) FROM ({totals}) t GROUP BY g, c, x HAVING sum(s) <> 0 ORDER BY g, x, c"),
    ]


#: PostgreSQL's statement triggers: (name, table, event, transition tables, the function's statements).
_STATEMENT_TRIGGERS = (
    ("docket_co_owned_insert", "docket_deadline", "INSERT", "NEW TABLE AS new_rows", _summed([_deadline_rows("new_rows", "")])),
    ("docket_co_owned_delete", "docket_deadline", "DELETE", "OLD TABLE AS old_rows", _summed([_deadline_rows("old_rows", "-")])),
    ("docket_co_owned_update", "docket_deadline", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
     _summed([_deadline_rows("old_rows", "-"), _deadline_rows("new_rows", "")])),
    ("docket_co_owned_owner_added", "ip_inventionowner", "INSERT", "NEW TABLE AS new_rows", _summed([_owner_rows("new_rows", "")])),
    ("docket_co_owned_owner_removed", "ip_inventionowner", "DELETE", "OLD TABLE AS old_rows", _summed([_owner_rows("old_rows", "-")])),
    # Every update of owners (a share changed too): what an unchanged owner takes away it adds back, and
    # sums of zero are not written.
    ("docket_co_owned_owner_changed", "ip_inventionowner", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
     _summed([_owner_rows("old_rows", "-"), _owner_rows("new_rows", "")])),
)


def _postgresql_triggers() -> list[str]:
    def function(name: str, statements: list[str]) -> str:
        body = "".join(f"  {statement};\n" for statement in statements)
        return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}  RETURN NULL;\nEND\n$$"

    statements = []
    for name, table, event, transition, body in _STATEMENT_TRIGGERS:
        statements.append(function(name, body))
        statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")
    for table, columns, (_sqlite, when), moved in _MOVES:
        statements.append(function(f"docket_co_owned_{table}_moved", moved))
        statements.append(f"CREATE TRIGGER docket_co_owned_{table}_moved AFTER UPDATE OF {columns} ON {table} FOR EACH ROW "
                          f"WHEN ({when}) EXECUTE FUNCTION docket_co_owned_{table}_moved()")
    return statements


def _filled() -> list[str]:
    """The tallies counted afresh from the deadlines and owners (a database that has some already)."""
    rows = f"FROM docket_deadline d {_ANCESTORS} WHERE {_counted('d')}"
    return [
        f"DELETE FROM {DAY}", f"DELETE FROM {TOTAL}",
        f"INSERT INTO {DAY} (organisation_id, consortium_id, confidential, office, due, n) SELECT ow.organisation_id, "
        f"coalesce(i.consortium_id, 0), i.confidential, d.office, d.due, count(*) {rows} GROUP BY 1, 2, 3, 4, 5",
        f"INSERT INTO {TOTAL} (organisation_id, consortium_id, confidential, n) SELECT ow.organisation_id, "
        f"coalesce(i.consortium_id, 0), i.confidential, count(*) {rows} GROUP BY 1, 2, 3",
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"kyoso runs on SQLite or PostgreSQL, not {vendor}")
    for statement in _filled() + (_sqlite_triggers() if vendor == "sqlite" else _postgresql_triggers()):
        schema_editor.execute(statement, params=None)


def _trigger_tables() -> list[tuple[str, str]]:
    """(trigger, table) of every trigger this migration creates on either database."""
    names = [(f"docket_co_owned_{event}", "docket_deadline") for event in ("insert", "delete", "update", "update_old", "update_new")]
    names += [(f"docket_co_owned_owner_{event}", "ip_inventionowner") for event in ("added", "removed", "changed")]
    return names + [(f"docket_co_owned_{table}_moved", table) for table, *_rest in _MOVES]


def uninstall(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for name, table in _trigger_tables():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if sqlite else f" ON {table}"), params=None)
        if not sqlite:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('docket', '0010_open_window_in_list_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='CoOwnedTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consortium_id', models.BigIntegerField(verbose_name='consortium')),
                ('confidential', models.BooleanField(verbose_name='confidential')),
                ('n', models.IntegerField(default=0, verbose_name='open deadlines')),
                ('organisation_id', models.BigIntegerField(verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'co-owned open deadlines',
                'verbose_name_plural': 'co-owned open deadlines',
                'constraints': [models.UniqueConstraint(fields=('organisation_id', 'confidential', 'consortium_id'), name='co_owned_tally_key')],
            },
        ),
        migrations.CreateModel(
            name='CoOwnedTallyByDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consortium_id', models.BigIntegerField(verbose_name='consortium')),
                ('confidential', models.BooleanField(verbose_name='confidential')),
                ('n', models.IntegerField(default=0, verbose_name='open deadlines')),
                ('organisation_id', models.BigIntegerField(verbose_name='organisation')),
                ('office', models.CharField(max_length=3, verbose_name='office')),
                ('due', models.DateField(verbose_name='due')),
            ],
            options={
                'verbose_name': 'co-owned open deadlines by day',
                'verbose_name_plural': 'co-owned open deadlines by day',
                'constraints': [models.UniqueConstraint(fields=('organisation_id', 'due', 'confidential', 'consortium_id', 'office'), name='co_owned_tally_day_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
