"""The bulk writes of an import: each record gets the key of its own row, with its history row
and its created event, and deadlines computed once for filings with the same facts are the
deadlines each filing has.

Regression guard for the fast paths (keys taken from SQLite's row ids or PostgreSQL's sequence
instead of ``bulk_create``; rows built from a blank instance; deadlines shared between filings).
"""

import sys
import threading
from datetime import date

import pytest

from kyoso.core.importing.bulk import build, create_with_history, created_event, render_events, save_events
from kyoso.core.models import Event
from kyoso.parties.models import Organisation

pytestmark = pytest.mark.django_db


def test_each_record_gets_the_key_of_its_own_row_with_history_and_event(user):
    ipoffice = user("ipoffice")
    made = [build(Organisation, name=f"Bulk Test Works {n}", kind="company", is_domestic=n % 2 == 0) for n in range(1200)]
    create_with_history(Organisation, made, user=ipoffice)
    save_events(render_events(created_event(o, user=ipoffice) for o in made))
    stored = dict(Organisation.objects.filter(name__startswith="Bulk Test Works ").values_list("name", "pk"))
    assert len(stored) == 1200
    assert all(stored[o.name] == o.pk for o in made)  # 1,200 rows: more than one insert statement
    assert Organisation.objects.get(name="Bulk Test Works 7").is_domestic is False
    assert Organisation.objects.get(name="Bulk Test Works 8").country == "JP"  # the field's default
    history = Organisation.history.filter(name="Bulk Test Works 7").get()
    assert (history.id, history.history_type, history.history_user_id) == (made[7].pk, "+", ipoffice.pk)
    event = Event.objects.get(object_id=made[7].pk, verb="created", content_type__model="organisation")
    assert event.summary_by_language == {"en": "organisation “Bulk Test Works 7” created",
                                         "ja": "組織「Bulk Test Works 7」を作成"}
    assert event.actor_id == ipoffice.pk


def test_filings_with_the_same_facts_share_their_deadlines_and_others_do_not(user):
    from kyoso.docket.models import Deadline
    from kyoso.docket.services.deadlines import deadlines_of_new_filings
    from kyoso.ip.models import Family, Filing

    family = Family.objects.filter(invention__consortium__slug="opera-demo").first()
    filings = []
    for n, filed in enumerate((date(2026, 7, 1), date(2026, 7, 1), date(2026, 8, 3))):
        filing = build(Filing, family=family, office="JP", kind="national", application_number=f"特願2026-9{n:05d}",
                       filing_date=filed)
        filing.save()
        filings.append(filing)
    deadlines_of_new_filings(filings, today=date(2026, 11, 29))
    exam = {f.pk: Deadline.objects.get(filing=f, kind="exam_request").due for f in filings}
    # Three years from filing (PA 48-3): 2029-07-01 is a Sunday, so the next open day.
    assert [exam[f.pk] for f in filings] == [date(2029, 7, 2), date(2029, 7, 2), date(2029, 8, 3)]
    first, second = ([(d.rule, d.year, d.due) for d in Deadline.objects.filter(filing=f).order_by("rule", "year")]
                     for f in filings[:2])
    assert first == second and len(first) > 3


def test_a_record_named_by_two_events_is_named_once_per_language(user, monkeypatch):
    """A filing is named by its "created" and its "filing added" events: its ``str()`` is worked
    out once per language (two languages, so twice), and both events read the same name."""
    from kyoso.core.importing.bulk import event, in_every_language_at_once
    from kyoso.core.sentences import Sentence

    ipoffice = user("ipoffice")
    organisation = build(Organisation, name="Named Once Works", kind="company")
    calls = []
    monkeypatch.setattr(Organisation, "__str__", lambda self: calls.append(self) or self.name)
    texts = in_every_language_at_once([
        created_event(organisation, user=ipoffice).summary,
        event(organisation, "noted", Sentence("%(name)s noted", name=organisation), user=ipoffice).summary,
    ])
    assert len(calls) == 2  # en, ja
    assert texts == [{"en": "organisation “Named Once Works” created", "ja": "組織「Named Once Works」を作成"},
                     {"en": "Named Once Works noted", "ja": "Named Once Works noted"}]


def test_postgresql_values_are_converted_once_per_distinct_value():
    """On PostgreSQL a date (or timestamp) shared by thousands of rows is converted once; JSON is
    sent as its text, which the server reads into ``jsonb`` as it reads the driver's adapter."""
    import json

    from kyoso.core.importing.bulk import _once_per_value

    seen = []
    convert = _once_per_value(lambda value: seen.append(value) or f"<{value}>")
    days = [date(2026, 7, 1), date(2026, 7, 1), date(2026, 8, 3), date(2026, 7, 1)]
    assert [convert(d) for d in days] == ["<2026-07-01>", "<2026-07-01>", "<2026-08-03>", "<2026-07-01>"]
    assert seen == [date(2026, 7, 1), date(2026, 8, 3)]
    assert convert([1, 2]) == "<[1, 2]>" and convert([1, 2]) == "<[1, 2]>"  # not hashable: converted each time
    assert len(seen) == 4

    class PostgreSQL:
        vendor = "postgresql"

    from kyoso.core.importing.bulk import _converter

    to_text = _converter(Event._meta.get_field("summary_by_language"), PostgreSQL())
    assert to_text({"en": "filing “JP 1” created", "ja": "出願「JP 1」"}) == json.dumps(
        {"en": "filing “JP 1” created", "ja": "出願「JP 1」"})
    assert to_text({}) == "{}"


