"""``kyoso review propose --consortium SLUG --within-months M [--as-of DATE] [--json]`` — the agenda
of a portfolio review: every live right with a renewal fee due within M months, scored.

``--json`` prints one document (yen as integers, components from 0 to 1)::

    {"assets": [{"asset": "INV-2022-0001 JP 特願…", "score": 41.5, "components": {...}, "cost_5y": 123000}, ...]}

``kyoso review open …`` (same options, ``--title``) records the round for the committee.
"""

import json

from django.core.management.base import CommandError
from django.utils import timezone

from kyoso.consortia.models import Consortium
from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.core.roles import Actor, Role
from kyoso.rules.cli_render import iso_date

from ...services.review import open_round, propose

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "Portfolio review: propose the agenda of a round, or open one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{propose,open}")
        for name, text in (("propose", "score the rights due for renewal"), ("open", "record a review round")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("--consortium", required=True, help="the consortium's slug")
            sub.add_argument("--within-months", type=int, default=6, help="renewals due within M months (default 6)")
            sub.add_argument("--as-of", type=iso_date, help="review date (default today)")
            sub.add_argument("--json", action="store_true", help="print one JSON document")
            if name == "open":
                sub.add_argument("--title", default="", help="the round's title")

    def handle(self, *args, **options):
        consortium = Consortium.objects.filter(slug=options["consortium"]).first()
        if consortium is None:
            raise CommandError(f"no consortium {options['consortium']!r}")
        if not 1 <= options["within_months"] <= 60:
            raise usage_error("--within-months must be between 1 and 60")
        as_of = options["as_of"] or timezone.localdate()
        if options["action"] == "open":
            review = open_round(consortium, user=OPERATOR, as_of=as_of, within_months=options["within_months"],
                                title=options["title"])
            self.stdout.write(json.dumps({"round": review.pk, "items": review.items.count()}) if options["json"]
                              else f"Already open: {review} with {review.items.count()} rights." if getattr(review, "already_open", False)
                              else f"Opened {review} with {review.items.count()} rights.")
            return
        proposals = propose(consortium, as_of=as_of, within_months=options["within_months"])
        if options["json"]:
            self.stdout.write(json.dumps({"assets": [p.as_json() for p in proposals]}, ensure_ascii=False))
            return
        for p in proposals:
            row = p.as_json()
            self.stdout.write(f"{row['score']:>6} {p.scored.recommendation:<13} ¥{row['cost_5y']:>10,}  {row['asset']}")
