"""``kyoso fee`` and ``kyoso deadlines`` through Django's call_command (no database needed).

The argument handling and rendering are tested without Django in
kyoso/rules/tests/test_cli_parsing.py; this checks the management-command wiring.
Expected values, worked by hand: a company and a university co-owning 50/50 pay ¾ of the
examination fee (the academic ½ on the university's share); PCT national phase at 30/31 months.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_fee_command_json():
    data = json.loads(
        run(
            "fee",
            "JP",
            "exam",
            "--claims",
            "1",
            "--filed",
            "2024-05-01",
            "--owner",
            "company:50",
            "--owner",
            "university:50",
            "--json",
        )
    )
    assert data["amount"] == 106_500 and data["currency"] == "JPY"


def test_fee_command_rejects_shares_not_totalling_100():
    with pytest.raises(CommandError, match="total 100"):
        run("fee", "JP", "exam", "--claims", "1", "--filed", "2024-05-01", "--owner", "university:60")


def test_deadlines_command_json():
    data = json.loads(run("deadlines", "PCT", "--priority", "2024-04-30", "--json"))
    assert {d["office"] for d in data if d["kind"] == "national_phase"} == {"JP", "US", "EP"}


def test_deadlines_command_rejects_bad_dates():
    with pytest.raises(CommandError, match="invalid date"):
        run("deadlines", "JP", "--filed", "2024-02-30")


# --- hand-worked examples, answered exactly by the CLI ---------------------------------------------


def deadlines(*args: str) -> list[dict]:
    return json.loads(run("deadlines", *args, "--json"))


def only(found: list[dict], rule: str, year: int | None = None) -> dict:
    [deadline] = [d for d in found if d["rule"] == rule and (year is None or d["year"] == year)]
    return deadline


def test_year_end_closure_rolls_the_exam_request_to_4_january():
    # raw 2026-12-29 falls in the JPO's 29 Dec – 3 Jan closure, then a weekend.
    exam = only(deadlines("JP", "--filed", "2023-12-29"), "JP.exam_request")
    assert (exam["raw_due"], exam["due"]) == ("2026-12-29", "2027-01-04")
    assert exam["source"].split(";")[0] == "jp-pa-48-3"


def test_substitute_holiday_rolls_to_the_next_day():
    # 振替休日 – Sunday 2026-05-03 is made up on Wednesday 2026-05-06, so an examination
    # request whose period ends that day may still be filed on Thursday 2026-05-07.
    exam = only(deadlines("JP", "--filed", "2023-05-06"), "JP.exam_request")
    assert (exam["raw_due"], exam["due"]) == ("2026-05-06", "2026-05-07")


def test_annuity_examples_of_section_2_2():
    # INPIT FAQ 000217 / WIPO guide JP.12: year 4 due on the registration anniversary; a holiday
    # due date (Sat 2006-04-29) rolls to Mon 2006-05-01 and the 追納 window counts from it.
    assert only(deadlines("JP", "--filed", "2010-05-10", "--registered", "2012-02-24"), "JP.annuity", 4)["due"] == "2015-02-24"
    assert only(deadlines("JP", "--filed", "2019-06-03", "--registered", "2022-04-01"), "JP.annuity", 4)["due"] == "2025-04-01"
    rolled = deadlines("JP", "--filed", "2001-12-03", "--registered", "2003-04-29")
    assert only(rolled, "JP.annuity", 4)["due"] == "2006-05-01"
    assert only(rolled, "JP.annuity_late_end", 4)["due"] == "2006-11-01"


def test_inpit_worked_fee_example():
    # INPIT FAQ (N = 1, after 2022-04-01): exam 142,000 + years 1–3 13,800.
    exam = json.loads(run("fee", "JP", "exam", "--claims", "1", "--filed", "2024-05-01", "--json"))
    years = json.loads(run("fee", "JP", "annual", "--claims", "1", "--year", "1", "--through", "3", "--paid-on", "2024-05-01", "--json"))
    assert (exam["amount"], years["amount"]) == (142_000, 13_800)


def test_pct_national_phases_30_and_31_months():
    # 30 months (JP, US), 31 months (EP) from the priority date.
    found = deadlines("PCT", "--priority", "2024-04-30")
    assert only(found, "PCT.national_phase_US")["raw_due"] == "2026-10-30"
    assert only(found, "PCT.national_phase_EP")["raw_due"] == "2026-11-30"


def test_new_deadline_kinds_and_flags_through_the_command():
    # Granted 2021-08-31: the 3.5-year window opens 3 years later, Saturday 2024-08-31 (not rolled).
    opens = only(deadlines("US", "--granted", "2021-08-31"), "US.maintenance_3_5_window_opens")
    assert (opens["kind"], opens["due"], opens["raw_due"], opens["office"], opens["year"]) == (
        "maintenance_window_opens", "2024-08-31", "2024-08-31", "US", None)
    # Euro-PCT filed 2025-01-15 without priority: year 3 (2027-01-31) is due at the 31-month entry,
    # Sunday 2027-08-15 → Monday 2027-08-16 (EPC R.159(1)(g)).
    assert only(deadlines("EP", "--filed", "2025-01-15", "--pct-priority", "2025-01-15"), "EP.renewal_at_entry", 3)["due"] == "2027-08-16"
    # A divisional filed 2026-12-01 of a 2022-06-15 parent: one examination request, 2027-01-04.
    found = deadlines("JP", "--filed", "2026-12-01", "--parent-filed", "2022-06-15")
    assert [d["due"] for d in found if d["kind"] == "exam_request"] == ["2027-01-04"]
