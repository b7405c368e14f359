"""Downloadable template files: the columns of an importer as headers, with one sample row."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from .importer import Importer

__all__ = ["template_file", "TEMPLATE_FORMATS"]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEMPLATE_FORMATS = tuple(CONTENT_TYPES)


def template_file(importer: type[Importer], file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the ``csv`` or ``xlsx`` template of ``importer``."""
    headers = [column.name for column in importer.columns]
    sample = [importer.sample.get(name, "") for name in headers]
    filename = f"kyoso-import-{importer.kind}.{file_format}"
    if file_format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([headers, sample])
        # The BOM makes Excel read the Japanese sample as UTF-8.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), CONTENT_TYPES["csv"], filename
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importer.kind[:31]
    sheet.append(headers)
    sheet.append(sample)
    for cell, column in zip(sheet[1], importer.columns, strict=True):
        cell.font = Font(bold=column.required)  # required columns stand out
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.name) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), CONTENT_TYPES["xlsx"], filename
