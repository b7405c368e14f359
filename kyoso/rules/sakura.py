"""The Sakura Tool (さくらツール): default term sets, the three conditions, and the type advisor.

MEXT's model joint-research contracts decide, when the agreement is signed, who owns the results
and what the other side gets. Each type (類型0–類型10) and the consortium model is a *default term
set* here (``data/sakura/term_sets.json``): every term carries a ``confirmed`` mark, because the
per-type details are not all public. An agreement starts from one set and records every change.

Whatever the type, three conditions hold (:func:`check_conditions`): the university's future
research is not restricted; every result gets appropriate efforts toward practical use; the
substantial results are published within an agreed period.

The advisor (:func:`advise`) reads ``data/sakura/advisor.json``: questionnaire facts give points
to types; the types reaching the threshold are recommended, most points first, each with the
reasons of the rules that gave it points, and the trace says what every rule did.

Pure Python: no Django import (``docs/developing.md``, layer 1).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import cache

from kyoso.rules.datafiles import DATA_DIR
from kyoso.rules.owners import ShareError, format_share, parse_share
from kyoso.rules.periods import add_months
from kyoso.rules.sources import split_ids

__all__ = [
    "OWNERSHIP", "OTHER_PARTY_RIGHTS", "COUNTING", "FEE_BEARERS", "TERM_KEYS", "FAMILIES",
    "SakuraError", "TermSet", "Breach", "Advice", "Answers",
    "term_sets", "term_set", "check_terms", "check_conditions", "diff_terms", "advise",
    "period_end", "university_share", "PUBLICATION_DELAY_LIMIT_DAYS",
]

#: Who owns the results (成果に関する知的財産権の帰属).
OWNERSHIP = ("university", "company", "inventors", "co_owned")
#: What the side that does not own gets (the other side's rights, incl. options).
OTHER_PARTY_RIGHTS = (
    "negotiated", "non_exclusive_free", "non_exclusive_paid", "exclusive_option", "assignment_option", "research_use",
)
#: How a secrecy or confidentiality period is counted: N years from the day after the end of the
#: research, or from the day after the end of each fiscal year of multi-year research.
COUNTING = ("after_end", "per_fiscal_year")
#: Who pays the official fees of filings made from the results.
FEE_BEARERS = ("owners", "company", "university")
FAMILIES = ("university", "company", "co_owned", "inventors", "consortium")

#: Every term, with the kind of value it holds (closed vocabulary: a data file with another key fails).
TERM_KEYS: Mapping[str, object] = {
    "ownership": OWNERSHIP,
    "university_share": "share",
    "other_party_rights": OTHER_PARTY_RIGHTS,
    "option_window_months": "int",
    "university_research_use": "bool",
    "practical_use_efforts": "bool",
    "non_practice_compensation": "bool",
    "royalty_percent": "percent",
    "advance_consent_third_party": "bool",
    "know_how_years": "int",
    "know_how_counting": COUNTING,
    "confidentiality_years": "int",
    "confidentiality_counting": COUNTING,
    "publication_notice_days": "int",
    "publication_max_delay_days": "int",
    "fee_bearer": FEE_BEARERS,
    "data_clauses": "bool",
}

#: Longest delay of publication kyoso accepts as "an agreed period" (its own assumption: a year).
PUBLICATION_DELAY_LIMIT_DAYS = 365


class SakuraError(ValueError):
    """A term set or an answer that the vocabulary does not allow, naming the term."""


@dataclass(frozen=True)
class TermSet:
    """One type's default terms: ``terms`` the values, ``confirmed`` whether a source says so."""

    type: str
    family: str
    terms: Mapping[str, object]
    confirmed: Mapping[str, bool]
    sources: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "type": self.type, "family": self.family, "sources": list(self.sources),
            "terms": {key: {"value": self.terms[key], "confirmed": self.confirmed[key]} for key in TERM_KEYS},
        }


