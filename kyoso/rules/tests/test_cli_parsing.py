"""The ``kyoso fee`` / ``kyoso deadlines`` contract, tested on the pure layer (no Django).

Expected values, worked by hand: the INPIT fee example, a university and a
company co-owning 50/50 pay ¾ of the examination fee (the academic ½ on its share), the JPO's year-end roll (PA §3(2)),
annuities on the registration anniversary (PA 108(2)), PCT national phase at 30/31 months (PCT Art. 22, 39;
EPC R.159).
"""

import argparse
import json

import pytest

from kyoso.rules.cli_render import (
    CliError,
    add_deadline_arguments,
    add_fee_arguments,
    render_deadlines,
    render_fee,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # like Django's CommandParser outside the command line
        raise CliError(message)


def fee(argv: str) -> str:
    parser = _Parser()
    add_fee_arguments(parser)
    return render_fee(vars(parser.parse_args(argv.split())))


def deadlines(argv: str) -> str:
    parser = _Parser()
    add_deadline_arguments(parser)
    return render_deadlines(vars(parser.parse_args(argv.split())))


def test_exam_fee_json_co_owners():
    data = json.loads(
        fee(
            "JP exam --claims 1 --filed 2024-05-01 --exam-requested 2024-05-01 "
            "--owner company:50 --owner university:50 --json"
        )
    )
    assert set(data) == {"amount", "currency", "breakdown", "source"}
    assert (data["amount"], data["currency"]) == (106_500, "JPY")


def test_exam_fee_default_owner_is_a_company():
    assert json.loads(fee("JP exam --claims 1 --filed 2024-05-01 --json"))["amount"] == 142_000


def test_annual_fee_json_and_table():
    data = json.loads(fee("JP annual --year 1 --through 3 --claims 1 --paid-on 2025-06-02 --json"))
    assert data["amount"] == 13_800
    text = fee(
        "JP annual --year 4 --claims 1 --paid-on 2025-06-02 --exam-requested 2020-06-01 --owner university:100"
    )
    assert text.splitlines()[0] == "5,550 JPY" and "source:" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ("JP exam --claims 1 --filed 2024-05-01 --owner company:50 --owner university:40", "total 100"),
        ("JP exam --claims 1 --filed 2024-05-01 --owner startup:100", "KIND:SHARE"),
        ("JP exam --claims 1 --filed 2024-13-01", "invalid date"),
        ("JP exam --claims 0 --filed 2024-05-01", "at least 1"),
        ("JP exam --claims 1", "--filed"),
        ("JP annual --year 4 --claims 1", "--paid-on"),
        ("JP annual --year 26 --claims 1 --paid-on 2025-01-06", "1 to 25"),
    ],
)
def test_fee_errors_are_clear(argv, message):
    with pytest.raises(CliError, match=message):
        fee(argv)


def test_jp_deadlines_json_lists_annuities_up_to_expiry():
    data = json.loads(
        deadlines("JP --filed 2010-05-10 --registered 2012-02-24 --grant-decision 2012-01-20 --json")
    )
    annuities = [d for d in data if d["kind"] == "annuity"]
    assert annuities[0] == {
        **annuities[0],
        "year": 4,
        "due": "2015-02-24",
        "raw_due": "2015-02-24",
        "rule": "JP.annuity",
    }
    assert annuities[-1]["year"] == 19  # starts 2030-02-24, before expiry 2030-05-10
    assert [d["kind"] for d in data].count("expiry") == 1
    assert all(
        {"kind", "due", "raw_due", "rule", "source", "label", "office", "year"} <= set(d) for d in data
    )


def test_jp_deadlines_table_marks_rolled_dates():
    text = deadlines("JP --filed 2023-12-29")
    assert "2027-01-04*  2026-12-29  exam_request" in text


def test_pct_deadlines_json():
    data = json.loads(deadlines("PCT --priority 2024-04-30 --json"))
    phases = {d["office"]: d["due"] for d in data if d["kind"] == "national_phase"}
    assert phases == {"JP": "2026-10-30", "US": "2026-10-30", "EP": "2026-11-30"}


@pytest.mark.parametrize(
    ("argv", "message"), [("JP", "--filed"), ("PCT", "--priority"), ("JP --filed 2024-02-30", "invalid date")]
)
def test_deadline_errors_are_clear(argv, message):
    with pytest.raises(CliError, match=message):
        deadlines(argv)
