"""The portfolio's official fees by fiscal year × consortium × payer × office, set-based.

Two queries read the portfolio as plain tuples (filings, and the owners of their inventions);
:func:`kyoso.rules.forecast.forecast_packed` sums their fees per *group* – one (consortium, office,
payers) combination – holding all fiscal years of a group in one integer, and each group's sums are
split among its payers at the end, one multiplication per payer for all the years at once. Nothing
per fee touches the ORM, so 200,000 filings over 20 years take less than reading them
(``python -m kyoso.docket.bench``).

The forecast reads the filings' facts, not the docket rows: a fee paid early still shows until
the filing's dates say so (e.g. its registration), like the office's own projection would.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext as _

from kyoso.core import hooks
from kyoso.core.collector import collector_paused
from kyoso.core.formatting import in_language
from kyoso.ip.choices import FilingKind, FilingStatusGroups, SearchedBy
from kyoso.ip.models import Filing, InventionOwner
from kyoso.ip.services import large_licensees
from kyoso.rules.fees import ep_micro_entity_amount
from kyoso.rules.fiscal import fiscal_year_of
from kyoso.rules.forecast import FEE_BITS, forecast_packed
from kyoso.rules.owners import owner_kind, us_entity

__all__ = ["ForecastRow", "read_portfolio", "portfolio_forecast", "forecast_for", "CURRENCY"]

FORECAST_OFFICES = ("JP", "US", "EP")
CURRENCY = {"JP": "JPY", "US": "USD", "EP": "EUR"}


class ForecastRow(NamedTuple):
    """One sum of the forecast (a tuple: tens of thousands are made and sorted per page)."""

    fiscal_year: int
    consortium: str
    payer: str
    office: str
    currency: str
    amount: int | Decimal


@dataclass
class Portfolio:
    """What :func:`read_portfolio` read: filing tuples (the last five: invention id, consortium id,
    the research class of the invention's agreement, who searched and the declared US entity
    status) and each invention's owners."""

    filings: list[tuple]
    owners: dict[int, tuple[tuple[int, str, str, int | Fraction], ...]]  # invention → (org id, kind, size, share %)
    #: filing id → the kernel's fee variant: who searched (JP), the entity status (US); absent = default
    variants: dict[int, str] = field(default_factory=dict)


def _percent(share: Fraction) -> int | Fraction:
    """An exact share as a percentage; whole percentages as ints (hashed and multiplied many
    times, far cheaper than Fractions), ⅓ as ``Fraction(100, 3)``."""
    percent = share * 100
    return percent.numerator if percent.denominator == 1 else percent


@collector_paused()  # 300,000 tuples kept: the collector's walks would find nothing to free
def read_portfolio(filings=None) -> Portfolio:
    """The live JP/US/EP filings of ``filings`` (a queryset, default all) and their owners."""
    from kyoso.parties.models import Organisation

    queryset = (filings if filings is not None else Filing.objects.all()).filter(
        office__in=FORECAST_OFFICES, status__in=FilingStatusGroups.LIVE
    )
    rows = _filing_rows(queryset.order_by().values_list(
        "pk", "office", "kind", "filing_date", "parent__filing_date", "registered_on", "exam_requested_on", "claims",
        "ep_micro_entity", "family__invention_id", "family__invention__consortium_id",
        "family__invention__agreement__research_class", "searched_by", "us_entity",
    ))
    owners: dict[int, list] = defaultdict(list)
    owner_rows = InventionOwner.objects.order_by().values_list(
        "invention_id", "organisation_id", "share_numerator", "share_denominator",
    )
    if filings is not None:
        owner_rows = owner_rows.filter(invention__in=queryset.values("family__invention"))
    # Plain columns (no join per owner row); the organisations' kind and size, and each distinct
    # share, are looked up once: a national portfolio has 170,000 owners of a few hundred organisations.
    organisations = {pk: (pk, kind, size) for pk, kind, size in Organisation.objects.values_list("pk", "kind", "size")}
    percents: dict[tuple[int, int], int | Fraction] = {}
    for invention_id, org_id, numerator, denominator in owner_rows:
        percent = percents.get((numerator, denominator))
        if percent is None:
            percent = percents[numerator, denominator] = _percent(Fraction(numerator, denominator))
        owners[invention_id].append((*organisations[org_id], percent))
    owners = {k: tuple(v) for k, v in owners.items()}
    # Who searched and the declared entity status come with the filings (no second read of them).
    variants = _variants(((row[0], row[1], row[12], row[13], row[9]) for row in rows
                          if row[1] == "US" or (row[1] == "JP" and row[12] != SearchedBy.NONE)), owners)
    return Portfolio(rows, owners, variants)


