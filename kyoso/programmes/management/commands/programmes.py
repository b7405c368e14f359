"""``kyoso programmes match --trl N --applicant university|company|university+company --need YEN
[--fiscal-year YYYY] [--json]`` and ``kyoso programmes list [--json]``.

``match`` asks the navigator (:func:`kyoso.rules.programmes.match`): the programmes of the fiscal
year (default: today's, Asia/Tokyo) that fit, best first, with their reasons, and those left out
with why. ``--json`` prints ``{"matches": [{"programme", "type", "reasons"}], "excluded":
[{"type", "why"}]}``. The answer comes from the data files alone (no database).
"""

import json

from django.utils import timezone

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.rules import programmes
from kyoso.rules.fiscal import fiscal_year_of


class Command(KyosoCommand):
    help = "Public funding programmes: which fit a project (match), or the catalogue (list)."
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        match = sub.add_parser("match", help="the programmes that fit, with reasons, and those left out with why")
        match.add_argument("--trl", type=int, required=True, help="technology readiness level, 1–9")
        match.add_argument("--applicant", required=True, choices=programmes.APPLICANTS)
        match.add_argument("--need", type=int, required=True, help="money needed, in yen")
        match.add_argument("--fiscal-year", type=int, dest="fiscal_year", help="default: the current fiscal year")
        match.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="every programme type of every menu")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, action: str, **options):
        if action == "list":
            return self._list(options["json"])
        fiscal_year = options["fiscal_year"] or fiscal_year_of(timezone.localdate())
        try:
            matches, excluded = programmes.match(trl=options["trl"], applicant=options["applicant"], need=options["need"],
                                                 fiscal_year=fiscal_year)
        except ValueError as error:
            raise usage_error(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(programmes.as_json(matches, excluded), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"FY{fiscal_year}: TRL {options['trl']}, {options['applicant']}, {programmes.money(options['need'])}")
        for n, found in enumerate(matches, 1):
            row = found.programme
            flag = "" if row.confirmed else " [unconfirmed]"
            self.stdout.write(f"{n}. {row.programme} {row.type_ja} ({row.type}){flag}")
            for reason in found.reasons:
                self.stdout.write(f"   - {reason.english()}")
        if not matches:
            self.stdout.write("No programme of this fiscal year fits.")
        for left in excluded:
            self.stdout.write(f"x  {left.programme.type_ja}: {'; '.join(r.english() for r in left.why)}")

    def _list(self, as_json: bool):
        rows = programmes.catalogue()
        if as_json:
            self.stdout.write(json.dumps([{
                "key": r.key, "programme": r.programme, "phase": r.phase_ja, "type": r.type_ja, "type_en": r.type,
                "fiscal_years": r.years, "applicants": list(r.applicants), "duration_years": r.duration,
                "cap": r.cap_text(), "funding_form": r.funding_form, "repayment": r.repayment, "royalty": r.royalty,
                "trl": r.trl, "reference": r.reference, "confirmed": r.confirmed, "source": r.source,
            } for r in rows], ensure_ascii=False, indent=2))
            return
        for r in rows:
            flag = "" if r.confirmed else " [unconfirmed]"
            ref = " [reference]" if r.reference else ""
            self.stdout.write(f"{r.key:24} {r.years:14} {r.programme} {r.type_ja}: {r.cap_text() or '—'}{flag}{ref}")
