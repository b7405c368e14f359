"""The open-deadline tallies and the triggers that keep them (see ``kyoso.docket.models.OpenTallyByDay``).

Every write that can change which tally an open action deadline falls in is covered: a deadline
inserted, deleted or updated (its state, kind, office, date or filing), an invention moved to
another consortium or made (non-)confidential, a family moved to another invention, a filing to
another family. SQLite runs a trigger per row; PostgreSQL one per statement over the rows it
changed (transition tables), so that an import or a recompute of 70,000 deadlines updates the
tallies in one grouped statement. Rows are locked in key order, so concurrent writers wait for
each other rather than deadlock.
"""

from django.db import migrations, models

# The kinds the tallies leave out: kyoso.docket.choices.MILESTONE_KINDS when this migration was
# written (kyoso/docket/tests/test_tallies.py checks they still agree: a change needs a migration).
MILESTONES = ("expiry", "iprp", "maintenance_window_opens", "publication", "search_report")
_KINDS = ", ".join(f"'{kind}'" for kind in MILESTONES)
DAY, TOTAL = "docket_opentallybyday", "docket_opentally"
_ANCESTORS = "JOIN ip_filing f ON f.id = d.filing_id JOIN ip_family fa ON fa.id = f.family_id JOIN ip_invention i ON i.id = fa.invention_id"


def _counted(row: str) -> str:
    return f"{row}.state = 'open' AND {row}.kind NOT IN ({_KINDS})"


def _upsert_day(select: str) -> str:
    """Add ``select``'s rows (consortium_id, confidential, office, due, n; one per key) to the tally by day."""
    return (f"INSERT INTO {DAY} (consortium_id, confidential, office, due, n) {select} "
            f"ON CONFLICT (confidential, consortium_id, due, office) DO UPDATE SET n = {DAY}.n + excluded.n")


def _upsert_total(select: str) -> str:
    """Add ``select``'s rows (consortium_id, confidential, n; one per key) to the tally."""
    return (f"INSERT INTO {TOTAL} (consortium_id, confidential, n) {select} "
            f"ON CONFLICT (confidential, consortium_id) DO UPDATE SET n = {TOTAL}.n + excluded.n")


def _moved(source: str, key: tuple[str, str]) -> list[str]:
    """The statements moving the open action deadlines ``d`` of ``source`` (``FROM … WHERE …``,
    ``{side}`` standing for OLD or NEW) from the tallies of the OLD ``key`` (consortium and
    confidential expressions, ``{side}`` too) to those of the NEW one."""
    statements = []
    for side, sign in (("OLD", "-"), ("NEW", "")):
        consortium, confidential = (part.format(side=side) for part in key)
        rows = source.format(side=side)
        statements.append(_upsert_day(
            f"SELECT coalesce({consortium}, 0), {confidential}, d.office, d.due, {sign}count(*) {rows} "
            f"GROUP BY {consortium}, {confidential}, d.office, d.due ORDER BY 1, 2, 4, 3"))
        statements.append(_upsert_total(
            f"SELECT coalesce({consortium}, 0), {confidential}, {sign}count(*) {rows} "
            f"GROUP BY {consortium}, {confidential} HAVING count(*) > 0 ORDER BY 1, 2"))
    return statements


_INVENTION_MOVED = _moved(
    "FROM docket_deadline d JOIN ip_filing f ON f.id = d.filing_id JOIN ip_family fa ON fa.id = f.family_id "
    f"WHERE fa.invention_id = NEW.id AND {_counted('d')}",
    ("{side}.consortium_id", "{side}.confidential"))
_FAMILY_MOVED = _moved(
    "FROM docket_deadline d JOIN ip_filing f ON f.id = d.filing_id JOIN ip_invention k ON k.id = {side}.invention_id "
    f"WHERE f.family_id = NEW.id AND {_counted('d')}",
    ("k.consortium_id", "k.confidential"))