def _filing_rows(values) -> list[tuple]:
    """The rows of :func:`read_portfolio`'s ``values`` query.

    On SQLite the statement is run as it is: the driver already turns the date and flag columns
    into dates and booleans (the connection's declared-type converters), so Django's own
    converters, called again for every column of every row, only cost time (a quarter of the read
    at 125,000 filings); the rows are the same. Elsewhere the queryset is read as usual.
    """
    connection = connections[values.db]
    if connection.vendor != "sqlite":
        return list(values)
    try:
        sql, params = values.query.get_compiler(values.db).as_sql()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fee_variants(queryset, owners) -> dict[int, str]:
    """Filing id → who searched (JP filings with a search report) or the entity status (US
    filings: as declared, else derived from the owners' kinds and the licences in force)."""
    return _variants(queryset.filter(Q(office="JP") & ~Q(searched_by=SearchedBy.NONE) | Q(office="US")).order_by().values_list(
        "pk", "office", "searched_by", "us_entity", "family__invention_id"), owners)


def _variants(rows, owners) -> dict[int, str]:
    """:func:`fee_variants` of ``(filing id, office, searched by, declared entity, invention id)``
    rows of JP filings with a search report and of US filings."""
    variants: dict[int, str] = {}
    us_rows = []
    for pk, office, searched_by, declared, invention_id in rows:
        if office == "JP":
            variants[pk] = searched_by
        else:
            us_rows.append((pk, declared, invention_id))
    licensed = large_licensees({invention_id for _pk, declared, invention_id in us_rows if not declared})
    entities: dict[tuple, str] = {}  # a few owner kinds, licensees and declarations among 30,000 US filings
    for pk, declared, invention_id in us_rows:
        kinds = tuple([owner_kind(kind, size) for _org, kind, size, _share in owners.get(invention_id, ())])
        key = (kinds, licensed.get(invention_id, ()), declared)
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = us_entity(kinds, large_licensees=key[1], declared=declared).entity
        variants[pk] = entity
    return variants


def _hook_payers(portfolio: Portfolio) -> dict[int, tuple[tuple[int, int | Fraction], ...]]:
    """Per invention, who pays its fees: the ``fee_payers_of`` hook, asked once for the whole
    portfolio (the cost rules are read per consortium, never per invention)."""
    owners, no_owners = portfolio.owners, ()
    facts = {row[9]: (row[10], row[11], owners.get(row[9], no_owners)) for row in portfolio.filings}
    # Already ((organisation id, exact share %), …) per invention: used as it is.
    return hooks.first("fee_payers_of", facts) or {}


def forecast_for(user, *, start: date, years: int, consortium: int | None = None) -> list[ForecastRow]:
    """The fee forecast ``user`` may see: what the fee-forecast page shows and ``make bench`` measures.

    The live filings of ``Filing.objects.counted_for(user)`` (of one consortium when ``consortium`` is
    an id), read in two queries (:func:`read_portfolio`), who pays asked once for all of them
    (``fee_payers_of``: the consortia's cost rules), and :func:`portfolio_forecast` over them. The
    number of queries does not grow with the portfolio.
    """
    filings = Filing.objects.counted_for(user)
    if consortium is not None:
        filings = filings.filter(family__invention__consortium_id=consortium)
    return portfolio_forecast(read_portfolio(filings), start, years, ask_payers=True)


class _Interned(dict):
    """Equal keys → one small integer, so hot loops hash ints instead of nested tuples."""

    def id(self, key) -> int:
        found = self.get(key)
        if found is None:
            found = self[key] = len(self)
        return found


def _per_invention(portfolio: Portfolio, hook_payers, payer_sets: _Interned) -> dict[int, tuple]:
    """Once per invention: the owners as the fee rules see them, and the id of its payer set."""
    kinds_of: dict[tuple, tuple | None] = {}  # (kind, size, share)… → the rules' owners, one object per mix
    derived = {}
    for invention_id, owners in portfolio.owners.items():
        facts = tuple([(kind, size, share) for _org, kind, size, share in owners])
        rule_owners = kinds_of.get(facts, False)
        if rule_owners is False:
            rule_owners = kinds_of[facts] = tuple(sorted((owner_kind(k, s), share) for k, s, share in facts)) or None
        payers = hook_payers.get(invention_id) or tuple([(org, share) for org, _kind, _size, share in owners])
        derived[invention_id] = (rule_owners, payer_sets.id(payers))
    return derived


