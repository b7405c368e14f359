"""Japanese fiscal years (April–March) and the split of a contribution into its parts.

Pure Python: no Django import (see design/README.md, layer 1).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

__all__ = ["fiscal_year_of", "fiscal_year_bounds", "ContributionSplit", "split_contribution", "matching_ratio"]


def fiscal_year_of(day: date) -> int:
    """The Japanese fiscal year containing ``day``: FY2026 runs 2026-04-01 … 2027-03-31."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


class ContributionSplit(tuple):
    """(direct, indirect, ip_earmarked, total) in integer yen."""

    __slots__ = ()

    def __new__(cls, direct: int, indirect: int, ip_earmarked: int):
        return super().__new__(cls, (direct, indirect, ip_earmarked, direct + indirect))

    direct = property(lambda self: self[0])
    indirect = property(lambda self: self[1])
    ip_earmarked = property(lambda self: self[2])
    total = property(lambda self: self[3])


def _percent_of(amount: int, percent: Decimal) -> int:
    # Yen are whole: a fraction of a yen is dropped, never rounded up, so the university never
    # invoices more than the agreed rate.
    return int((Decimal(amount) * Decimal(percent) / 100).to_integral_value(rounding=ROUND_DOWN))


def split_contribution(direct: int, indirect_rate: Decimal, ip_earmark_rate: Decimal, *, cash: bool = True) -> ContributionSplit:
    """Derive indirect costs and the IP-earmarked part from the direct costs of a contribution.

    Indirect costs are ``direct × indirect_rate %``; the IP earmark is the part of those indirect
    costs reserved for patents, ``direct × ip_earmark_rate %`` (the companies' consortium rate: 20 %
    of which 10 points fund IP). Which rates apply to which money is
    :func:`kyoso.rules.funding.contribution_rates`'s answer. In-kind contributions carry no indirect costs.

    >>> split_contribution(10_000_000, Decimal("20"), Decimal("10"))
    (10000000, 2000000, 1000000, 12000000)
    """
    if direct < 0:
        raise ValueError("direct costs cannot be negative")
    if not (0 <= ip_earmark_rate <= indirect_rate <= 100):
        raise ValueError("rates must satisfy 0 ≤ IP earmark ≤ indirect ≤ 100 %")
    if not cash:
        return ContributionSplit(direct, 0, 0)
    return ContributionSplit(direct, _percent_of(direct, indirect_rate), _percent_of(direct, ip_earmark_rate))


def matching_ratio(private_funds: int, public_funds: int) -> Decimal | None:
    """Private money per yen of public (JST) money, to two places; ``None`` without public money."""
    if public_funds <= 0:
        return None
    return (Decimal(private_funds) / Decimal(public_funds)).quantize(Decimal("0.01"))
