"""Reading the versioned rule data that lives in ``kyoso/rules/data/``.

Every data file is a UTF-8 CSV with a header row. Lines starting with ``#`` are comments, so a
file can explain itself; blank cells mean "not applicable" or "unbounded".
"""

import csv
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path

__all__ = ["DATA_DIR", "read_rows", "optional_date", "optional_int", "fraction"]

DATA_DIR = Path(__file__).with_name("data")


@cache
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    """All rows of ``data/<name>`` as dicts of stripped strings (cached; the files are read-only)."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.lstrip().startswith("#") and line.strip())
        return tuple(_stripped(row) for row in csv.DictReader(lines))


def _stripped(row: dict[str, str | None]) -> dict[str, str]:
    return {key.strip(): (value or "").strip() for key, value in row.items() if key}


def optional_date(text: str) -> date | None:
    """An ISO date, or ``None`` for a blank cell."""
    return date.fromisoformat(text) if text else None


def optional_int(text: str) -> int | None:
    """An integer, or ``None`` for a blank cell."""
    return int(text) if text else None


def fraction(text: str) -> Fraction:
    """A fraction written as ``1/2``, ``0.7`` or ``1`` (exact: money never passes through float)."""
    return Fraction(text)


def iter_rows(name: str, **equal: str) -> Iterator[dict[str, str]]:
    """Rows of ``data/<name>`` whose columns equal the given values."""
    for row in read_rows(name):
        if all(row.get(column) == value for column, value in equal.items()):
            yield row
