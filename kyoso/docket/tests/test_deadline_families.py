"""Stored deadlines that depend on the filing's family: the Paris year of a domestic-priority pair,
a divisional deemed filed on its parent's date, US maintenance windows and the demo's examples.

Dates are worked by hand in each docstring (weekdays: 1 January 2026 is a Thursday, 2027 a Friday).
"""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from kyoso.docket.models import Deadline, ReminderPreference
from kyoso.docket.services.reminders import send_reminders
from kyoso.ip.models import Filing
from kyoso.ip.services import save_filing

pytestmark = pytest.mark.django_db


def rows(filing, **filters):
    return {d.rule: d for d in Deadline.objects.filter(filing=filing, **filters)}


def test_a_domestic_priority_application_does_not_close_or_restart_the_paris_year(jp_filing, user):
    """JP1 filed 2026-03-10, JP2 filed 2026-11-16 claiming it (PA §41).

    Paris year (Art. 4C(2), PCT R.80.2): 12 months from JP1 → 2027-03-10 (Wednesday) on BOTH
    applications; JP2 does not close JP1's, and JP2 does not show 2027-11-16. JP1's
    domestic-priority year (PA §3: from 2026-03-11, ends the day before 2027-03-11 = 2027-03-10)
    is met by JP2. A PCT filed 2026-11-20 then closes the Paris year of both; recorded without a
    priority date, it counts its 30 months from JP1's date, the earliest of the family chain.
    """
    office = user("ipoffice")
    jp_filing.filing_date = date(2026, 3, 10)
    save_filing(jp_filing, user=office)
    later = save_filing(Filing(
        family=jp_filing.family, parent=jp_filing, office="JP", kind="priority_claim", status="filed",
        application_number="特願2026-411160", filing_date=date(2026, 11, 16), priority_date=date(2026, 3, 10),
    ), user=office)
    first = rows(jp_filing)
    assert (first["JP.paris_priority"].due, first["JP.paris_priority"].state) == (date(2027, 3, 10), "open")
    assert (first["JP.domestic_priority"].due, first["JP.domestic_priority"].state) == (date(2027, 3, 10), "done")
    assert first["JP.domestic_priority"].note == "A later JP application claims this priority"
    second = rows(later)
    assert (second["JP.paris_priority"].due, second["JP.paris_priority"].state) == (date(2027, 3, 10), "open")
    assert second["JP.domestic_priority"].due == date(2027, 11, 16)  # PA §3: 2026-11-17 → day before 2027-11-17

    pct = save_filing(Filing(  # recorded without its priority date: the family gives it
        family=jp_filing.family, parent=later, office="PCT", kind="pct", status="filed",
        application_number="PCT/JP2026/041120", filing_date=date(2026, 11, 20),
    ), user=office)
    # JP national phase: 30 months from 2026-03-10 = Sunday 2028-09-10 → Monday 2028-09-11.
    assert Deadline.objects.get(filing=pct, rule="PCT.national_phase_JP").due == date(2028, 9, 11)
    for filing in (jp_filing, later):
        paris = Deadline.objects.get(filing=filing, rule="JP.paris_priority")
        assert (paris.state, paris.note) == ("done", "Filed abroad: PCT"), filing


def test_a_divisional_counts_from_its_parents_date_and_recompute_all_repairs_a_stored_one(jp_filing, user):
    """Parent filed 2024-02-05 (jp_filing), divisional filed 2026-11-20.

    Examination request (PA §48-3(2)): later of 3 years from the parent (PA §3: 2027-02-05, a
    Friday) and 30 days from the divisional (2026-12-20) → 2027-02-05; no "3 years from the
    divisional" (2029-11-20). Term (PA §67(1), §44(2)): 2044-02-05, not 2046-11-20.
    """
    office = user("ipoffice")
    divisional = save_filing(Filing(
        family=jp_filing.family, parent=jp_filing, office="JP", kind="divisional", status="filed",
        application_number="特願2026-411200", filing_date=date(2026, 11, 20),
    ), user=office)
    found = rows(divisional)
    assert found["JP.exam_request_divisional"].due == date(2027, 2, 5)
    assert found["JP.expiry"].due == date(2044, 2, 5)
    assert "JP.exam_request" not in found and "JP.domestic_priority" not in found

    # As stored by the old rules: 20 years from the divisional's own date. The command repairs it.
    Deadline.objects.filter(filing=divisional, rule="JP.expiry").update(due=date(2046, 11, 20), raw_due=date(2046, 11, 20))
    Deadline.objects.create(filing=divisional, rule="JP.exam_request", kind="exam_request", office="JP",
                            due=date(2029, 11, 20), raw_due=date(2029, 11, 20), label="Examination request")
    out = StringIO()
    call_command("docket", "recompute", "--all", stdout=out)
    found = rows(divisional)
    assert found["JP.expiry"].due == date(2044, 2, 5) and "JP.exam_request" not in found
    assert {d.rule_status for d in found.values()} <= {"confirmed", "single-source"}


def test_a_divisional_recorded_without_its_parent_is_marked_unconfirmed(jp_filing, user):
    """Its dates can only be counted from its own filing (exam request 2029-11-20 raw, a Tuesday):
    each is marked unconfirmed on the docket until the parent is recorded."""
    orphan = save_filing(Filing(
        family=jp_filing.family, office="JP", kind="divisional", status="filed",
        application_number="特願2026-411300", filing_date=date(2026, 11, 20),
    ), user=user("ipoffice"))
    found = rows(orphan)
    assert found["JP.exam_request"].due == date(2029, 11, 20)
    assert {d.rule_status for d in found.values()} == {"unconfirmed"}


