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
    "OWNER_KINDS", "Owner", "SOLE_COMPANY", "owners_from_percentages", "parse_owner", "ShareError", "parse_share",
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

# The owner kinds the CLI and the forms offer; reductions_jp.csv says what each one pays.
OWNER_KINDS = ("university", "company", "sme", "individual")


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
