"""Who owns (or jointly applies for) a right, and in what share – the input to fee reductions."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = ["OWNER_KINDS", "Owner", "SOLE_COMPANY", "owners_from_percentages", "parse_owner"]

# The owner kinds the CLI and the forms offer; reductions_jp.csv says what each one pays.
OWNER_KINDS = ("university", "company", "sme", "individual")


@dataclass(frozen=True, slots=True)
class Owner:
    """One owner: its kind and its share of the right as an exact fraction (1/2 = 50 %)."""

    kind: str
    share: Fraction

    @property
    def percent(self) -> str:
        """The share as a percentage for display: ``50%``, ``33.34%``."""
        value = Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)
        return f"{value.normalize():f}%"


SOLE_COMPANY = (Owner("company", Fraction(1)),)


def parse_owner(text: str) -> tuple[str, Decimal]:
    """``"university:50"`` → ``("university", Decimal("50"))``; raises ``ValueError`` with a clear message."""
    kind, sep, share = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in OWNER_KINDS:
        raise ValueError(f"owner {text!r}: expected KIND:SHARE with KIND one of {', '.join(OWNER_KINDS)}")
    try:
        percent = Decimal(share.strip())
    except InvalidOperation:
        raise ValueError(f"owner {text!r}: SHARE must be a percentage such as 50 or 33.5") from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise ValueError(f"owner {text!r}: SHARE must be more than 0 and at most 100")
    return kind, percent


def owners_from_percentages(pairs: list[tuple[str, Decimal]]) -> tuple[Owner, ...]:
    """Owners from ``(kind, percent)`` pairs, which must total exactly 100; none = a sole company."""
    if not pairs:
        return SOLE_COMPANY
    total = sum((percent for _, percent in pairs), Decimal(0))
    if total != 100:
        raise ValueError(f"owner shares must total 100 %, got {total.normalize():f} %")
    return tuple(Owner(kind, Fraction(percent) / 100) for kind, percent in pairs)
