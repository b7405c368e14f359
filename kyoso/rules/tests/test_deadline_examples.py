"""Deadlines an attorney would sign: one worked example per fault of issue 12, each checked on the
rules and on ``kyoso deadlines … --json`` (the CLI's contract: ``kind``, ``due``, ``raw_due``,
``rule``, ``office``, ``year``).

Every expected date is worked by hand in the comment above it (weekdays from 1 January: 2025 is a
Wednesday, 2026 a Thursday, 2027 a Friday, 2028 a Saturday).
"""

import argparse
import json
from datetime import date

from kyoso.rules.cli_render import CliError, add_deadline_arguments, render_deadlines
from kyoso.rules.deadlines import ep_deadlines, jp_deadlines, pct_deadlines, us_deadlines


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise CliError(message)


def cli(argv: str) -> list[dict]:
    parser = _Parser()
    add_deadline_arguments(parser)
    return json.loads(render_deadlines(vars(parser.parse_args([*argv.split(), "--json"]))))


def only(found, rule, year=None):
    """The one deadline of ``rule`` (and ``year``) among deadlines or their JSON dicts."""
    get = (lambda d, key: d[key]) if found and isinstance(found[0], dict) else getattr
    [deadline] = [d for d in found if get(d, "rule") == rule and (year is None or get(d, "year") == year)]
    return deadline


def rules_of(found) -> set[str]:
    return {d["rule"] if isinstance(d, dict) else d.rule for d in found}


# --- 1. The Paris year runs from the EARLIEST application of the matter (Paris Art. 4C(2)) ----------


def test_a_later_domestic_priority_application_keeps_the_first_applications_paris_year():
    # JP1 filed 2025-03-10; JP2 filed 2026-01-20 claims JP1's priority (PA §41).
    # Filing abroad: 12 months from JP1 (not from JP2) = 2026-03-10 (Tuesday), not 2027-01-20.
    # JP2's own domestic-priority year (a JP3 could claim it) is PA §3's: counting starts
    # 2026-01-21, the corresponding day 2027-01-21, so it ends the day before, 2027-01-20 (Wednesday).
    found = jp_deadlines(date(2026, 1, 20), priority=date(2025, 3, 10))
    paris = only(found, "JP.paris_priority")
    assert (paris.kind, paris.raw_due, paris.due) == ("priority", date(2026, 3, 10), date(2026, 3, 10))
    assert only(found, "JP.domestic_priority").due == date(2027, 1, 20)
    # The first application's own Paris year ends on the same day.
    assert only(jp_deadlines(date(2025, 3, 10)), "JP.paris_priority").due == date(2026, 3, 10)

    data = cli("JP --filed 2026-01-20 --priority 2025-03-10")
    assert {k: only(data, "JP.paris_priority")[k] for k in ("kind", "due", "raw_due", "office", "year")} == {
        "kind": "priority", "due": "2026-03-10", "raw_due": "2026-03-10", "office": "JP", "year": None,
    }


# --- 2. The Paris year counted as PCT R.80.2 / EPC R.131(4); PA §3 only for the domestic year ------


def test_paris_year_from_28_february_before_a_leap_year_ends_on_28_february():
    # Filed Sunday 2027-02-28 (online filing is open every day).
    # Paris (PCT R.80.2): the same day number 12 months later → Monday 2028-02-28, not 2028-02-29.
    # Domestic priority (PA §3(1)): counting starts 2027-03-01, the corresponding day is 2028-03-01,
    # the period ends the day before: Tuesday 2028-02-29.
    found = jp_deadlines(date(2027, 2, 28))
    assert only(found, "JP.paris_priority").raw_due == date(2028, 2, 28)
    assert only(found, "JP.domestic_priority").raw_due == date(2028, 2, 29)
    # The PCT filed at the JPO as receiving office counts the same way.
    assert only(pct_deadlines(date(2027, 2, 28)), "PCT.international_filing").raw_due == date(2028, 2, 28)

    data = cli("JP --filed 2027-02-28")
    assert only(data, "JP.paris_priority")["due"] == "2028-02-28"
    assert only(data, "JP.domestic_priority")["due"] == "2028-02-29"


# --- 3. A divisional is deemed filed on its parent's date (PA §44(2); EPC Art. 76(1)) -------------


