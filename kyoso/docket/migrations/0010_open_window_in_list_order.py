from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('docket', '0009_open_tallies'),
        ('ip', '0013_fewer_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='deadline',
            name='docket_open_window',
        ),
        migrations.AddIndex(
            model_name='deadline',
            index=models.Index(fields=['state', 'due', 'filing', 'kind', 'office'], name='docket_open_window'),
        ),
    ]
