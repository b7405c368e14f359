"""A per-user iCalendar feed of deadlines that Outlook and Google Calendar can subscribe to.

The URL carries the user's secret ``feed_token`` (no login: calendar clients cannot log in);
regenerating the token revokes every copy of the old URL. Events are all-day, with a UID that
never changes for a deadline, so clients update them in place when a date is recomputed.

The feed is a window, not the whole docket: deadlines due from ``FEED_PAST_DAYS`` ago to
``FEED_FUTURE_DAYS`` ahead, at most ``FEED_MAX_EVENTS`` of them (the soonest upcoming first, then
the most recent past ones). A national IP office sees hundreds of thousands of annuities decades
ahead; no calendar client can hold them, and the deadlines list shows them all. The body is
written line by line (RFC 5545 text escaping and 75-octet folding) from two queries, so its cost
grows only with the events it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import DeadlineKind, DeadlineState
from .models import Deadline

__all__ = ["deadline_calendar", "deadline_calendar_lines", "FEED_PAST_DAYS", "FEED_FUTURE_DAYS", "FEED_MAX_EVENTS"]

#: How far back the feed reaches: recent history (what was done, what was missed) for context.
FEED_PAST_DAYS = 90
#: How far ahead it reaches: two years covers every office action, PCT national phase and the
#: next two annuities of every patent; later renewals are on the deadlines list.
FEED_FUTURE_DAYS = 2 * 365
#: The most events one feed holds (calendar clients refuse or time out on bigger feeds).
FEED_MAX_EVENTS = 2000
#: Of those, at most this many lie in the past, so overdue history never crowds out what is next.
FEED_MAX_PAST_EVENTS = 500

_STATE_MARK = {DeadlineState.DONE: "✓ ", DeadlineState.WAIVED: "✗ ", DeadlineState.MISSED: "! ", DeadlineState.CLOSED: "✗ "}
_CANCELLED = {DeadlineState.WAIVED, DeadlineState.CLOSED}
_FIELDS = ("pk", "modified", "kind", "rule", "source", "label", "label_ja", "due", "raw_due", "state",
           "filing__office", "filing__application_number")
_URL_SENTINEL = 987654321


def _escape(text: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newline are escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> bytes:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space,
    never splitting a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _stamp(moment: datetime | None) -> str:
    return (moment or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _window(user, today: date) -> list[dict]:
    """The deadlines in the feed, soonest first: two bounded queries, whatever the docket's size."""
    visible = Deadline.objects.for_user(user).values(*_FIELDS)
    upcoming = list(visible.filter(due__gte=today, due__lte=today + timedelta(days=FEED_FUTURE_DAYS))
                    .order_by("due", "pk")[:FEED_MAX_EVENTS])
    room = min(FEED_MAX_PAST_EVENTS, FEED_MAX_EVENTS - len(upcoming))
    past = list(visible.filter(due__gte=today - timedelta(days=FEED_PAST_DAYS), due__lt=today)
                .order_by("-due", "-pk")[:room]) if room > 0 else []
    return past[::-1] + upcoming


def deadline_calendar_lines(user, *, today: date | None = None) -> Iterator[bytes]:
    """The ``text/calendar`` body of ``user``'s feed in chunks: the deadlines they may see
    (``Deadline.objects.for_user``) in the window described in this module's docstring."""
    today = today or timezone.localdate()
    language = getattr(getattr(user, "profile", None), "language", None) or settings.LANGUAGE_CODE
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://")[-1].split("/")[0] or "kyoso"
    deadlines = _window(user, today)
    with translation.override(language):
        japanese = (translation.get_language() or "").split("-")[0] == "ja"  # as Deadline.title picks
        kinds = {value: str(label) for value, label in DeadlineKind.choices}
        states = {value: str(label) for value, label in DeadlineState.choices}
        no_number, by_hand = _("(no number yet)"), _("entered by hand")
        rule_word, source_word, raw_word, state_word = _("Rule"), _("Source"), _("Raw due"), _("State")
        url_pattern = site + reverse("docket:deadline_detail", args=[_URL_SENTINEL]).replace(str(_URL_SENTINEL), "{}")
        head = [
            "BEGIN:VCALENDAR", "PRODID:-//kyoso//docket//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            f"X-WR-CALNAME:{_escape(_('kyoso deadlines'))}",
            f"X-WR-CALDESC:{_escape(_('Deadlines due from %(past)d days ago to %(future)d days ahead, at most %(max)d.') % {'past': FEED_PAST_DAYS, 'future': FEED_FUTURE_DAYS, 'max': FEED_MAX_EVENTS})}",
            f"X-WR-TIMEZONE:{settings.TIME_ZONE}", "REFRESH-INTERVAL;VALUE=DURATION:PT6H", "X-PUBLISHED-TTL:PT6H",
        ]
        yield b"".join(_fold(line) for line in head)
        chunk: list[bytes] = []
        for row in deadlines:
            url = url_pattern.format(row["pk"])
            state, kind = row["state"], kinds.get(row["kind"], row["kind"])
            label = row["label_ja"] if japanese and row["label_ja"] else row["label"]
            summary = (f"{_STATE_MARK.get(state, '')}{row['filing__office']} "
                       f"{row['filing__application_number'] or no_number}: {kind} – {label}")
            description = "\n".join(line for line in (
                f"{rule_word}: {row['rule'] or by_hand}",
                f"{source_word}: {row['source']}" if row["source"] else "",
                f"{raw_word}: {row['raw_due'].isoformat()}" if row["raw_due"] and row["raw_due"] != row["due"] else "",
                f"{state_word}: {states.get(state, state)}",
                url,
            ) if line)
            stamp = _stamp(row["modified"])
            chunk.extend(_fold(line) for line in (
                "BEGIN:VEVENT",
                f"UID:deadline-{row['pk']}@{host}",
                f"DTSTAMP:{stamp}",
                f"LAST-MODIFIED:{stamp}",
                f"DTSTART;VALUE=DATE:{row['due']:%Y%m%d}",
                f"DTEND;VALUE=DATE:{row['due'] + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_escape(summary)}",
                f"DESCRIPTION:{_escape(description)}",
                f"URL:{url}",
                f"CATEGORIES:{_escape(kind)}",
                f"STATUS:{'CANCELLED' if state in _CANCELLED else 'CONFIRMED'}",
                "TRANSP:TRANSPARENT",  # an all-day reminder, not a busy block
                "END:VEVENT",
            ))
            if len(chunk) >= 2000:
                yield b"".join(chunk)
                chunk = []
        chunk.append(b"END:VCALENDAR\r\n")
        yield b"".join(chunk)


def deadline_calendar(user, *, today: date | None = None) -> bytes:
    """The whole ``text/calendar`` body of ``user``'s feed (see ``deadline_calendar_lines``)."""
    return b"".join(deadline_calendar_lines(user, today=today))