def test_jp_divisional_counts_its_term_and_examination_request_from_the_parent():
    # Parent filed 2022-06-15, divisional filed 2026-12-01.
    # Examination request, PA §48-3(2): the later of 3 years from the parent (PA §3: 2025-06-15)
    # and 30 days from the divisional (counting from 2026-12-02: 2026-12-31) → raw 2026-12-31, in
    # the JPO's 29 Dec – 3 Jan closure → Monday 2027-01-04. There is no "3 years from the
    # divisional's own date" (2029-12-01) deadline.
    # Term, PA §67(1) with §44(2): 20 years from the parent → 2042-06-15 (never rolled), not 2046.
    # No domestic-priority year: a divisional cannot found one (PA §41(1)(ii)).
    found = jp_deadlines(date(2026, 12, 1), parent_filed=date(2022, 6, 15))
    exam = only(found, "JP.exam_request_divisional")
    assert (exam.raw_due, exam.due) == (date(2026, 12, 31), date(2027, 1, 4))
    assert [d.rule for d in found if d.kind == "exam_request"] == ["JP.exam_request_divisional"]
    assert only(found, "JP.expiry").due == date(2042, 6, 15)
    assert "JP.domestic_priority" not in rules_of(found)
    # Priority-related: the Paris year counts from the parent's date, 2023-06-15 (same day number).
    assert only(found, "JP.paris_priority").due == date(2023, 6, 15)

    data = cli("JP --filed 2026-12-01 --parent-filed 2022-06-15")
    assert (only(data, "JP.exam_request_divisional")["due"], only(data, "JP.expiry")["due"]) == ("2027-01-04", "2042-06-15")
    assert "JP.exam_request" not in rules_of(data)


def test_ep_divisional_pays_the_renewal_fees_already_due_within_4_months():
    # Parent filed 2020-03-10, divisional filed 2026-12-01. Renewal years count from 2020-03-10
    # (EPC Art. 76(1), R.51(1)): year 3 due 2022-03-31 … year 7 due 2026-03-31 – all due when the
    # divisional is filed; year 8 falls due 2027-03-31, within 4 months of filing it.
    # R.51(3): all payable until 4 months after 2026-12-01 = Thursday 2027-04-01 (R.131(4)).
    # Surcharge (R.51(2) applied by R.51(3)): years 3–7 6 months from the divisional's filing,
    # Tuesday 2027-06-01; year 8 keeps its own, 6 months from 2027-03-31 → Thursday 2027-09-30.
    # Year 9 is an ordinary one: 2028-03-31 (Friday).
    found = ep_deadlines(date(2026, 12, 1), parent_filed=date(2020, 3, 10))
    for year in range(3, 9):
        assert only(found, "EP.renewal_divisional", year).due == date(2027, 4, 1), year
    assert {only(found, "EP.renewal_divisional_grace_end", y).due for y in range(3, 8)} == {date(2027, 6, 1)}
    assert only(found, "EP.renewal_grace_end", 8).due == date(2027, 9, 30)
    assert only(found, "EP.renewal", 9).due == date(2028, 3, 31)
    assert only(found, "EP.term_end").due == date(2040, 3, 10)
    assert not [d for d in found if d.rule == "EP.renewal" and d.year < 9]

    data = cli("EP --filed 2026-12-01 --parent-filed 2020-03-10")
    year3 = only(data, "EP.renewal_divisional", 3)
    assert (year3["kind"], year3["due"], year3["raw_due"], year3["office"]) == ("ep_renewal", "2027-04-01", "2027-04-01", "EP")


# --- 4. Abroad, the divisional period after refusal follows the extended appeal period -------------


def test_divisional_after_refusal_abroad_is_extended_with_the_appeal_period():
    # Decision of refusal served 2026-02-10 on an applicant abroad (在外者).
    # Appeal, PA §121(1) + 1 month under PA §4: counting from 2026-02-11, 4 months → corresponding
    # day 2026-06-11, ends the day before: Wednesday 2026-06-10. The divisional period of
    # PA §44(1)(iii) is extended with it (§44(6)) → 2026-06-10 as well (it used to vanish).
    # Domestic: 3 months → 2026-05-10, a Sunday → Monday 2026-05-11.
    abroad = jp_deadlines(date(2023, 1, 10), refusal=date(2026, 2, 10), abroad=True)
    assert only(abroad, "JP.appeal_abroad").due == date(2026, 6, 10)
    divisional = only(abroad, "JP.divisional_after_refusal_abroad")
    assert (divisional.kind, divisional.due) == ("divisional", date(2026, 6, 10))
    assert "JP.divisional_after_refusal" not in rules_of(abroad)
    domestic = jp_deadlines(date(2023, 1, 10), refusal=date(2026, 2, 10))
    assert only(domestic, "JP.divisional_after_refusal").due == date(2026, 5, 11)

    data = cli("JP --filed 2023-01-10 --refusal 2026-02-10 --abroad")
    assert only(data, "JP.divisional_after_refusal_abroad")["due"] == "2026-06-10"


# --- 5. US maintenance: when each window opens -------------------------------------------------


