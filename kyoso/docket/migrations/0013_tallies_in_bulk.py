"""On PostgreSQL, the two triggers that tally inserted deadlines skip a statement while the
transaction's setting ``kyoso.deadlines_in_bulk`` is on: an import's tens of thousands of new
deadlines are then tallied by grouped statements at the end of its insert
(``kyoso.docket.services.tallies.deadlines_tallied_in_bulk``). The trigger functions are those of
``0009_open_tallies`` and ``0011_co_owned_tallies``, unchanged. SQLite: nothing (its per-row
triggers are dropped and made again inside the import's own transaction).
"""

from django.db import migrations

# The setting's name as kyoso.docket.services.tallies.IN_BULK_SETTING has it (a test checks they agree).
SETTING = "kyoso.deadlines_in_bulk"
_TRIGGERS = (("docket_tally_insert", "docket_tally_inserted"), ("docket_co_owned_insert", "docket_co_owned_insert"))


def _made(skipping: bool) -> list[str]:
    when = f"WHEN (current_setting('{SETTING}', true) IS DISTINCT FROM 'on') " if skipping else ""
    statements = []
    for name, function in _TRIGGERS:
        statements += [f"DROP TRIGGER {name} ON docket_deadline",
                       f"CREATE TRIGGER {name} AFTER INSERT ON docket_deadline REFERENCING NEW TABLE AS new_rows "
                       f"FOR EACH STATEMENT {when}EXECUTE FUNCTION {function}()"]
    return statements


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _made(skipping=True):
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _made(skipping=False):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("docket", "0012_tallies_keyed"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
