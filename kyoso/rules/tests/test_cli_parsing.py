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


def test_exam_fee_by_who_searched():
    # JPO 2019 revision: a registered search organisation's report, filed 2020-01-01, 10 claims,
    # a university: (110,000 + 3,200 × 10) × ½ = 71,000.
    data = json.loads(fee("JP exam --claims 10 --filed 2020-01-01 --exam-requested 2020-06-01 "
                          "--owner university:100 --searched-by search_organisation --json"))
    assert data["amount"] == 71_000 and "jpo-exam-fee-2019" in data["source"].split(";")
    # The former spelling still works: another ISA, company: 124,000 + 3,600 × 10 = 160,000.
    assert json.loads(fee("JP exam --claims 10 --filed 2020-01-01 --search-report other_isa --json"))["amount"] == 160_000


def test_us_maintenance_fee_of_a_past_payment():
    # 7.5-year fee paid 2023-02-01 by a small entity (UAIA 60 % off 3,760): 1,504 USD.
    data = json.loads(fee("US maintenance --stage 7.5 --paid-on 2023-02-01 --entity small --json"))
    assert (data["amount"], data["currency"]) == ("1504", "USD")
    assert fee("US maintenance --stage 3.5 --paid-on 2020-06-01").startswith("1,600 USD")


def test_ep_renewal_fee_of_a_past_payment():
    # Year 5 paid 2021-06-30 (2020 schedule 855) by a micro-entity (× 7/10 = 598.50), late (+ 50 %): 897.75 EUR.
    data = json.loads(fee("EP renewal --year 5 --paid-on 2021-06-30 --micro-entity --late --json"))
    assert (data["amount"], data["currency"]) == ("897.75", "EUR")


def test_pct_international_filing_fee_less_the_online_reduction():
    # Received 2026-02-01: 250,500 − 56,500 = 194,000; a university pays ½: 97,000; on paper 250,500.
    assert json.loads(fee("PCT international-filing --filed 2026-02-01 --owner university:100 --json"))["amount"] == 97_000
    assert json.loads(fee("PCT international-filing --filed 2026-02-01 --paper --json"))["amount"] == 250_500


def test_small_startup_and_state_owner_kinds_on_the_cli():
    # Filed 2020-01-01, 1 claim: 142,000; start-up ⅓ of half + State 0 of half: 23,666.67 → 23,660.
    data = json.loads(fee("JP exam --claims 1 --filed 2020-01-01 --exam-requested 2020-06-01 "
                          "--owner small_startup:50 --owner state:50 --json"))
    assert data["amount"] == 23_660


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ("JP exam --claims 1 --filed 2024-05-01 --owner company:50 --owner university:40", "total 100"),
        ("JP exam --claims 1 --filed 2024-05-01 --owner startup:100", "KIND:SHARE"),
        ("JP exam --filed 2024-05-01", "--claims"),
        ("US renewal --paid-on 2024-05-01", "maintenance"),
        ("US maintenance --paid-on 2024-05-01", "--stage"),
        ("EP renewal --year 2 --paid-on 2024-05-01", "3 to 20"),
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