def check_terms(terms: Mapping[str, object], where: str = "terms") -> dict[str, object]:
    """``terms`` checked against :data:`TERM_KEYS` (every key, nothing else); returns a normalised copy."""
    unknown = set(terms) - set(TERM_KEYS)
    if unknown:
        raise SakuraError(f"{where}: unknown terms {sorted(unknown)}")
    missing = set(TERM_KEYS) - set(terms)
    if missing:
        raise SakuraError(f"{where}: missing terms {sorted(missing)}")
    checked: dict[str, object] = {}
    for key, kind in TERM_KEYS.items():
        value = terms[key]
        if isinstance(kind, tuple):
            if value not in kind:
                raise SakuraError(f"{where}: {key} must be one of {', '.join(kind)}, not {value!r}")
        elif kind == "bool":
            if not isinstance(value, bool):
                raise SakuraError(f"{where}: {key} must be true or false")
        elif kind == "int":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise SakuraError(f"{where}: {key} must be a whole number of 0 or more, or empty")
        elif kind == "share":
            value = value or ""
            if value:
                try:
                    share = parse_share(str(value))
                except ShareError as error:
                    raise SakuraError(f"{where}: {key}: {error}") from None
                if not 0 < share < 1:
                    raise SakuraError(f"{where}: {key} must be between 0 and 1 (a co-owner's share)")
                value = format_share(share)
        elif kind == "percent":
            value = str(value or "")
            if value:
                try:
                    percent = Fraction(value)
                except (ValueError, ZeroDivisionError):
                    raise SakuraError(f"{where}: {key} must be a percentage such as 3 or 2.5") from None
                if not 0 <= percent <= 100:
                    raise SakuraError(f"{where}: {key} must be between 0 and 100")
        checked[key] = value
    if checked["ownership"] == "co_owned" and not checked["university_share"]:
        raise SakuraError(f"{where}: co-owned results need the university's share")
    if checked["ownership"] != "co_owned" and checked["university_share"]:
        raise SakuraError(f"{where}: a university share is only set when results are co-owned")
    return checked


@cache
def term_sets() -> dict[str, TermSet]:
    """Every type's default term set by type code (``"0"`` … ``"10"``, ``"consortium"``)."""
    data = json.loads((DATA_DIR / "sakura" / "term_sets.json").read_text(encoding="utf-8"))
    defaults = data["defaults"]["terms"]
    sets: dict[str, TermSet] = {}
    for row in data["sets"]:
        where = f"term_sets.json type {row['type']}"
        if row["family"] not in FAMILIES:
            raise SakuraError(f"{where}: unknown family {row['family']!r}")
        merged = {**defaults, **row["terms"]}
        terms = check_terms({key: cell["value"] for key, cell in merged.items()}, where)
        sets[row["type"]] = TermSet(
            type=row["type"], family=row["family"], terms=terms,
            confirmed={key: bool(cell["confirmed"]) for key, cell in merged.items()},
            sources=tuple(split_ids(row["source"])),
        )
    return sets


def term_set(code: str) -> TermSet:
    """One type's term set; ``sakura-7`` and ``7`` name the same type, ``consortium-model`` the consortium."""
    code = code.removeprefix("sakura-").removesuffix("-model")
    try:
        return term_sets()[code]
    except KeyError:
        raise SakuraError(f"no Sakura type {code!r}") from None


def university_share(terms: Mapping[str, object]) -> Fraction | None:
    """The university's exact share of co-owned results (``None`` when results are not co-owned)."""
    return parse_share(str(terms["university_share"])) if terms.get("university_share") else None


# --- The three conditions ----------------------------------------------------------------------

@dataclass(frozen=True)
class Breach:
    """A condition a term set breaks, and why (English and Japanese)."""

    condition: str  # future_research, practical_use, publication
    reason: str
    reason_ja: str


CONDITIONS = {
    "future_research": ("The university's future research is not restricted.", "大学は将来の研究の可能性を制限されない。"),
    "practical_use": ("Every result gets appropriate efforts toward practical use.",
                      "すべての知的財産は、実用化に向けて適切な努力がなされる。"),
    "publication": ("Substantial results are published within an agreed period.",
                    "研究の実質的な成果は、合意された期間内に公表される。"),
}


def check_conditions(terms: Mapping[str, object]) -> list[Breach]:
    """The conditions that hold whatever the type, each broken one with its reason (empty: all hold)."""
    breaches = []
    if not terms["university_research_use"]:
        breaches.append(Breach(
            "future_research",
            "The university keeps no right to use the results in its own research and education.",
            "大学が研究・教育のために成果を利用する権利を留保していない。"))
    if not terms["practical_use_efforts"]:
        breaches.append(Breach(
            "practical_use", "No party undertakes appropriate efforts toward practical use of the results.",
            "成果の実用化に向けた適切な努力をいずれの当事者も約していない。"))
    elif terms["ownership"] == "co_owned" and not terms["advance_consent_third_party"] and \
            terms["other_party_rights"] not in ("exclusive_option", "assignment_option"):
        breaches.append(Breach(
            "practical_use",
            "Co-owned results without advance consent to license third parties can lie unused when the co-owner does not practise them.",
            "第三者への実施許諾の事前同意がない共有成果は、共有者が実施しない場合に活用されないおそれがある。"))
    delay = terms["publication_max_delay_days"]
    if delay is None:
        breaches.append(Breach(
            "publication", "No maximum delay of publication is agreed: results could be kept unpublished indefinitely.",
            "公表の最大延期期間が定められておらず、成果が無期限に公表されないおそれがある。"))
    elif delay > PUBLICATION_DELAY_LIMIT_DAYS:
        breaches.append(Breach(
            "publication",
            f"Publication may be delayed {delay} days, longer than the {PUBLICATION_DELAY_LIMIT_DAYS} days kyoso accepts as an agreed period.",
            f"公表の延期が{delay}日まで認められ、kyoso が合意された期間とみなす{PUBLICATION_DELAY_LIMIT_DAYS}日を超える。"))
    return breaches


