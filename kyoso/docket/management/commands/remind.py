"""``kyoso remind [--today DATE] [--dry-run]`` – e-mail today's deadline digests, once each.

Safe to run as often as you like (e.g. hourly from cron): a reminder already sent is never sent
again (see kyoso.docket.services.reminders).
"""

from django.utils import timezone

from kyoso.core.commands import KyosoCommand, Progress
from kyoso.rules.cli_render import iso_date

from ...services.reminders import send_reminders


class Command(KyosoCommand):
    help = "Send deadline reminders to the responsible people at their lead times (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=iso_date, help="act as if today were DATE (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send and record nothing")

    def handle(self, *args, today=None, dry_run=False, **options):
        today = today or timezone.localdate()
        progress = Progress(self.stdout, None, "recipients")
        report = send_reminders(today, dry_run=dry_run, progress=progress.advance)
        progress.close()
        verb = "would send" if dry_run else "sent"
        for digest, count in report:
            self.stdout.write(f"{verb} {count} reminder(s) to {digest.recipient.get_username()} <{digest.recipient.email}>")
            if dry_run:
                for deadline, lead in digest.items:
                    self.stdout.write(
                        f"  {deadline.due}  lead {lead:>3} d  {deadline.office} {deadline.application_number}  {deadline.label}")
        self.stdout.write(f"{sum(c for _d, c in report)} reminder(s) in {len(report)} digest(s) {verb} for {today}.")