_FILING_MOVED = _moved(
    "FROM docket_deadline d JOIN ip_family kf ON kf.id = {side}.family_id JOIN ip_invention k ON k.id = kf.invention_id "
    f"WHERE d.filing_id = NEW.id AND {_counted('d')}",
    ("k.consortium_id", "k.confidential"))

_MOVES = (
    # (table, the columns, the condition on OLD and NEW (SQLite, PostgreSQL), statements)
    ("ip_invention", "consortium_id, confidential",
     ("OLD.consortium_id IS NOT NEW.consortium_id OR OLD.confidential <> NEW.confidential",
      "OLD.consortium_id IS DISTINCT FROM NEW.consortium_id OR OLD.confidential <> NEW.confidential"), _INVENTION_MOVED),
    ("ip_family", "invention_id", ("OLD.invention_id <> NEW.invention_id",) * 2, _FAMILY_MOVED),
    ("ip_filing", "family_id", ("OLD.family_id <> NEW.family_id",) * 2, _FILING_MOVED),
)


def _one_row(row: str, sign: str) -> list[str]:
    """SQLite: the statements adding (``sign`` "") or taking away ("-") one deadline ``row`` (NEW or OLD)."""
    where = f"FROM ip_filing f JOIN ip_family fa ON fa.id = f.family_id JOIN ip_invention i ON i.id = fa.invention_id WHERE f.id = {row}.filing_id"
    return [_upsert_day(f"SELECT coalesce(i.consortium_id, 0), i.confidential, {row}.office, {row}.due, {sign}1 {where}"),
            _upsert_total(f"SELECT coalesce(i.consortium_id, 0), i.confidential, {sign}1 {where}")]


def _sqlite_triggers() -> list[str]:
    def trigger(name: str, event: str, table: str, when: str, statements: list[str]) -> str:
        body = "".join(f"{statement};\n" for statement in statements)
        return f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW WHEN {when} BEGIN\n{body}END"

    columns = "state, kind, office, due, filing_id"
    triggers = [
        trigger("docket_tally_insert", "INSERT", "docket_deadline", _counted("NEW"), _one_row("NEW", "")),
        trigger("docket_tally_delete", "DELETE", "docket_deadline", _counted("OLD"), _one_row("OLD", "-")),
        trigger("docket_tally_update_old", f"UPDATE OF {columns}", "docket_deadline", _counted("OLD"), _one_row("OLD", "-")),
        trigger("docket_tally_update_new", f"UPDATE OF {columns}", "docket_deadline", _counted("NEW"), _one_row("NEW", "")),
    ]
    for table, columns, (when, _pg), statements in _MOVES:
        triggers.append(trigger(f"docket_tally_{table}_moved", f"UPDATE OF {columns}", table, f"({when})", statements))
    return triggers


def _grouped(rows: str, sign: str) -> tuple[str, str]:
    """PostgreSQL: the (day, total) selects of the counted deadlines in transition table ``rows``, each row counting ``sign``1."""
    day = f"SELECT coalesce(i.consortium_id, 0) AS c, i.confidential AS x, d.office AS o, d.due AS u, {sign}1 AS s FROM {rows} d {_ANCESTORS} WHERE {_counted('d')}"
    total = f"SELECT coalesce(i.consortium_id, 0) AS c, i.confidential AS x, {sign}1 AS s FROM {rows} d {_ANCESTORS} WHERE {_counted('d')}"
    return day, total


def _summed(parts: list[tuple[str, str]]) -> list[str]:
    days = " UNION ALL ".join(day for day, _total in parts)
    totals = " UNION ALL ".join(total for _day, total in parts)
    return [
        _upsert_day(f"SELECT c, x, o, u, sum(s) FROM ({days}) t GROUP BY c, x, u, o HAVING sum(s) <> 0 ORDER BY c, x, u, o"),
        _upsert_total(f"SELECT c, x, sum(s) FROM ({totals}) t GROUP BY c, x HAVING sum(s) <> 0 ORDER BY c, x"),
    ]


