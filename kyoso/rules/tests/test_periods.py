"""Period arithmetic – Patent Act §3 (benrishikoza.com, ja.wikibooks 特許法第3条, INPIT FAQ 000151),
PCT Rule 80.2 / EPC Rule 131(4), EPC Rule 51(1)."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules.periods import add_months, month_end, period_end, roll_forward

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))


@pytest.mark.parametrize(
    ("event", "months", "end"),
    [
        # benrishikoza.com: 29 Feb + 6 months → counted from 1 Mar → ends 31 Aug.
        (date(2024, 2, 29), 6, date(2024, 8, 31)),
        # benrishikoza.com: 18 Apr + 3 months → counted from 19 Apr → ends 18 Jul.
        (date(2024, 4, 18), 3, date(2024, 7, 18)),
        # ja.wikibooks 特許法第3条 例1: 27 Nov + 3 months → ends 27 Feb.
        (date(2022, 11, 27), 3, date(2023, 2, 27)),
        # ja.wikibooks 例2: 29 Nov + 3 months → no 30 Feb → ends at the end of February.
        (date(2022, 11, 29), 3, date(2023, 2, 28)),
        (date(2023, 11, 29), 3, date(2024, 2, 29)),
        # A month-end event is counted from the 1st, so the period ends at a month end.
        (date(2020, 4, 30), 1, date(2020, 5, 31)),
        # Patent Act §48-3(1): examination request 3 years from filing ends on the filing day three years on.
        (date(2020, 4, 10), 36, date(2023, 4, 10)),
    ],
)
def test_jp_period_end_follows_patent_act_section_3(event, months, end):
    assert period_end(event, months=months, counting="jp") == end


def test_jp_day_periods_do_not_count_the_first_day():
    # lhpat.com (PA §3 commentary): reasons for refusal received 31 Mar → 60th day is 30 May.
    assert period_end(date(2024, 3, 31), days=60) == date(2024, 5, 30)
    # Patent Act §108(1): 30 days from the decision to grant.
    assert period_end(date(2026, 1, 5), days=30) == date(2026, 2, 4)


def test_same_day_counting_differs_from_jp_after_a_month_end():
    # PCT R.80.2 keeps the day number; PA §3 ends at the month end.
    assert period_end(date(2020, 4, 30), months=1, counting="same_day") == date(2020, 5, 30)
    assert period_end(date(2024, 1, 31), months=1, counting="same_day") == date(2024, 2, 29)


def test_month_end_counting_for_ep_renewals():
    # EPC R.51(1): due on the last day of the month containing the anniversary.
    assert period_end(date(2021, 8, 3), months=24, counting="month_end") == date(2023, 8, 31)


def test_unknown_counting_is_refused():
    with pytest.raises(ValueError, match="unknown counting"):
        period_end(date(2024, 1, 1), months=1, counting="lunar")


def test_roll_forward_only_for_an_office():
    assert roll_forward(None, date(2026, 12, 29)) == date(2026, 12, 29)
    assert roll_forward("JP", date(2026, 12, 29)) == date(2027, 1, 4)


@given(days, st.integers(min_value=0, max_value=300))
def test_add_months_equals_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


@given(days, st.integers(min_value=1, max_value=300))
def test_jp_period_ends_on_or_after_the_same_day_period(day, months):
    jp, same = period_end(day, months=months), period_end(day, months=months, counting="same_day")
    assert same <= jp <= month_end(jp)
    assert jp == same or day == month_end(day)  # they differ only after a month-end event


@given(days, st.integers(min_value=1, max_value=40))
def test_whole_year_jp_periods_end_on_the_anniversary(day, years):
    """Except one case: from 28 February of a common year, PA §3 (first day not counted, the
    period runs from 1 March) ends on 29 February of a leap year, the anniversary on the 28th."""
    jp, anniversary = period_end(day, months=12 * years), period_end(day, months=12 * years, counting="anniversary")
    if (day.month, day.day) == (2, 28) and jp.month == 2 and jp.day == 29:
        assert anniversary == jp.replace(day=28)
    else:
        assert jp == anniversary


def test_from_28_february_of_a_common_year_a_jp_period_ends_on_29_february():
    """Regression found by hypothesis: 2001-02-28 + 3 years under PA §3 is 2004-02-29."""
    assert period_end(date(2001, 2, 28), months=36) == date(2004, 2, 29)
