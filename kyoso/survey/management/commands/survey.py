"""``kyoso survey --institution NAME-OR-ID --fiscal-year YYYY [--json] [--xlsx FILE] [--csv FILE] [--pdf FILE [--lang ja|en]]``.

The MEXT survey 「大学等における産学連携等実施状況について」 of one institution for one fiscal year,
read as the IP office would. ``--json`` prints one document, yen as integers, unknown as ``null``::

    {"institution": {"id": 1, "name": "…", "name_ja": "…"}, "fiscal_year": 2025,
     "joint_research": {"cases": N, "amount": YEN,
                        "by_partner": [{"partner": "private_company", "cases": N, "amount": YEN}, …],
                        "by_size": [{"size": "large", …}, …], "by_bracket": [{"bracket": "zero", …}, …],
                        "large": {"cases": N, "amount": YEN}},
     "commissioned_research": {…the same…},
     "patents": {"applications_domestic": N, "applications_foreign": N, "held_domestic": N, "held_foreign": N},
     "licensing": {"cases": N, "income": YEN, "income_by_kind": {"patents": YEN, "materials": null, …}},
     "spin_offs": N, "missing": ["what kyoso does not know", …]}

Without ``--json`` it prints the figures as text. ``--xlsx FILE``, ``--csv FILE`` and ``--pdf FILE``
write the files the survey page offers (the PDF in Japanese unless ``--lang en``).
"""

import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import translation

from kyoso.core.commands import KyosoCommand, usage_error
from kyoso.core.pdf import LANGUAGES, PdfUnavailable, render_pdf
from kyoso.core.roles import Actor, Role
from kyoso.parties.models import Organisation

from ...files import csv_text, report_context, workbook
from ...services import INSTITUTION_KINDS, SURVEY_YEARS, survey_report

OPERATOR = Actor(user_id=None, role=Role.IP_OFFICE)


class Command(KyosoCommand):
    help = "The MEXT survey of university–industry collaboration for one institution and fiscal year."

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True, help="the university's name (English or Japanese) or id")
        parser.add_argument("--fiscal-year", type=int, required=True, help="the fiscal year (April–March), e.g. 2025")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("--xlsx", type=Path, metavar="FILE", help="write the survey tables as an XLSX file")
        parser.add_argument("--csv", type=Path, metavar="FILE", help="write the figures as a CSV file")
        parser.add_argument("--pdf", type=Path, metavar="FILE", help="write the printable survey tables as a PDF file")
        parser.add_argument("--lang", choices=LANGUAGES, default="ja", help="the PDF's language (default: ja)")

    def handle(self, *args, **options):
        institution = self.institution(options["institution"])
        if options["fiscal_year"] not in SURVEY_YEARS:
            raise usage_error(f"--fiscal-year {options['fiscal_year']} is not a fiscal year the survey covers "
                              f"({SURVEY_YEARS[0]}–{SURVEY_YEARS[-1]})")
        report = survey_report(institution, options["fiscal_year"], user=OPERATOR)
        if options["xlsx"]:
            self.write(options["xlsx"], workbook(report))
        if options["csv"]:
            self.write(options["csv"], csv_text(report).encode("utf-8"))
        if options["pdf"]:
            self.write(options["pdf"], self.pdf(institution, options["fiscal_year"], options["lang"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        elif not (options["xlsx"] or options["csv"] or options["pdf"]):
            self.stdout.write(self.text(report))

    def institution(self, given: str) -> Organisation:
        institutions = Organisation.objects.filter(kind__in=INSTITUTION_KINDS)
        found = institutions.filter(pk=int(given)) if given.isdigit() else (
            institutions.filter(name=given) | institutions.filter(name_ja=given) | institutions.filter(short_name=given))
        found = list(found[:2])
        if not found:
            raise usage_error(f"no university or public research institute is called {given!r}")
        if len(found) > 1:
            raise usage_error(f"{given!r} names more than one institution: give its id")
        return found[0]

    @staticmethod
    def pdf(institution, fiscal_year: int, language: str) -> bytes:
        """The survey page's PDF, read and labelled in ``language``."""
        with translation.override(language):
            context = {"institution": institution, "fiscal_year": fiscal_year,
                       **report_context(survey_report(institution, fiscal_year, user=OPERATOR))}
            try:
                return render_pdf("print/survey.html", context, request=None)
            except PdfUnavailable as error:
                raise CommandError(f"cannot make a PDF on this machine (WeasyPrint or Pango missing): {error}") from None

    def write(self, path: Path, content: bytes) -> None:
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror}") from None
        self.stderr.write(f"wrote {path}")

    @staticmethod
    def text(report) -> str:
        data = report.as_json()
        lines = [f"{report.institution.name} FY{report.fiscal_year}"]
        for kind in ("joint_research", "commissioned_research"):
            section = data[kind]
            lines.append(f"{kind}: {section['cases']} cases, ¥{section['amount']:,}")
            for row in section["by_partner"]:
                lines.append(f"  {row['partner']}: {row['cases']} cases, ¥{row['amount']:,}")
        for figure, value in data["patents"].items():
            lines.append(f"{figure}: {value}")
        lines.append(f"licensing: {data['licensing']['cases']} cases, ¥{data['licensing']['income']:,}")
        lines.append(f"spin_offs: {data['spin_offs']}")
        lines.extend(f"missing: {text}" for text in data["missing"])
        return "\n".join(lines)