def test_no_maintenance_reminder_before_its_window_opens(jp_filing, user):
    """US patent granted Monday 2024-05-20: the 3.5-year window opens Thursday 2027-05-20 (3 years),
    the fee is due 2027-11-20, a Saturday → Monday 2027-11-22. With a 365-day lead the reminder
    would be due from 2026-11-22; it waits until the window opens."""
    office = user("ipoffice")
    us = save_filing(Filing(
        family=jp_filing.family, office="US", kind="national", status="registered",
        application_number="17/411,520", filing_date=date(2022, 3, 1), registered_on=date(2024, 5, 20),
        registration_number="US 11,411,520 B2",
    ), user=office)
    found = rows(us)
    assert (found["US.maintenance_3_5_window_opens"].due, found["US.maintenance_3_5"].due) == (date(2027, 5, 20), date(2027, 11, 22))
    ReminderPreference.objects.update_or_create(user=office, defaults={"lead_days": "365,90"})

    def reminded(day):
        digests = [digest for digest, _count in send_reminders(day, dry_run=True) if digest.recipient == office]
        return {r.rule for digest in digests for r, _lead in digest.items if r.application_number == us.application_number}

    assert reminded(date(2027, 1, 10)) == set()  # 316 days to go, window not open
    assert reminded(date(2027, 5, 19)) == set()
    assert reminded(date(2027, 5, 20)) == {"US.maintenance_3_5"}  # the opening itself is never reminded


def test_the_demo_shows_a_domestic_priority_pair_and_a_divisional_computed_correctly():
    """The demo's examples (kyoso.demo.build.DemoBuilder.build_deadline_cases):

    - 特願2026-230310 (2026-03-10) and 特願2026-311160 (2026-11-16, claiming it): filing abroad by
      2027-03-10 on both; the later application's domestic-priority year ends 2027-11-16;
    - 特願2026-310200, divisional (2026-11-02) of 特願2023-261500 (2023-06-15, refused 2026-09-01):
      examination request 2026-12-02 (30 days from the divisional, later than 2026-06-15), term
      2043-06-15; the parent's divisional period after refusal (to 2026-12-01) is met.
    """
    first = Filing.objects.get(application_number="特願2026-230310")
    later = Filing.objects.get(application_number="特願2026-311160")
    assert rows(first)["JP.paris_priority"].due == rows(later)["JP.paris_priority"].due == date(2027, 3, 10)
    assert rows(later)["JP.domestic_priority"].due == date(2027, 11, 16)
    assert rows(first)["JP.domestic_priority"].state == "done"

    divisional = Filing.objects.get(application_number="特願2026-310200")
    found = rows(divisional)
    assert found["JP.exam_request_divisional"].due == date(2026, 12, 2)
    assert found["JP.expiry"].due == date(2043, 6, 15)
    assert "JP.exam_request" not in found
    parent_divisional = rows(divisional.parent)["JP.divisional_after_refusal"]
    assert (parent_divisional.due, parent_divisional.state) == (date(2026, 12, 1), "done")


def test_an_ep_divisionals_renewal_years_count_from_its_parent_in_the_docket_and_the_forecast(jp_filing, user, today):
    """EP parent filed 2020-03-10, divisional filed 2026-11-20 (EPC Art. 76(1), R.51(3)).

    Docket: years 3–7 (due 2022-03-31 … 2026-03-31, all before the divisional) are payable until
    4 months after 2026-11-20 = Saturday 2027-03-20 → Monday 2027-03-22; year 8 falls due
    2027-03-31, after those 4 months: an ordinary fee (Wednesday).
    Forecast from 2026-11-26 (10 years): years 8–17 due on 31 March 2027–2036, rolled by R.134(1):
    2027-03-31 Wed (FY2026), 2028-03-31 Fri (FY2027), 2029-03-31 Sat → 04-02 (FY2029), 2030-03-31
    Sun → 04-01 and 2031-03-31 Mon (FY2030), 2032 Wed (FY2031), 2033 Thu (FY2032), 2034 Fri
    (FY2033), 2035-03-31 Sat → 04-02 and 2036-03-31 Mon (FY2035). FY2026 holds the year-8 fee,
    EUR 1,465 (the EPO's schedule from 2024-04-01), where counting from the divisional's own date
    would have given nothing before a year-3 fee of EUR 690 in FY2028.
    """
    from kyoso.docket.services.forecast import portfolio_forecast, read_portfolio

    office = user("ipoffice")
    parent = save_filing(Filing(
        family=jp_filing.family, office="EP", kind="national", status="examination",
        application_number="EP 20650001.3", filing_date=date(2020, 3, 10),
    ), user=office)
    divisional = save_filing(Filing(
        family=jp_filing.family, parent=parent, office="EP", kind="divisional", status="filed",
        application_number="EP 26650002.1", filing_date=date(2026, 11, 20),
    ), user=office)
    found = {(d.rule, d.year): d.due for d in Deadline.objects.filter(filing=divisional, kind="ep_renewal")}
    assert {found[("EP.renewal_divisional", year)] for year in range(3, 8)} == {date(2027, 3, 22)}
    assert found[("EP.renewal", 8)] == date(2027, 3, 31) and ("EP.renewal_divisional", 8) not in found
    rows = portfolio_forecast(read_portfolio(Filing.objects.filter(pk=divisional.pk)), today, 10)
    assert sorted({row.fiscal_year for row in rows}) == [2026, 2027, 2029, 2030, 2031, 2032, 2033, 2035]
    assert sum(row.amount for row in rows if row.fiscal_year == 2026) == 1465
