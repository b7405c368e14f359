"""The portfolio's official fees by fiscal year × consortium × payer × office, set-based.

Two queries read the portfolio as plain tuples (filings, and the owners of their inventions);
:func:`kyoso.rules.forecast.forecast` turns them into dated fees; the fees are summed per
(fiscal year, group) where a *group* is one (consortium, office, payers) combination, and only the
few hundred sums are split among payers at the end. Nothing per fee touches the ORM, so 200,000
filings over 20 years take about as long as reading them (``python -m kyoso.docket.bench``).

The forecast reads the filings' facts, not the docket rows: a fee paid early still shows until
the filing's dates say so (e.g. its registration), like the office's own projection would.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from kyoso.core import hooks
from kyoso.ip.choices import FilingKind, FilingStatusGroups
from kyoso.ip.models import Filing, InventionOwner
from kyoso.rules.forecast import forecast

from .fees import owner_kind

__all__ = ["ForecastRow", "read_portfolio", "portfolio_forecast", "CURRENCY", "fiscal_year"]

FORECAST_OFFICES = ("JP", "US", "EP")
CURRENCY = {"JP": "JPY", "US": "USD", "EP": "EUR"}
HUNDRED = Decimal(100)
_FY_SLOTS = 64  # fiscal years per group in the packed integer key (a forecast spans < 64 years)


def fiscal_year(day: date) -> int:
    """Japanese fiscal year (April–March) of ``day``: 2026-03-31 → FY2025."""
    return day.year - (day.month < 4)


@dataclass(frozen=True)
class ForecastRow:
    fiscal_year: int
    consortium: str
    payer: str
    office: str
    currency: str
    amount: int | Decimal


@dataclass
class Portfolio:
    """What :func:`read_portfolio` read: filing tuples and each invention's owners."""

    filings: list[tuple]
    owners: dict[int, tuple[tuple[int, str, str, Decimal], ...]]  # invention → (org id, kind, size, share)


def read_portfolio(filings=None) -> Portfolio:
    """The live JP/US/EP filings of ``filings`` (a queryset, default all) and their owners."""
    queryset = (filings if filings is not None else Filing.objects.all()).filter(
        office__in=FORECAST_OFFICES, status__in=FilingStatusGroups.LIVE
    )
    rows = list(queryset.order_by().values_list(
        "pk", "office", "kind", "filing_date", "parent__filing_date", "registered_on", "exam_requested_on", "claims",
        "family__invention_id", "family__invention__consortium_id",
    ))
    owners: dict[int, list] = defaultdict(list)
    owner_rows = InventionOwner.objects.order_by().values_list(
        "invention_id", "organisation_id", "organisation__kind", "organisation__size", "share"
    )
    if filings is not None:
        owner_rows = owner_rows.filter(invention__in=queryset.values("family__invention"))
    for invention_id, org_id, kind, size, share in owner_rows:
        owners[invention_id].append((org_id, kind, size, share))
    return Portfolio(rows, {k: tuple(v) for k, v in owners.items()})


def _hook_payers(portfolio: Portfolio) -> dict[int, tuple[tuple[str, Decimal], ...]]:
    """Per invention, the ``fee_payers`` hook's answer (one call per invention, not per fee)."""
    answers = {}
    seen = {}
    for filing_id, *_rest, invention_id, _consortium in portfolio.filings:
        seen.setdefault(invention_id, filing_id)
    for filing in Filing.objects.filter(pk__in=seen.values()).select_related("family__invention"):
        answer = hooks.first("fee_payers", filing)
        if answer:
            answers[filing.family.invention_id] = tuple((f"org:{org.pk}", Decimal(share)) for org, share in answer)
    return answers


def portfolio_forecast(portfolio: Portfolio, start: date, years: int, *, ask_payers: bool = False) -> list[ForecastRow]:
    """Fees due in ``[start, start + years)`` summed by fiscal year × consortium × payer × office.

    ``ask_payers`` asks the ``fee_payers`` hook per invention (the cost-burden rule); without it
    (and for inventions the hook does not answer) the owners pay pro rata to their shares.
    """
    hook_payers = _hook_payers(portfolio) if ask_payers else {}
    groups: dict[tuple, int] = {}
    inputs = []
    for _pk, office, kind, filed, parent_filed, registered, exam, claims, invention_id, consortium_id in portfolio.filings:
        if filed is None:
            continue
        owners = portfolio.owners.get(invention_id, ())
        # A national phase counts its term, exam period and EP years from the PCT filing date.
        if kind == FilingKind.NATIONAL_PHASE and parent_filed is not None:
            filed = parent_filed
        rule_owners = tuple(sorted((owner_kind(k, s), share) for _o, k, s, share in owners)) or None
        payers = hook_payers.get(invention_id) or tuple((f"org:{org}", share) for org, _k, _s, share in owners)
        group = groups.setdefault((consortium_id, office, payers), len(groups))
        inputs.append((group * _FY_SLOTS, office, filed, registered, exam, claims, rule_owners))
    first_fy = fiscal_year(start)
    totals: dict[int, int | Decimal] = defaultdict(int)
    # The hot loop: one integer key per fee (group and fiscal year packed), no tuples, no ORM.
    for ref, due, _kind, amount in forecast(inputs, start, years):
        totals[ref + due.year - (due.month < 4) - first_fy] += amount
    return _split(totals, groups, first_fy)


def _split(totals, groups, first_fy) -> list[ForecastRow]:
    """Spread each (fiscal year, group) sum over the group's payers, and name things."""
    from kyoso.consortia.models import Consortium
    from kyoso.parties.models import Organisation

    by_id = {index: key for key, index in groups.items()}
    consortium_ids = {key[0] for key in groups if key[0]}
    org_ids = {int(p[4:]) for key in groups for p, _s in key[2]}
    consortia = dict(Consortium.objects.filter(pk__in=consortium_ids).values_list("pk", "name"))
    orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    summed: dict[tuple, int | Decimal] = defaultdict(int)
    for packed, amount in totals.items():
        consortium_id, office, payers = by_id[packed // _FY_SLOTS]
        fy = first_fy + packed % _FY_SLOTS
        currency = CURRENCY[office]
        consortium = consortia.get(consortium_id, _("(no consortium)"))
        for payer, share in payers or (("", HUNDRED),):
            name = orgs.get(int(payer[4:]), payer) if payer else _("(no owner recorded)")
            summed[(fy, consortium, name, office, currency)] += Decimal(amount) * share / HUNDRED
    return sorted(
        (ForecastRow(*key, _round(amount, key[4])) for key, amount in summed.items()),
        key=lambda r: (r.fiscal_year, r.consortium, r.payer, r.office),
    )


def _round(amount, currency: str) -> int | Decimal:
    value = Decimal(amount)
    if currency == "JPY":
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
