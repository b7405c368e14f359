from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_fewer_indexes'),
    ]

    operations = [
        # Only the indexes go (PostgreSQL also has the LIKE one); altering the field would rebuild the
        # events table on SQLite.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='event',
                    name='verb',
                    field=models.SlugField(db_index=False, max_length=60, verbose_name='event'),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "core_event_verb_79ae7930_like"', migrations.RunSQL.noop),
                migrations.RunSQL('DROP INDEX IF EXISTS "core_event_verb_79ae7930"', 'CREATE INDEX "core_event_verb_79ae7930" ON "core_event" ("verb")'),
            ],
        ),
    ]
