"""Office calendars: on which days can a procedure be done at the JPO, USPTO, EPO or WIPO (IB)?

Closed days per office:

- ``JP`` (JPO): Saturdays, Sundays, national holidays including 振替休日 and 国民の休日, and
  29 December – 3 January (Act on Holidays of Administrative Organs §1(1)). The ``holidays``
  library knows the national holidays but not the year-end closure, which is added here.
- ``US`` (USPTO): Saturdays, Sundays and federal holidays within the District of Columbia
  (35 USC 21(b)) – the federal holidays plus Inauguration Day.
- ``EP`` (EPO, EPC R.134(1)) and ``IB`` (WIPO's International Bureau, PCT R.80.5): Saturdays,
  Sundays and the published closing days kept as dated rows in ``data/closures.csv``.

Every row of ``data/closures.csv`` has a status. ``confirmed`` and ``single-source`` rows close
the office; an ``unconfirmed`` row (a day the office usually closes, not yet read in its list
for that year) does not move a deadline – the earlier date is the safe one – but
:func:`roll_status` marks a deadline that falls on it so a person checks the office's list.
"""

from datetime import date, timedelta
from functools import cache

import holidays

from kyoso.rules.datafiles import read_rows

__all__ = [
    "OFFICES", "closed_days", "closure_reason", "is_open", "next_open_day", "roll_status", "unconfirmed_closure",
]

OFFICES = ("JP", "US", "EP", "IB")

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
# 29 Dec – 3 Jan: 行政機関の休日に関する法律 §1(1)(iii).
CONFIRMED, SINGLE_SOURCE, UNCONFIRMED = "confirmed", "single-source", "unconfirmed"
_JPO_YEAR_END = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))
_US_DC_ONLY_FEDERAL = "Inauguration Day"  # a federal holiday in DC only (5 USC 6103(c))


@cache
def closed_days(office: str, year: int) -> dict[date, str]:
    """Weekday closures of ``office`` in ``year`` mapped to their reason (cached per year).

    Weekends are not listed: :func:`is_open` checks them arithmetically.
    """
    if office not in OFFICES:
        raise ValueError(f"unknown office {office!r}; expected one of {', '.join(OFFICES)}")
    days = dict(_statutory_closures(office, year))
    days.update({
        day: reason for day, (reason, status) in _data_file_closures().get((office, year), {}).items()
        if status != UNCONFIRMED
    })
    return days


def _statutory_closures(office: str, year: int) -> dict[date, str]:
    if office == "JP":
        days = {day: str(name) for day, name in holidays.country_holidays("JP", years=year).items()}
        for month, day in _JPO_YEAR_END:
            # Holidays already named by the library keep their name (§1(1)(iii) "except (ii)").
            days.setdefault(date(year, month, day), "JPO year-end closure (29 Dec – 3 Jan)")
        return days
    if office == "US":
        days = {day: str(name) for day, name in holidays.country_holidays("US", years=year).items()}
        dc = holidays.country_holidays("US", subdiv="DC", years=year)
        days.update({day: _US_DC_ONLY_FEDERAL for day, name in dc.items() if _US_DC_ONLY_FEDERAL in name})
        return days
    return {}


@cache
def _data_file_closures() -> dict[tuple[str, int], dict[date, tuple[str, str]]]:
    """The rows of ``data/closures.csv``: (office, year) → day → (reason, status)."""
    closures: dict[tuple[str, int], dict[date, tuple[str, str]]] = {}
    for row in read_rows("closures.csv"):
        day = date.fromisoformat(row["date"])
        closures.setdefault((row["office"], day.year), {})[day] = (row["reason"], row["status"] or CONFIRMED)
    return closures


def unconfirmed_closure(office: str, day: date) -> str | None:
    """The reason of an unconfirmed closure row for ``office`` on ``day`` (it does not close the
    office), or ``None``."""
    reason, status = _data_file_closures().get((office, day.year), {}).get(day, ("", CONFIRMED))
    return reason if status == UNCONFIRMED else None


def roll_status(office: str | None, raw: date, due: date) -> str:
    """How sure the roll from ``raw`` to ``due`` is: ``single-source`` when a day it passed over
    is closed only on a single-source row, ``unconfirmed`` when ``due`` is a day the office
    usually closes but kyoso has no published list for (the office may be closed: check it),
    else ``confirmed``."""
    if office is None:
        return CONFIRMED
    if unconfirmed_closure(office, due):
        return UNCONFIRMED
    rows = _data_file_closures()
    day = raw
    while day < due:
        if rows.get((office, day.year), {}).get(day, ("", CONFIRMED))[1] == SINGLE_SOURCE:
            return SINGLE_SOURCE
        day += _ONE_DAY
    return CONFIRMED


def closure_reason(office: str, day: date) -> str | None:
    """Why ``office`` is closed on ``day`` ("Saturday", a holiday name …), or ``None`` if open."""
    if day.weekday() >= _SATURDAY:
        return day.strftime("%A")
    return closed_days(office, day.year).get(day)


def is_open(office: str, day: date) -> bool:
    """Whether ``office`` accepts procedures on ``day``."""
    return day.weekday() < _SATURDAY and day not in closed_days(office, day.year)


def next_open_day(office: str, day: date) -> date:
    """``day`` itself if ``office`` is open, else the next day it is open (roll forward)."""
    while not is_open(office, day):
        day += _ONE_DAY
    return day
