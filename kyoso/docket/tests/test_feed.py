"""The per-user iCalendar feed: secret URL, valid iCalendar that calendar clients parse."""

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_feed_validates_and_has_the_required_properties(client, user, jp_filing):
    token = user("cpo").profile.feed_token
    response = client.get(f"/docket/calendar/{token}.ics")  # no login: the token is the secret
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert events
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids))
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert name in event, name
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        assert not hasattr(event.decoded("DTSTART"), "hour")  # all-day
    [exam] = [e for e in events if "特願2024-012345" in str(e["SUMMARY"]) and "JP.exam_request" in str(e["DESCRIPTION"])]
    assert str(exam["SUMMARY"]).startswith("JP 特願2024-012345")
    assert exam.decoded("DTSTART").isoformat() == "2027-02-05"


def test_feed_respects_scope_and_regeneration_revokes_the_old_url(client, login, user, jp_filing):
    researcher = user("researcher")
    body = client.get(f"/docket/calendar/{researcher.profile.feed_token}.ics").content.decode()
    assert "特願2024-012345" not in body  # not their invention
    old = user("cpo").profile.feed_token
    web = login("cpo")
    assert old in web.get("/docket/calendar/").content.decode()
    web.post("/docket/calendar/regenerate/")
    assert client.get(f"/docket/calendar/{old}.ics").status_code == 404
    assert client.get(f"/docket/calendar/{user('cpo').profile.feed_token}.ics").status_code == 200
    assert client.get("/docket/calendar/not-a-token.ics").status_code == 404


def _events(client, username, user):
    """The feed of ``username`` as (summary, due date) pairs, and the number of queries it took."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/docket/calendar/{user(username).profile.feed_token}.ics")
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    return [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events], len(queries)


def _manual(filing, label, due, state="open"):
    from kyoso.docket.models import Deadline

    return Deadline(filing=filing, kind="other", label=label, due=due, state=state, manual=True)


def test_feed_is_a_window_from_90_days_ago_to_two_years_ahead(client, user, jp_filing, today):
    from datetime import date

    from kyoso.docket.models import Deadline

    Deadline.objects.bulk_create([
        _manual(jp_filing, "Too old", date(2026, 8, 27)),       # 91 days before 2026-11-26
        _manual(jp_filing, "Oldest shown", date(2026, 8, 28), "done"),  # 90 days before
        _manual(jp_filing, "Last shown", date(2028, 11, 25)),   # 730 days ahead
        _manual(jp_filing, "Too far", date(2028, 11, 26)),      # 731 days ahead
    ])
    events, _ = _events(client, "company-a", user)
    labels = {summary.rsplit("– ", 1)[-1]: due for summary, due in events if "特願2024-012345" in summary}
    assert labels["Oldest shown"] == date(2026, 8, 28) and labels["Last shown"] == date(2028, 11, 25)
    assert "Too old" not in labels and "Too far" not in labels
    assert "✓ JP 特願2024-012345: Other – Oldest shown" in [s for s, _ in events]
    assert min(due for _, due in events) >= date(2026, 8, 28) and max(due for _, due in events) <= date(2028, 11, 25)


def test_feed_shows_a_company_its_own_deadlines_and_not_another_companys(client, user, jp_filing, today):
    from kyoso.ip.models import Invention

    # Confidential: only its owners see it (not the consortium's pool, of which company B is part).
    Invention.objects.filter(families__filings=jp_filing).update(confidential=True)
    mine, _ = _events(client, "company-a", user)
    theirs, _ = _events(client, "company-b", user)
    assert [d.isoformat() for s, d in mine if s.startswith("JP 特願2024-012345")][:1] == ["2027-02-05"]
    assert not any("特願2024-012345" in s for s, _ in theirs)


def test_feed_takes_the_same_queries_for_ten_times_the_deadlines(client, user, jp_filing, today):
    from datetime import timedelta

    from kyoso.docket.models import Deadline

    Deadline.objects.bulk_create([_manual(jp_filing, f"Step {i}", today + timedelta(days=i)) for i in range(1, 21)])
    small, small_queries = _events(client, "company-a", user)
    Deadline.objects.bulk_create([_manual(jp_filing, f"More {i}", today + timedelta(days=i)) for i in range(1, 201)])
    large, large_queries = _events(client, "company-a", user)
    assert len(large) == len(small) + 200
    assert large_queries == small_queries


def test_feed_holds_at_most_its_maximum_soonest_first(client, user, jp_filing, today, monkeypatch):
    from datetime import date, timedelta

    from kyoso.docket import feeds
    from kyoso.docket.models import Deadline

    Deadline.objects.bulk_create([_manual(jp_filing, f"Past {i}", today - timedelta(days=i)) for i in (1, 2, 3)])
    visible = Deadline.objects.for_user(user("company-a"))
    upcoming = sorted(visible.filter(due__gte=today).values_list("due", flat=True))
    monkeypatch.setattr(feeds, "FEED_MAX_EVENTS", 5)
    events, _ = _events(client, "company-a", user)
    assert [d for _, d in events] == upcoming[:5]  # what is next fills the feed; history makes way
    monkeypatch.setattr(feeds, "FEED_MAX_EVENTS", 10_000)
    monkeypatch.setattr(feeds, "FEED_MAX_PAST_EVENTS", 2)
    events, _ = _events(client, "company-a", user)
    assert [d for _, d in events if d < today] == [date(2026, 11, 24), date(2026, 11, 25)]
