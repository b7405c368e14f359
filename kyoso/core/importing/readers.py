"""Read an uploaded CSV or XLSX file into rows keyed by header, numbered as the user sees them.

Readers stream: a CSV is decoded and split line by line, an XLSX is read with openpyxl's
read-only mode, and :class:`Sheet` yields one row at a time, so memory stays flat whatever the
file's size. The limits of :class:`Limits` (``KYOSO_IMPORT_MAX_BYTES``, ``…_MAX_ROWS``,
``…_MAX_CELL_CHARS`` in settings) are checked as the file is read, and each error names its limit.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = ["Sheet", "ImportFileError", "Limits", "read_sheet", "check_size", "megabytes"]

MB = 1024 * 1024
# Encodings tried in order: Excel's "CSV UTF-8" (with or without BOM), then the Shift-JIS superset
# Japanese Excel writes for "CSV (comma delimited)".
CSV_ENCODINGS = ("utf-8-sig", "cp932")
SAMPLE_BYTES = 64 * 1024  # enough of the file to tell UTF-8 from Shift-JIS
ZIP_SIGNATURE = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/XLSX, no header row, too many rows…)."""


@dataclass(frozen=True)
class Limits:
    """How big an import may be; by default from settings (environment-overridable)."""

    max_bytes: int
    max_rows: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(settings.KYOSO_IMPORT_MAX_BYTES, settings.KYOSO_IMPORT_MAX_ROWS, settings.KYOSO_IMPORT_MAX_CELL_CHARS)


def megabytes(size: int) -> str:
    """``14.2 MB``, ``10 MB``: one decimal, none when whole."""
    value = f"{size / MB:.1f}".removesuffix(".0")
    return _("%(size)s MB") % {"size": value}


def check_size(size: int, limits: Limits | None = None) -> None:
    """Refuse a file over the size limit before a byte of it is parsed."""
    limits = limits or Limits.from_settings()
    if size > limits.max_bytes:
        raise ImportFileError(_("The file is %(size)s; imports take at most %(limit)s.") % {
            "size": megabytes(size), "limit": megabytes(limits.max_bytes)})


class Sheet:
    """The header row, then the data rows one at a time as (spreadsheet row number, header → cell).

    Iterating ``rows`` raises :class:`ImportFileError` at the first row past the row limit or the
    first cell past the cell limit.
    """

    def __init__(self, records: Iterator[list], limits: Limits):
        self._records, self.limits = records, limits
        self.headers: list[str] = []
        self._columns: list[str] = []
        for number, record in self._records:
            if all(_is_blank(value) for value in record):
                continue  # blank lines (and Excel's formatted-but-empty rows) are not data
            self._check_cells(number, record)
            self._columns = ["" if _is_blank(value) else str(value).strip() for value in record]
            self.headers = [h for h in self._columns if h]
            break
        else:
            raise ImportFileError(_("The file is empty: the first row must name the columns."))

    @property
    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        count = 0
        for number, record in self._records:
            if all(_is_blank(value) for value in record):
                continue
            count += 1
            if count > self.limits.max_rows:
                raise ImportFileError(_("The file has more than %(max)s rows; imports take at most %(max)s rows. Split it.") % {
                    "max": f"{self.limits.max_rows:,}"})
            self._check_cells(number, record)
            yield number, {header: value for header, value in zip(self._columns, record, strict=False) if header}

    def _check_cells(self, number: int, record: list) -> None:
        limit = self.limits.max_cell_chars
        for value in record:
            if isinstance(value, str) and len(value) > limit:
                raise ImportFileError(_("Row %(row)s has a cell of %(length)s characters; cells take at most %(limit)s.") % {
                    "row": number, "length": f"{len(value):,}", "limit": f"{limit:,}"})


def read_sheet(source: bytes | BinaryIO, filename: str = "", *, limits: Limits | None = None) -> Sheet:
    """Open ``source`` (bytes or a binary file) as XLSX or CSV, by its name and its content.

    A file whose content is not what its extension says is refused with a clear error.
    """
    limits = limits or Limits.from_settings()
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell(), limits)
    stream.seek(0)
    head = stream.read(len(ZIP_SIGNATURE))
    stream.seek(0)
    name = filename.lower()
    if name.endswith(".xlsx"):
        if head != ZIP_SIGNATURE:
            raise ImportFileError(_("“%(name)s” is not an XLSX workbook (its content is not one); save it from Excel as .xlsx, or as CSV.") % {
                "name": filename})
        records = _xlsx_records(stream, limits)
    elif head == ZIP_SIGNATURE:
        if name.endswith(".csv"):
            raise ImportFileError(_("“%(name)s” is not a CSV text file (it looks like a workbook); name it .xlsx or save it as CSV.") % {
                "name": filename})
        records = _xlsx_records(stream, limits)
    else:
        records = _csv_records(stream, limits)
    return Sheet(records, limits)


def _encoding(stream: BinaryIO) -> str:
    """UTF-8 if the whole file decodes as UTF-8, else CP932 (Shift-JIS) if it decodes as that.

    Decoded chunk by chunk and thrown away (memory stays flat): a file whose first rows are ASCII
    and whose Japanese comes later is still told apart correctly.
    """
    sample = stream.read(SAMPLE_BYTES)
    stream.seek(0)
    if b"\x00" in sample:
        raise ImportFileError(_("The file is not text (it holds binary data); save it as CSV or XLSX."))
    for encoding in ("utf-8", "cp932"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            stream.seek(0)
        return "utf-8-sig" if encoding == "utf-8" else encoding
    raise ImportFileError(_("The file is neither UTF-8 nor Shift-JIS text; save it as CSV or XLSX."))


def _csv_records(stream: BinaryIO, limits: Limits) -> Iterator[tuple[int, list]]:
    encoding = _encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    # csv refuses a longer field itself, before holding all of it.
    csv.field_size_limit(max(limits.max_cell_chars + 1, 1024))
    reader = csv.reader(text)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except UnicodeDecodeError:
        label = "UTF-8" if encoding.startswith("utf") else "Shift-JIS"
        raise ImportFileError(_("Row %(row)s is not %(encoding)s text like the rows before it; save the file again as CSV UTF-8.") % {
            "row": number + 1, "encoding": label}) from None
    except csv.Error as error:
        if "field larger" in str(error):
            raise ImportFileError(_("Row %(row)s has a cell longer than %(limit)s characters; cells take at most %(limit)s.") % {
                "row": number + 1, "limit": f"{limits.max_cell_chars:,}"}) from None
        raise ImportFileError(_("Row %(row)s cannot be read as CSV: %(error)s") % {"row": number + 1, "error": error}) from None
    finally:
        text.detach()  # leave the caller's file open


def _xlsx_records(stream: BinaryIO, limits: Limits) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as error:  # openpyxl raises many kinds (zipfile, KeyError, XML errors)
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        # The sheet's declared size refuses an oversized workbook before reading its rows.
        declared = sheet.max_row if isinstance(sheet.max_row, int) else 0
        if declared > limits.max_rows + 1 + 1000:  # + header and some blank rows Excel keeps
            raise ImportFileError(_("The file has more than %(max)s rows; imports take at most %(max)s rows. Split it.") % {
                "max": f"{limits.max_rows:,}"})
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell(value) for value in values]
        except ImportFileError:
            raise
        except Exception as error:
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
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
