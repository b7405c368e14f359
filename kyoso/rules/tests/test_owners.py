"""Co-ownership shares (持分) as exact fractions, and a fee split by them — pure, no Django."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kyoso.rules.owners import (
    ShareError,
    as_share,
    check_shares_total,
    format_share,
    parse_share,
    share_percent,
    shares_from_percentages,
    split_by_shares,
)

THIRD = Fraction(1, 3)


def test_a_100000_yen_annuity_split_in_thirds_is_33334_33333_33333():
    """Worked by hand: 100,000 × ⅓ = 33,333⅓ each; rounded down 3 × 33,333 = 99,999; the one yen
    left goes to the largest remainder — all equal (⅓), shares equal, so the first listed owner."""
    assert split_by_shares(100_000, [THIRD, THIRD, THIRD]) == [33_334, 33_333, 33_333]


def test_the_largest_remainder_takes_the_left_over_yen_not_the_first_owner():
    # 10,000 × (1/2, 1/3, 1/6) = 5,000 / 3,333⅓ / 1,666⅔: rounded down 9,999; the ⅔ remainder
    # (the 1/6 owner) is the largest, so it gets the yen: 5,000 / 3,333 / 1,667.
    assert split_by_shares(10_000, [Fraction(1, 2), THIRD, Fraction(1, 6)]) == [5_000, 3_333, 1_667]
    # ¥1 between two halves: equal remainders and shares, the first listed takes it.
    assert split_by_shares(1, [Fraction(1, 2), Fraction(1, 2)]) == [1, 0]


def test_one_third_is_read_and_shown_exactly():
    assert parse_share("1/3") == THIRD
    assert format_share(THIRD) == "1/3" and share_percent(THIRD) == "33.33"
    assert format_share(Fraction(1)) == "1/1" and parse_share("1/1") == 1 and parse_share("1") == Fraction(1, 100) and share_percent(Fraction(1, 2)) == "50"
    assert parse_share("33.5%") == Fraction(67, 200) == parse_share("33.5") == parse_share(" 33.5 ％ ")
    assert as_share(Decimal("50")) == Fraction(1, 2) == as_share(50) == as_share("1/2") == as_share(Fraction(1, 2))


@pytest.mark.parametrize("text", ["0", "1/0", "4/3", "101", "-5%", "abc", "1/3/4", "nan", ""])
def test_what_is_not_a_share_is_refused_with_the_way_to_write_one(text):
    with pytest.raises(ShareError):
        parse_share(text)


def test_thirds_total_exactly_one_and_percentages_in_hundredths_do_not():
    check_shares_total([THIRD, THIRD, THIRD])
    with pytest.raises(ShareError, match="shares must total 100 % exactly, now 99.99 %"):
        check_shares_total([Fraction(3333, 10000)] * 3)


def test_stored_percentages_within_a_hundredth_of_thirds_become_thirds():
    assert shares_from_percentages([Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == [THIRD] * 3
    assert shares_from_percentages([Decimal("66.67"), Decimal("33.33")]) == [Fraction(2, 3), THIRD]
    assert shares_from_percentages([Decimal("50.00"), Decimal("50.00")]) == [Fraction(1, 2)] * 2
    # Not thirds: 40/30/30 stays as it is (already exact), 33.30/33.30/33.40 is not within 0.01 of ⅓.
    assert shares_from_percentages([Decimal("40"), Decimal("30"), Decimal("30")]) == [
        Fraction(2, 5), Fraction(3, 10), Fraction(3, 10)]
    assert shares_from_percentages([Decimal("33.30"), Decimal("33.30"), Decimal("33.40")]) == [
        Fraction(333, 1000), Fraction(333, 1000), Fraction(167, 500)]
