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
