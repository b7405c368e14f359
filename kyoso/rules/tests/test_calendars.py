"""Office calendars: JPO closed days (Act on Holidays of Administrative Organs §1; Patent Act §3(2)),
USPTO (35 USC 21(b)), EPO (EPC R.134(1)) and the International Bureau (PCT R.80.5)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules import calendars
from kyoso.rules.calendars import (
    OFFICES,
    closure_reason,
    is_open,
    next_open_day,
    roll_status,
    unconfirmed_closure,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
offices = st.sampled_from(OFFICES)


@pytest.mark.parametrize(
    ("day", "rolled"),
    [
        # 行政機関の休日に関する法律 §1(1)(iii) – 29 Dec to 3 Jan, then the weekend of 2–3 Jan 2027.
        (date(2026, 12, 29), date(2027, 1, 4)),
        (date(2026, 12, 31), date(2027, 1, 4)),
        (date(2027, 1, 3), date(2027, 1, 4)),
        # INPIT FAQ 000217 example: Sat 2006-04-29 (holiday) → Mon 2006-05-01.
        (date(2006, 4, 29), date(2006, 5, 1)),
        # 振替休日 – Sunday 2026-05-03 is made up on Wednesday 2026-05-06.
        (date(2026, 5, 3), date(2026, 5, 7)),
        # jpholiday note: 2026-09-22 国民の休日 between two holidays (Mon 21 – Wed 23 Sept).
        (date(2026, 9, 21), date(2026, 9, 24)),
        # An ordinary Monday is open.
        (date(2026, 6, 1), date(2026, 6, 1)),
    ],
)
def test_jpo_roll_forward(day, rolled):
    assert next_open_day("JP", day) == rolled


def test_jpo_closure_reasons_name_the_rule():
    # The year-end closure is ours (the holidays library lacks 29–30 Dec); holidays keep their name.
    assert "year-end" in closure_reason("JP", date(2026, 12, 30))
    assert closure_reason("JP", date(2026, 5, 6)) == "Substitute Holiday"
    assert closure_reason("JP", date(2026, 9, 22)) == "National Holiday"
    assert closure_reason("JP", date(2027, 1, 1)) == "New Year's Day"
    assert closure_reason("JP", date(2026, 6, 1)) is None


def test_uspto_federal_holidays_and_inauguration_day():
    # 35 USC 21(b) – Saturday, Sunday or Federal holiday within the District of Columbia.
    assert not is_open("US", date(2026, 7, 3))  # Independence Day observed
    assert not is_open("US", date(2025, 1, 20))  # Inauguration Day (and MLK day)
    assert is_open("US", date(2026, 4, 16))  # DC Emancipation Day is not a federal holiday
    assert is_open("US", date(2026, 12, 29))  # no JPO-style year-end closure


def test_epo_and_ib_close_on_weekends_and_the_data_file_rows(monkeypatch):
    assert is_open("EP", date(2026, 11, 24)) and not is_open("EP", date(2026, 1, 3))
    closures = {("EP", 2026): {date(2026, 11, 24): ("EPO closure day (test row)", "confirmed")}}
    monkeypatch.setattr(calendars, "_data_file_closures", lambda: closures)
    calendars.closed_days.cache_clear()
    try:
        assert next_open_day("EP", date(2026, 11, 24)) == date(2026, 11, 25)
        assert closure_reason("EP", date(2026, 11, 24)) == "EPO closure day (test row)"
    finally:
        calendars.closed_days.cache_clear()


def test_epo_year_end_closure_2025_moves_a_period_to_2_january_2026():
    # The EPO's notice: offices closed 24 December 2025 – 1 January 2026 inclusive, open again on
    # Friday 2 January 2026; every time limit expiring in the closure extends to that day.
    for day in (date(2025, 12, 24), date(2025, 12, 29), date(2025, 12, 31), date(2026, 1, 1)):
        assert next_open_day("EP", day) == date(2026, 1, 2), day
    assert closure_reason("EP", date(2025, 12, 30)).startswith("Bridging day")


def test_unconfirmed_closures_do_not_move_a_period_but_mark_it():
    # WIPO's IB usually closes on Ascension Day (Thursday 14 May 2026), but kyoso has not read the
    # IB's 2026 list: the period is not extended (the earlier date is the safe one) and is marked.
    assert is_open("IB", date(2026, 5, 14)) and unconfirmed_closure("IB", date(2026, 5, 14)) == "Ascension Day"
    assert roll_status("IB", date(2026, 5, 14), date(2026, 5, 14)) == "unconfirmed"
    # 31 Dec 2026 is closed on a single-source row (a firm's list of the EPO's 2026 days): moved,
    # and the move says how sure it is. 1 Jan 2027 too, then a weekend → Monday 4 January 2027.
    assert next_open_day("EP", date(2026, 12, 31)) == date(2027, 1, 4)
    assert roll_status("EP", date(2026, 12, 31), date(2027, 1, 4)) == "single-source"
    # A confirmed move (the EPO's own notice) stays confirmed.
    assert roll_status("EP", date(2025, 12, 31), date(2026, 1, 2)) == "confirmed"


def test_closures_file_rows_are_complete_and_cite_known_sources():
    from kyoso.rules.datafiles import read_rows

    source_ids = {row["id"] for row in read_rows("sources/deadlines.csv")}
    rows = calendars.read_rows("closures.csv")
    assert {row["office"] for row in rows} == {"EP", "IB"}
    for row in rows:
        assert set(row) == {"office", "date", "reason", "status", "source"}, row
        assert row["status"] in ("confirmed", "single-source", "unconfirmed"), row
        assert date.fromisoformat(row["date"]).weekday() < 5, row  # weekends are closed anyway
        assert set(row["source"].split(";")) <= source_ids, row
    for office in ("EP", "IB"):
        assert {date.fromisoformat(r["date"]).year for r in rows if r["office"] == office} >= {2025, 2026, 2027}


def test_unknown_office_is_refused():
    with pytest.raises(ValueError, match="unknown office"):
        is_open("XX", date(2026, 6, 1))


@given(offices, days)
def test_rolled_day_is_open_and_not_before_the_raw_day(office, day):
    rolled = next_open_day(office, day)
    assert is_open(office, rolled)
    assert day <= rolled <= day + timedelta(days=10)


@given(offices, days)
def test_rolling_twice_changes_nothing(office, day):
    once = next_open_day(office, day)
    assert next_open_day(office, once) == once


@given(offices, days)
def test_every_day_between_raw_and_rolled_is_closed(office, day):
    rolled = next_open_day(office, day)
    assert all(not is_open(office, day + timedelta(days=n)) for n in range((rolled - day).days))
