"""``kyoso sakura types --json`` and ``kyoso sakura advise … --json`` — the Sakura Tool's types and advisor.

``types --json`` prints ``[{"type", "family", "sources", "terms": {term: {"value", "confirmed"}}}, …]``:
each type's default terms with their confirmed marks (``kyoso/rules/data/sakura/term_sets.json``).

``advise --university-contribution high|low --company-contribution high|low
--domain foundational|competitive [--exclusive] [--co-owned] --json`` prints
``{"recommended": [{"type": "0", "points": 2, "reasons": [...]}, ...], "trace": [...]}``.
"""

import json

from kyoso.core.commands import KyosoCommand
from kyoso.rules.sakura import Answers, advise, term_sets


class Command(KyosoCommand):
    help = "The Sakura Tool: each type's default terms, and the advisor."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{types,advise}")
        types = actions.add_parser("types", help="each type's default terms and confirmed marks")
        types.add_argument("--json", action="store_true", help="print one JSON document")
        ask = actions.add_parser("advise", help="ranked types for a questionnaire")
        ask.add_argument("--university-contribution", required=True, choices=["high", "low"])
        ask.add_argument("--company-contribution", required=True, choices=["high", "low"])
        ask.add_argument("--domain", required=True, choices=["foundational", "competitive"])
        ask.add_argument("--exclusive", action="store_true", help="the company wishes exclusivity")
        ask.add_argument("--co-owned", action="store_true", help="the results are to be co-owned")
        ask.add_argument("--lang", choices=["en", "ja"], default="en", help="language of the reasons")
        ask.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        if options["action"] == "types":
            rows = [row.as_json() for row in term_sets().values()]
            if options["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
                return
            for row in rows:
                unconfirmed = [key for key, cell in row["terms"].items() if not cell["confirmed"]]
                self.stdout.write(f"type {row['type']:<10} {row['family']:<10} ownership={row['terms']['ownership']['value']}"
                                  f" rights={row['terms']['other_party_rights']['value']} unconfirmed={len(unconfirmed)}")
            return
        advice = advise(Answers(options["university_contribution"], options["company_contribution"], options["domain"],
                                exclusive=options["exclusive"], co_owned=options["co_owned"]))
        document = advice.as_json(options["lang"])
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
            return
        for n, row in enumerate(document["recommended"], 1):
            self.stdout.write(f"{n}. type {row['type']} ({row['points']} points)")
            for reason in row["reasons"]:
                self.stdout.write(f"   - {reason}")
