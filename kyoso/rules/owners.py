"""Who owns (or jointly applies for) a right, and in what share – the input to fee reductions.

Co-ownership shares (持分, Patent Act §73) are exact fractions: ⅓ is 1/3, not 33.33 %. This
module reads them as people write them (:func:`parse_share`: ``"1/3"``, ``"33.5%"``, ``"33.5"``),
shows them (:func:`format_share`: ``"1/3"``; :func:`share_percent`: ``"33.33"``), checks that they
total exactly 1 (:func:`check_shares_total`), turns two-decimal percentages stored before into
the fractions they stood for (:func:`shares_from_percentages`), and splits a fee by them with one
rounding (:func:`split_by_shares`, largest remainder).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "OWNER_KINDS", "Owner", "SOLE_COMPANY", "US_ENTITIES", "USEntity", "owner_kind", "owners_from_percentages",
    "parse_owner", "us_entity", "us_large_entity", "ShareError", "parse_share",
    "as_share", "format_share", "share_percent", "check_shares_total", "shares_from_percentages", "split_by_shares",
    "MAX_DENOMINATOR",
]

#: The largest denominator a stored share may have (a percentage with four decimals fits).
MAX_DENOMINATOR = 1_000_000


class ShareError(ValueError):
    """A share that cannot be read, or shares that do not total exactly 1; the message says why."""


def parse_share(text: str) -> Fraction:
    """A share as people write it: ``"1/3"`` (a fraction), ``"33.5%"`` or ``"33.5"`` (a percentage).

    A bare number is a percentage, as the forms and the importer always read it. The share must
    be more than 0 and at most 1 (100 %).

    >>> parse_share("1/3"), parse_share("33.5%"), parse_share("50")
    (Fraction(1, 3), Fraction(67, 200), Fraction(1, 2))
    """
    raw = (text or "").strip().replace("％", "%").replace("／", "/").replace(" ", "")
    try:
        if "/" in raw:
            numerator, _sep, denominator = raw.partition("/")
            if not (numerator.isdigit() and denominator.isdigit()):
                raise ValueError
            value = Fraction(int(numerator), int(denominator))
        else:
            number = Decimal(raw.removesuffix("%"))
            if not number.is_finite():
                raise ValueError
            value = Fraction(number) / 100
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise ShareError(f"{text!r} is not a share: write a fraction such as 1/3 or a percentage such as 33.5%") from None
    return _checked(value, text)


def _checked(value: Fraction, shown) -> Fraction:
    if not 0 < value <= 1:
        raise ShareError(f"{shown} is not a share: it must be more than 0 and at most 1 (100 %)")
    if value.denominator > MAX_DENOMINATOR:
        raise ShareError(f"{shown} is not a share kyoso stores: its denominator is above {MAX_DENOMINATOR:,}")
    return value


def as_share(value) -> Fraction:
    """A share from what callers hold: a ``Fraction`` is the share itself (1/2), a ``Decimal`` or
    ``int`` is a percentage (50), a ``str`` is read by :func:`parse_share`."""
    if isinstance(value, Fraction):
        return _checked(value, format_share(value))
    if isinstance(value, bool):
        raise ShareError(f"{value!r} is not a share")
    if isinstance(value, int | Decimal):
        return _checked(Fraction(value) / 100, f"{value}%")
    if isinstance(value, str):
        return parse_share(value)
    raise ShareError(f"{value!r} is not a share")


def format_share(share: Fraction) -> str:
    """``1/3``, ``1/2``, ``1/1`` (a sole owner): the exact share as stored, always with its
    denominator, because a bare number is read back as a percentage (``"1"`` is 1 %)."""
    return f"{share.numerator}/{share.denominator}"


def share_percent(share: Fraction, places: int = 2) -> str:
    """The share as a percentage rounded half up to ``places``, trailing zeros dropped: ``33.33``, ``50``."""
    exact = Decimal(share.numerator) * 100 / Decimal(share.denominator)
    shown = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{shown.normalize():f}"


def check_shares_total(shares: Sequence[Fraction]) -> None:
    """Shares must total exactly 1; raises :class:`ShareError` naming the total as a percentage."""
    total = sum(shares, Fraction(0))
    if total != 1:
        raise ShareError(f"shares must total 100 % exactly, now {share_percent(total, 4)} %")


def shares_from_percentages(percentages: Sequence[Decimal]) -> list[Fraction]:
    """The exact shares that two-decimal percentages stood for.

    Each percentage is read as the fraction with the smallest denominator (up to 12) within 0.01
    percentage points of it — 33.33 and 33.34 are both ⅓, 66.67 is ⅔ — *if* those fractions total
    exactly 1; otherwise the percentages are taken as they are (12.5 % is 1/8 either way).

    >>> shares_from_percentages([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])
    [Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)]
    >>> shares_from_percentages([Decimal("33.33"), Decimal("66.66"), Decimal("0.01")])
    [Fraction(3333, 10000), Fraction(3333, 5000), Fraction(1, 10000)]
    """
    exact = [Fraction(Decimal(p)) / 100 for p in percentages]
    near = [share.limit_denominator(12) for share in exact]
    if all(n > 0 and abs(n - e) <= Fraction(1, 10_000) for n, e in zip(near, exact, strict=True)) and sum(near) == 1:
        return near
    return exact


def split_by_shares(amount: int, shares: Sequence[Fraction]) -> list[int]:
    """Split a whole ``amount`` (yen, or cents) by exact ``shares`` totalling 1, rounding once.

    Largest-remainder rule: each part is ``amount × share`` rounded down; the units left over go
    one each to the largest fractional remainders, ties to the larger share, then to the earlier
    in ``shares`` (list owners largest share first). The parts total ``amount`` exactly.

    >>> split_by_shares(100_000, [Fraction(1, 3)] * 3)
    [33334, 33333, 33333]
    """
    check_shares_total(shares)
    exact = [amount * share for share in shares]
    parts = [value.numerator // value.denominator for value in exact]
    left = amount - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), -shares[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts

# The owner kinds the fee law knows (reductions_jp.csv says what each one pays):
# university  – 大学等 and public research institutes (特許法施行令 §10 no.3): ½
# company     – an ordinary (large) company: full fee
# sme         – 中小企業 (company, sole proprietor, 組合, NPO; 施行令 §10 no.1): ½
# small_startup – 小規模企業 / 中小スタートアップ (≤ 20 employees, or < 10 years old; 施行令 §10 no.2): ⅓
# approved_tlo – 承認TLO / 認定TLO (施行令 §10 no.3 ハ): ½ like the universities
# state       – the State (国): no fee on its share (Patent Act §107(2), §195(4); §107(3), §195(5))
# individual  – a natural person: full fee (low-income exemption is on proof, not modelled)
OWNER_KINDS = ("university", "company", "sme", "small_startup", "approved_tlo", "state", "individual")

# Organisation kinds (kyoso.parties) that are an owner kind of their own, whatever their size.
_KIND_OF_ORGANISATION = {
    "university": "university",
    "public_research": "university",
    "tlo": "approved_tlo",
    "state": "state",
}
# Otherwise the size bracket decides (a company, a 組合 or an NPO alike).
_KIND_OF_SIZE = {"sme": "sme", "small": "small_startup"}


def owner_kind(kind: str, size: str) -> str:
    """An organisation's kind and size (kyoso.parties) → the owner kind of the fee law.

    The one mapping every fee path reads (the docket's schedule, the fee forecast, the IP
    budget): public research institutes count as universities (試験研究機関, 施行令 §10 no.3), a
    TLO as an approved TLO (kyoso records the consortium's 承認TLO), the State as the State; any
    other organisation by its size bracket — an SME pays ½ whether it is a company, a 組合 or an
    NPO (JPO's SME reduction names all of them), a small or start-up company ⅓, and anything
    else (a large company, a funding agency) the full fee.
    """
    return _KIND_OF_ORGANISATION.get(kind) or _KIND_OF_SIZE.get(size or "", "company")


# -- US entity status (37 CFR 1.27) ---------------------------------------------------------------
US_ENTITIES = ("large", "small", "micro")
# Owner kinds that may claim small-entity status themselves: a university or other non-profit
# (37 CFR 1.27(a)(3)), a small business concern (1.27(a)(2): < 500 employees), a person (1.27(a)(1)).
_US_SMALL_KINDS = frozenset({"university", "sme", "small_startup", "approved_tlo", "individual"})


def us_large_entity(kind: str) -> bool:
    """Whether an owner kind (as :func:`owner_kind` gives it) is a large entity for the USPTO:
    a licence to it ends the licensor's small-entity status (37 CFR 1.27(a)(2)–(3))."""
    return kind not in _US_SMALL_KINDS


@dataclass(frozen=True, slots=True)
class USEntity:
    """The fee status of a US filing and why: ``entity`` is ``large``, ``small`` or ``micro``;
    ``why`` is ``declared``, ``licensed`` (to a large entity), ``owner`` (an owner does not
    qualify), ``no_owners`` or ``qualifies``; ``names`` the licensees or owner kinds concerned."""

    entity: str
    why: str
    names: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reason in English, for the CLI and logs (pages translate :attr:`why`)."""
        names = ", ".join(self.names)
        return {
            "declared": f"declared on the filing: {self.entity}",
            "licensed": f"licensed to a large entity (37 CFR 1.27(a)): {names}",
            "owner": f"an owner does not qualify as a small entity: {names}",
            "no_owners": "no owners recorded: assumed large",
            "qualifies": "every owner qualifies and no licence to a large entity (37 CFR 1.27(a))",
        }[self.why]


def us_entity(
    owner_kinds: tuple[str, ...], *, large_licensees: tuple[str, ...] = (), declared: str = ""
) -> USEntity:
    """The US fee status: what the filing declares, else derived (37 CFR 1.27(a)).

    Small-entity status needs every owner to qualify *and* no licence or assignment of a right
    to an entity that does not (37 CFR 1.27(a)(2)–(3)): one licence to a large company makes the
    filing large, whatever its owners are. ``large_licensees`` names those licensees; micro
    status (1.29) is never derived, only declared.
    """
    if declared:
        return USEntity(declared, "declared")
    if large_licensees:
        return USEntity("large", "licensed", tuple(large_licensees))
    if not owner_kinds:
        return USEntity("large", "no_owners")
    others = tuple(sorted({kind for kind in owner_kinds if kind not in _US_SMALL_KINDS}))
    if others:
        return USEntity("large", "owner", others)
    return USEntity("small", "qualifies")


@dataclass(frozen=True, slots=True)
class Owner:
    """One owner: its kind and its share of the right as an exact fraction (1/2 = 50 %)."""

    kind: str
    share: Fraction

    @property
    def percent(self) -> str:
        """The share as a percentage for display, two places at most: ``50%``, ``33.33%`` (⅓)."""
        return f"{share_percent(self.share)}%"


SOLE_COMPANY = (Owner("company", Fraction(1)),)


def parse_owner(text: str) -> tuple[str, Decimal | Fraction]:
    """``"university:50"`` → ``("university", Decimal("50"))``; ``"university:1/3"`` →
    ``("university", Fraction(100, 3))`` (the percentage, exact); raises ``ValueError`` with a clear message."""
    kind, sep, share = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in OWNER_KINDS:
        raise ValueError(f"owner {text!r}: expected KIND:SHARE with KIND one of {', '.join(OWNER_KINDS)}")
    if "/" in share:
        try:
            return kind, parse_share(share) * 100
        except ShareError:
            raise ValueError(f"owner {text!r}: SHARE must be a fraction such as 1/3 or a percentage such as 33.5") from None
    try:
        percent = Decimal(share.strip().removesuffix("%"))
    except InvalidOperation:
        raise ValueError(f"owner {text!r}: SHARE must be a percentage such as 50 or 33.5, or a fraction such as 1/3") from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise ValueError(f"owner {text!r}: SHARE must be more than 0 and at most 100")
    return kind, percent


def owners_from_percentages(pairs: list[tuple[str, Decimal | Fraction | int]]) -> tuple[Owner, ...]:
    """Owners from ``(kind, percent)`` pairs, which must total exactly 100; none = a sole company.

    A percentage may be a ``Fraction`` (⅓ is ``Fraction(100, 3)``): shares stay exact."""
    if not pairs:
        return SOLE_COMPANY
    total = sum((Fraction(percent) for _, percent in pairs), Fraction(0))
    if total != 100:
        raise ValueError(f"owner shares must total 100 %, got {share_percent(total / 100, 4)} %")
    return tuple(Owner(kind, Fraction(percent) / 100) for kind, percent in pairs)
