"""``kyoso exports run`` – prepare the exports waiting in the background and delete expired ones.

Cron it (e.g. every 10 minutes): a list page starts a thread for each export it records, and this
command finishes what a restarted worker's thread left waiting or running (kyoso.core.prepared_exports).
"""

from kyoso.core.commands import KyosoCommand

from ...prepared_exports import delete_expired, run_pending


class Command(KyosoCommand):
    help = "Prepare waiting background exports (and ones whose worker died), then delete expired exports."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("run", help="prepare waiting exports and delete those older than KYOSO_EXPORT_KEEP_DAYS")

    def handle(self, *args, action, **options):
        done = run_pending(report=self.stdout.write)
        deleted = delete_expired()
        self.stdout.write(f"{done} export(s) prepared, {deleted} expired export(s) deleted.")
