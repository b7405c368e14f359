"""Public funding programmes as dated data, and the navigator that says which of them fit.

Pure Python: no Django import. The catalogue is every ``data/programmes/*.csv`` except
``duties.csv`` (one file per funder's menu: a new year's menu is a new file, not code); each row
names its source ids (``data/sources/``) and says whether the source states it (``confirmed``).
Rows marked ``reference`` (gap funds abroad) are shown for comparison and never offered.

:func:`match` is the navigator: from a technology readiness level, who applies, the money needed
and the fiscal year it returns the rows that fit, each with its reasons, and those that do not,
each with why (the cap named). Reasons are :class:`Reason` codes with values, so a page translates
them and the command line prints :meth:`Reason.english`. :func:`duties` lists what public money
obliges a holder to do (the Japanese Bayh-Dole conditions of 産業技術力強化法 Art. 17, an award's
reports, repayments and royalties) and :func:`duty_dates` dates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from kyoso.rules.datafiles import DATA_DIR, read_rows
from kyoso.rules.fiscal import fiscal_year_bounds, fiscal_year_of

__all__ = [
    "APPLICANTS", "FORMS", "Programme", "Reason", "Match", "Exclusion", "catalogue", "programme", "match",
    "Duty", "duties", "duty", "duty_dates", "money", "as_json", "ENGLISH", "applicant_words",
]

APPLICANTS = ("university", "company", "university+company")
FORMS = ("grant", "matching_fund", "repayable")
_SYMBOL = {"JPY": "¥", "USD": "USD ", "GBP": "GBP "}


def money(amount: int, currency: str = "JPY") -> str:
    """``10000000`` → ``"¥10,000,000"``; other currencies by code (``"USD 150,000"``)."""
    return f"{_SYMBOL.get(currency, currency + ' ')}{amount:,}"


def _int(text: str) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True, slots=True)
class Programme:
    """One row of the catalogue: a programme's type in one menu, valid for some fiscal years."""

    key: str
    programme: str
    programme_ja: str
    phase: str
    phase_ja: str
    type: str
    type_ja: str
    valid_from: int
    valid_to: int | None
    applicants: tuple[str, ...]
    duration_min_years: int | None
    duration_max_years: int | None
    cap_per_year: int | None
    cap_total_min: int | None
    cap_total: int | None
    currency: str
    funding_form: str
    matching_ratio: str
    repayment: str
    repayment_note: str
    royalty: bool
    trl_min: int | None
    trl_max: int | None
    reference: bool
    confirmed: bool
    source: str
    note: str
    file: str

    def valid_in(self, fiscal_year: int) -> bool:
        return self.valid_from <= fiscal_year and (self.valid_to is None or fiscal_year <= self.valid_to)

    @property
    def years(self) -> str:
        """``"FY2018–FY2019"`` or ``"FY2020–"``."""
        return f"FY{self.valid_from}–" + (f"FY{self.valid_to}" if self.valid_to else "")

    @property
    def trl(self) -> str:
        if self.trl_min is None:
            return ""
        return str(self.trl_min) if self.trl_min == self.trl_max else f"{self.trl_min}–{self.trl_max}"

    @property
    def duration(self) -> str:
        low, high = self.duration_min_years, self.duration_max_years
        if high is None:
            return ""
        return str(high) if low in (None, high) else f"{low}–{high}"

    def cap_text(self) -> str:
        """The caps in English (``"¥10,000,000 a year"``, ``"total ¥20,000,000–¥500,000,000"``)."""
        parts = []
        if self.cap_per_year is not None:
            parts.append(f"{money(self.cap_per_year, self.currency)} a year")
        if self.cap_total is not None:
            low = f"{money(self.cap_total_min, self.currency)}–" if self.cap_total_min else "up to "
            parts.append(f"total {low}{money(self.cap_total, self.currency)}")
        return ", ".join(parts)

    @property
    def has_repayment(self) -> bool:
        return self.repayment not in ("", "none")

    def name(self, language: str = "en") -> str:
        if language.startswith("ja"):
            return f"{self.programme_ja} {self.type_ja}"
        return f"{self.programme} {self.type}"


