"""The docket's commands at scale: a recompute writes only what changed, reminders read only
what is due and not yet sent — in a number of queries that does not grow with the deadlines."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kyoso.docket.models import Deadline, ReminderDispatch

pytestmark = pytest.mark.django_db

FIELDS = ("pk", "filing_id", "rule", "year", "kind", "label", "label_ja", "office", "due", "raw_due", "state", "note",
          "completed_at", "source", "rule_status")


def _stored():
    return {row[0]: row for row in Deadline.objects.values_list(*FIELDS)}


def test_recompute_all_rewrites_only_the_deadline_that_changed(jp_filing):
    call_command("docket", "recompute", "--all", stdout=StringIO())  # the demo in line with today's rules
    exam = jp_filing.deadlines.get(rule="JP.exam_request")
    Deadline.objects.filter(pk=exam.pk).update(due=date(2030, 1, 1))  # stale, as after a change of rule data
    before = _stored()
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("docket", "recompute", "--all", stdout=out)
    after = _stored()
    assert {pk for pk in before if before[pk] != after[pk]} == {exam.pk}
    assert after[exam.pk][FIELDS.index("due")] == date(2027, 2, 5)
    assert out.getvalue().strip().endswith("0 deadlines created, 1 updated, 0 removed, 0 closed")
    writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))]
    assert len(writes) == 1 and '"docket_deadline"' in writes[0]  # one bulk update of the one row
    # Every filing of the demo is read in one batch: their deadlines, children, families, inventions and owners
    # (besides the filings themselves, which PostgreSQL reads through a named cursor).
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'ORDER BY "ip_filing"."id"' not in q["sql"]]
    assert len(reads) == 5, "\n".join(r[:300] for r in reads)


def test_recompute_batches_give_the_same_rows_as_one_filing_at_a_time(jp_filing):
    from kyoso.docket.services import recompute_filing, recompute_filings
    from kyoso.ip.models import Filing

    filings = list(Filing.objects.select_related("parent").order_by("pk"))
    Deadline.objects.filter(manual=False).update(due=date(2031, 3, 3), state="closed")  # every row off
    recompute_filings(filings, batch_size=7)
    batched = _stored()
    Deadline.objects.filter(manual=False).update(due=date(2031, 3, 3), state="closed")
    for filing in filings:
        recompute_filing(filing)
    one_by_one = _stored()
    assert batched.keys() == one_by_one.keys() and len(batched) > 100
    drop = (FIELDS.index("completed_at"),)  # the time each run closed a met deadline
    assert {pk: tuple(v for i, v in enumerate(row) if i not in drop) for pk, row in batched.items()} == \
        {pk: tuple(v for i, v in enumerate(row) if i not in drop) for pk, row in one_by_one.items()}


def _remind(day):
    with CaptureQueriesContext(connection) as queries:
        call_command("remind", "--today", day.isoformat(), stdout=StringIO())
    return len(queries)


def _manual(filing, due, n):
    Deadline.objects.bulk_create([
        Deadline(filing=filing, kind="other", label=f"Internal check {i}", due=due, manual=True) for i in range(n)
    ])


def test_remind_sends_each_reminder_once_in_queries_that_do_not_grow_with_the_deadlines(jp_filing):
    day = date(2027, 1, 10)  # the exam request (2027-02-05) is 26 days away: its 30-day reminder
    _remind(day)
    sent, dispatched = len(mail.outbox), ReminderDispatch.objects.count()
    assert sent > 0 and dispatched > 0
    idle = _remind(day)
    assert (len(mail.outbox), ReminderDispatch.objects.count()) == (sent, dispatched)  # nothing twice
    _manual(jp_filing, day + timedelta(days=5), 1)
    one_new = _remind(day)
    assert len(mail.outbox) > sent
    _manual(jp_filing, day + timedelta(days=6), 40)
    forty_new = _remind(day)
    assert one_new == forty_new  # the same queries for one new deadline and for forty
    _manual(jp_filing, date(2029, 1, 1), 200)  # far ahead: not due for any reminder yet
    assert _remind(day) == idle  # nothing new to send costs the same however many deadlines exist
    outbox = len(mail.outbox)
    _remind(day)
    assert len(mail.outbox) == outbox
