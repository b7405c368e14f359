"""CSV and XLSX import of directory, agreement and IP records, all-or-nothing with a preview.

Each domain app declares its importers in ``<app>/importers.py`` (columns, natural keys and how a
row becomes records saved through that app's services). This package reads the file
(:mod:`.readers`), parses cells (:mod:`.columns`), runs a whole file in one transaction
(:mod:`.runner`) and offers the web pages, templates and the ``kyoso import`` command over them.
"""

from .columns import (
    BooleanColumn,
    ChoiceColumn,
    Column,
    DateColumn,
    IntegerColumn,
    KeyColumn,
    PercentColumn,
    ReferenceColumn,
    SharesColumn,
    TextColumn,
)
from .importer import Importer, RowError
from .registry import importer_class, importers, importers_for, register
from .runner import CellError, ImportReport, ImportRun, RowReport, run_import

__all__ = [
    "BooleanColumn", "ChoiceColumn", "Column", "DateColumn", "IntegerColumn", "KeyColumn", "PercentColumn", "ReferenceColumn",
    "SharesColumn", "TextColumn", "Importer", "RowError", "importer_class", "importers", "importers_for", "register",
    "CellError", "ImportReport", "ImportRun", "RowReport", "run_import",
]
