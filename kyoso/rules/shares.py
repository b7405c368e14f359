"""Share-class arithmetic for a funding-share IP pool (Tohoku 知財Share).

The source document (MEXT, 2018-02-05, Tohoku OPERA slide) describes the scheme in one
sentence: "共同研究費に対する企業負担に応じて、特許の利用権利をクラス化(無償又は安価実施)する
知財Share制度" — each company's right to use the pooled patents is put in a *class* (free or cheap
use) according to its share of the joint-research costs. It gives no thresholds, so the class
definitions are data (``data/share_classes/*.json``), and the shipped preset is an illustrative,
editable default.

This module only does the arithmetic on plain data: the caller decides which contributions
count (cumulative or one fiscal year, all cooperative research or one topic) and passes them as
``{company id: integer yen}``. :func:`assign_classes` is the entry point for the
``kyoso share classes`` command and for the policy engine.

Rounding, in one place:

* A company's **class** is decided on its *exact* share (a fraction), never on a rounded one,
  so a rounding step can never lift a company over a threshold.
* The **displayed** share is a ``Decimal`` percent with two places, apportioned by the
  largest-remainder method so that the displayed shares add up to exactly 100.00: every share is
  first truncated to 0.01 %, then the missing hundredths go one each to the companies with the
  largest truncated remainders (ties: larger contribution first, then company id).
* When the total is ¥0 no share exists: every company shows 0.00 % and has no class.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib import resources

__all__ = [
    "RIGHTS",
    "ClassScheme",
    "CompanyShare",
    "ShareClass",
    "ShareClassError",
    "assign_classes",
    "compute_shares",
    "list_schemes",
    "load_scheme",
    "scheme_from_mapping",
]

#: The rights a class may grant over the pool. The policy engine matches on these names
#: (``has_right``), so the vocabulary is closed: a typo in a data file is an error, not a
#: silently missing right.
RIGHTS: Mapping[str, str] = {
    "research_use": "research and evaluation use of pooled IP without charge",
    "royalty_free_business": "royalty-free non-exclusive business use",
    "discounted_business": "non-exclusive business use at the standard royalty less the class discount",
    "first_negotiation_exclusive": "first right to negotiate an exclusive licence",
}

_HUNDREDTHS = 100 * 100  # one percent is 100 hundredths; 100 % is 10,000 of them
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class ShareClassError(ValueError):
    """A class scheme or a contribution table is invalid; the message says where and why."""


@dataclass(frozen=True)
class ShareClass:
    """One usage-right class: reached at ``min_share`` percent of the contributions."""

    name: str
    min_share: Decimal
    rights: tuple[str, ...]
    royalty_discount: Decimal
    label: str = ""
    label_ja: str = ""

    def grants(self, right: str) -> bool:
        return right in self.rights


@dataclass(frozen=True)
class ClassScheme:
    """An ordered set of classes, highest threshold first, with its provenance."""

    id: str
    version: int
    title: str
    title_ja: str
    source: str
    illustrative: bool
    note: str
    classes: tuple[ShareClass, ...]

    def get(self, name: str) -> ShareClass:
        for share_class in self.classes:
            if share_class.name == name:
                return share_class
        known = ", ".join(c.name for c in self.classes)
        raise ShareClassError(f"{self.id}: unknown class {name!r} (known: {known})")

    def class_for(self, contribution: int, total: int) -> ShareClass | None:
        """The highest class whose threshold the exact share reaches; ``None`` below all."""
        if total <= 0:
            return None
        share = Fraction(contribution * 100, total)
        return next((c for c in self.classes if share >= c.min_share), None)


@dataclass(frozen=True)
class CompanyShare:
    """One company's line of the class table, with the arithmetic written out."""

    company: str
    contribution: int
    share: Decimal
    share_class: ShareClass | None
    explanation: str


