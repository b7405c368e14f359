"""``forecast_packed`` (sums in place, used by the portfolio page and the bench) agrees with the
reference per-fee ``forecast`` of kyoso.rules.forecast. Pure Python: no database."""

from collections import defaultdict
from datetime import date

from kyoso.rules.bench_forecast import synthetic_filings
from kyoso.rules.forecast import forecast, forecast_packed


def _fields(packed: dict, field_bits: int, count_bits: int, periods: int) -> dict:
    """(ref, period) → (sum in minor units, number of fees) of each non-empty field."""
    unpacked = {}
    for ref, value in packed.items():
        for period in range(periods):
            field = value >> (period * field_bits) & ((1 << field_bits) - 1)
            if field:
                unpacked[ref, period] = (field >> count_bits, field & ((1 << count_bits) - 1))
    return unpacked


def test_packed_sums_equal_the_per_fee_forecast_in_minor_units():
    """Each fiscal year's field holds the sum of the reference forecast's fees that year, in yen or
    cents, and how many fees made it. The refs are groups of ten filings of one office, so fields
    add up several fees."""
    filings = synthetic_filings(3000, seed=5)
    start, field_bits, count_bits = date(2026, 4, 1), 96, 16
    office_of = {ref // 10: office for ref, office, *_rest in filings}  # one office per group in what is compared
    same_office = [f for f in filings if f[1] == office_of[f[0] // 10]]
    expected = defaultdict(lambda: [0, 0])
    for ref, due, _kind, amount in forecast(same_office, start, 20):
        field = expected[ref // 10, due.year - (due.month < 4) - 2026]
        field[0] += amount * (1 if office_of[ref // 10] == "JP" else 100)
        field[1] += 1
    packed = forecast_packed([(ref // 10, *rest) for ref, *rest in same_office], start, 20,
                             field_bits=field_bits, count_bits=count_bits)
    assert _fields(packed, field_bits, count_bits, 21) == {key: tuple(value) for key, value in expected.items()}


def test_a_start_inside_the_fiscal_year_counts_from_that_fiscal_year():
    filings = [(0, "JP", date(2015, 2, 10), date(2018, 2, 1), date(2015, 3, 1), 3, None)]
    packed = forecast_packed(filings, date(2026, 11, 26), 3, field_bits=64, count_bits=8)
    # Annuities due every 1 February: FY2026 (Feb 2027) is field 0; one fee in each of three years.
    assert sorted(_fields(packed, 64, 8, 4)) == [(0, 0), (0, 1), (0, 2)]


def test_packed_fields_hand_worked():
    """Two EP applications filed in June 2020, in one ref: renewal years 7, 8 and 9 fall due at the
    ends of June 2026, 2027 and 2028 (FY2026–FY2028: fields 0, 1, 2) at €1,310, €1,465 and €1,620
    each, so each field holds 2 × 131,000, 2 × 146,500 and 2 × 162,000 cents and a count of 2.
    A JP patent registered on 1 February 2018 (3 claims, filed 2015) owes its year-10 annuity on
    1 February 2027 (FY2026), years 11 and 12 in 2028 and 2029: ¥59,400 + ¥4,600 × 3 = ¥73,200 each,
    one fee a field."""
    filings = [
        ("ep", "EP", date(2020, 6, 15), None, None, 10, None),
        ("ep", "EP", date(2020, 6, 2), None, None, 12, None),
        ("jp", "JP", date(2015, 2, 10), date(2018, 2, 1), date(2015, 3, 1), 3, None),
    ]
    packed = forecast_packed(filings, date(2026, 4, 1), 3, field_bits=64, count_bits=8)
    assert packed["ep"] == (262_000 << 8 | 2) + ((293_000 << 8 | 2) << 64) + ((324_000 << 8 | 2) << 128)
    assert packed["jp"] == (73_200 << 8 | 1) + ((73_200 << 8 | 1) << 64) + ((73_200 << 8 | 1) << 128)


def test_the_portfolio_layout_scales_shares_and_sizes_fields_for_the_sums():
    """Payers of halves and of ⅓/⅔: the shares % 50, 100/3, 200/3 (and 100, for nobody) have the
    common denominator 3, so they are 150, 100, 200 and 300 out of 300. Ten filings over two years
    have at most 10 × (2 × 2 + 4) = 80 fees a field, × 300 = 24,000 (15 bits): counts take 16 bits,
    and a field 16 + 15 + 40 (a fee below 2⁴⁰) + 1 = 72 bits. An EP micro-entity pays 70 % per
    fiscal year: €1,310 → €917, and two fees of €1,465 → €2,051."""
    from fractions import Fraction

    from kyoso.docket.services.forecast import _Layout, _micro

    layout = _Layout(10, 2, [((1, 50), (2, 50)), ((1, Fraction(100, 3)), (2, Fraction(200, 3)))])
    assert layout.scaled == {50: 150, Fraction(100, 3): 100, Fraction(200, 3): 200, 100: 300}
    assert layout.whole == 300
    assert (layout.count_bits, layout.field_bits) == (16, 72)
    packed = layout.pack([(0, 5, 1), (2, 7, 3)])
    assert packed == (5 << 16 | 1) + ((7 << 16 | 3) << 144)
    assert list(layout.fields(packed)) == [(0, 5, 1), (2, 7, 3)]
    assert list(layout.fields(_micro(layout.pack([(0, 131_000, 1), (1, 293_000, 2)]), layout))) == [
        (0, 91_700, 1), (1, 205_100, 2)]
