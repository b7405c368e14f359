"""Official fees: what a procedure costs, for whom, with every step shown.

Tables and reductions are data (``data/fees_*.csv``, ``data/reductions_jp.csv``,
``data/fee_rules.csv``, each row citing ids of ``data/sources/fees.csv``); this module combines
them the way the JPO does (Patent Act §107(3), §195(6)/(7); JPO reductions from 1 April 2019):

- co-owners: Σ (full fee × what that owner kind pays × owner's share), truncated below 10 yen
  (PA 107(3), 195(6)/(7)) – e.g. company + university at 50/50 pay ¾ of the fee;
- annuities: that combination is done for **one year**, truncated, then multiplied by the years
  (never reduce a multi-year total);
- the 追納 surcharge equals the annuity due (PA 112(2)).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kyoso.rules.fee_tables import (
    UNCONFIRMED,
    FeeRow,
    ep_renewal_row,
    fee_rule,
    jp_fee_row,
    jp_pct_row,
    reduction_for,
    us_maintenance_row,
)
from kyoso.rules.owners import SOLE_COMPANY, Owner

__all__ = [
    "EXAM_REPORT_VARIANTS",
    "FeeResult",
    "ep_micro_entity_amount",
    "ep_renewal_fee",
    "jp_annual_fee",
    "jp_exam_fee",
    "jp_fixed_fee",
    "jp_pct_fee",
    "jp_pct_international_filing_fee",
    "us_maintenance_fee",
]

# Who searched (--searched-by / --search-report, the filing's "searched by") → the variants of
# exam_request in fees_jp_patent.csv: no report, the JPO as ISA, another ISA (EPO …), a
# registered search organisation (特定登録調査機関) – JPO exam-request fee revision of 1 April 2019.
EXAM_REPORT_VARIANTS = ("none", "jpo_isr", "other_isa", "search_organisation")
# When the examination-request date is unknown, assume a current case (the newest system).
_ASSUME_CURRENT = date.max
_STATUS_ORDER = ("confirmed", "single-source", UNCONFIRMED)


@dataclass(frozen=True, slots=True)
class FeeResult:
    """An amount with its currency, the steps that produced it and their sources.

    ``status`` is the weakest status among the rows used (confirmed < single-source < unconfirmed).
    """

    amount: int | Decimal
    currency: str
    breakdown: tuple[dict[str, object], ...]
    source: str
    status: str = "confirmed"
    notes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, object]:
        """The CLI/API document ``{amount, currency, breakdown, source}``: integer yen stay
        integers, foreign amounts become strings; notes and a weaker-than-confirmed status are
        carried as breakdown lines so the document keeps exactly these four keys."""
        amount = self.amount if isinstance(self.amount, int) else str(self.amount)
        breakdown = [dict(line) for line in self.breakdown]
        breakdown += [{"what": "note", "note": note} for note in self.notes]
        if self.status != "confirmed":
            breakdown.append({"what": "status", "status": self.status})
        return {"amount": amount, "currency": self.currency, "breakdown": breakdown, "source": self.source}


def _weakest(statuses: Iterable[str]) -> str:
    return max(statuses, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER))


def _sources(*sources: str) -> str:
    """Source ids (``a;b`` each) merged in order without repeats: ``"a;b"``."""
    ids = (part.strip() for source in sources for part in source.split(";"))
    return ";".join(dict.fromkeys(i for i in ids if i))


def _display(value: Fraction) -> int | str:
    """An exact amount for the breakdown: an int when whole, else a 2-decimal string."""
    if value.denominator == 1:
        return value.numerator
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _truncate(value: Fraction, unit: Fraction) -> int:
    """Round down to a multiple of ``unit`` yen (端数切捨て)."""
    return int(value // unit * unit)


@dataclass(frozen=True, slots=True)
class _Shared:
    """The owners' combined share of one fee (before rounding) and the steps that led to it."""

    total: Fraction
    lines: tuple[dict[str, object], ...]
    sources: tuple[str, ...]
    statuses: tuple[str, ...]
    notes: tuple[str, ...]


def _share_among(
    full: int, row: FeeRow, claims: int, owners: tuple[Owner, ...], reduction_key: dict[str, object]
) -> _Shared:
    """Σ full × pays(owner kind) × share, one breakdown line per owner (§1.5 joint applicants)."""
    total, lines, sources, statuses, notes = Fraction(0), [], [], [], []
    for owner in owners:
        reduction = reduction_for(owner.kind, **reduction_key)
        pays = Fraction(1)
        if reduction is not None and reduction.status != UNCONFIRMED and reduction.pays is not None:
            pays = reduction.pays
            if pays != 1:  # a "pays the full fee" row needs no citation in the result
                sources.append(reduction.source)
                statuses.append(reduction.status)
        elif reduction is not None:
            notes.append(f"{owner.kind}: reduction not applied ({reduction.status}): {reduction.source}")
        part = full * pays * owner.share
        total += part
        lines.append(
            {
                "what": row.what,
                "formula": row.formula(claims),
                "amount": full,
                "owner": owner.kind,
                "share": owner.percent,
                "reduction": str(pays),
                "part": _display(part),
            }
        )
    return _Shared(total, tuple(lines), tuple(sources), tuple(statuses), tuple(notes))


