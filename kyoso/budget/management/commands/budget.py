"""``kyoso budget --consortium SLUG [--years N] [--as-of DATE] [--sync] [--recompute] [--json]`` — the IP fund by fiscal year.

``kyoso budget sync [--consortium SLUG] [--json]`` — the repair: recount the contribution totals
from the contributions, then re-derive the accruals of one consortium (or of every consortium)
from its contributions. Pages never do this; the contribution services keep both in step, so a
sync after ordinary use changes nothing. ``--json`` prints
``{"totals_recounted": bool, "consortia": [{"consortium": slug, "posted": n, "reversed": n}, ...]}``.

``--json`` prints one document, yen as integers::

    {"years": [{"fiscal_year": 2026, "accruals": 0, "payments": 0, "forecast": 0, "balance": 0,
                "shortfall": false}, ...]}

The command reads as the IP office would (the shell operator holds the database). ``--sync``
first re-derives the accruals from the contributions (idempotent; reversing entries on change).
``--recompute`` first re-derives every contribution's indirect and IP-earmarked amounts at the
rates that now apply to its funding source (``funding/contribution_rates.csv``: JST money carries
no earmark), with history, and the accruals follow; run it once after the rates data changes.
"""

import json

from django.core.management.base import CommandError
from django.utils import timezone

from kyoso.agreements.models import Agreement
from kyoso.agreements.services import recompute_contributions
from kyoso.agreements.totals import rebuild_totals
from kyoso.consortia.models import Consortium
from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.core.roles import Actor, Role
from kyoso.rules.cli_render import iso_date

from ...services.ledger import sync_accruals
from ...services.summary import first_shortfall, fund_years

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "The IP fund of a consortium by fiscal year: accruals, payments, forecast fees, balance, shortfall."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["sync"],
                            help="sync: recount the contribution totals and re-derive accruals (all consortia "
                                 "unless --consortium)")
        parser.add_argument("--consortium", help="the consortium's slug")
        parser.add_argument("--years", type=int, default=5, help="fiscal years of forecast ahead (default 5)")
        parser.add_argument("--as-of", type=iso_date, help="forecast from this date (default today)")
        parser.add_argument("--sync", action="store_true", help="re-derive accruals from contributions first")
        parser.add_argument("--recompute", action="store_true",
                            help="re-derive every contribution's indirect and IP amounts at the current rates first")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        if options["action"] == "sync":
            return self.sync(options)
        if not options["consortium"]:
            raise usage_error("--consortium is required (or: kyoso budget sync)")
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"no consortium {options['consortium']!r}")
        if not 1 <= options["years"] <= 30:
            raise usage_error("--years must be between 1 and 30")
        if options["recompute"]:
            count = sum(recompute_contributions(agreement, user=OPERATOR)
                        for agreement in Agreement.objects.filter(consortium=consortium).order_by("pk"))
            if not options["json"]:
                self.stdout.write(f"{count} contributions recomputed.")
        if options["sync"] or options["recompute"]:
            sync_accruals(consortium, user=OPERATOR, check_scope=False)
        years = fund_years(consortium, as_of=options["as_of"] or timezone.localdate(), years=options["years"])
        if options["json"]:
            self.stdout.write(json.dumps({"years": [y.as_json() for y in years]}, ensure_ascii=False))
            return
        self.stdout.write(f"{'FY':>6} {'accruals':>14} {'payments':>14} {'forecast':>12} {'balance':>14}")
        for y in years:
            flag = "  SHORTFALL" if y.shortfall else ""
            self.stdout.write(f"{y.fiscal_year:>6} {y.accruals:>14,} {y.payments:>14,} {y.forecast:>12,} {y.balance:>14,}{flag}")
        if short := first_shortfall(years):
            self.stdout.write(self.style.WARNING(f"First shortfall: FY{short.fiscal_year}"))

    def sync(self, options):
        """Recount the contribution totals, then re-derive accruals consortium by consortium."""
        consortia = Consortium.objects.order_by("slug")
        if options["consortium"]:
            consortia = consortia.filter(slug=options["consortium"])
            if not consortia.exists():
                raise CommandError(f"no consortium {options['consortium']!r}")
        recounted = rebuild_totals()
        results = []
        for consortium in consortia:
            result = sync_accruals(consortium, user=OPERATOR, check_scope=False)
            results.append({"consortium": consortium.slug, "posted": result.posted, "reversed": result.reversed})
        if options["json"]:
            self.stdout.write(json.dumps({"totals_recounted": recounted, "consortia": results}, ensure_ascii=False))
            return
        self.stdout.write("contribution totals: " + ("recounted (they were not exact)" if recounted else "exact"))
        for row in results:
            if row["posted"] or row["reversed"]:
                self.stdout.write(f"{row['consortium']}: {row['posted']} posted, {row['reversed']} reversed")
        changed = sum(1 for row in results if row["posted"] or row["reversed"])
        self.stdout.write(f"accruals: {changed} of {len(results)} consortia re-derived")
