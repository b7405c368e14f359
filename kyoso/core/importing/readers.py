"""Read an uploaded CSV or XLSX file into rows keyed by header, numbered as the user sees them."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

__all__ = ["Sheet", "ImportFileError", "read_sheet", "MAX_ROWS"]

MAX_ROWS = 10_000  # one transaction holds the whole file; bigger files belong in several imports
# Encodings tried in order: Excel's "CSV UTF-8" (with BOM), plain UTF-8, then the Shift-JIS
# superset Japanese Excel writes for "CSV (comma delimited)".
CSV_ENCODINGS = ("utf-8-sig", "cp932")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, no header row, too many rows…)."""


@dataclass
class Sheet:
    """The header row and the data rows; ``rows`` holds (spreadsheet row number, header → cell)."""

    headers: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


def read_sheet(content: bytes, filename: str = "") -> Sheet:
    """Read ``content`` as XLSX (by name or by its ZIP signature) or else as CSV."""
    if filename.lower().endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        records = _xlsx_records(content)
    else:
        records = csv.reader(io.StringIO(_decode(content)))
    return _sheet(records)


def _decode(content: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor Shift-JIS text; save it as CSV or XLSX."))


def _xlsx_records(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zipfile, KeyError, XML errors)
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    finally:
        workbook.close()


def _cell(value):
    """Excel gives dates as datetimes and whole numbers sometimes as floats: normalise both."""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(records) -> Sheet:
    headers: list[str] | None = None
    sheet = Sheet(headers=[])
    for number, record in enumerate(records, start=1):
        if all(_is_blank(value) for value in record):
            continue  # blank lines (and Excel's formatted-but-empty rows) are not data
        if headers is None:
            headers = ["" if _is_blank(value) else str(value).strip() for value in record]
            sheet.headers = [h for h in headers if h]
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
        row = {header: value for header, value in zip(headers, record, strict=False) if header}
        sheet.rows.append((number, row))
    if headers is None:
        raise ImportFileError(_("The file is empty: the first row must name the columns."))
    return sheet
