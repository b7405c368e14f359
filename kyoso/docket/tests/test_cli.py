"""``kyoso fee`` and ``kyoso deadlines`` through Django's call_command (no database needed).

The argument handling and rendering are tested without Django in
kyoso/rules/tests/test_cli_parsing.py; this checks the management-command wiring.
Expected values: fees-and-deadlines.md §1.5 (company + university 50/50 pay ¾) and §3.1.
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
