"""``kyoso budget --consortium SLUG [--years N] [--as-of DATE] [--sync] [--recompute] [--json]`` — the IP fund by fiscal year.

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
        parser.add_argument("--consortium", required=True, help="the consortium's slug")
        parser.add_argument("--years", type=int, default=5, help="fiscal years of forecast ahead (default 5)")
        parser.add_argument("--as-of", type=iso_date, help="forecast from this date (default today)")
        parser.add_argument("--sync", action="store_true", help="re-derive accruals from contributions first")
        parser.add_argument("--recompute", action="store_true",
                            help="re-derive every contribution's indirect and IP amounts at the current rates first")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
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
