"""The MEXT survey of university–industry collaboration, in its own categories.

Every Japanese university answers MEXT's annual survey 「大学等における産学連携等実施状況について」
(source ``mext-sangaku-survey``). This module is its arithmetic, without Django: the caller hands
it one :class:`Case` per contract partner (a joint- or commissioned-research agreement and one
organisation paying into it, with the money received in the fiscal year) and :func:`summarise`
returns the survey's figures — cases and amounts, by partner category, by company size, by
contract-size bracket, and the large (大型, ≥ ¥10 M) cases.

Each figure has a *key* (``"by_partner.private_company"``, ``"by_bracket.zero"``, ``"large"``,
``"total"``) and :func:`cases_of` gives back the cases a key counts, so a report can show the
records behind any figure. Every breakdown partitions the cases: its rows add up to the total.

The categories are data (``data/survey/partner_types.csv``, ``data/survey/brackets.csv``), each
row with its source and a confirmed mark: a year's questionnaire that differs is an edit there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .datafiles import read_rows

__all__ = [
    "RESEARCH_KINDS", "SIZES", "Category", "Case", "Breakdown", "Summary",
    "partner_types", "brackets", "partner_type_of", "size_of", "bracket_of", "summarise", "cases_of",
    "NationalYear", "national_series", "Target", "target", "target_path",
]

#: The two kinds of research money the survey asks about, in its order.
RESEARCH_KINDS = ("joint_research", "commissioned_research")

#: Company size (大企業 / 中小企業); organisations that are not companies form their own row so the
#: breakdown still adds up to the total, and a company whose size kyoso does not know is "unknown".
SIZES = ("large", "sme", "not_company", "unknown")


@dataclass(frozen=True, slots=True)
class Category:
    """One row of a breakdown: its key, English and Japanese labels, and whether a source confirms it."""

    key: str
    label: str
    label_ja: str
    confirmed: bool
    source: str


@dataclass(frozen=True, slots=True)
class Case:
    """One contract partner of one agreement in the fiscal year: the survey's unit of "cases".

    ``amount`` is what the partner paid in (direct plus indirect costs, cash only) in the year,
    possibly 0 (the survey's 0-yen bracket). ``size`` is one of :data:`SIZES`.
    """

    agreement_id: int
    partner_id: int
    partner_type: str
    size: str
    amount: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One row of a breakdown: cases and yen of one category."""

    key: str
    cases: int
    amount: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The survey figures of one kind of research (joint or commissioned)."""

    cases: int
    amount: int
    by_partner: tuple[Breakdown, ...]
    by_size: tuple[Breakdown, ...]
    by_bracket: tuple[Breakdown, ...]
    large: Breakdown


def _yes(text: str) -> bool:
    return text == "yes"


@cache
def partner_types() -> tuple[Category, ...]:
    """The partner categories in the survey's order, each once."""
    seen: dict[str, Category] = {}
    for row in read_rows("survey/partner_types.csv"):
        key = row["partner_type"]
        confirmed = _yes(row["confirmed"]) and (seen[key].confirmed if key in seen else True)
        seen[key] = Category(key, row["label"], row["label_ja"], confirmed, row["source"])
    return tuple(seen.values())


@cache
def _partner_rules() -> tuple[tuple[str, str, str], ...]:
    return tuple((row["organisation_kind"], row["domestic"], row["partner_type"])
                 for row in read_rows("survey/partner_types.csv"))


@cache
def brackets() -> tuple[tuple[Category, int, int | None, bool], ...]:
    """The contract-size brackets: (category, lower yen inclusive, upper yen exclusive or None, large)."""
    return tuple(
        (Category(row["bracket"], row["label"], row["label_ja"], _yes(row["confirmed"]), row["source"]),
         int(row["lower"]), int(row["upper"]) if row["upper"] else None, _yes(row["large"]))
        for row in read_rows("survey/brackets.csv")
    )


def partner_type_of(organisation_kind: str, domestic: bool) -> str:
    """The survey's partner category of an organisation (``"other"`` for a kind no row names).

    >>> partner_type_of("company", True), partner_type_of("company", False), partner_type_of("funding_agency", True)
    ('private_company', 'foreign_company', 'independent_agency')
    """
    wanted = "yes" if domestic else "no"
    for kind, domestic_cell, partner_type in _partner_rules():
        if kind == organisation_kind and domestic_cell in ("", wanted):
            return partner_type
    return "other"


def size_of(organisation_kind: str, size: str) -> str:
    """大企業 / 中小企業 for a company (a small or start-up company is an SME), ``not_company`` else.

    >>> size_of("company", "large"), size_of("company", "small"), size_of("company", ""), size_of("state", "")
    ('large', 'sme', 'unknown', 'not_company')
    """
    if organisation_kind != "company":
        return "not_company"
    return {"large": "large", "sme": "sme", "small": "sme"}.get(size or "", "unknown")


def bracket_of(amount: int) -> str:
    """The bracket of a case's amount.

    >>> bracket_of(0), bracket_of(9_999_999), bracket_of(10_000_000)
    ('zero', '5m_10m', '10m_plus')
    """
    if amount < 0:
        raise ValueError(f"a case cannot receive a negative amount ({amount})")
    for category, lower, upper, _large in brackets():
        if amount >= lower and (upper is None or amount < upper):
            return category.key
    raise ValueError(f"no bracket holds {amount} yen: check data/survey/brackets.csv")


def _is_large(amount: int) -> bool:
    return _large_from() is not None and amount >= _large_from()


@cache
def _large_from() -> int | None:
    """The smallest amount of a large case (大型): the lower edge of the first bracket marked large."""
    return min((lower for _category, lower, _upper, large in brackets() if large), default=None)


def summarise(cases: Iterable[Case]) -> Summary:
    """The survey figures of a set of cases; every breakdown lists every category, zeros included.

    One pass over the cases (a large university has tens of thousands in a year).
    """
    partner_keys = [c.key for c in partner_types()]
    bracket_keys = [c.key for c, *_rest in brackets()]
    tallies = {name: {key: [0, 0] for key in keys}
               for name, keys in (("partner", partner_keys), ("size", SIZES), ("bracket", bracket_keys))}
    total, large = [0, 0], [0, 0]
    for case in cases:
        amount = case.amount
        for tally in (total, tallies["partner"][case.partner_type], tallies["size"][case.size],
                      tallies["bracket"][bracket_of(amount)], *((large,) if _is_large(amount) else ())):
            tally[0] += 1
            tally[1] += amount

    def rows(name):
        return tuple(Breakdown(key, cases, amount) for key, (cases, amount) in tallies[name].items())

    return Summary(cases=total[0], amount=total[1], by_partner=rows("partner"), by_size=rows("size"),
                   by_bracket=rows("bracket"), large=Breakdown("large", *large))


def cases_of(cases: Iterable[Case], key: str) -> list[Case]:
    """The cases a figure counts: ``total``, ``large``, ``by_partner.<type>``, ``by_size.<size>`` or
    ``by_bracket.<bracket>``. An unknown key is an error, not an empty list."""
    if key == "total":
        return list(cases)
    if key == "large":
        return [case for case in cases if _is_large(case.amount)]
    dimension, _dot, value = key.partition(".")
    if dimension == "by_partner" and value in {c.key for c in partner_types()}:
        return [case for case in cases if case.partner_type == value]
    if dimension == "by_size" and value in SIZES:
        return [case for case in cases if case.size == value]
    if dimension == "by_bracket" and value in {c.key for c, *_rest in brackets()}:
        return [case for case in cases if bracket_of(case.amount) == value]
    raise KeyError(f"no survey figure is called {key!r}")


# -- the national series and the three-fold target ------------------------------------------------

@dataclass(frozen=True, slots=True)
class NationalYear:
    """One fiscal year of the published national figures (``None`` where the sources read give none).

    ``sources`` are the source ids of the year's figures; ``unconfirmed`` names the figures read
    only in a secondary source; ``about`` those the source rounds ("about ¥41.6 billion").
    """

    fiscal_year: int
    joint_private_cases: int | None
    joint_private_amount: int | None
    licence_cases: int | None
    licence_income: int | None
    large_share_of_cases_percent: str | None
    large_share_of_amount_percent: str | None
    sources: tuple[str, ...]
    unconfirmed: tuple[str, ...]
    about: tuple[str, ...]

    @property
    def joint_private_average(self) -> int | None:
        """Yen per case, calculated (amount ÷ cases, rounded half up): the "≈ ¥2 M per contract"."""
        if not self.joint_private_cases or self.joint_private_amount is None:
            return None
        return (2 * self.joint_private_amount + self.joint_private_cases) // (2 * self.joint_private_cases)


_INTEGER_FIGURES = ("joint_private_cases", "joint_private_amount", "licence_cases", "licence_income")
_PERCENT_FIGURES = ("large_share_of_cases_percent", "large_share_of_amount_percent")


@cache
def national_series() -> tuple[NationalYear, ...]:
    """The national figures by fiscal year, oldest first (``data/survey/national.csv``)."""
    years: dict[int, dict] = {}
    for row in read_rows("survey/national.csv"):
        year = years.setdefault(int(row["fiscal_year"]), {"sources": [], "unconfirmed": [], "about": []})
        figure = row["figure"]
        if figure not in _INTEGER_FIGURES + _PERCENT_FIGURES:
            raise ValueError(f"survey/national.csv: unknown figure {figure!r}")
        year[figure] = int(row["value"]) if figure in _INTEGER_FIGURES else row["value"]
        if row["source"] not in year["sources"]:
            year["sources"].append(row["source"])
        if row["confirmed"] != "yes":
            year["unconfirmed"].append(figure)
        if row["about"] == "yes":
            year["about"].append(figure)
    return tuple(
        NationalYear(
            fiscal_year=fy, **{f: facts.get(f) for f in _INTEGER_FIGURES + _PERCENT_FIGURES},
            sources=tuple(facts["sources"]), unconfirmed=tuple(facts["unconfirmed"]), about=tuple(facts["about"]),
        )
        for fy, facts in sorted(years.items())
    )


@dataclass(frozen=True, slots=True)
class Target:
    """A target: ``multiple`` × the figure of ``base_year``, reached in ``target_year``."""

    key: str
    label: str
    label_ja: str
    base_year: int
    target_year: int
    multiple: int
    confirmed: bool
    source: str


def target(key: str = "company_investment_threefold") -> Target:
    """The target named ``key`` (``data/survey/targets.csv``)."""
    for row in read_rows("survey/targets.csv"):
        if row["target"] == key:
            return Target(key, row["label"], row["label_ja"], int(row["base_year"]), int(row["target_year"]),
                          int(row["multiple"]), _yes(row["confirmed"]), row["source"])
    raise KeyError(f"no survey target is called {key!r}")


def target_path(baseline: int, goal: Target) -> list[tuple[int, int]]:
    """The straight line from ``baseline`` in the base year to ``multiple × baseline`` in the target
    year, one point per fiscal year, in yen rounded half up.

    >>> target_path(100, Target("t", "", "", 2014, 2025, 3, True, ""))[:3]
    [(2014, 100), (2015, 118), (2016, 136)]
    """
    span = goal.target_year - goal.base_year
    rise = baseline * (goal.multiple - 1)
    return [(goal.base_year + step, baseline + (2 * rise * step + span) // (2 * span)) for step in range(span + 1)]
