"""``kyoso remind``: digests at the recipients' lead times, each reminder sent exactly once."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from kyoso.docket.models import Deadline, ReminderDispatch, ReminderPreference
from kyoso.docket.services.reminders import lead_for

pytestmark = pytest.mark.django_db


def remind(*args):
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_lead_time_is_the_smallest_one_not_shorter_than_the_days_left():
    leads = (90, 30, 7)
    assert [lead_for(days, leads) for days in (120, 90, 45, 30, 20, 7, 0, -1)] == [None, 90, 90, 30, 30, 7, 7, 0]


def test_remind_twice_sends_each_reminder_once(jp_filing, user):
    cpo = user("cpo")
    deadline = jp_filing.deadlines.get(rule="JP.exam_request")
    deadline.responsible = cpo
    deadline.save()
    day = deadline.due - timedelta(days=25)
    remind("--today", day.isoformat())
    sent = len(mail.outbox)
    to_cpo = [m for m in mail.outbox if m.to == [cpo.email]]
    assert sent >= 1 and len(to_cpo) == 1
    assert "特願2024-012345" in to_cpo[0].body and "JP.exam_request" in to_cpo[0].body
    assert ReminderDispatch.objects.filter(deadline=deadline, recipient=cpo).count() == 1
    out = remind("--today", day.isoformat())
    assert len(mail.outbox) == sent and out.strip().endswith(f"digest(s) sent for {day}.") and out.startswith("0 reminder")
    # A later, shorter lead time is a new reminder (the CPO's lead times are 60,14,3 in the demo).
    remind("--today", (deadline.due - timedelta(days=3)).isoformat())
    assert len([m for m in mail.outbox if m.to == [cpo.email]]) == 2


def test_dry_run_sends_and_records_nothing(jp_filing):
    day = jp_filing.deadlines.get(rule="JP.exam_request").due - timedelta(days=5)
    out = remind("--today", day.isoformat(), "--dry-run")
    assert "would send" in out and not mail.outbox and not ReminderDispatch.objects.exists()


def test_inactive_preference_silences_a_user(jp_filing, user):
    office = user("ipoffice")
    ReminderPreference.objects.update_or_create(user=office, defaults={"active": False})
    remind("--today", date(2027, 1, 30).isoformat())
    assert not [m for m in mail.outbox if m.to == [office.email]]


def test_digest_is_in_the_recipients_language(jp_filing, user):
    cpo = user("cpo")
    cpo.profile.language = "ja"
    cpo.profile.save()
    Deadline.objects.filter(pk=jp_filing.deadlines.get(rule="JP.exam_request").pk).update(responsible=cpo)
    remind("--today", date(2027, 1, 30).isoformat())
    assert [m for m in mail.outbox if m.to == [cpo.email]]