@collector_paused()  # as read_portfolio: tens of thousands of payer sets, groups and rows, no cycles
def portfolio_forecast(portfolio: Portfolio, start: date, years: int, *, ask_payers: bool = False) -> list[ForecastRow]:
    """Fees due in ``[start, start + years)`` summed by fiscal year × consortium × payer × office.

    ``ask_payers`` asks the ``fee_payers_of`` hook (the cost-burden rule) once; without it
    (and for inventions the hook does not answer) the owners pay pro rata to their shares.
    """
    payer_sets, groups = _Interned(), _Interned()
    derived = _per_invention(portfolio, _hook_payers(portfolio) if ask_payers else {}, payer_sets)
    no_owner = (None, payer_sets.id(()))
    group_of, national_phase, variant_of, divisional = groups.get, FilingKind.NATIONAL_PHASE, portfolio.variants.get, FilingKind.DIVISIONAL
    inputs = []
    for pk, office, kind, filed, parent_filed, registered, exam, claims, micro, invention_id, consortium_id, *_rest in portfolio.filings:
        if filed is None:
            continue
        # A national phase counts its term, exam period and EP years from the PCT filing date.
        if kind == national_phase and parent_filed is not None:
            filed = parent_filed
        # A divisional is deemed filed on its parent's date (PA §44(2), EPC Art. 76(1)): its EP
        # renewal years and its JP term count from it. A pending JP divisional keeps its own date:
        # its examination request falls due 30 days after it at the earliest (PA §48-3(2)).
        elif kind == divisional and parent_filed is not None and (office == "EP" or registered is not None):
            filed = parent_filed
        rule_owners, payer_set = derived.get(invention_id, no_owner)
        # EP micro-entities pay 70 % of the same fees: a group of their own, reduced in _split.
        key = (consortium_id, office, payer_set, micro and office == "EP")
        group = group_of(key)
        if group is None:
            group = groups[key] = len(groups)
        inputs.append((group, office, filed, registered, exam, claims, rule_owners, variant_of(pk, "")))
    layout = _Layout(len(inputs), years, payer_sets)
    # Every fiscal year of a group in one integer (see forecast_packed): summed inside the kernel.
    packed = forecast_packed(inputs, start, years, field_bits=layout.field_bits, count_bits=layout.count_bits,
                             year_starts=4)
    return _split(packed, groups, payer_sets, layout, fiscal_year_of(start), years)


class _Layout:
    """The fields of :func:`~kyoso.rules.forecast.forecast_packed`'s integers, wide enough that
    no sum overflows even after it is multiplied by a payer's scaled share and added up per payer.

    Shares % are scaled by the common denominator of all of them (3 when the owners hold thirds),
    so each is an integer out of ``whole``. A field holds ``amount << count_bits | count``; over a
    payer's row the count part adds up to at most ``filings × fees per filing × whole`` and the
    amount part to that many fees below ``2 ** FEE_BITS`` each.
    """

    def __init__(self, filings: int, years: int, payer_sets) -> None:
        # A few distinct share values (50, 30, 100/3 …) among tens of thousands of payer sets.
        shares = {share for payers in payer_sets for _org, share in payers} | {100}
        scale = math.lcm(*(Fraction(share).denominator for share in shares))
        self.scaled = {share: int(share * scale) for share in shares}  # exact: scale is a multiple of every denominator
        self.whole = 100 * scale  # a payer's scaled share over this is its exact fraction of the fee
        most = max(filings, 1) * (2 * years + 4) * self.whole  # fees of a field × the largest multiplier
        self.count_bits = most.bit_length() + 1
        self.field_bits = self.count_bits + most.bit_length() + FEE_BITS + 1
        self.field_mask = (1 << self.field_bits) - 1
        self.count_mask = (1 << self.count_bits) - 1
        # The count part of every field: what a payer of a 0 % share adds (a row, of 0).
        self.counts = sum(self.count_mask << (i * self.field_bits) for i in range(max(years, 0) + 1))

    def fields(self, packed: int):
        """``(period, amount, count)`` of each non-empty field of ``packed``."""
        period, field_bits, field_mask, count_bits, count_mask = 0, self.field_bits, self.field_mask, self.count_bits, self.count_mask
        while packed:
            field = packed & field_mask
            if field:
                yield period, field >> count_bits, field & count_mask
            packed >>= field_bits
            period += 1

    def pack(self, fields) -> int:
        return sum((amount << self.count_bits | count) << (period * self.field_bits) for period, amount, count in fields)


