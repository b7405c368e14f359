"""Absurd values on the command line: one clear line, exit status 2, nothing computed.

Each case here once printed a result (exit 0) or a traceback: claims by the 10^20, a year 9999
(deadlines 20 years on overflowed Python's dates), a grant dated before its filing, a fiscal year
99999, a share class asked of a policy that has none.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent


def refusal(*args) -> str:
    """The message of the CommandError the command raises; its exit status must be 2."""
    with pytest.raises(CommandError) as caught:
        call_command(*args)
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # Were answered with a fee or a table (exit 0).
        (("fee", "JP", "exam", "--claims", "100000000000000000000", "--filed", "2024-01-01"),
         "100000000000000000000 claims is outside 1–999"),
        (("fee", "JP", "exam", "--claims", "5", "--filed", "9999-01-01"), "year 9999 is outside 1900–2100"),
        (("fee", "JP", "exam", "--claims", "5", "--filed", "2024-01-01", "--exam-requested", "2020-01-01"),
         "--exam-requested 2020-01-01 is before --filed 2024-01-01"),
        (("fee", "JP", "annual", "--year", "3", "--claims", "5", "--paid-on", "0001-01-01"), "year 1 is outside 1900–2100"),
        (("deadlines", "JP", "--filed", "0001-01-01"), "year 1 is outside 1900–2100"),
        (("deadlines", "JP", "--filed", "2024-01-01", "--registered", "2020-01-01"),
         "--registered 2020-01-01 is before --filed 2024-01-01"),
        (("deadlines", "JP", "--filed", "2024-01-01", "--grant-decision", "2020-01-01"),
         "--grant-decision 2020-01-01 is before --filed 2024-01-01"),
        (("deadlines", "EP", "--filed", "2024-01-01", "--granted", "2023-01-01"),
         "--granted 2023-01-01 is before --filed 2024-01-01"),
        (("deadlines", "PCT", "--priority", "2024-01-01", "--international-filed", "2023-06-01"),
         "--international-filed 2023-06-01 is before --priority 2024-01-01"),
        (("policy", "evaluate", "--preset", "nagoya-hmhs", "--ip", "foreground", "--purpose", "research",
          "--requester", "participant", "--share-class", "ZZZ"),
         "nagoya-hmhs has no share classes: --share-class does not apply"),
        # Were tracebacks.
        (("deadlines", "JP", "--filed", "9999-01-01"), "year 9999 is outside 1900–2100"),
        (("deadlines", "PCT", "--priority", "9999-06-01"), "year 9999 is outside 1900–2100"),
        (("deadlines", "US", "--granted", "9999-06-01"), "year 9999 is outside 1900–2100"),
        (("deadlines", "EP", "--filed", "9999-06-01"), "year 9999 is outside 1900–2100"),
        (("remind", "--today", "9999-12-31", "--dry-run"), "year 9999 is outside 1900–2100"),
        (("docket", "recompute", "100000000000000000000"), "invalid id '100000000000000000000'"),
    ],
)
def test_rule_commands_refuse_absurd_values(db, args, message):
    assert message in refusal(*args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # Were answered (exit 0) from a fiscal year no contribution could have.
        (("share", "classes", "--consortium", "opera-demo", "--fiscal-year", "99999"), "year 99999 is outside 1990–2100"),
        (("share", "classes", "--consortium", "opera-demo", "--fiscal-year", "-5"), "year -5 is outside 1990–2100"),
        (("budget", "--consortium", "opera-demo", "--as-of", "0001-01-01"), "year 1 is outside 1900–2100"),
        (("review", "propose", "--consortium", "opera-demo", "--as-of", "0001-01-01"), "year 1 is outside 1900–2100"),
        # Were tracebacks.
        (("budget", "--consortium", "opera-demo", "--as-of", "9999-12-31"), "year 9999 is outside 1900–2100"),
        (("review", "propose", "--consortium", "opera-demo", "--as-of", "9999-01-01"), "year 9999 is outside 1900–2100"),
        (("review", "propose", "--consortium", "opera-demo", "--within-months", "0"), "--within-months must be between 1 and 60"),
    ],
)
def test_database_commands_refuse_absurd_values(db, args, message):
    assert message in refusal(*args)


def test_fee_still_answers_a_sensible_question(db, capsys):
    call_command("fee", "JP", "exam", "--claims", "5", "--filed", "2024-01-01", "--exam-requested", "2024-06-03")
    assert "status: confirmed" in capsys.readouterr().out


def test_year_9999_from_the_shell_is_one_line_and_exit_2():
    done = subprocess.run(
        [sys.executable, "manage.py", "deadlines", "JP", "--filed", "9999-01-01"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "kyoso deadlines: error: argument --filed: invalid date '9999-01-01': year 9999 is outside 1900–2100\n"
