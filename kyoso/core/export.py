"""CSV and XLSX export of a list, with exactly the rows and columns the user sees."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

__all__ = ["export_response", "EXPORT_FORMATS", "neutralise"]

EXPORT_FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): a cell beginning
#: with one of these, typed by a user (a title, a note), must stay text when the file is opened.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` safe to put in a spreadsheet cell: text starting like a formula gets a leading ``'``.

    Numbers stay numbers (a negative amount is a number, not text); only text is prefixed, as
    OWASP advises, so Excel and LibreOffice show it as typed and never evaluate it.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _rows(table):
    # as_values() yields the header first, then each row rendered as text (choices as labels).
    exclude = tuple(getattr(table, "export_exclude", ()))
    for row in table.as_values(exclude_columns=exclude):
        yield [neutralise(value) for value in row]


def export_response(table, export_format: str, *, filename: str):
    """A download of ``table``'s rows: streamed CSV (UTF-8 with BOM for Excel) or an XLSX file."""
    base = slugify(filename, allow_unicode=True) or "export"
    if export_format == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # Excel opens UTF-8 CSV (Japanese names) correctly only with a BOM.
            for row in _rows(table):
                yield writer.writerow(row)

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{base}.csv"'
        return response
    if export_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=base[:31])
        for row in _rows(table):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{base}.xlsx"'
        return response
    return HttpResponseBadRequest("export must be one of: " + ", ".join(EXPORT_FORMATS))
