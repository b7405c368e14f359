"""The plausible range of every number a person types: years, dates, claims, yen.

Pure Python (no Django). One place for each bound, read by the models' validation (so forms, the
API, imports and commands agree) and by the commands' argument parsing. A value outside these
ranges is a typing mistake (a year 9999, 10^20 claims), never a real case: refusing it keeps
computations (deadlines that add 20 years, fees that multiply claims) from failing later.
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "FIRST_YEAR", "LAST_YEAR", "FIRST_FISCAL_YEAR", "MAX_CLAIMS", "MAX_YEN",
    "check_year", "check_date", "check_claims", "check_yen",
]

#: Dates run from 1900 to 2100: the oldest right still in anyone's records, and far enough ahead
#: for a 20-year term plus extensions computed from today's filings.
FIRST_YEAR = 1900
LAST_YEAR = 2100
#: Fiscal years recorded for money: no research agreement in kyoso predates 1990.
FIRST_FISCAL_YEAR = 1990
#: The claims of one application: JPO fees are counted per claim and no real application has
#: anywhere near 1,000 (the model field's bound too).
MAX_CLAIMS = 999
#: One amount in yen: ten trillion (10^13) is above any contribution, fee or licence income a
#: university sees, and far below the 64-bit integer the database stores.
MAX_YEN = 10**13


def check_year(year: int, *, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str | None:
    """``None`` when ``year`` lies in ``first``..``last``, else a message."""
    if first <= year <= last:
        return None
    return f"year {year} is outside {first}–{last}"


def check_date(day: date) -> str | None:
    """``None`` when ``day`` falls in the years kyoso accepts, else a message."""
    return check_year(day.year)


def check_claims(claims: int) -> str | None:
    """``None`` for 1..:data:`MAX_CLAIMS` claims, else a message."""
    if 1 <= claims <= MAX_CLAIMS:
        return None
    return f"{claims} claims is outside 1–{MAX_CLAIMS}"


def check_yen(amount: int, *, negative: bool = False) -> str | None:
    """``None`` for a whole amount of yen of at most :data:`MAX_YEN` (and not below zero unless
    ``negative`` — ledger entries go both ways), else a message."""
    low = -MAX_YEN if negative else 0
    if low <= amount <= MAX_YEN:
        return None
    return f"¥{amount:,} is outside ¥{low:,}–¥{MAX_YEN:,}"
