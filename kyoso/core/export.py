"""CSV and XLSX export of a list, with exactly the rows and columns the user sees.

Both formats stream: the rows are read as values in chunks (:func:`kyoso.core.tables.export_rows`)
and written as they come (CSV lines; XLSX through :mod:`kyoso.core.xlsx`), so memory stays flat
and the first bytes leave at once. An export larger than ``KYOSO_EXPORT_BACKGROUND_ROWS`` (or
asked with ``background=1``) is prepared in the background instead
(:mod:`kyoso.core.prepared_exports`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.text import slugify

from .tables import export_rows
from .xlsx import xlsx_chunks

__all__ = ["export_response", "EXPORT_FORMATS", "neutralise", "exported_rows", "export_chunks", "CONTENT_TYPES"]

EXPORT_FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: CSV lines joined into one piece of the response: fewer, larger writes to the socket.
_CSV_LINES_PER_CHUNK = 500


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


def exported_rows(table) -> Iterator[list]:
    """The header and rows of ``table`` as exported (values, hidden cells hidden, formulas neutralised)."""
    prefixes = FORMULA_PREFIXES
    for row in export_rows(table):
        yield [("'" + value) if type(value) is str and value.startswith(prefixes) else value for value in row]


def export_chunks(rows: Iterable[list], export_format: str, *, title: str) -> Iterator[bytes]:
    """The file of ``rows`` in ``export_format``, as a stream of bytes."""
    if export_format == "csv":
        writer = csv.writer(_Echo())
        yield "\ufeff".encode()  # Excel opens UTF-8 CSV (Japanese names) correctly only with a BOM.
        lines = []
        for row in rows:
            lines.append(writer.writerow(row))
            if len(lines) == _CSV_LINES_PER_CHUNK:
                yield "".join(lines).encode()
                lines = []
        yield "".join(lines).encode()
    elif export_format == "xlsx":
        yield from xlsx_chunks(rows, title=title)
    else:
        raise ValueError(f"unknown export format {export_format!r}")


def export_filename(filename: str, export_format: str) -> str:
    return f"{slugify(filename, allow_unicode=True) or 'export'}.{export_format}"


def export_response(table, export_format: str, *, filename: str):
    """A streamed download of ``table``'s rows: CSV (UTF-8 with BOM for Excel) or XLSX."""
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest("export must be one of: " + ", ".join(EXPORT_FORMATS))
    name = export_filename(filename, export_format)
    response = StreamingHttpResponse(
        export_chunks(exported_rows(table), export_format, title=filename), content_type=CONTENT_TYPES[export_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
