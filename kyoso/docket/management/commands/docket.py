"""``kyoso docket recompute [--all | FILING_ID…]`` – recompute deadlines after a rule change;
``kyoso docket recount`` – rebuild the open-deadline tallies from the deadlines (a repair)."""

from kyoso.core.commands import KyosoCommand, Progress, usage_error
from kyoso.core.db import refresh_statistics
from kyoso.docket.services.compute import ANCESTORS
from kyoso.ip.models import Filing
from kyoso.rules.cli_render import record_id

from ...services import recompute_filings
from ...services.tallies import recount_open_tallies


class Command(KyosoCommand):
    help = "Recompute filings' deadlines from the rule data (after kyoso/rules/data changed)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="recompute computed deadlines, keeping their completion")
        recompute.add_argument("filings", nargs="*", type=record_id, help="filing ids")
        recompute.add_argument("--all", action="store_true", help="every filing")
        sub.add_parser("recount", help="rebuild the open-deadline tallies the docket home reads, from the deadlines "
                                       "(the database keeps them: only after editing it by hand)")

    def handle(self, *args, action, filings=(), all=False, **options):
        if action == "recount":
            rows = recount_open_tallies()
            self.stdout.write("Open-deadline tallies rebuilt: {days} rows by day, {totals} totals; "
                              "co-owned: {co_owned_days} rows by day, {co_owned_totals} totals".format(**rows))
            return
        if not all and not filings:
            raise usage_error("name filing ids or give --all")
        queryset = Filing.objects.select_related(ANCESTORS).order_by("pk")
        if not all:
            queryset = queryset.filter(pk__in=filings)
        progress = Progress(self.stdout, queryset.count() if self.stdout.isatty() else None, "recompute")
        totals = recompute_filings(queryset.iterator(chunk_size=2000), progress=progress.advance)
        progress.close()
        if all:
            refresh_statistics()  # the planner's view of the docket is stale after rewriting it
        self.stdout.write(
            "{filings} filings: {created} deadlines created, {updated} updated, {removed} removed, {closed} closed".format(**totals)
        )