def _row(row: dict[str, str], file: str) -> Programme:
    return Programme(
        key=row["key"], programme=row["programme"], programme_ja=row["programme_ja"], phase=row["phase"],
        phase_ja=row["phase_ja"], type=row["type"], type_ja=row["type_ja"], valid_from=int(row["valid_from"]),
        valid_to=_int(row["valid_to"]), applicants=tuple(a.strip() for a in row["applicants"].split(";") if a.strip()),
        duration_min_years=_int(row["duration_min_years"]), duration_max_years=_int(row["duration_max_years"]),
        cap_per_year=_int(row["cap_per_year"]), cap_total_min=_int(row["cap_total_min"]), cap_total=_int(row["cap_total"]),
        currency=row["currency"] or "JPY", funding_form=row["funding_form"], matching_ratio=row["matching_ratio"],
        repayment=row["repayment"] or "none", repayment_note=row["repayment_note"], royalty=row["royalty"] == "yes",
        trl_min=_int(row["trl_min"]), trl_max=_int(row["trl_max"]), reference=row["reference"] == "yes",
        confirmed=row["confirmed"] == "yes", source=row["source"], note=row["note"], file=file,
    )


@cache
def catalogue() -> tuple[Programme, ...]:
    """Every row of every menu file, in file then row order; raises ``ValueError`` on a bad row."""
    rows: list[Programme] = []
    seen: set[str] = set()
    for path in sorted((DATA_DIR / "programmes").glob("*.csv")):
        if path.name == "duties.csv":
            continue
        for row in read_rows(f"programmes/{path.name}"):
            item = _row(row, path.name)
            if item.key in seen:
                raise ValueError(f"{path.name}: programme key {item.key!r} is repeated")
            if not set(item.applicants) <= set(APPLICANTS) or item.funding_form not in FORMS:
                raise ValueError(f"{path.name}: {item.key}: unknown applicant kind or funding form")
            seen.add(item.key)
            rows.append(item)
    return tuple(rows)


def programme(key: str) -> Programme:
    """The catalogue row ``key``; ``KeyError`` for an unknown key."""
    for item in catalogue():
        if item.key == key:
            return item
    raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a stable ``code`` (the page translates it) and its values (already formatted)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        return dict(self.params)

    def english(self) -> str:
        return ENGLISH[self.code] % self.as_dict()


#: The English text of every reason code (the web pages carry the same texts through gettext).
ENGLISH = {
    "applicant_ok": "open to %(applicants)s; you apply as %(applicant)s",
    "trl_ok": "TRL %(trl)s is within the type's TRL %(span)s",
    "cap_ok": "%(need)s is within the cap of %(cap)s",
    "no_cap": "no cap is recorded: check the call",
    "form_grant": "a grant: nothing to repay",
    "form_matching": "a matching fund: the company puts in money of its own",
    "matching_ratio": "matching ratio %(ratio)s",
    "repayment": "repayment: %(terms)s",
    "royalty": "royalties (実施料) are paid to the funder once sales start",
    "duration": "runs %(years)s year(s)",
    "unconfirmed": "the terms are unconfirmed: check the call document",
    "applicant_no": "open to %(applicants)s only, not to %(applicant)s",
    "trl_low": "for TRL %(span)s: TRL %(trl)s is too early",
    "trl_high": "for TRL %(span)s: TRL %(trl)s is past it",
    "above_cap": "%(need)s is above the cap of %(cap)s",
    "below_minimum": "%(need)s is below the minimum of %(minimum)s",
}

_APPLICANT_WORDS = {"university": "a university etc.", "company": "a company",
                    "university+company": "a university researcher with a company"}


def applicant_words(kinds) -> str:
    return " or ".join(_APPLICANT_WORDS[k] for k in kinds)


@dataclass(frozen=True, slots=True)
class Match:
    programme: Programme
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    programme: Programme
    why: tuple[Reason, ...]


def _eligible_kinds(applicant: str) -> set[str]:
    # A university researcher with a company partner may still apply alone to a university type, and
    # the company may lead a company type on the university's seed.
    return set(APPLICANTS) if applicant == "university+company" else {applicant}


def _cap_check(item: Programme, need: int) -> tuple[list[Reason], list[Reason]]:
    ok: list[Reason] = []
    no: list[Reason] = []
    caps = [(item.cap_per_year, f"{money(item.cap_per_year)} a year")] if item.cap_per_year is not None else []
    if item.cap_total is not None:
        caps.append((item.cap_total, f"{money(item.cap_total)} in total"))
    for cap, text in caps:
        target = no if need > cap else ok
        target.append(Reason("above_cap" if need > cap else "cap_ok", (("need", money(need)), ("cap", text))))
    if item.cap_total_min is not None and need < item.cap_total_min:
        no.append(Reason("below_minimum", (("need", money(need)), ("minimum", money(item.cap_total_min)))))
    if not caps:
        ok.append(Reason("no_cap"))
    return ok, no