def _micro(packed: int, layout: _Layout) -> int:
    """An EP micro-entity group's sums reduced (70 %) per fiscal year, as the rule rounds them."""
    return layout.pack((period, int(ep_micro_entity_amount(Decimal(cents) / 100) * 100), count)
                       for period, cents, count in layout.fields(packed))


def _split(packed, groups: _Interned, payer_sets: _Interned, layout: _Layout, first_fy: int, years: int) -> list[ForecastRow]:
    """Spread each group's sums over its payers, then name things.

    Sums are kept as exact amounts (yen or cents × each payer's exact share) and rounded once per
    row, half up: a payer's third of ¥100,000 is ¥33,333 in every row it appears in. Exactly, in
    integers: each payer's scaled share (see :class:`_Layout`) multiplies all the fiscal years of
    a group at once (one integer product and sum per group and payer, 100,000 at national scale
    rather than one per group, year and payer); the division happens once per row, at the end.
    """
    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Organisation

    nobody = ((None, 100),)  # no payer recorded: the whole fee in one row
    scaled, whole, counts = layout.scaled, layout.whole, layout.counts
    sets = [()] * len(payer_sets)
    for payers, index in payer_sets.items():
        sets[index] = payers or nobody
    slots = _Interned()  # (consortium, payer, office) → an int
    summed: dict[int, int] = defaultdict(int)
    for (consortium_id, office, payer_set, micro), group in groups.items():
        amounts = packed.get(group)
        if not amounts:
            continue
        if micro:
            amounts = _micro(amounts, layout)  # every EP fee is a multiple of 5 euros: exact to the cent
        for org, share in sets[payer_set]:
            multiplier = scaled[share]
            summed[slots.id((consortium_id, org, office))] += amounts * multiplier if multiplier else amounts & counts
    keys = {index: key for key, index in slots.items()}
    consortia = {pk: in_language(name, name_ja) for pk, name, name_ja in
                 Consortium.objects.filter(pk__in={k[0] for k in keys.values()}).values_list("pk", "name", "name_ja")}
    orgs = {pk: in_language(name, name_ja) for pk, name, name_ja in
            Organisation.objects.filter(pk__in={k[1] for k in keys.values()}).values_list("pk", "name", "name_ja")}
    no_consortium, no_owner = _("(no consortium)"), _("(no owner recorded)")
    # Each row slot named once, and its rows made in order of (consortium, payer, office) within
    # each fiscal year: the order a sort of the rows gives, but for ties between equal names.
    named = {}
    for slot, (consortium_id, org, office) in keys.items():
        named[slot] = (consortia.get(consortium_id, no_consortium), orgs.get(org, no_owner), office, CURRENCY[office])
    by_year: list[list] = [[] for _ in range(max(years, 0) + 1)]
    new_row = tuple.__new__  # ForecastRow(…) without its keyword-handling constructor, 100,000 times
    double_whole, field_bits, field_mask, count_bits = 2 * whole, layout.field_bits, layout.field_mask, layout.count_bits
    for slot in sorted(named, key=named.__getitem__):
        name = named[slot]
        yen = name[2] == "JP"
        packed, period = summed[slot], 0
        while packed:  # each fiscal year's field (layout.fields, inline: 100,000 of them)
            field = packed & field_mask
            if field:
                # Whole yen, or cents as a currency amount: value / whole rounded half up, once.
                minor = (2 * (field >> count_bits) + whole) // double_whole
                amount = minor if yen else Decimal(minor // 100) if minor % 100 == 0 else Decimal(minor) / 100
                by_year[period].append(new_row(ForecastRow, (first_fy + period, *name, amount)))
            packed >>= field_bits
            period += 1
    rows = [row for year in by_year for row in year]
    if len(set(named.values())) < len(named):
        # Two row slots of the same names (e.g. two organisations called alike): a sort of the rows
        # puts such ties in order of amount. Without ties the rows are already in order.
        rows.sort()
    return rows
