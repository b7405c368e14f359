"""``kyoso share classes --consortium SLUG [--fiscal-year FY] [--json]`` — the class table.

Computed live from the recorded contributions with the consortium's current scheme, exactly as
the pages show it. ``--json`` prints one document::

    {"companies": [{"company", "contribution", "share", "class"}, ...], "thresholds": [...]}

``contribution`` is integer yen, ``share`` a percent (two places; the shares add up to 100),
``class`` the class name or null; thresholds are listed highest class first.
"""

import json

from django.core.management.base import CommandError

from kyoso.consortia.models import Consortium
from kyoso.core.commands import KyosoCommand
from kyoso.core.roles import Actor, Role
from kyoso.licensing.services.classes import class_table, current_scheme
from kyoso.rules.cli_render import fiscal_year

# The shell operator already holds the database; the command reads as the IP office would.
OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "Share classes (知財Share): each company's contribution, share and class."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{classes}")
        classes = actions.add_parser("classes", help="the class table of a consortium")
        classes.add_argument("--consortium", required=True, help="the consortium's slug")
        classes.add_argument("--fiscal-year", type=fiscal_year, help="that fiscal year (per-year schemes) or up to it (cumulative)")
        classes.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        consortium = Consortium.objects.for_user(OPERATOR).filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"no consortium {options['consortium']!r}")
        scheme = current_scheme(consortium)
        if scheme is None:
            raise CommandError(f"consortium {consortium.slug!r} has no share-class scheme in use")
        rows = class_table(scheme, options["fiscal_year"])
        thresholds = [
            {"class": c.name, "min_share": float(c.min_share), "rights": list(c.rights),
             "royalty_discount": float(c.royalty_discount)}
            for c in scheme.classes.all()
        ]
        if options["json"]:
            companies = [
                {"company": str(r.company), "contribution": r.contribution, "share": float(r.share),
                 "class": r.share_class.name if r.share_class else None}
                for r in rows
            ]
            self.stdout.write(json.dumps({"companies": companies, "thresholds": thresholds}, ensure_ascii=False))
            return
        period = f"FY{options['fiscal_year']}" if options["fiscal_year"] else "to date"
        self.stdout.write(f"{consortium.slug}: {scheme} ({scheme.get_basis_display()}, {period})")
        for t in thresholds:
            self.stdout.write(f"  class {t['class']}: ≥ {t['min_share']:g} %  {', '.join(t['rights'])}")
        for r in rows:
            name = r.share_class.name if r.share_class else "—"
            self.stdout.write(f"{str(r.company):<20} ¥{r.contribution:>14,} {r.share:>6} %  {name:<2} {r.arithmetic}")
