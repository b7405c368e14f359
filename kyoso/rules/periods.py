"""Period arithmetic: when does a period of N months, years or days end?

Four ways of counting, named by the rule data (``data/deadline_rules.csv``, column ``counting``):

``jp``
    Patent Act §3(1): the first day is not counted; a period in
    months or years ends on the day *before* the day that corresponds to its first counted day,
    or at the end of the last month when there is no such day. The first counted day is the day
    after the event, so a period usually ends on the event's own day number – except after a
    month-end event, whose period is counted "from the start of a month" and so ends at a month end:
    29 Feb + 6 months = 31 Aug (benrishikoza.com example), 30 Apr + 1 month = 31 May.
``same_day``
    PCT Rule 80.2, EPC Rule 131(4) and US practice: the day with the event's number in the last
    month, or the last day of that month when there is none (30 Apr + 1 month = 30 May). The
    Paris priority year is counted so too (Paris Convention Art. 4C, as the offices abroad count
    it): 28 Feb 2027 + 12 months = 28 Feb 2028, where Patent Act §3 gives 29 Feb 2028.
``anniversary``
    The JPO states annuity due dates as the registration anniversary (INPIT patent-fee FAQ):
    same month and day, 29 Feb falling back to 28 Feb.
``month_end``
    EPC Rule 51(1): the last day of the month containing the anniversary.

Procedural deadlines are then rolled to the office's next open day (PA §3(2), PCT R.80.5,
EPC R.134(1), 35 USC 21(b)); the term of a right never is (see :mod:`kyoso.rules.deadlines`).
"""

import calendar
from datetime import date, timedelta

from kyoso.rules.calendars import next_open_day

__all__ = ["COUNTINGS", "add_months", "month_end", "period_end", "roll_forward"]

COUNTINGS = ("jp", "same_day", "anniversary", "month_end")


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` + ``months`` by the calendar, clamped to the month end when the day does not exist.

    The same result as ``day + relativedelta(months=months)`` (a property test checks this), in
    plain integer arithmetic because forecasts call it hundreds of thousands of times.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(event: date, *, months: int = 0, days: int = 0, counting: str = "jp") -> date:
    """Last day of a period of ``months`` + ``days`` that starts with ``event``, before any roll."""
    if counting == "jp":
        return _jp_period_end(event, months, days)
    shifted = add_months(event, months) + timedelta(days=days)
    if counting in ("same_day", "anniversary"):
        return shifted
    if counting == "month_end":
        return month_end(shifted)
    raise ValueError(f"unknown counting {counting!r}; expected one of {', '.join(COUNTINGS)}")


def _jp_period_end(event: date, months: int, days: int) -> date:
    """PA §3(1): count from the day after ``event``; end the day before the corresponding day."""
    first_counted = event + timedelta(days=1)
    if months:
        target = add_months(first_counted.replace(day=1), months)
        last_day = calendar.monthrange(target.year, target.month)[1]
        if first_counted.day > last_day:  # "最後の月に応当する日がないときは、その月の末日に満了する"
            end = target.replace(day=last_day)
        else:
            end = target.replace(day=first_counted.day) - timedelta(days=1)
    else:
        end = event
    return end + timedelta(days=days)


def roll_forward(office: str | None, day: date) -> date:
    """``day`` pushed to ``office``'s next open day; unchanged when ``office`` is ``None``."""
    return day if office is None else next_open_day(office, day)