def jp_exam_fee(
    claims: int,
    filed: date,
    *,
    exam_requested: date | None = None,
    owners: tuple[Owner, ...] = SOLE_COMPANY,
    search_report: str = "none",
) -> FeeResult:
    """審査請求料 (Patent Act §195(2); JPO exam-request fee revision of 1 April 2019).

    The table is chosen by ``filed`` (for a PCT national phase: the international filing date);
    the reduction system by ``exam_requested`` (unknown = a current request). ``search_report``
    is one of :data:`EXAM_REPORT_VARIANTS`: who searched decides the amount.
    """
    requested = exam_requested or _ASSUME_CURRENT
    row = jp_fee_row("exam_request", search_report, {"filed": filed})
    shared = _share_among(
        row.amount(claims), row, claims, owners, {"fee": "exam_request", "exam_requested": requested}
    )
    unit, rounding_source = fee_rule("JP.co_owner_rounding_unit")
    amount = _truncate(shared.total, unit)
    total_line = {"what": f"total, truncated below {unit} yen", "amount": amount}
    return FeeResult(
        amount=amount,
        currency="JPY",
        breakdown=(*shared.lines, total_line),
        source=_sources(row.source, *shared.sources, rounding_source if len(owners) > 1 else ""),
        status=_weakest((row.status, *shared.statuses)),
        notes=_assumption_notes(exam_requested) + shared.notes,
    )


def _assumption_notes(exam_requested: date | None) -> tuple[str, ...]:
    if exam_requested is None:
        return ("examination-request date not given: assumed on/after 2019-04-01 (current reduction system)",)
    return ()


def jp_annual_fee(
    year: int,
    claims: int,
    paid_on: date,
    *,
    exam_requested: date | None = None,
    owners: tuple[Owner, ...] = SOLE_COMPANY,
    through: int | None = None,
    late: bool = False,
) -> FeeResult:
    """特許料 for ``year`` (or each year up to ``through``) paid on ``paid_on`` (Patent Act §107).

    The 2022 or earlier table is chosen by the payment date, the legacy table by an examination
    request before 2004-04-01; reductions by the examination-request date. Each year is combined
    over the owners and truncated separately (never the multi-year total). ``late`` adds the
    追納 surcharge (PA 112(2)).
    """
    requested = exam_requested or _ASSUME_CURRENT
    dates = {"paid": paid_on, "exam_requested": requested}
    unit, rounding_source = fee_rule("JP.reduced_annuity_rounding_unit")
    lines, sources, statuses, notes, amount = [], [], [], list(_assumption_notes(exam_requested)), 0
    for each_year in range(year, (through or year) + 1):
        row = jp_fee_row("annual", _annual_variant(dates, each_year), dates, each_year)
        key = {"fee": "annual", "year": each_year, "exam_requested": requested}
        shared = _share_among(row.amount(claims), row, claims, owners, key)
        yearly = _truncate(shared.total, unit)
        lines += [{**line, "year": each_year} for line in shared.lines]
        lines.append(
            {"what": f"year {each_year}, truncated below {unit} yen", "year": each_year, "amount": yearly}
        )
        sources += [row.source, *shared.sources]
        statuses += [row.status, *shared.statuses]
        notes += [n for n in shared.notes if n not in notes]
        amount += yearly
    if any(line.get("reduction", "1") != "1" for line in lines):
        sources.append(rounding_source)
    if late:
        factor, surcharge_source = fee_rule("JP.late_annuity_surcharge")
        surcharge = int(amount * factor)
        lines.append({"what": "割増特許料 (追納 surcharge, equal to the annuity)", "amount": surcharge})
        sources.append(surcharge_source)
        amount += surcharge
    return FeeResult(amount, "JPY", tuple(lines), _sources(*sources), _weakest(statuses), tuple(notes))


def _annual_variant(dates: dict[str, date], year: int) -> str:
    """Which annual table (2022, pre2022, legacy) applies – the one whose date bounds match."""
    for variant in ("legacy", "2022", "pre2022"):
        try:
            jp_fee_row("annual", variant, dates, year)
        except LookupError:
            continue
        return variant
    raise LookupError(f"no annual fee table for year {year} and {dates}")


