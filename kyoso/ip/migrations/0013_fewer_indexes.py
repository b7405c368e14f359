import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('consortia', '0001_initial'),
        ('ip', '0012_filing_number_keys'),
        ('parties', '0004_spin_offs_and_survey_facts'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='invention',
            name='ip_inventio_consort_892d81_idx',
        ),
        # Only the keys' own indexes go: a composite index or unique constraint starting with the key
        # serves each (filing_parent, below, replaces the parent's); altering the fields would rebuild
        # the tables on SQLite.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='filing',
                    name='family',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='filings', to='ip.family', verbose_name='family'),
                ),
                migrations.AlterField(
                    model_name='filing',
                    name='parent',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='The PCT application of a national phase, the parent of a divisional (whose filing date the divisional is deemed to have), or the earlier application a later one claims priority from', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='ip.filing', verbose_name='parent filing'),
                ),
                migrations.AlterField(
                    model_name='invention',
                    name='consortium',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inventions', to='consortia.consortium', verbose_name='consortium'),
                ),
                migrations.AlterField(
                    model_name='inventionowner',
                    name='invention',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='owners', to='ip.invention', verbose_name='invention'),
                ),
                migrations.AlterField(
                    model_name='inventionowner',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='owned_inventions', to='parties.organisation', verbose_name='organisation'),
                ),
                migrations.AlterField(
                    model_name='inventor',
                    name='invention',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='inventors', to='ip.invention', verbose_name='invention'),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_filing_family_id_7b657bcd"', 'CREATE INDEX "ip_filing_family_id_7b657bcd" ON "ip_filing" ("family_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_filing_parent_id_1bacd9d2"', 'CREATE INDEX "ip_filing_parent_id_1bacd9d2" ON "ip_filing" ("parent_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_invention_consortium_id_2356366b"', 'CREATE INDEX "ip_invention_consortium_id_2356366b" ON "ip_invention" ("consortium_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_inventionowner_invention_id_19dc208a"', 'CREATE INDEX "ip_inventionowner_invention_id_19dc208a" ON "ip_inventionowner" ("invention_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_inventionowner_organisation_id_6a3a34aa"', 'CREATE INDEX "ip_inventionowner_organisation_id_6a3a34aa" ON "ip_inventionowner" ("organisation_id")'),
                migrations.RunSQL('DROP INDEX IF EXISTS "ip_inventor_invention_id_db613b25"', 'CREATE INDEX "ip_inventor_invention_id_db613b25" ON "ip_inventor" ("invention_id")'),
            ],
        ),
        migrations.AddIndex(
            model_name='filing',
            index=models.Index(condition=models.Q(('parent__isnull', False)), fields=['parent'], name='filing_parent'),
        ),
    ]
