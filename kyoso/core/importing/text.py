"""The import report as plain text lines, for the ``kyoso import`` command and logs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .runner import ImportReport

__all__ = ["report_lines"]


def report_lines(report: ImportReport) -> list[str]:
    """One line per file error, per row change and per row error (``row N, column: message``)."""
    lines = [_("error: %(message)s") % {"message": error} for error in report.file_errors]
    if report.ignored_columns:
        lines.append(_("ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)})
    for row in report.rows:
        for error in row.errors:
            where = _("row %(row)s, %(column)s") % {"row": row.number, "column": error.column} if error.column \
                else _("row %(row)s") % {"row": row.number}
            lines.append(_("%(where)s: error: %(message)s") % {"where": where, "message": error.message})
        lines.extend(_("row %(row)s: warning: %(message)s") % {"row": row.number, "message": warning} for warning in row.warnings)
        lines.extend(_("row %(row)s: %(change)s") % {"row": row.number, "change": change} for change in row.changes)
    if report.bad_rows:
        lines.append(_("%(count)s of %(total)s rows have errors; nothing was imported.") % {
            "count": len(report.bad_rows), "total": len(report.rows)})
    elif report.committed:
        lines.append(_("%(total)s rows imported.") % {"total": len(report.rows)})
    elif report.ok:
        lines.append(_("%(total)s rows checked; nothing saved (dry run).") % {"total": len(report.rows)})
    return lines