def jp_fixed_fee(fee: str, variant: str = "", claims: int = 0) -> FeeResult:
    """A JPO fee without reductions or date keys (filing, restoration, appeal, extension …)."""
    row = jp_fee_row(fee, variant, {})
    amount = row.amount(claims)
    line = {"what": row.what, "formula": row.formula(claims), "amount": amount}
    return FeeResult(amount, "JPY", (line,), row.source, row.status)


def jp_pct_fee(
    fee: str, on: date, *, language: str = "ja", owners: tuple[Owner, ...] = SOLE_COMPANY
) -> FeeResult:
    """A PCT fee collected by the JPO with the reductions for Japanese-language applications
    (JPO PCT fee support); ``on`` is the receipt or payment date as the fee requires."""
    row = jp_pct_row(fee, on, language)
    reduction_key = {"fee": fee, "on": on} if language == "ja" else {"fee": "-", "on": on}
    shared = _share_among(int(row.amount()), row, 0, owners, reduction_key)
    amount = _truncate(shared.total, Fraction(1))
    return FeeResult(
        amount,
        "JPY",
        shared.lines,
        _sources(row.source, *shared.sources),
        _weakest((row.status, *shared.statuses)),
    )


def jp_pct_international_filing_fee(
    on: date, *, online: bool = True, owners: tuple[Owner, ...] = SOLE_COMPANY
) -> FeeResult:
    """国際出願手数料 for the first 30 sheets received on ``on``, less the reduction for an
    application filed online (PCT Schedule of Fees item 4), then the owners' reductions on what
    remains (JPO PCT fee support: ½ for universities from 2024-01-01)."""
    row = jp_pct_row("pct_international_filing", on)
    full, formula, rows = int(row.amount()), row.formula(), [row]
    if online:
        reduction = jp_pct_row("pct_online_reduction", on)
        full -= int(reduction.amount())
        formula = f"{formula} − {int(reduction.amount()):,} ({reduction.what})"
        rows.append(reduction)
    shared = _share_among(full, row, 0, owners, {"fee": "pct_international_filing", "on": on})
    lines = tuple({**line, "formula": formula} for line in shared.lines)
    return FeeResult(
        _truncate(shared.total, Fraction(1)),
        "JPY",
        lines,
        _sources(*(r.source for r in rows), *shared.sources),
        _weakest((*(r.status for r in rows), *shared.statuses)),
        shared.notes,
    )


def us_maintenance_fee(stage: str, paid_on: date, *, entity: str = "large", late: bool = False) -> FeeResult:
    """USPTO maintenance fee (``3.5``/``7.5``/``11.5``) for ``large``/``small``/``micro``
    (35 USC 41(b), 37 CFR 1.20(e)–(h)), from the schedule in force on ``paid_on``."""
    rows = [us_maintenance_row(stage, entity, paid_on)]
    if late:
        rows.append(us_maintenance_row("surcharge", entity, paid_on))
    lines = tuple({"what": f"maintenance fee {r.fee} ({entity})", "amount": str(r.base)} for r in rows)
    total = sum((r.base for r in rows), Decimal(0))
    return FeeResult(
        total, "USD", lines, _sources(*(r.source for r in rows)), _weakest(r.status for r in rows)
    )


def ep_renewal_fee(year: int, paid_on: date, *, late: bool = False, micro_entity: bool = False) -> FeeResult:
    """EPO renewal fee for application ``year`` from the schedule in force on ``paid_on``: +50 %
    in the grace period (EPC R.51(2)); micro-entities (incl. universities with < 5 filings in
    5 years) pay 70 % (EPC R.7a)."""
    row = ep_renewal_row(year, paid_on)
    amount, sources = row.base, [row.source]
    lines = [{"what": f"renewal fee year {year}", "amount": str(amount)}]
    if micro_entity:
        pays, source = fee_rule("EP.micro_entity_pays")
        amount = ep_micro_entity_amount(amount)
        lines.append({"what": "micro-entity reduction", "reduction": str(pays), "amount": str(amount)})
        sources.append(source)
    if late:
        rate, source = fee_rule("EP.renewal_late_surcharge")
        surcharge = _cents(amount * Decimal(rate.numerator) / rate.denominator)
        lines.append({"what": "additional fee (grace period)", "amount": str(surcharge)})
        sources.append(source)
        amount += surcharge
    return FeeResult(amount, "EUR", tuple(lines), _sources(*sources), row.status)


def ep_micro_entity_amount(amount: Decimal) -> Decimal:
    """What a micro-entity pays of the EP fee ``amount`` (EPC R.7a: 70 %), to the cent."""
    pays, _source = fee_rule("EP.micro_entity_pays")
    return _cents(Decimal(amount) * Decimal(pays.numerator) / pays.denominator)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