def test_a_one_to_one_key_is_copied_into_history_by_the_database(user):
    """A ledger entry's ``reverses`` (one-to-one) is a many-to-one key in its history, the same
    column: the historical rows are still copied by the database, one statement for the lot
    (not sent again row by row), and hold the key."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kyoso.budget.models import LedgerEntry
    from kyoso.consortia.models import Consortium

    ipoffice = user("ipoffice")
    consortium = Consortium.objects.get(slug="opera-demo")
    paid = build(LedgerEntry, consortium=consortium, fiscal_year=2026, booked_on=date(2026, 6, 1), kind="payment",
                 source="ip_earmark", amount=-30_000, description="bulk test payment")
    create_with_history(LedgerEntry, [paid], user=ipoffice)
    back = build(LedgerEntry, consortium=consortium, fiscal_year=2026, booked_on=date(2026, 6, 2), kind="payment",
                 source="ip_earmark", amount=30_000, description="bulk test reversal", reverses=paid)
    with CaptureQueriesContext(connection) as captured:
        create_with_history(LedgerEntry, [back], user=ipoffice)
    copies = [q["sql"] for q in captured.captured_queries
              if q["sql"].startswith('INSERT INTO "budget_historicalledgerentry"') and " SELECT " in q["sql"]]
    assert len(copies) == 1
    history = LedgerEntry.history.get(id=back.pk)
    assert (history.reverses_id, history.amount, history.description, history.history_type, history.history_user_id) == (
        paid.pk, 30_000, "bulk test reversal", "+", ipoffice.pk)


def test_events_rendered_on_a_second_thread_are_stored_as_those_rendered_here(user):
    """An import renders its events while its records are written (render_events_meanwhile): the
    stored texts, in both languages, are the ones rendering them in this thread gives."""
    from kyoso.core.importing.bulk import event, render_events_meanwhile
    from kyoso.core.sentences import Sentence

    ipoffice = user("ipoffice")
    here = [build(Organisation, name=f"Rendered Here {n}", kind="company") for n in range(3)]
    meanwhile = [build(Organisation, name=f"Rendered Meanwhile {n}", kind="company") for n in range(3)]
    create_with_history(Organisation, here + meanwhile, user=ipoffice)
    save_events(render_events(created_event(o, user=ipoffice) for o in here))
    interval, gate = sys.getswitchinterval(), Gate()
    rendering = render_events_meanwhile([created_event(o, user=ipoffice) for o in meanwhile] + [
        event(meanwhile[0], "noted", Sentence("%(name)s noted", name=gate), user=ipoffice)])
    assert sys.getswitchinterval() == min(0.0005, interval)  # quick handovers while it renders
    gate.open.set()
    save_events(rendering)
    assert sys.getswitchinterval() == interval  # given back when it ends
    stored = dict(Event.objects.filter(verb="created", object_id__in=[o.pk for o in here + meanwhile],
                                       content_type__model="organisation").values_list("object_id", "summary_by_language"))
    assert stored[meanwhile[2].pk] == {"en": "organisation “Rendered Meanwhile 2” created",
                                       "ja": "組織「Rendered Meanwhile 2」を作成"}
    assert stored[here[2].pk] == {"en": "organisation “Rendered Here 2” created", "ja": "組織「Rendered Here 2」を作成"}
    assert len(stored) == 6


class Gate:
    """A value that renders only once the test opens it: the rendering thread is still running
    while the test looks."""

    def __init__(self):
        self.open = threading.Event()

    def __str__(self) -> str:
        assert self.open.wait(timeout=10)
        return "gate"


def test_the_second_thread_refuses_to_read_the_database(user):
    """Its queries would run on its own connection, outside the import's transaction: a name that
    needs a query fails the write loudly instead of being read from other data."""
    from kyoso.core.importing.bulk import event, render_events_meanwhile
    from kyoso.core.sentences import Sentence
    from kyoso.ip.models import Family

    family = Family.objects.get(pk=Family.objects.values_list("pk", flat=True).first())  # its invention not loaded
    interval = sys.getswitchinterval()
    with pytest.raises(RuntimeError, match="must not query the database"):
        save_events(render_events_meanwhile([
            event(family, "noted", Sentence("%(name)s noted", name=InventionOf(family)), user=user("ipoffice"))]))
    assert sys.getswitchinterval() == interval


class InventionOf:
    """A value whose text is the family's invention, read from the database when rendered."""

    def __init__(self, family):
        self.family = family

    def __str__(self) -> str:
        return str(self.family.invention)


def test_rendering_events_leaves_no_cycle_behind_holding_their_messages():
    """The renderer's tables held its own methods, a cycle keeping every message it rendered
    until the cycle collector walked everything an import made."""
    import gc
    import weakref

    from django.utils.translation import gettext_lazy

    from kyoso.core.importing.bulk import in_every_language_at_once
    from kyoso.core.sentences import Sentence

    gc.disable()
    try:
        message = gettext_lazy("Rendered once %(name)s")
        watch = weakref.ref(message)
        texts = in_every_language_at_once([Sentence(message, name="here")])
        del message
        assert watch() is None  # freed by reference counting alone
    finally:
        gc.enable()
    assert texts[0]["en"] == "Rendered once here"
