"""Deadline rules – Patent Act (JP), PCT, 35 USC 41 / 37 CFR 1.362 (US), EPC (EP).

The worked examples of issue 12 (Paris year, divisionals, the divisional period abroad, US
maintenance windows, EPO/IB closing days, Euro-PCT renewal at entry) are in
test_deadline_examples.py."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kyoso.rules.calendars import is_open
from kyoso.rules.deadlines import (
    compute_deadlines,
    ep_deadlines,
    jp_deadlines,
    pct_deadlines,
    rules,
    us_deadlines,
)
from kyoso.rules.periods import COUNTINGS

days = st.dates(min_value=date(2001, 10, 1), max_value=date(2045, 12, 31))


def only(deadlines, rule, year=None):
    [found] = [d for d in deadlines if d.rule == rule and (year is None or d.year == year)]
    return found


# --- the rule data ----------------------------------------------------------------------------


def test_every_rule_row_is_complete_and_cites_a_source():
    from kyoso.rules.datafiles import read_rows

    source_ids = {row["id"] for row in read_rows("sources/deadlines.csv")}
    for rule_id, alternatives in rules().items():
        for rule in alternatives:
            assert rule.source and rule.label and rule.kind, rule_id
            assert set(rule.source.split(";")) <= source_ids, (rule_id, rule.source)
            assert rule.counting in COUNTINGS, rule_id
            assert rule.status in ("confirmed", "single-source", "unconfirmed"), rule_id
            assert rule.trigger or rule.follows, rule_id


def test_every_rule_is_named_in_japanese_too_with_the_same_placeholders():
    for rule_id, alternatives in rules().items():
        for rule in alternatives:
            assert rule.label_ja, rule_id
            assert ("{year}" in rule.label) == ("{year}" in rule.label_ja), rule_id


def test_the_json_of_a_deadline_is_unchanged_by_its_japanese_name():
    """``kyoso deadlines --json`` is a contract: the Japanese name is for pages only."""
    [deadline] = [d for d in jp_deadlines(filed=date(2023, 12, 29)) if d.rule == "JP.exam_request"]
    assert deadline.label_ja == "出願審査請求"
    assert set(deadline.as_json()) == {"kind", "due", "raw_due", "rule", "source", "label", "office", "year", "status"}


# --- JP ----------------------------------------------------------------------------------------


def test_annuity_due_on_registration_anniversary_2012():
    # (INPIT FAQ 000217): registration 2012-02-24, paid to year 3 → year-4 due 2015-02-24.
    year4 = only(jp_deadlines(date(2010, 5, 10), registered=date(2012, 2, 24)), "JP.annuity", 4)
    assert (year4.raw_due, year4.due, year4.kind) == (date(2015, 2, 24), date(2015, 2, 24), "annuity")


def test_annuity_due_on_registration_anniversary_2022():
    # (WIPO guide JP.12): registration 2022-04-01 → year-4 due 2025-04-01.
    year4 = only(jp_deadlines(date(2019, 6, 3), registered=date(2022, 4, 1)), "JP.annuity", 4)
    assert year4.due == date(2025, 4, 1)


def test_annuity_rolled_and_late_window_counted_from_the_rolled_date():
    # (INPIT FAQ 000217): due Sat 2006-04-29 (holiday) → Mon 2006-05-01; the 6-month 追納
    # window starts the day after the rolled date (INPIT FAQ 000151 note 3) → ends 2006-11-01.
    deadlines = jp_deadlines(date(2001, 12, 3), registered=date(2003, 4, 29))
    year4, late = only(deadlines, "JP.annuity", 4), only(deadlines, "JP.annuity_late_end", 4)
    assert (year4.raw_due, year4.due) == (date(2006, 4, 29), date(2006, 5, 1))
    assert (late.raw_due, late.due, late.kind) == (date(2006, 11, 1), date(2006, 11, 1), "annuity_late_end")


def test_annuities_listed_from_year_4_up_to_expiry():
    # : years counted from registration, term 20 years from filing (PA 67(1)).
    deadlines = jp_deadlines(date(2008, 1, 16), registered=date(2012, 2, 24))
    years = [d.year for d in deadlines if d.kind == "annuity"]
    assert years == list(range(4, 17))  # year 17 would start on 2028-02-24, after expiry 2028-01-16
    assert only(deadlines, "JP.expiry").due == date(2028, 1, 16)


def test_examination_request_three_years_from_filing_rolled():
    # PA 48-3(1); 2011-01-16 is a Sunday → Monday 17th (PA §3(2)).
    exam = only(jp_deadlines(date(2008, 1, 16)), "JP.exam_request")
    assert (exam.raw_due, exam.due, exam.source.split(";")[0]) == (date(2011, 1, 16), date(2011, 1, 17), "jp-pa-48-3")


def test_year_end_closure_rolls_a_procedural_deadline():
    # : filed 2023-12-29 → exam request raw 2026-12-29 → JPO closed to 3 Jan, weekend → 2027-01-04.
    exam = only(jp_deadlines(date(2023, 12, 29)), "JP.exam_request")
    assert (exam.raw_due, exam.due) == (date(2026, 12, 29), date(2027, 1, 4))


def test_divisional_exam_request_is_the_later_of_parent_plus_3_years_and_30_days():
    # PA 48-3(2).
    late_divisional = jp_deadlines(date(2026, 3, 2), parent_filed=date(2023, 3, 10))
    assert only(late_divisional, "JP.exam_request_divisional").raw_due == date(2026, 4, 1)
    early_divisional = jp_deadlines(date(2024, 3, 1), parent_filed=date(2023, 3, 10))
    assert only(early_divisional, "JP.exam_request_divisional").raw_due == date(2026, 3, 10)
    assert not [d for d in jp_deadlines(date(2024, 3, 1)) if d.rule == "JP.exam_request_divisional"]


def test_registration_fee_and_divisional_30_days_from_the_decision_to_grant():
    # PA 108(1), 44(1)(ii).
    deadlines = jp_deadlines(date(2022, 5, 9), grant_decision=date(2025, 12, 5))
    fee = only(deadlines, "JP.registration_fee")
    assert (fee.kind, fee.raw_due, fee.due) == ("registration_fee", date(2026, 1, 4), date(2026, 1, 5))
    assert only(deadlines, "JP.divisional_after_grant").due == date(2026, 1, 5)


def test_office_action_reply_60_days_or_3_months_abroad():
    # : 60 days (domestic) / 3 months (在外者) from dispatch.
    domestic = only(jp_deadlines(date(2024, 1, 10), office_action=date(2026, 3, 31)), "JP.oa_reply")
    assert domestic.raw_due == date(2026, 5, 30) and domestic.due == date(2026, 6, 1)
    abroad = jp_deadlines(date(2024, 1, 10), office_action=date(2026, 3, 31), abroad=True)
    assert only(abroad, "JP.oa_reply_abroad").raw_due == date(2026, 6, 30)
    assert not [d for d in abroad if d.rule == "JP.oa_reply"]


def test_appeal_3_months_domestic_4_months_abroad():
    # PA 121(1), PA 4 附加期間 (one combined period, rolled once: INPIT FAQ note 2).
    domestic = jp_deadlines(date(2024, 1, 10), refusal=date(2026, 2, 10))
    assert only(domestic, "JP.appeal").raw_due == date(2026, 5, 10)
    assert only(domestic, "JP.appeal").due == date(2026, 5, 11)  # 10 May 2026 is a Sunday
    assert only(domestic, "JP.divisional_after_refusal").raw_due == date(2026, 5, 10)
    abroad = jp_deadlines(date(2024, 1, 10), refusal=date(2026, 2, 10), abroad=True)
    assert only(abroad, "JP.appeal_abroad").raw_due == date(2026, 6, 10)


def test_priority_periods_and_publication():
    # : domestic/Paris priority 12 months; statement later of 1 y 4 m / filing + 4 m;
    # publication 18 months from the earliest priority; the unconfirmed priority-document rule is skipped.
    deadlines = jp_deadlines(date(2025, 3, 14), priority=date(2024, 9, 2))
    assert only(deadlines, "JP.domestic_priority").raw_due == date(2026, 3, 14)
    assert only(deadlines, "JP.paris_priority").kind == "priority"
    assert only(deadlines, "JP.priority_statement").raw_due == date(2026, 1, 2)
    assert only(deadlines, "JP.publication").raw_due == date(2026, 3, 2)
    assert not [d for d in deadlines if d.rule == "JP.priority_document"]


@given(days)
def test_expiry_is_never_rolled(filed):
    # (INPIT FAQ 000151 note 1): the term of a right ends on its day even if a holiday.
    expiry = only(jp_deadlines(filed), "JP.expiry")
    assert expiry.due == expiry.raw_due


@given(days, st.integers(min_value=30, max_value=2500))
def test_procedural_deadlines_fall_on_open_days(filed, days_to_registration):
    registered = date.fromordinal(filed.toordinal() + days_to_registration)
    for deadline in jp_deadlines(filed, registered=registered):
        rule = rules()[deadline.rule][0]
        assert deadline.raw_due <= deadline.due
        if rule.roll:
            assert is_open(rule.roll, deadline.due), deadline
        else:
            assert deadline.due == deadline.raw_due


# --- PCT ---------------------------------------------------------------------------------------


def test_pct_milestones_and_national_phases():
    deadlines = pct_deadlines(date(2024, 4, 30))
    phases = {d.office: d for d in deadlines if d.kind == "national_phase"}
    assert phases["JP"].raw_due == date(2026, 10, 30)  # 30 months (same day number, R.80.2)
    assert phases["US"].raw_due == date(2026, 10, 30)
    assert phases["EP"].raw_due == date(2026, 11, 30)  # 31 months (EPC R.159)
    assert only(deadlines, "PCT.international_filing").raw_due == date(2025, 4, 30)
    assert only(deadlines, "PCT.publication").raw_due == date(2025, 10, 30)
    demand = only(deadlines, "PCT.demand")  # 22 months = Sat 2026-02-28 → Mon 2026-03-02
    assert (demand.raw_due, demand.due) == (date(2026, 2, 28), date(2026, 3, 2))


def test_pct_later_of_isr_based_limits():
    # R.46.1 and R.54bis.1: later of 16 / 22 months and 2 / 3 months from the ISR.
    deadlines = pct_deadlines(date(2024, 1, 15), isr_transmitted=date(2025, 4, 20))
    assert only(deadlines, "PCT.article_19").raw_due == date(2025, 6, 20)
    assert only(deadlines, "PCT.demand").raw_due == date(2025, 11, 15)


# --- US and EP ---------------------------------------------------------------------------------


def test_us_maintenance_due_dates_and_grace_ends():
    deadlines = us_deadlines(date(2021, 8, 31))
    due = [d.raw_due for d in deadlines if d.kind == "us_maintenance"]
    assert due == [date(2025, 2, 28), date(2029, 2, 28), date(2033, 2, 28)]
    grace = [d.raw_due for d in deadlines if d.kind == "us_maintenance_late_end"]
    assert grace == [date(2025, 8, 31), date(2029, 8, 31), date(2033, 8, 31)]  # 4/8/12 years after grant
    assert all(is_open("US", d.due) for d in deadlines if d.kind != "maintenance_window_opens")


def test_ep_renewals_from_year_3_at_month_end_with_grace_from_the_raw_date():
    deadlines = ep_deadlines(date(2021, 8, 3))
    year3, year4 = only(deadlines, "EP.renewal", 3), only(deadlines, "EP.renewal", 4)
    assert year3.raw_due == date(2023, 8, 31)
    assert (year4.raw_due, year4.due) == (date(2024, 8, 31), date(2024, 9, 2))  # Saturday → Monday
    # R.134(1) extends the end of a period, not the start of the grace period (EPO Guidelines).
    assert only(deadlines, "EP.renewal_grace_end", 4).raw_due == date(2025, 2, 28)
    assert [d.year for d in deadlines if d.kind == "ep_renewal"] == list(range(3, 21))


def test_ep_renewals_stop_at_grant():
    deadlines = ep_deadlines(date(2021, 8, 3), granted=date(2025, 3, 5))
    assert [d.year for d in deadlines if d.kind == "ep_renewal"] == [3, 4]


def test_missing_trigger_yields_nothing():
    assert compute_deadlines(["JP.annuity", "JP.annuity_late_end"], {"filed": date(2020, 1, 6)}) == []


def test_deadline_json_has_the_cli_fields():
    data = only(pct_deadlines(date(2024, 4, 30)), "PCT.national_phase_EP").as_json()
    assert data["kind"] == "national_phase" and data["office"] == "EP" and data["due"] == "2026-11-30"
    assert {"kind", "due", "raw_due", "year", "office", "rule", "source", "label"} <= set(data)


def test_remembered_deadlines_are_the_ones_computed_afresh():
    """Inside ``remembering()`` (docket recompute --all) each (rule, date) is worked out once and
    shared: the deadlines are the same as outside, for JP annuities from a leap day, EP renewals
    and a divisional, whichever case comes first."""
    from kyoso.rules.deadlines import ep_deadlines, jp_deadlines, remembering

    cases = [
        lambda: jp_deadlines(date(2020, 2, 29), registered=date(2023, 5, 1), office_action=date(2022, 7, 7)),
        lambda: jp_deadlines(date(2021, 2, 28), registered=date(2023, 5, 1)),
        lambda: jp_deadlines(date(2024, 3, 1), parent_filed=date(2020, 2, 29), priority=date(2019, 3, 1)),
        lambda: ep_deadlines(date(2020, 2, 29), parent_filed=date(2019, 1, 31)),
        lambda: ep_deadlines(date(2020, 2, 29), pct_priority=date(2019, 3, 1)),
    ]
    afresh = [case() for case in cases]
    with remembering():
        remembered = [case() for case in cases + cases[::-1]]
    assert remembered == afresh + afresh[::-1]
    assert all(len(found) > 2 for found in afresh)
