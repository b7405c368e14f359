"""``kyoso demo``: what ``make run`` prints on a second start."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_a_second_start_loads_nothing_and_still_prints_the_logins_once():
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    text = out.getvalue()
    assert "the demo was not loaded" in text
    assert text.count("log in as one of") == 1
    assert "company-a" in text and "kyoso-demo-2026" in text


@pytest.mark.django_db
def test_demo_refuses_a_database_that_has_data():
    with pytest.raises(CommandError, match="not empty"):
        call_command("demo", stdout=StringIO())
