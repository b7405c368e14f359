"""Run a whole file: every row is checked, and any error leaves the database as it was.

A run has two phases. **Validation** reads the file (streaming, within the limits), parses every
cell with the names of each reference column looked up in one query, checks rows against each
other and against the database, and for a bulk importer builds and validates every record — all
outside any transaction, so on SQLite other users keep writing meanwhile. **Writing** then saves
everything in one short transaction. A preview is the validation phase alone (an importer that
saves row by row through its services runs them in a transaction that is rolled back), so what
it shows is what the import does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from kyoso.core.collector import collector_paused
from kyoso.core.db import checkpoint_after, page_cache_of

from .columns import ReferenceColumn, SharesColumn, normalise_header
from .importer import Importer, RowError
from .readers import ImportFileError, Limits, read_sheet

__all__ = ["run_import", "ImportRun", "ImportReport", "RowReport", "CellError"]


@dataclass
class CellError:
    """One error message, with the column to blame (``None`` when the whole row is at fault)."""

    column: str | None
    message: str


@dataclass
class RowReport:
    """What happened (or would happen) to one spreadsheet row."""

    number: int
    changes: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)  # the parsed cells, by column name

    def error(self, message, column: str | None = None) -> None:
        self.errors.append(CellError(column, str(message)))

    def refused(self, error: RowError | ValidationError) -> None:
        """Record why a service or a model refused the row: each message under its column."""
        if isinstance(error, RowError):
            self.error(error.message, error.column)
            return
        for column, messages in (error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}).items():
            for message in messages:
                self.error(message, None if column == "__all__" else column)


@dataclass
class ImportReport:
    """The outcome of an import or a preview: file-level problems, then one report per row."""

    kind: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    committed: bool = False
    write_seconds: float = 0.0  # how long the write transaction (SQLite's write lock) was held

    @property
    def bad_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    @property
    def warned_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.warnings]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows


class _Rollback(Exception):
    """Raised out of the atomic block to undo a preview or a file with errors."""


class ImportRun:
    """One import of one file: :meth:`validate` (no transaction, no write), then :meth:`write`."""

    def __init__(self, importer: Importer, source: bytes | BinaryIO, filename: str = "", *,
                 dry_run: bool = False, limits: Limits | None = None):
        self.importer, self.source, self.filename, self.limits = importer, source, filename, limits
        self.report = ImportReport(kind=importer.kind, dry_run=dry_run)
        self.plan = None
        self.validated = False
        self.bulk = False

    def validate(self) -> ImportReport:
        """Read, parse and check every row; for a bulk importer build its records. Writes nothing."""
        with collector_paused():
            return self._validate()

    def _validate(self) -> ImportReport:
        importer, report = self.importer, self.report
        self.validated = True
        if not importer.available_to(importer.user):
            report.file_errors.append(_("You may not import %(kind)s.") % {"kind": importer.verbose_name})
            return report
        try:
            sheet = read_sheet(self.source, self.filename, limits=self.limits)
            columns = _match_columns(importer, sheet.headers, report)
            if report.file_errors:
                return report
            report.rows = [RowReport(number, values=cells) for number, cells in sheet.rows]
        except ImportFileError as error:
            report.file_errors.append(str(error))
            report.rows = []
            return report
        _preload(importer, columns, report.rows)
        parsed_cells: dict[str, dict] = {name: {} for name in columns}
        for row in report.rows:
            _parse_row(importer, row, columns, parsed_cells)
        parsed = [row for row in report.rows if not row.errors]
        importer.check_rows(parsed)
        good = [row for row in parsed if not row.errors]
        self.bulk = importer.bulk and importer.accepts_bulk(good)
        if self.bulk:
            self.plan = importer.prepare(good)
        return report

    def write(self) -> ImportReport:
        """Save the validated file in one transaction: every row or, at the first error, none.
        The run ends here: the records it built are let go (only the report is kept)."""
        with collector_paused():
            try:
                return self._write()
            finally:
                self.plan = None
                self.importer.release()

    def _write(self) -> ImportReport:
        report, importer = self.report, self.importer
        if not self.validated:
            self.validate()
        if report.file_errors:
            return report
        started = time.perf_counter()
        if self.bulk:
            if report.dry_run or not report.ok:
                return report
            importer.before_write(self.plan)  # outside the transaction: the write lock waits for none of it
            with page_cache_of(settings.KYOSO_IMPORT_SQLITE_CACHE_MB), checkpoint_after():
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        importer.write(self.plan)
                except (RowError, ValidationError, PermissionDenied, DatabaseError) as error:
                    report.file_errors.append(_("Nothing was imported: %(error)s") % {"error": _describe(error)})
                    return report
                finally:  # the lock is released at the commit, before the checkpoint
                    report.write_seconds = time.perf_counter() - started
            report.committed = True
            return report
        # Row by row through the services: a preview runs them too, then rolls back.
        try:
            with transaction.atomic():
                for row in report.rows:
                    if not row.errors:
                        _import_row(importer, row)
                if report.dry_run or not report.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            report.committed = True
        report.write_seconds = time.perf_counter() - started
        return report


def run_import(importer: Importer, source: bytes | BinaryIO, filename: str = "", *, dry_run: bool = False,
               limits: Limits | None = None) -> ImportReport:
    """Import ``source`` (bytes or a binary file) as ``importer.user``; commit only if no row failed."""
    return ImportRun(importer, source, filename, dry_run=dry_run, limits=limits).write()


def _describe(error) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) or _("You may not make this change.")
    if isinstance(error, RowError):
        return error.message
    return _("the database refused a row (%(error)s).") % {"error": error}


def _preload(importer: Importer, columns: dict[str, str], rows: list[RowReport]) -> None:
    """Resolve the names of each reference column in one query for the whole file."""
    for column in importer.columns:
        if column.name not in columns:
            continue
        header = columns[column.name]
        if isinstance(column, SharesColumn):
            cells = {cell for row in rows if (cell := row.values.get(header))}  # a file repeats its owner lists
            texts = {name for cell in cells for name, _share in column.parts(cell)}
            column.party.preload(texts, importer)
        elif isinstance(column, ReferenceColumn) and type(column).parse is ReferenceColumn.parse:
            column.preload({row.values.get(header) for row in rows}, importer)


def _parse_row(importer: Importer, row: RowReport, columns: dict[str, str], parsed: dict[str, dict]) -> None:
    """Replace the row's raw cells by the parsed values of the known columns, noting cell errors.

    A file repeats cells (an agreement's columns on each of its rows, the same owners on every
    filing): each distinct cell of a column is parsed once, its value or its errors kept in
    ``parsed`` (parsing reads nothing but the cell and the file's preloaded names).
    """
    cells, values = row.values, {}
    for column in importer.columns:
        if column.name not in columns:
            continue
        raw = cells.get(columns[column.name])
        seen = parsed[column.name]
        try:
            value, messages = seen[raw]
        except KeyError:
            value, messages = _parse_cell(column, raw, importer)
            seen[raw] = (value, messages)
        except TypeError:  # a cell value that cannot be a key
            value, messages = _parse_cell(column, raw, importer)
        if messages:
            row.errors.extend(CellError(column.name, message) for message in messages)
        else:
            values[column.name] = list(value) if isinstance(value, list) else value
    row.values = values


def _parse_cell(column, raw, importer) -> tuple[object, list[str]]:
    try:
        return column.clean(raw, importer), []
    except ValidationError as error:
        return None, error.messages


def _import_row(importer: Importer, row: RowReport) -> None:
    try:
        # A savepoint per row: a failed row leaves no half-saved records behind for the rows after it.
        with transaction.atomic():
            row.changes = importer.import_row(row.values)
    except (RowError, ValidationError) as error:
        row.refused(error)
    except PermissionDenied:
        row.errors.append(CellError(None, _("You may not make this change.")))


def _match_columns(importer: Importer, headers: list[str], report: ImportReport) -> dict[str, str]:
    """Map each column name to the header that holds it; missing required columns are errors."""
    found: dict[str, str] = {}
    for header in headers:
        column = next((c for c in importer.columns if normalise_header(header) in c.headers()), None)
        if column is None:
            report.ignored_columns.append(header)
        elif column.name in found:
            report.file_errors.append(_("Column %(column)s appears twice.") % {"column": column.name})
        else:
            found[column.name] = header
    for column in importer.columns:
        if column.required and column.name not in found:
            report.file_errors.append(_("Required column %(column)s is missing.") % {"column": column.name})
    return found


