"""``kyoso import KIND FILE``: the web import from the console, with the same row-level report."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of one kind (all rows or none), acting as --user."

    def add_arguments(self, parser):
        from kyoso.core.importing import importers

        parser.add_argument("kind", choices=[importer.kind for importer in importers()])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing.")
        parser.add_argument("--user", help="The acting user: scoping, history and events are theirs.")

    def handle(self, *args, kind, file, dry_run=False, user=None, **options):
        from kyoso.core.importing import importer_class, run_import
        from kyoso.core.importing.text import report_lines

        if not user:
            raise CommandError("Name the acting user with --user: imports are scoped and recorded in their name.")
        acting = get_user_model().objects.filter(username=user).first()
        if acting is None:
            raise CommandError(f"No user {user!r}.")
        try:
            content = file.open("rb")  # streamed: the readers never hold the whole file
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        with content:
            report = run_import(importer_class(kind)(acting), content, file.name, dry_run=dry_run)
        for line in report_lines(report):
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The import failed; nothing was changed.")
