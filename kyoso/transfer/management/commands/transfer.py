"""``kyoso transfer pipeline [--fiscal-year YYYY] [--json]`` and ``kyoso transfer trainees --fiscal-year YYYY [--json]``.

``pipeline --json`` prints, per stage (lead, contacted, nda, evaluation, term_sheet, won, lost),
the deals now in it (``count``), their expected value in yen (``value``), the conversion to the
next stage in % (``conversion``, of the deals that reached the stage; ``null`` for won, lost and
stages no deal reached) and the median days spent in it::

    {"fiscal_year": null, "stages": [{"stage": "lead", "count": 2, "value": 3000000, "conversion": 80.0,
     "median_days": 14.0}, ...], "total": {"count": 14, "value": 52000000}}

``trainees --json`` prints one row per host TLO for the trainees placed during the fiscal year::

    {"fiscal_year": 2025, "hosts": [{"host": "Kita-Nihon TLO Co., Ltd.", "trainees": 3, "institutions": [...],
     "deals_touched": 4, "licences_won": 1, "follow_ups_due": 2, "follow_ups_done": 1, "follow_ups_overdue": 1}]}
"""

import json

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.core.roles import Actor, Role

from ...services import pipeline_summary, trainee_report

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "Technology transfer: the deal pipeline, and the trainee report of a fiscal year."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{pipeline,trainees}")
        pipeline = actions.add_parser("pipeline", help="count, value and conversion per stage")
        pipeline.add_argument("--fiscal-year", type=int, help="only deals opened in this fiscal year (April–March)")
        pipeline.add_argument("--json", action="store_true", help="print one JSON document")
        trainees = actions.add_parser("trainees", help="per host TLO: trainees, deals, licences, follow-ups")
        trainees.add_argument("--fiscal-year", type=int, required=True, help="the fiscal year (April–March)")
        trainees.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        year = options.get("fiscal_year")
        if year is not None and not 1900 <= year <= 2100:
            raise usage_error("--fiscal-year must be a year between 1900 and 2100")
        if options["action"] == "pipeline":
            summary = pipeline_summary(OPERATOR, year)
            if options["json"]:
                self.stdout.write(json.dumps(summary, ensure_ascii=False))
                return
            for row in summary["stages"]:
                conversion = "—" if row["conversion"] is None else f"{row['conversion']:.1f} %"
                self.stdout.write(f"{row['stage']:<11} {row['count']:>5} ¥{row['value']:>14,}  {conversion}")
            return
        hosts = trainee_report(year, user=OPERATOR)
        if options["json"]:
            self.stdout.write(json.dumps({"fiscal_year": year, "hosts": hosts}, ensure_ascii=False))
            return
        for row in hosts:
            self.stdout.write(f"{row['host']}: {row['trainees']} trainees, {row['deals_touched']} deals, "
                              f"{row['licences_won']} licences, follow-ups {row['follow_ups_done']} done / "
                              f"{row['follow_ups_overdue']} overdue")
