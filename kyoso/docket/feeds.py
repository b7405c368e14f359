"""A per-user iCalendar feed of deadlines that Outlook and Google Calendar can subscribe to.

The URL carries the user's secret ``feed_token`` (no login: calendar clients cannot log in);
regenerating the token revokes every copy of the old URL. Events are all-day, with a UID that
never changes for a deadline, so clients update them in place when a date is recomputed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .choices import DeadlineState
from .models import Deadline

__all__ = ["deadline_calendar", "FEED_PAST_DAYS"]

#: How far back the feed reaches: a year of history is enough for a calendar, and keeps it small.
FEED_PAST_DAYS = 365
_STATE_MARK = {DeadlineState.DONE: "✓ ", DeadlineState.WAIVED: "✗ ", DeadlineState.MISSED: "! ", DeadlineState.CLOSED: "✗ "}


def _summary(deadline: Deadline) -> str:
    filing = deadline.filing
    number = filing.application_number or _("(no number yet)")
    return f"{_STATE_MARK.get(deadline.state, '')}{filing.office} {number}: {deadline.get_kind_display()} – {deadline.title}"


def _description(deadline: Deadline, site: str) -> str:
    lines = [
        f"{_('Rule')}: {deadline.rule or _('entered by hand')}",
        f"{_('Source')}: {deadline.source}" if deadline.source else "",
        f"{_('Raw due')}: {deadline.raw_due.isoformat()}" if deadline.rolled else "",
        f"{_('State')}: {deadline.get_state_display()}",
        f"{site}{deadline.get_absolute_url()}",
    ]
    return "\n".join(line for line in lines if line)


def deadline_calendar(user, *, today: date | None = None) -> bytes:
    """The ``text/calendar`` body of ``user``'s feed: every deadline they may see from a year ago on."""
    today = today or timezone.localdate()
    language = getattr(getattr(user, "profile", None), "language", None) or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://")[-1].split("/")[0] or "kyoso"
    deadlines = (
        Deadline.objects.for_user(user).filter(due__gte=today - timedelta(days=FEED_PAST_DAYS))
        .select_related("filing").order_by("due", "pk")
    )
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//kyoso//docket//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("kyoso deadlines"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        for deadline in deadlines:
            event = Event()
            event.add("uid", f"deadline-{deadline.pk}@{host}")
            event.add("dtstamp", _utc(deadline.modified))
            event.add("last-modified", _utc(deadline.modified))
            event.add("dtstart", deadline.due)
            event.add("dtend", deadline.due + timedelta(days=1))
            event.add("summary", _summary(deadline))
            event.add("description", _description(deadline, site))
            event.add("url", f"{site}{deadline.get_absolute_url()}")
            event.add("categories", [deadline.get_kind_display()])
            event.add("status", "CANCELLED" if deadline.state in (DeadlineState.WAIVED, DeadlineState.CLOSED) else "CONFIRMED")
            event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy block
            calendar.add_component(event)
    return calendar.to_ical()


def _utc(moment: datetime | None) -> datetime:
    return (moment or timezone.now()).astimezone(UTC)