def _postgresql_triggers() -> list[str]:
    def function(name: str, statements: list[str]) -> str:
        body = "".join(f"  {statement};\n" for statement in statements)
        return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body}  RETURN NULL;\nEND\n$$"

    statements = [
        function("docket_tally_inserted", _summed([_grouped("new_rows", "")])),
        function("docket_tally_deleted", _summed([_grouped("old_rows", "-")])),
        function("docket_tally_updated", _summed([_grouped("old_rows", "-"), _grouped("new_rows", "")])),
        "CREATE TRIGGER docket_tally_insert AFTER INSERT ON docket_deadline REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION docket_tally_inserted()",
        "CREATE TRIGGER docket_tally_delete AFTER DELETE ON docket_deadline REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION docket_tally_deleted()",
        "CREATE TRIGGER docket_tally_update AFTER UPDATE ON docket_deadline REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION docket_tally_updated()",
    ]
    for table, columns, (_sqlite, when), moved in _MOVES:
        statements.append(function(f"docket_tally_{table}_moved", moved))
        statements.append(f"CREATE TRIGGER docket_tally_{table}_moved AFTER UPDATE OF {columns} ON {table} FOR EACH ROW "
                          f"WHEN ({when}) EXECUTE FUNCTION docket_tally_{table}_moved()")
    return statements


def _filled() -> list[str]:
    """The tallies counted afresh from the deadlines (a database that has some already)."""
    rows = f"FROM docket_deadline d {_ANCESTORS} WHERE {_counted('d')}"
    return [
        f"DELETE FROM {DAY}", f"DELETE FROM {TOTAL}",
        f"INSERT INTO {DAY} (consortium_id, confidential, office, due, n) SELECT coalesce(i.consortium_id, 0), "
        f"i.confidential, d.office, d.due, count(*) {rows} GROUP BY 1, 2, 3, 4",
        f"INSERT INTO {TOTAL} (consortium_id, confidential, n) SELECT coalesce(i.consortium_id, 0), i.confidential, "
        f"count(*) {rows} GROUP BY 1, 2",
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"kyoso runs on SQLite or PostgreSQL, not {vendor}")
    for statement in _filled() + (_sqlite_triggers() if vendor == "sqlite" else _postgresql_triggers()):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    names = ["docket_tally_insert", "docket_tally_delete"]
    if schema_editor.connection.vendor == "sqlite":
        names += ["docket_tally_update_old", "docket_tally_update_new"]
        for name in names + [f"docket_tally_{table}_moved" for table, *_rest in _MOVES]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        return
    triggers = [(name, "docket_deadline") for name in (*names, "docket_tally_update")]
    triggers += [(f"docket_tally_{table}_moved", table) for table, *_rest in _MOVES]
    for name, table in triggers:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
    for name in ("docket_tally_inserted", "docket_tally_deleted", "docket_tally_updated",
                 *(f"docket_tally_{table}_moved" for table, *_rest in _MOVES)):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('docket', '0008_fewer_deadline_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='OpenTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consortium_id', models.BigIntegerField(verbose_name='consortium')),
                ('confidential', models.BooleanField(verbose_name='confidential')),
                ('n', models.IntegerField(default=0, verbose_name='open deadlines')),
            ],
            options={
                'verbose_name': 'open deadlines',
                'verbose_name_plural': 'open deadlines',
                'constraints': [models.UniqueConstraint(fields=('confidential', 'consortium_id'), name='open_tally_key')],
            },
        ),
        migrations.CreateModel(
            name='OpenTallyByDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('consortium_id', models.BigIntegerField(verbose_name='consortium')),
                ('confidential', models.BooleanField(verbose_name='confidential')),
                ('office', models.CharField(max_length=3, verbose_name='office')),
                ('due', models.DateField(verbose_name='due')),
                ('n', models.IntegerField(default=0, verbose_name='open deadlines')),
            ],
            options={
                'verbose_name': 'open deadlines by day',
                'verbose_name_plural': 'open deadlines by day',
                'constraints': [models.UniqueConstraint(fields=('confidential', 'consortium_id', 'due', 'office'), name='open_tally_day_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