def diff_terms(before: Mapping[str, object], after: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """(term, before, after) for every term that differs, in :data:`TERM_KEYS` order."""
    return [(key, before.get(key), after.get(key)) for key in TERM_KEYS if before.get(key) != after.get(key)]


def period_end(end: date, years: int | None, counting: str, fiscal_year_ends: list[date] | None = None) -> list[date]:
    """When a secrecy or confidentiality period ends: ``years`` years from the day after ``end``
    (``after_end``), or from the day after each fiscal year's end (``per_fiscal_year``, one date per
    fiscal year of the research, given as ``fiscal_year_ends``). The last day of the period."""
    if not years:
        return []
    starts = [end + timedelta(days=1)] if counting == "after_end" or not fiscal_year_ends else \
        [fy_end + timedelta(days=1) for fy_end in fiscal_year_ends]
    return [add_months(start, 12 * years) - timedelta(days=1) for start in starts]


# --- The advisor -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answers:
    """The questionnaire: each side's contribution, the domain, and the company's wishes."""

    university_contribution: str  # high | low
    company_contribution: str  # high | low
    domain: str  # foundational | competitive
    exclusive: bool = False
    co_owned: bool = False

    def facts(self) -> dict[str, object]:
        return {"university_contribution": self.university_contribution, "company_contribution": self.company_contribution,
                "domain": self.domain, "exclusive": self.exclusive, "co_owned": self.co_owned}


@dataclass
class Advice:
    """Ranked types, each with its reasons, and what every rule did."""

    recommended: list[dict] = field(default_factory=list)
    trace: list[dict] = field(default_factory=list)

    def as_json(self, language: str = "en") -> dict:
        return {"recommended": [{"type": r["type"], "points": r["points"],
                                 "reasons": r["reasons_ja"] if language == "ja" else r["reasons"]} for r in self.recommended],
                "trace": self.trace}

    @property
    def types(self) -> list[str]:
        return [row["type"] for row in self.recommended]


@cache
def _advisor() -> dict:
    data = json.loads((DATA_DIR / "sakura" / "advisor.json").read_text(encoding="utf-8"))
    known = set(term_sets())
    for rule in data["rules"]:
        for fact, value in rule["when"].items():
            if value not in data["facts"].get(fact, ()):
                raise SakuraError(f"advisor.json rule {rule['id']}: {fact}={value!r} is not a known fact")
        if set(rule["types"]) - known:
            raise SakuraError(f"advisor.json rule {rule['id']}: unknown types {sorted(set(rule['types']) - known)}")
    return data


def advise(answers: Answers) -> Advice:
    """Recommended types for the questionnaire ``answers``, ranked, with reasons and a trace."""
    data = _advisor()
    facts = answers.facts()
    for fact, value in facts.items():
        if value not in data["facts"][fact]:
            raise SakuraError(f"{fact} must be one of {', '.join(str(v) for v in data['facts'][fact])}")
    order = list(term_sets())
    points: dict[str, int] = {}
    reasons: dict[str, list[tuple[str, str]]] = {}
    advice = Advice()

    def apply(rule):
        for code in rule["types"]:
            points[code] = points.get(code, 0) + rule["points"]
            reasons.setdefault(code, []).append((rule["reason"], rule["reason_ja"]))

    for rule in data["rules"]:
        if rule.get("otherwise"):
            continue
        unmet = {fact: facts[fact] for fact, value in rule["when"].items() if facts[fact] != value}
        if unmet:
            advice.trace.append({"rule": rule["id"], "matched": False,
                                 "because": ", ".join(f"{fact} is {value!r}, not {rule['when'][fact]!r}"
                                                      for fact, value in unmet.items())})
            continue
        apply(rule)
        advice.trace.append({"rule": rule["id"], "matched": True, "points": rule["points"], "types": rule["types"],
                             "source": rule["source"]})
    threshold = data["threshold"]
    for rule in data["rules"]:
        if not rule.get("otherwise"):
            continue
        if any(value >= threshold for value in points.values()):
            advice.trace.append({"rule": rule["id"], "matched": False, "because": "another rule already recommends a type"})
        else:
            apply(rule)
            advice.trace.append({"rule": rule["id"], "matched": True, "points": rule["points"], "types": rule["types"],
                                 "source": rule["source"]})
    ranked = sorted((code for code, value in points.items() if value >= threshold),
                    key=lambda code: (-points[code], order.index(code)))
    advice.recommended = [{"type": code, "points": points[code], "reasons": [en for en, _ja in reasons[code]],
                           "reasons_ja": [ja for _en, ja in reasons[code]]} for code in ranked]
    advice.trace.append({"rule": "threshold", "matched": True,
                         "because": f"types with at least {threshold} points are recommended, most points first"})
    return advice