def test_us_maintenance_windows_open_3_7_and_11_years_after_grant():
    # Granted Tuesday 2021-08-31. 37 CFR 1.362(d): the window opens 3 years after grant,
    # Saturday 2024-08-31 (an opening is not rolled: nothing is due that day), the fee is due
    # without surcharge by 3½ years = 2025-02-31 → no such day → Friday 2025-02-28, and the
    # surcharge period ends 4 years after grant, Sunday 2025-08-31 → Monday 1 Sept is Labor Day →
    # Tuesday 2025-09-02. Then 7 years (2028-08-31) and 11 years (2032-08-31).
    found = us_deadlines(date(2021, 8, 31))
    opens = [(d.raw_due, d.due) for d in found if d.kind == "maintenance_window_opens"]
    assert opens == [(date(2024, 8, 31),) * 2, (date(2028, 8, 31),) * 2, (date(2032, 8, 31),) * 2]
    assert only(found, "US.maintenance_3_5").due == date(2025, 2, 28)
    assert only(found, "US.maintenance_3_5_grace_end").due == date(2025, 9, 2)

    data = cli("US --granted 2021-08-31")
    first = only(data, "US.maintenance_3_5_window_opens")
    assert (first["kind"], first["due"], first["office"]) == ("maintenance_window_opens", "2024-08-31", "US")


# --- 6. EPO and IB closing days move periods (EPC R.134(1), PCT R.80.5) ------------------------------


def test_ep_renewal_due_in_the_epo_year_end_closure_moves_to_2_january():
    # EP filed 2023-12-05: year 3 due on the last day of the month of the 2nd anniversary,
    # Wednesday 2025-12-31. The EPO is closed 24 Dec 2025 – 1 Jan 2026 (its notice), so the fee is
    # due Friday 2026-01-02. The surcharge period runs from the unextended date: 6 months from
    # 2025-12-31 → Tuesday 2026-06-30.
    found = ep_deadlines(date(2023, 12, 5))
    year3 = only(found, "EP.renewal", 3)
    assert (year3.raw_due, year3.due, year3.status) == (date(2025, 12, 31), date(2026, 1, 2), "confirmed")
    assert only(found, "EP.renewal_grace_end", 3).due == date(2026, 6, 30)

    data = cli("EP --filed 2023-12-05")
    assert (only(data, "EP.renewal", 3)["raw_due"], only(data, "EP.renewal", 3)["due"]) == ("2025-12-31", "2026-01-02")


def test_a_period_ending_on_a_single_source_or_unconfirmed_closing_day():
    # EP filed 2024-12-10: year 3 due Thursday 2026-12-31. A published firm's list of the EPO's
    # 2026 closing days has 24 Dec 2026 – 1 Jan 2027; then a weekend → Monday 2027-01-04, marked
    # single-source until the EPO's own notice is read.
    year3 = only(ep_deadlines(date(2024, 12, 10)), "EP.renewal", 3)
    assert (year3.due, year3.status) == (date(2027, 1, 4), "single-source")
    # PCT priority 2025-01-14: Art. 19 amendments at the IB within 16 months = Thursday 2026-05-14,
    # Ascension Day, on which the IB usually closes – but its 2026 list was not read: the period
    # is not extended and the deadline says "unconfirmed" (check the IB's list).
    art19 = only(pct_deadlines(date(2025, 1, 14)), "PCT.article_19")
    assert (art19.due, art19.status) == (date(2026, 5, 14), "unconfirmed")


# --- 10. Euro-PCT: a renewal fee falling due before the 31-month entry is due at entry ------------


def test_euro_pct_third_year_renewal_is_due_at_the_31_month_entry():
    # PCT filed 2025-01-15 without priority claim. EP renewal year 3 would fall due on the last day
    # of the month of the 2nd anniversary of the international filing date, 2027-01-31 – before
    # the 31-month period ends: 2025-01-15 + 31 months = Sunday 2027-08-15 → Monday 2027-08-16.
    # R.159(1)(g): the fee is due then. Surcharge period: 6 months from 2027-08-15 → Tuesday
    # 2028-02-15. Year 4 is an ordinary one: 2028-01-31 (Monday).
    found = ep_deadlines(date(2025, 1, 15), pct_priority=date(2025, 1, 15))
    year3 = only(found, "EP.renewal_at_entry", 3)
    assert (year3.kind, year3.raw_due, year3.due) == ("ep_renewal", date(2027, 8, 15), date(2027, 8, 16))
    assert only(found, "EP.renewal_at_entry_grace_end", 3).due == date(2028, 2, 15)
    assert only(found, "EP.renewal", 4).due == date(2028, 1, 31)
    assert not [d for d in found if d.rule == "EP.renewal" and d.year == 3]
    # With a priority claim 12 months earlier, year 3 (2027-01-31) falls due after the 31 months
    # (2024-01-15 + 31 months = 2026-08-15): nothing moves.
    ordinary = ep_deadlines(date(2025, 1, 15), pct_priority=date(2024, 1, 15))
    assert only(ordinary, "EP.renewal", 3).raw_due == date(2027, 1, 31)

    data = cli("EP --filed 2025-01-15 --pct-priority 2025-01-15")
    entry = only(data, "EP.renewal_at_entry", 3)
    assert (entry["kind"], entry["due"], entry["year"]) == ("ep_renewal", "2027-08-16", 3)
