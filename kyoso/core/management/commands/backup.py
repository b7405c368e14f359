"""``kyoso backup FILE``: the database and the uploaded files in one archive (see ``kyoso.core.backup``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kyoso.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write a backup (database and uploaded files) to FILE, a new .tar.gz; safe while kyoso serves."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive to write, e.g. kyoso-2026-11-29.tar.gz")

    def handle(self, *args, file, **options):
        try:
            manifest = write_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest.counts.values())
        self.stdout.write(f"Backed up {rows:,} rows in {len(manifest.counts)} tables ({manifest.engine}) to {file}.")