def compute_shares(contributions: Mapping[str, int]) -> dict[str, Decimal]:
    """Each company's share of the total as a percent with two places, summing to 100.00.

    See the module docstring for the largest-remainder rounding. A zero total gives 0.00 for all.
    """
    _check_contributions(contributions)
    total = sum(contributions.values())
    if total == 0:
        return {company: Decimal("0.00") for company in contributions}
    units = {c: amount * _HUNDREDTHS // total for c, amount in contributions.items()}
    missing = _HUNDREDTHS - sum(units.values())
    by_remainder = sorted(
        contributions,
        key=lambda c: (-(contributions[c] * _HUNDREDTHS % total), -contributions[c], c),
    )
    for company in by_remainder[:missing]:
        units[company] += 1
    return {c: Decimal(u).scaleb(-2) for c, u in units.items()}


def assign_classes(contributions: Mapping[str, int], scheme: ClassScheme) -> list[CompanyShare]:
    """Every company's share, class and a one-line explanation, in the caller's order.

    >>> scheme = load_scheme("tohoku-share")
    >>> [row.explanation for row in assign_classes({"K": 1_200_000, "L": 8_800_000}, scheme)]
    ['1,200,000 ÷ 10,000,000 = 12.00 % ≥ 10 % → class B', '8,800,000 ÷ 10,000,000 = 88.00 % ≥ 20 % → class A']
    """
    shares = compute_shares(contributions)
    total = sum(contributions.values())
    return [
        CompanyShare(
            company=company,
            contribution=amount,
            share=shares[company],
            share_class=scheme.class_for(amount, total),
            explanation=_explain(amount, total, shares[company], scheme),
        )
        for company, amount in contributions.items()
    ]


def _explain(amount: int, total: int, shown: Decimal, scheme: ClassScheme) -> str:
    if total == 0:
        return f"{amount:,} ÷ 0: total contributions are ¥0, no share can be computed → no class"
    exact = Fraction(amount * 100, total)
    share_class = scheme.class_for(amount, total)
    threshold = share_class.min_share if share_class else scheme.classes[-1].min_share
    # Show the exact value whenever the two-place figure would put the company in another class.
    misleading = any((shown >= c.min_share) != (exact >= c.min_share) for c in scheme.classes)
    share_text = f"{_exact_digits(exact)} % (shown as {shown} %)" if misleading else f"{shown} %"
    equals = "=" if exact == Fraction(shown) else "≈"
    if share_class is None:
        return f"{amount:,} ÷ {total:,} {equals} {share_text} < {_pct(threshold)} % (lowest class) → no class"
    return f"{amount:,} ÷ {total:,} {equals} {share_text} ≥ {_pct(threshold)} % → class {share_class.name}"


def _exact_digits(value: Fraction, places: int = 6) -> str:
    truncated = Decimal(value.numerator * 10**places // value.denominator).scaleb(-places)
    return f"{truncated}…" if Fraction(truncated) != value else str(truncated)


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _check_contributions(contributions: Mapping[str, int]) -> None:
    for company, amount in contributions.items():
        # bool is an int subclass; True yen is a bug upstream, not a contribution.
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise ShareClassError(f"contribution of {company!r} must be integer yen, got {amount!r}")
        if amount < 0:
            raise ShareClassError(f"contribution of {company!r} is negative: {amount:,}")


# -- data files --------------------------------------------------------------------------------

_SCHEME_KEYS = {"schema", "id", "version", "title", "title_ja", "source", "illustrative", "note", "classes"}
_CLASS_KEYS = {"name", "min_share", "rights", "royalty_discount", "label", "label_ja"}
_SCHEMA = "kyoso.share-classes/1"


def scheme_from_mapping(data: Mapping) -> ClassScheme:
    """Build and validate a scheme from parsed JSON (percents as ``Decimal`` or numeric strings)."""
    where = f"share classes {data.get('id', '?')!r}"
    _check_keys(data, _SCHEME_KEYS, _SCHEME_KEYS - {"note"}, where)
    if data["schema"] != _SCHEMA:
        raise ShareClassError(f"{where}: schema must be {_SCHEMA!r}, got {data['schema']!r}")
    if not data["classes"]:
        raise ShareClassError(f"{where}: defines no class")
    classes = tuple(
        _class_from_mapping(row, f"{where}, class #{i + 1}") for i, row in enumerate(data["classes"])
    )
    names = [c.name for c in classes]
    if len(set(names)) != len(names):
        raise ShareClassError(f"{where}: class names repeat: {names}")
    for upper, lower in zip(classes, classes[1:], strict=False):
        if not upper.min_share > lower.min_share:
            raise ShareClassError(
                f"{where}: thresholds must strictly decrease from the first class to the last; "
                f"{upper.name} ({upper.min_share} %) is not above {lower.name} ({lower.min_share} %)"
            )
    return ClassScheme(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        title_ja=data["title_ja"],
        source=data["source"],
        illustrative=bool(data["illustrative"]),
        note=data.get("note", ""),
        classes=classes,
    )


def _class_from_mapping(row: Mapping, where: str) -> ShareClass:
    _check_keys(row, _CLASS_KEYS, {"name", "min_share", "rights", "royalty_discount"}, where)
    min_share = _percent(row["min_share"], f"{where}: min_share")
    discount = _percent(row["royalty_discount"], f"{where}: royalty_discount")
    unknown = [r for r in row["rights"] if r not in RIGHTS]
    if unknown:
        raise ShareClassError(f"{where}: unknown rights {unknown} (known: {', '.join(RIGHTS)})")
    if ("discounted_business" in row["rights"]) != (discount > 0):
        raise ShareClassError(
            f"{where}: a royalty discount goes with the right 'discounted_business', and only with it"
        )
    return ShareClass(
        name=row["name"],
        min_share=min_share,
        rights=tuple(row["rights"]),
        royalty_discount=discount,
        label=row.get("label", ""),
        label_ja=row.get("label_ja", ""),
    )


def _percent(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise ShareClassError(f"{where}: expected a percent as a number or string, got {value!r}")
    try:
        percent = Decimal(str(value))
    except ArithmeticError:
        raise ShareClassError(f"{where}: {value!r} is not a number") from None
    if not percent.is_finite() or not 0 <= percent <= 100:
        raise ShareClassError(f"{where}: {percent} is outside 0–100 %")
    return percent


def _check_keys(data: Mapping, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise ShareClassError(f"{where}: expected an object, got {type(data).__name__}")
    if unknown := sorted(set(data) - allowed):
        raise ShareClassError(f"{where}: unknown keys {unknown} (allowed: {sorted(allowed)})")
    if missing := sorted(required - set(data)):
        raise ShareClassError(f"{where}: missing keys {missing}")


def _data_dir():
    return resources.files("kyoso.rules").joinpath("data", "share_classes")


def list_schemes() -> list[str]:
    """Names of the shipped class schemes (file names without ``.json``)."""
    return sorted(p.name.removesuffix(".json") for p in _data_dir().iterdir() if p.name.endswith(".json"))


def load_scheme(name: str) -> ClassScheme:
    """Load and validate a shipped scheme, e.g. ``load_scheme("tohoku-share")``."""
    if not _NAME.match(name) or name not in list_schemes():
        raise ShareClassError(f"no share-class scheme {name!r} (available: {', '.join(list_schemes())})")
    text = _data_dir().joinpath(f"{name}.json").read_text(encoding="utf-8")
    return scheme_from_mapping(json.loads(text, parse_float=Decimal))
