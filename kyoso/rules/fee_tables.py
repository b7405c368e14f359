"""Effective-dated fee tables and reduction rows loaded from ``data/*.csv``.

Each row says which dates it applies to (the filing date selects the examination-fee table, the
payment date the annuity table, the examination-request date the legacy annuity table and the
reduction system – as the JPO's fee revisions of 2004, 2019 and 2022 say), so a lookup needs no
date logic in code. Each row's ``source`` names ids of ``data/sources/fees.csv``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache

from kyoso.rules.datafiles import fraction, optional_date, optional_int, read_rows

__all__ = [
    "FeeRow",
    "Reduction",
    "ep_renewal_rows",
    "jp_fee_rows",
    "jp_pct_rows",
    "reduction_rows",
    "us_maintenance_rows",
    "UNCONFIRMED",
    "ep_renewal_row",
    "fee_rule",
    "jp_fee_row",
    "jp_pct_row",
    "reduction_for",
    "us_maintenance_row",
]

UNCONFIRMED = "unconfirmed"


def _within(day: date | None, start: date | None, end: date | None) -> bool:
    """Whether ``day`` lies in the inclusive range; an open bound always holds, an unknown day
    only satisfies an unbounded range."""
    if day is None:
        return start is None and end is None
    return (start is None or start <= day) and (end is None or day <= end)


@dataclass(frozen=True, slots=True)
class FeeRow:
    """One fee: ``base + per_claim × claims`` in ``currency``, valid for the dates it names."""

    fee: str
    variant: str
    years: range
    base: int | Decimal
    per_claim: int | Decimal
    currency: str
    key: str
    valid_from: date | None
    valid_to: date | None
    exam_requested_from: date | None
    exam_requested_to: date | None
    status: str
    what: str
    source: str

    def amount(self, claims: int = 0) -> int | Decimal:
        return self.base + self.per_claim * claims

    def formula(self, claims: int = 0) -> str:
        """``"138,000 + 4,000 × 1"`` – how :meth:`amount` was reached, for the breakdown."""
        if not self.per_claim:
            return f"{self.base:,}"
        return f"{self.base:,} + {self.per_claim:,} × {claims}"

    def applies(self, dates: Mapping[str, date | None], year: int | None) -> bool:
        if year is not None and year not in self.years:
            return False
        key_ok = not self.key or _within(dates.get(self.key), self.valid_from, self.valid_to)
        exam = dates.get("exam_requested")
        exam_bounded = self.exam_requested_from or self.exam_requested_to
        return key_ok and (
            not exam_bounded or _within(exam, self.exam_requested_from, self.exam_requested_to)
        )


def _money(text: str, currency: str) -> int | Decimal:
    """Yen are integers; other currencies are exact decimals (never float)."""
    return int(text or 0) if currency == "JPY" else Decimal(text or 0)


def _fee_row(row: Mapping[str, str], *, currency: str = "JPY", **overrides) -> FeeRow:
    first = optional_int(row.get("years_from", "")) or 0
    last = optional_int(row.get("years_to", "")) or (99 if first else 0)
    fields = dict(
        fee=row.get("fee", ""),
        variant=row.get("variant", row.get("language", "")),
        years=range(first, last + 1),
        base=_money(row.get("base", row.get("amount", "")), currency),
        per_claim=_money(row.get("per_claim", ""), currency),
        currency=currency,
        key=row.get("key", "paid"),
        valid_from=optional_date(row.get("from", "")),
        valid_to=optional_date(row.get("to", "")),
        exam_requested_from=optional_date(row.get("exam_requested_from", "")),
        exam_requested_to=optional_date(row.get("exam_requested_to", "")),
        status=row["status"],
        what=row.get("what", ""),
        source=row["source"],
    )
    fields.update(overrides)
    return FeeRow(**fields)


def _only(rows: list[FeeRow], description: str) -> FeeRow:
    if len(rows) != 1:
        problem = "no fee row" if not rows else f"{len(rows)} overlapping fee rows"
        raise LookupError(f"{problem} for {description}")
    return rows[0]


@cache
def jp_fee_rows() -> tuple[FeeRow, ...]:
    """All rows of fees_jp_patent.csv."""
    return tuple(_fee_row(row) for row in read_rows("fees_jp_patent.csv"))


@cache
def _jp_rows_by_fee() -> dict[tuple[str, str], tuple[FeeRow, ...]]:
    index: dict[tuple[str, str], list[FeeRow]] = {}
    for row in jp_fee_rows():
        index.setdefault((row.fee, row.variant), []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


def jp_fee_row(fee: str, variant: str, dates: Mapping[str, date | None], year: int | None = None) -> FeeRow:
    """The JPO patent fee row for ``fee``/``variant`` in force for ``dates`` (and annuity ``year``)."""
    rows = [r for r in _jp_rows_by_fee().get((fee, variant), ()) if r.applies(dates, year)]
    return _only(rows, f"JP {fee} {variant} year={year} {dict(dates)}")


@cache
def jp_pct_rows() -> tuple[FeeRow, ...]:
    """All rows of fees_jp_pct.csv."""
    return tuple(_fee_row(row) for row in read_rows("fees_jp_pct.csv"))


def jp_pct_row(fee: str, on: date, language: str = "ja") -> FeeRow:
    """The PCT fee collected by the JPO, in force on ``on`` (receipt or payment date per row)."""
    rows = [
        r
        for r in jp_pct_rows()
        if r.fee == fee and r.variant in ("", language) and _within(on, r.valid_from, r.valid_to)
    ]
    return _only(rows, f"JPO PCT {fee} ({language}) on {on}")


@cache
def us_maintenance_rows() -> tuple[FeeRow, ...]:
    """All rows of fees_us_maintenance.csv (fee = stage, variant = entity)."""
    return tuple(
        _fee_row(row, currency=row["currency"], fee=row["stage"], variant=row["entity"])
        for row in read_rows("fees_us_maintenance.csv")
    )


def us_maintenance_row(stage: str, entity: str, paid_on: date) -> FeeRow:
    """USPTO maintenance fee ``stage`` (``3.5``, ``7.5``, ``11.5`` or ``surcharge``) for ``entity``."""
    rows = [
        r
        for r in us_maintenance_rows()
        if r.fee == stage and r.variant == entity and _within(paid_on, r.valid_from, r.valid_to)
    ]
    return _only(rows, f"US maintenance {stage} {entity} paid {paid_on}")


@cache
def ep_renewal_rows() -> tuple[FeeRow, ...]:
    """All rows of fees_ep_renewal.csv."""
    return tuple(
        _fee_row(row, currency=row["currency"], fee="ep_renewal") for row in read_rows("fees_ep_renewal.csv")
    )


def ep_renewal_row(year: int, paid_on: date) -> FeeRow:
    """EPO renewal fee for application ``year`` (3 or later) paid on ``paid_on``."""
    rows = [r for r in ep_renewal_rows() if year in r.years and _within(paid_on, r.valid_from, r.valid_to)]
    return _only(rows, f"EP renewal year {year} paid {paid_on}")


@dataclass(frozen=True, slots=True)
class Reduction:
    """What an owner kind pays of a fee (``pays`` = 1/2 for half price); see reductions_jp.csv."""

    owner_kind: str
    fee: str
    years: range
    pays: Fraction | None
    exam_requested_from: date | None
    exam_requested_to: date | None
    key_from: date | None
    status: str
    source: str

    def applies(
        self, kind: str, fee: str, year: int | None, exam_requested: date | None, on: date | None
    ) -> bool:
        if (self.owner_kind, self.fee) != (kind, fee) or (year is not None and year not in self.years):
            return False
        exam_bounded = self.exam_requested_from or self.exam_requested_to
        if exam_bounded and not _within(exam_requested, self.exam_requested_from, self.exam_requested_to):
            return False
        return self.key_from is None or (on is not None and on >= self.key_from)


@cache
def reduction_rows() -> tuple[Reduction, ...]:
    """All rows of reductions_jp.csv."""
    return tuple(
        Reduction(
            owner_kind=row["owner_kind"],
            fee=row["fee"],
            years=range(optional_int(row["years_from"]) or 0, (optional_int(row["years_to"]) or 99) + 1),
            pays=fraction(row["pays"]) if row["pays"] else None,
            exam_requested_from=optional_date(row["exam_requested_from"]),
            exam_requested_to=optional_date(row["exam_requested_to"]),
            key_from=optional_date(row["key_from"]),
            status=row["status"],
            source=row["source"],
        )
        for row in read_rows("reductions_jp.csv")
    )


def reduction_for(
    kind: str,
    fee: str,
    *,
    year: int | None = None,
    exam_requested: date | None = None,
    on: date | None = None,
) -> Reduction | None:
    """The reduction row for this owner kind and fee, or ``None`` when none applies (full fee)."""
    rows = [r for r in reduction_rows() if r.applies(kind, fee, year, exam_requested, on)]
    if len(rows) > 1:
        raise LookupError(f"overlapping reduction rows for {kind} {fee} year={year}")
    return rows[0] if rows else None


@cache
def fee_rule(name: str) -> tuple[Fraction, str]:
    """A scalar rule from ``fee_rules.csv`` (a multiplier or rounding unit) and its source."""
    for row in read_rows("fee_rules.csv"):
        if row["name"] == name:
            return fraction(row["value"]), row["source"]
    raise LookupError(f"no fee rule {name!r}")
