"""The survey as files: an XLSX laid out as the survey's tables (Japanese headers), a flat CSV, and
the labelled sections the page and its printable PDF both read (:func:`report_context`).

The XLSX has one sheet per table of the questionnaire — 共同研究, 受託研究, 知的財産 — and a sheet
of what kyoso could not fill in (不足情報). Headers are Japanese whatever the page's language:
the file is what the institution transcribes into MEXT's form.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from kyoso.rules import survey as rules

from .labels import DIMENSION_LABELS, OTHER_LABELS, PATENT_LABELS, RESEARCH_LABELS, breakdown_rows, label
from .services import PATENT_FIGURES, SurveyReport

SHEET_HEADER = ("区分", "内訳", "件数", "受入額（円）")
CSV_HEADER = ("section", "dimension", "category", "category_ja", "cases", "amount")


def _title(report: SurveyReport) -> str:
    name = report.institution.name_ja or report.institution.name
    return f"{name} {report.fiscal_year}年度 大学等における産学連携等実施状況調査"


def workbook(report: SurveyReport) -> bytes:
    """The survey as an XLSX file (bytes)."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for kind, (_english, japanese) in RESEARCH_LABELS.items():
        sheet = book.create_sheet(japanese)
        sheet.append([_title(report)])
        sheet.append(list(SHEET_HEADER))
        for cell in sheet[2]:
            cell.font = bold
        summary = report.summaries[kind]
        sheet.append([OTHER_LABELS["total"][1], "", summary.cases, summary.amount])
        for dimension, rows in breakdown_rows(kind, summary).items():
            for row in rows:
                sheet.append([DIMENSION_LABELS[dimension][1], row.label_ja, row.cases, row.amount])
        sheet.append([OTHER_LABELS["large"][1], "", summary.large.cases, summary.large.amount])
        _widths(sheet)
    sheet = book.create_sheet("知的財産")
    sheet.append([_title(report)])
    sheet.append(["項目", "件数・金額"])
    for cell in sheet[2]:
        cell.font = bold
    for figure, (_english, japanese) in PATENT_LABELS.items():
        sheet.append([japanese, report.patents[figure]])
    sheet.append([OTHER_LABELS["licensing_cases"][1], report.licensing_cases])
    sheet.append([OTHER_LABELS["licensing_income"][1], report.licensing_income])
    sheet.append([OTHER_LABELS["spin_offs"][1], report.spin_offs])
    _widths(sheet)
    sheet = book.create_sheet("不足情報")
    sheet.append(["kyosoが保持していない情報（手作業で補ってください）"])
    for missing in report.missing:
        sheet.append([missing.text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _widths(sheet) -> None:
    for column, width in zip("ABCD", (18, 36, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width


def csv_text(report: SurveyReport) -> str:
    """The survey as one flat CSV table: every figure of every section, one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for kind in RESEARCH_LABELS:
        summary = report.summaries[kind]
        writer.writerow([kind, "total", "total", OTHER_LABELS["total"][1], summary.cases, summary.amount])
        for dimension, rows in breakdown_rows(kind, summary).items():
            for row in rows:
                writer.writerow([kind, dimension, row.figure.rsplit(".", 1)[1], row.label_ja, row.cases, row.amount])
        writer.writerow([kind, "large", "large", OTHER_LABELS["large"][1], summary.large.cases, summary.large.amount])
    for figure, (_english, japanese) in PATENT_LABELS.items():
        writer.writerow(["patents", "", figure, japanese, report.patents[figure], ""])
    writer.writerow(["licensing", "", "cases", OTHER_LABELS["licensing_cases"][1], report.licensing_cases, ""])
    writer.writerow(["licensing", "", "income", OTHER_LABELS["licensing_income"][1], "", report.licensing_income])
    writer.writerow(["spin_offs", "", "spin_offs", OTHER_LABELS["spin_offs"][1], report.spin_offs, ""])
    return out.getvalue()


def report_context(report) -> dict:
    """The report's sections labelled in the current language: the page and the PDF read the same."""
    return {
        "report": report,
        "research": [
            {"kind": kind, "label": label(RESEARCH_LABELS[kind]), "summary": report.summaries[kind],
             "breakdowns": [{"label": label(DIMENSION_LABELS[d]), "rows": rows}
                            for d, rows in breakdown_rows(kind, report.summaries[kind]).items()]}
            for kind in rules.RESEARCH_KINDS
        ],
        "patents": [{"figure": f"patents.{f}", "label": label(PATENT_LABELS[f]), "value": report.patents[f]}
                    for f in PATENT_FIGURES],
        "labels": {key: label(pair) for key, pair in OTHER_LABELS.items()},
    }
