"""``kyoso restore FILE``: load a backup into an empty database and check every row came back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kyoso.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by 'kyoso backup' into an empty database (same engine), then compare row counts."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the archive written by kyoso backup")

    def handle(self, *args, file, **options):
        try:
            manifest, mismatches = restore_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if mismatches:
            details = "; ".join(f"{label}: {want:,} in the backup, {got:,} restored" for label, (want, got) in sorted(mismatches.items()))
            raise CommandError(f"restored with differences: {details}")
        rows = sum(manifest.counts.values())
        self.stdout.write(f"Restored {rows:,} rows in {len(manifest.counts)} tables from {file} (backup of {manifest.created}).")
