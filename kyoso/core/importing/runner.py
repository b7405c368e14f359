"""Run a whole file inside one transaction: every row is tried, and any error undoes all of them.

A preview is the same run, always rolled back, so what it shows is exactly what the import does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .columns import normalise_header
from .importer import Importer, RowError
from .readers import ImportFileError, read_sheet

__all__ = ["run_import", "ImportReport", "RowReport", "CellError"]


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


@dataclass
class ImportReport:
    """The outcome of an import or a preview: file-level problems, then one report per row."""

    kind: str
    dry_run: bool
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    committed: bool = False

    @property
    def bad_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.bad_rows


class _Rollback(Exception):
    """Raised out of the atomic block to undo a preview or a file with errors."""


def run_import(importer: Importer, content: bytes, filename: str = "", *, dry_run: bool = False) -> ImportReport:
    """Import ``content`` row by row as ``importer.user``; commit only if no row failed."""
    report = ImportReport(kind=importer.kind, dry_run=dry_run)
    if not importer.available_to(importer.user):
        report.file_errors.append(_("You may not import %(kind)s.") % {"kind": importer.verbose_name})
        return report
    try:
        sheet = read_sheet(content, filename)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return report
    columns = _match_columns(importer, sheet.headers, report)
    if report.file_errors:
        return report
    try:
        with transaction.atomic():
            for number, cells in sheet.rows:
                report.rows.append(_import_row(importer, number, cells, columns))
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        pass
    else:
        report.committed = True
    return report


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


def _import_row(importer: Importer, number: int, cells: dict, columns: dict[str, str]) -> RowReport:
    row = RowReport(number)
    values = {}
    for column in importer.columns:
        if column.name not in columns:
            continue
        try:
            values[column.name] = column.clean(cells.get(columns[column.name]), importer)
        except ValidationError as error:
            row.errors.extend(CellError(column.name, message) for message in error.messages)
    if row.errors:
        return row
    try:
        # A savepoint per row: a failed row leaves no half-saved records behind for the rows after it.
        with transaction.atomic():
            row.changes = importer.import_row(values)
    except RowError as error:
        row.errors.append(CellError(error.column, error.message))
    except ValidationError as error:
        for column, messages in (error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}).items():
            row.errors.extend(CellError(None if column == "__all__" else column, str(m)) for m in messages)
    except PermissionDenied:
        row.errors.append(CellError(None, _("You may not make this change.")))
    return row
