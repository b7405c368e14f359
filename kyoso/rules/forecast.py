"""Set-based fee forecast: the official fees a whole portfolio will owe in the next N years.

Input is plain tuples, one per filing (the shape a ``values_list`` query returns)::

    (ref, office, filed, registered, exam_requested, claims, owners[, fee_variant])

``office`` is ``JP``, ``US`` or ``EP``; ``registered`` is the registration (JP) or grant date
(US, EP) or ``None``; ``owners`` is ``None`` for a sole company or a tuple of
``(kind, percent)`` pairs such as ``(("company", 50), ("university", 50))``. The optional
``fee_variant`` is, for JP, who searched (an :data:`~kyoso.rules.fees.EXAM_REPORT_VARIANTS`
value, default ``none``) and, for US, the entity status (``large``/``small``/``micro``; default
derived from the owner kinds by :func:`kyoso.rules.owners.us_entity` – callers that know the
licences pass it). Output is
``(ref, due, kind, amount)`` tuples: ``due`` after roll-forward, ``amount`` integer yen for JP
and ``Decimal`` USD/EUR for US/EP (the kind implies the currency).

What is forecast (Patent Act §48-3, §67, §108; 35 USC 41(b); EPC R.51):

- JP registered: annuities (``annuity``) from year 4, due on the registration anniversary, while
  before expiry (20 years from filing);
- JP pending without an examination request: ``exam_request`` at filing + 3 years, at the
  amount for who searched;
- US granted: ``us_maintenance`` at 3.5/7.5/11.5 years for the filing's entity status;
- EP pending (not granted): ``ep_renewal`` from year 3 at the end of the anniversary month.

Not forecast: JP registration fees (years 1–3; the grant date is unknown in advance), late
surcharges, and fees owed to EP member states after grant. Amounts are those in force on the
due date. The reference computation is :mod:`kyoso.rules.fees`; tests check that this kernel
agrees with it.

Speed: everything that does not depend on the individual filing is computed once – rolled due
dates per (calendar year, month/day) in :class:`_DueDates`, fee schedules per (claims, owners,
date bucket) in :class:`_Schedules` – so the per-filing loop only compares integers, indexes
lists and yields.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from kyoso.rules.calendars import next_open_day
from kyoso.rules.fee_tables import ep_renewal_rows, jp_fee_rows, reduction_rows, us_maintenance_rows
from kyoso.rules.fees import ep_renewal_fee, jp_annual_fee, jp_exam_fee, us_maintenance_fee
from kyoso.rules.owners import SOLE_COMPANY, Owner, owners_from_percentages, us_entity
from kyoso.rules.periods import add_months, month_end

__all__ = ["Filing", "Forecast", "forecast", "forecast_packed", "FEE_BITS"]

Filing = tuple  # (ref, office, filed, registered, exam_requested, claims, owners[, fee_variant])
Forecast = tuple[object, date, str, int | Decimal]

_TERM_YEARS = 20  # PA 67(1) and EPC Art. 63(1): 20 years from filing
_FIRST_JP_ANNUITY = 4  # years 1–3 are paid at registration (PA 108(1))
_FIRST_EP_RENEWAL = 3  # EPC Art. 86(1)
_EXAM_REQUEST_YEARS = 3  # PA 48-3(1)
_US_STAGES = (("3.5", 42), ("7.5", 90), ("11.5", 138))  # months after grant, 35 USC 41(b)
_FEB_29 = 2 * 32 + 29

DueEntry = tuple[int, int, date]  # (raw ordinal, rolled ordinal, rolled date)


def _md(day: date) -> int:
    """A list index for a month/day pair."""
    return day.month * 32 + day.day


class _DueDates:
    """Rolled due dates for every calendar day of the window's years, computed once.

    ``jp[year][md]`` is the :data:`DueEntry` of the anniversary falling on month/day ``md`` in
    ``year`` (29 Feb → 28 Feb in common years), rolled on the JPO calendar. PA §3 periods of
    whole years end on the anniversary too, so the same table gives the examination-request
    deadline and the expiry. ``ep[year][month]`` holds EPO month-end due dates.
    """

    def __init__(self, first_year: int, last_year: int) -> None:
        years = range(first_year, last_year + 1)
        self.jp = {year: self._jp_year(year) for year in years}
        # The same entries per month/day across the years, each with its year appended, so that
        # a filing's annuities are one list slice: jp_by_md[md][year - first_year].
        self.jp_by_md = [
            [(*self.jp[year][md], year) if self.jp[year][md] else None for year in years]
            for md in range(13 * 32)
        ]
        self.ep = {
            year: [None] + [self._entry("EP", month_end(date(year, m, 1))) for m in range(1, 13)]
            for year in years
        }

    @staticmethod
    def _entry(office: str, raw: date) -> DueEntry:
        due = next_open_day(office, raw)
        return raw.toordinal(), due.toordinal(), due

    def _jp_year(self, year: int) -> list[DueEntry | None]:
        table: list[DueEntry | None] = [None] * (13 * 32)
        day = date(year, 1, 1)
        while day.year == year:
            table[_md(day)] = self._entry("JP", day)
            day += timedelta(days=1)
        if table[_FEB_29] is None:
            table[_FEB_29] = table[_md(date(year, 2, 28))]
        return table


def _changes(starts: Iterable[date | None], ends: Iterable[date | None]) -> tuple[date, ...]:
    """Sorted dates on which some table changes: every ``from`` and every ``to`` + 1 day."""
    return tuple(sorted({d for d in starts if d} | {d + timedelta(days=1) for d in ends if d}))


def _inside(changes: tuple[date, ...], bucket: int) -> date:
    """A date inside ``bucket`` (bucket i runs from change i-1 to the day before change i)."""
    return changes[bucket - 1] if bucket else changes[0] - timedelta(days=1)


@cache
def _owners(pairs: tuple[tuple[str, int], ...] | None) -> tuple[Owner, ...]:
    return owners_from_percentages(list(pairs)) if pairs else SOLE_COMPANY


class _Schedules:
    """Fee amounts shared by all filings with the same (claims, owners, date bucket).

    A bucket is the span between two dates on which a fee table or reduction row changes
    (read from the data files), so any date inside it gives the same fee.
    """

    def __init__(self) -> None:
        annual = [r for r in jp_fee_rows() if r.fee == "annual"]
        exam_rows = [*jp_fee_rows(), *reduction_rows()]
        self.exam_changes = _changes(
            (r.exam_requested_from for r in exam_rows), (r.exam_requested_to for r in exam_rows)
        )
        self.paid_changes = _changes((r.valid_from for r in annual), (r.valid_to for r in annual))
        # Years on which an annual table row or an annual reduction row starts or ends: between
        # two of them every input of jp_annual_fee is the same, and so is the amount.
        year_ranges = [r.years for r in annual] + [r.years for r in reduction_rows() if r.fee == "annual"]
        self.annual_breaks = frozenset(y for years in year_ranges for y in (years.start, years.stop))
        filed = [r for r in jp_fee_rows() if r.fee == "exam_request"]
        self.filed_changes = _changes((r.valid_from for r in filed), (r.valid_to for r in filed))
        self.us_changes = _changes(
            (r.valid_from for r in us_maintenance_rows()), (r.valid_to for r in us_maintenance_rows())
        )
        self.ep_changes = _changes(
            (r.valid_from for r in ep_renewal_rows()), (r.valid_to for r in ep_renewal_rows())
        )
        self._cache: dict[tuple, object] = {}
        self._annual: dict[tuple, tuple[int, ...]] = {}

    def _memo(self, key: tuple, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def annual(self, claims: int, owners, exam_requested: date | None, paid_bucket: int) -> tuple[int, ...]:
        """The annuity of each year (index = year; years 1–3 are 0: paid at registration)."""
        exam_bucket = -1 if exam_requested is None else bisect_right(self.exam_changes, exam_requested)
        key = (claims, owners, exam_bucket, paid_bucket)
        amounts = self._annual.get(key)  # the hot path: one dict probe, no closure
        if amounts is None:
            exam_day = None if exam_bucket < 0 else _inside(self.exam_changes, exam_bucket)
            paid_on = _inside(self.paid_changes, paid_bucket)
            amounts = self._annual[key] = self._annual_years(
                claims, _owners(owners), exam_day, paid_on, self.annual_breaks
            )
        return amounts

    @staticmethod
    def _annual_years(claims: int, owners: tuple[Owner, ...], exam_day: date | None, paid_on: date, breaks):
        """Each year's annuity, computed only where a table or reduction row changes (years 4,
        7, 10, 11… with the current data) and repeated in between."""
        amounts = [0] * (_TERM_YEARS + 1)
        for year in range(_FIRST_JP_ANNUITY, _TERM_YEARS + 1):
            if year == _FIRST_JP_ANNUITY or year in breaks:
                amount = jp_annual_fee(year, claims, paid_on, exam_requested=exam_day, owners=owners).amount
            amounts[year] = amount
        return tuple(amounts)

    def exam(self, claims: int, owners, filed: date, searched_by: str = "none") -> int:
        bucket = bisect_right(self.filed_changes, filed)
        return self._memo(
            ("exam", claims, owners, bucket, searched_by),
            lambda: jp_exam_fee(
                claims, _inside(self.filed_changes, bucket), owners=_owners(owners), search_report=searched_by
            ).amount,
        )

    def us(self, stage: str, entity: str, due: date) -> Decimal:
        bucket = bisect_right(self.us_changes, due)
        return self._memo(
            ("us", stage, entity, bucket),
            lambda: us_maintenance_fee(stage, _inside(self.us_changes, bucket), entity=entity).amount,
        )

    def ep(self, year: int, due: date) -> Decimal:
        bucket = bisect_right(self.ep_changes, due)
        return self._memo(
            ("ep", year, bucket), lambda: ep_renewal_fee(year, _inside(self.ep_changes, bucket)).amount
        )


@cache
def _schedules() -> _Schedules:
    """The fee amounts every forecast of the process shares: they depend only on the fee tables,
    which :mod:`kyoso.rules.fee_tables` reads once per process, so a page's forecast does not
    recompute the few hundred annuity schedules (about a tenth of a national forecast) each time."""
    return _Schedules()


def forecast(filings: Iterable[Filing], start: date, years: int) -> Iterator[Forecast]:
    """Yield ``(ref, due, kind, amount)`` for every fee due in ``[start, start + years)``.

    The JP annuity loop is written inline (no helper generator, no per-filing closures): it runs
    for nearly every item of a 200,000-filing portfolio, and each avoided frame counts.
    """
    end = add_months(start, 12 * years)
    start_ord, end_ord, first_year, last_year = start.toordinal(), end.toordinal(), start.year, end.year
    dues, schedules = _DueDates(first_year, last_year), _schedules()
    jp, jp_by_md, paid_bucket = dues.jp, dues.jp_by_md, _paid_buckets(dues, schedules.paid_changes)
    single_bucket = paid_bucket[0] if len(set(paid_bucket.values())) == 1 else None
    annual_schedule = schedules.annual
    for ref, office, filed, registered, exam_requested, claims, owners, *variant in filings:
        if office == "JP" and registered is not None:
            # Year k is due on the anniversary in calendar year registered.year + k - 1 (PA 108(2)),
            # from year 4 while before expiry, 20 years from filing (PA 67(1)).
            expiry_year = filed.year + _TERM_YEARS
            if expiry_year < first_year:
                continue
            expiry_ord = (
                jp[expiry_year][filed.month * 32 + filed.day][0] if expiry_year <= last_year else end_ord
            )
            base_year = registered.year - 1
            if single_bucket is not None:
                amounts = annual_schedule(claims, owners, exam_requested, single_bucket)
            lo = max(first_year, base_year + _FIRST_JP_ANNUITY) - first_year
            hi = min(last_year, expiry_year) - first_year + 1
            for raw_ord, due_ord, due, year in jp_by_md[registered.month * 32 + registered.day][lo:hi]:
                if start_ord <= due_ord < end_ord and raw_ord < expiry_ord:
                    if single_bucket is None:
                        amounts = annual_schedule(claims, owners, exam_requested, paid_bucket[due_ord])
                    yield ref, due, "annuity", amounts[year - base_year]
        elif office == "JP" and exam_requested is None:
            year = filed.year + _EXAM_REQUEST_YEARS
            if first_year <= year <= last_year:
                _, due_ord, due = jp[year][_md(filed)]
                if start_ord <= due_ord < end_ord:
                    yield ref, due, "exam_request", schedules.exam(claims, owners, filed, (variant and variant[0]) or "none")
        elif office == "US" and registered is not None:
            yield from _us_maintenance(ref, registered, owners, start, end, schedules, (variant and variant[0]) or "")
        elif office == "EP" and registered is None:
            yield from _ep_renewals(
                ref, filed, (start_ord, end_ord, first_year, last_year), dues.ep, schedules
            )


#: A single fee in minor units (yen or cents) is below 2 ** FEE_BITS (¥1.1 trillion): what
#: :func:`forecast_packed` checks, so that callers can size its fields.
FEE_BITS = 40


def forecast_packed(
    filings: Iterable[Filing], start: date, years: int, *, field_bits: int, count_bits: int, year_starts: int = 4
) -> dict[object, int]:
    """The fees of :func:`forecast` per ``ref`` as one integer holding every period's sum.

    ``period`` counts years that start in month ``year_starts`` (4: the Japanese fiscal year,
    April–March) from the one containing ``start``. Period ``i`` is the field of ``field_bits``
    bits at bit ``i × field_bits``; a field holds ``amount << count_bits | count``: the period's fees in
    minor units (yen for JP, cents for US/EP, exactly) and how many fees there were (so that a
    period whose fees sum to 0 is told from one without fees). ``ref`` may be any hashable.

    Why: a portfolio report spreads each ref's sums over its payers. With one integer per ref,
    that is one multiplication per (ref, payer) – the fields are multiplied together, exactly –
    instead of one per (ref, period, payer); and EP renewals and US maintenance fees, which
    depend only on a few facts, are added once per filing rather than once per fee.

    Fields never overflow when the caller sizes them for the sums it makes: each fee is below
    ``2 ** FEE_BITS`` (else ``ValueError``) and a filing has at most ``2 × years + 4`` fees in
    the window. Fees and counts are never negative, so fields never borrow. Summing in place, at
    200,000 filings, saves what the per-fee tuples, generator resumptions and date reads of
    :func:`forecast` cost; its JP annuity loop repeats :func:`forecast`'s, and a test checks that
    both give the same sums.
    """
    end = add_months(start, 12 * years)
    start_ord, end_ord, first_year, last_year = start.toordinal(), end.toordinal(), start.year, end.year
    dues, schedules = _DueDates(first_year, last_year), _schedules()
    jp, paid_bucket = dues.jp, _paid_buckets(dues, schedules.paid_changes)
    single_bucket = paid_bucket[0] if len(set(paid_bucket.values())) == 1 else None
    annual_schedule = schedules.annual
    first_period = start.year - (start.month < year_starts)
    limit = 1 << FEE_BITS

    def period(day: date) -> int:
        return day.year - (day.month < year_starts) - first_period

    def encoded(minor) -> int:
        """One fee as a field's content (before its shift)."""
        if minor != int(minor) or not 0 <= minor < limit:
            raise ValueError(f"fee {minor} (minor units) is not a whole amount below 2 ** {FEE_BITS}")
        return int(minor) << count_bits | 1

    # As dues.jp_by_md, with the field's shift in place of the date: (raw ordinal, due ordinal, shift, year).
    by_md = [[entry and (entry[0], entry[1], period(entry[2]) * field_bits, entry[3]) for entry in row]
             for row in dues.jp_by_md]
    annual_encoded: dict[int, tuple[int, ...]] = {}  # id of a schedule's amounts (kept alive by it) → encoded
    totals: dict[object, int] = defaultdict(int)
    us_fees: dict[tuple, int] = {}
    ep_fees: dict[int, int] = {}
    ep_window = (start_ord, end_ord, first_year, last_year)
    for ref, office, filed, registered, exam_requested, claims, owners, *variant in filings:
        if office == "JP" and registered is not None:
            expiry_year = filed.year + _TERM_YEARS
            if expiry_year < first_year:
                continue
            expiry_ord = (
                jp[expiry_year][filed.month * 32 + filed.day][0] if expiry_year <= last_year else end_ord
            )
            base_year = registered.year - 1
            if single_bucket is not None:
                amounts = annual_schedule(claims, owners, exam_requested, single_bucket)
                fees = annual_encoded.get(id(amounts))
                if fees is None:
                    fees = annual_encoded[id(amounts)] = tuple(encoded(a) for a in amounts)
            lo = max(first_year, base_year + _FIRST_JP_ANNUITY) - first_year
            hi = min(last_year, expiry_year) - first_year + 1
            packed = 0
            for raw_ord, due_ord, shift, year in by_md[registered.month * 32 + registered.day][lo:hi]:
                if start_ord <= due_ord < end_ord and raw_ord < expiry_ord:
                    if single_bucket is None:
                        amounts = annual_schedule(claims, owners, exam_requested, paid_bucket[due_ord])
                        fees = annual_encoded.get(id(amounts))
                        if fees is None:
                            fees = annual_encoded[id(amounts)] = tuple(encoded(a) for a in amounts)
                    packed += fees[year - base_year] << shift
            if packed:
                totals[ref] += packed
        elif office == "JP" and exam_requested is None:
            year = filed.year + _EXAM_REQUEST_YEARS
            if first_year <= year <= last_year:
                _, due_ord, due = jp[year][_md(filed)]
                if start_ord <= due_ord < end_ord:
                    fee = schedules.exam(claims, owners, filed, (variant and variant[0]) or "none")
                    totals[ref] += encoded(fee) << period(due) * field_bits
        elif office == "US" and registered is not None:
            entity = (variant and variant[0]) or ""
            key = (registered, None if entity else owners, entity)
            packed = us_fees.get(key)
            if packed is None:
                found = _us_maintenance(ref, registered, owners, start, end, schedules, entity)
                packed = us_fees[key] = sum(encoded(amount * 100) << period(due) * field_bits
                                            for _ref, due, _kind, amount in found)
            if packed:
                totals[ref] += packed
        elif office == "EP" and registered is None:
            key = filed.year * 12 + filed.month
            packed = ep_fees.get(key)
            if packed is None:
                found = _ep_renewals(ref, filed, ep_window, dues.ep, schedules)
                packed = ep_fees[key] = sum(encoded(amount * 100) << period(due) * field_bits
                                            for _ref, due, _kind, amount in found)
            if packed:
                totals[ref] += packed
    return totals