def match(*, trl: int, applicant: str, need: int, fiscal_year: int) -> tuple[list[Match], list[Exclusion]]:
    """The programmes offered in ``fiscal_year`` that fit, best first, and those that do not, with why.

    A row fits when ``applicant`` may apply, ``trl`` lies in its TRL span and ``need`` (yen) lies
    within its caps (a per-year cap, a total cap, and a total minimum). Matches come in order of
    the smallest programme that covers the need (its cap), confirmed rows before unconfirmed ones.
    Reference rows (funds abroad) and rows of other fiscal years are not considered.
    """
    if applicant not in APPLICANTS:
        raise ValueError(f"applicant must be one of {', '.join(APPLICANTS)}")
    if not 1 <= trl <= 9:
        raise ValueError("TRL runs from 1 to 9")
    if need <= 0:
        raise ValueError("the money needed must be a positive number of yen")
    matches: list[Match] = []
    excluded: list[Exclusion] = []
    kinds = _eligible_kinds(applicant)
    for item in catalogue():
        if item.reference or not item.valid_in(fiscal_year) or item.currency != "JPY":
            continue
        why: list[Reason] = []
        reasons: list[Reason] = []
        if kinds & set(item.applicants):
            reasons.append(Reason("applicant_ok", (("applicants", applicant_words(item.applicants)),
                                                   ("applicant", applicant_words([applicant])))))
        else:
            why.append(Reason("applicant_no", (("applicants", applicant_words(item.applicants)),
                                               ("applicant", applicant_words([applicant])))))
        if item.trl_min is not None:
            span = (("trl", str(trl)), ("span", item.trl))
            if trl < item.trl_min:
                why.append(Reason("trl_low", span))
            elif item.trl_max is not None and trl > item.trl_max:
                why.append(Reason("trl_high", span))
            else:
                reasons.append(Reason("trl_ok", span))
        ok, no = _cap_check(item, need)
        reasons += ok
        why += no
        if why:
            excluded.append(Exclusion(item, tuple(why)))
            continue
        reasons.append(Reason({"grant": "form_grant", "matching_fund": "form_matching"}.get(item.funding_form, "repayment"),
                              (("terms", item.repayment_note),) if item.funding_form == "repayable" else ()))
        if item.matching_ratio:
            reasons.append(Reason("matching_ratio", (("ratio", item.matching_ratio),)))
        if item.royalty:
            reasons.append(Reason("royalty"))
        if item.duration_max_years:
            reasons.append(Reason("duration", (("years", item.duration),)))
        if not item.confirmed:
            reasons.append(Reason("unconfirmed"))
        matches.append(Match(item, tuple(reasons)))
    order = {m.programme.key: i for i, m in enumerate(matches)}
    matches.sort(key=lambda m: (not m.programme.confirmed, _size(m.programme), order[m.programme.key]))
    return matches, excluded


def _size(item: Programme) -> int:
    caps = [c for c in (item.cap_per_year, item.cap_total) if c is not None]
    return min(caps) if caps else 10**15


def as_json(matches: list[Match], excluded: list[Exclusion]) -> dict:
    """The command line's answer: ``{"matches": [{"programme", "type", "reasons"}], "excluded": [{"type", "why"}]}``."""
    return {
        "matches": [{"programme": m.programme.programme, "type": m.programme.type_ja,
                     "reasons": [r.english() for r in m.reasons]} for m in matches],
        "excluded": [{"type": e.programme.type_ja, "why": "; ".join(r.english() for r in e.why)} for e in excluded],
    }


# -- duties -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duty:
    """One duty that public money brings (``data/programmes/duties.csv``)."""

    duty: str
    applies: str
    trigger: str
    days: int | None
    label: str
    label_ja: str
    confirmed: bool
    source: str
    note: str


@cache
def duties() -> tuple[Duty, ...]:
    return tuple(
        Duty(r["duty"], r["applies"], r["trigger"], _int(r["days"]), r["label"], r["label_ja"], r["confirmed"] == "yes",
             r["source"], r["note"])
        for r in read_rows("programmes/duties.csv")
    )


def duty(key: str) -> Duty:
    for item in duties():
        if item.duty == key:
            return item
    raise KeyError(key)


def duty_dates(item: Duty, *, start: date | None = None, end: date | None = None, event: date | None = None) -> list[date]:
    """The dates ``item`` falls due: after ``event`` (a filing or registration), after each fiscal
    year end of the term ``start``..``end``, or after ``end``; none for duties asked on request."""
    if item.trigger == "on_request" or item.days is None:
        return []
    delta = timedelta(days=item.days)
    if item.trigger in ("filing", "registration"):
        return [event + delta] if event else []
    if item.trigger == "term_end":
        return [end + delta] if end else []
    if item.trigger == "fiscal_year_end" and start and end:
        first, last = fiscal_year_of(start), fiscal_year_of(end)
        return [fiscal_year_bounds(year)[1] + delta for year in range(first, last + 1)]
    return []

