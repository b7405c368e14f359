import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('docket', '0007_fewer_indexes'),
        ('ip', '0012_filing_number_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='deadline',
            name='docket_dead_filing__6e08bc_idx',
        ),
        # Only the keys' own indexes go (replaced by partial ones below); altering the fields would
        # rebuild the 1.5 M-row table on SQLite.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='deadline',
                    name='completed_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='completed by'),
                ),
                migrations.AlterField(
                    model_name='deadline',
                    name='responsible',
                    field=models.ForeignKey(blank=True, db_index=False, help_text="Reminded instead of the consortium's CPOs and the IP office", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='docket_deadlines', to=settings.AUTH_USER_MODEL, verbose_name='responsible'),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "docket_deadline_completed_by_id_55ef7ddf"', 'CREATE INDEX "docket_deadline_completed_by_id_55ef7ddf" ON "docket_deadline" ("completed_by_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "docket_deadline_responsible_id_ba6a8da9"', 'CREATE INDEX "docket_deadline_responsible_id_ba6a8da9" ON "docket_deadline" ("responsible_id")'),
            ],
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('completed_by__isnull', False)), fields=['completed_by'], name='deadline_completed_by'),
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(condition=models.Q(('responsible__isnull', False)), fields=['responsible'], name='deadline_responsible'),
        ),
    ]