def _us_maintenance(ref, granted, owners, start, end, schedules, entity: str = "") -> Iterator[Forecast]:
    """The maintenance fees due in the window for ``entity`` (derived from the owners if blank)."""
    entity = entity or us_entity(tuple(kind for kind, _share in owners or ())).entity
    for stage, months in _US_STAGES:
        due = next_open_day("US", add_months(granted, months))
        if start <= due < end:
            yield ref, due, "us_maintenance", schedules.us(stage, entity, due)


def _ep_renewals(ref, filed, window, ep, schedules) -> Iterator[Forecast]:
    """Year k is due at the end of the month of the (k-1)th filing anniversary (EPC R.51(1))."""
    start_ord, end_ord, first_year, last_year = window
    base_year = filed.year - 1
    last = min(last_year, base_year + _TERM_YEARS)  # year 20 is the last renewal year
    for year in range(max(first_year, base_year + _FIRST_EP_RENEWAL), last + 1):
        _, due_ord, due = ep[year][filed.month]
        if start_ord <= due_ord < end_ord:
            yield ref, due, "ep_renewal", schedules.ep(year - base_year, due)


def _paid_buckets(dues: _DueDates, changes: tuple[date, ...]) -> dict[int, int]:
    """Rolled due ordinal → JP annual-table bucket, for every due date in the window; key 0
    holds the bucket of the first one (used when the whole window falls in one bucket)."""
    ordinals = sorted({entry[1] for table in dues.jp.values() for entry in table if entry})
    bounds = [change.toordinal() for change in changes]
    buckets = {ordinal: bisect_right(bounds, ordinal) for ordinal in ordinals}
    buckets[0] = buckets[ordinals[0]]
    return buckets
