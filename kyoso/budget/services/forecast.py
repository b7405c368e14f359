"""The official fees ahead, in yen, and the part of them the IP fund bears.

Only live rights are forecast (``FilingStatusGroups.LIVE``): an abandoned right owes nothing. The
fees come from the set-based kernel :func:`kyoso.rules.forecast.forecast` over ``values_list``
tuples.

Who bears a fee is asked through the ``fee_payers_of`` hook (licensing's cost-burden policy, read
once per consortium — never a query per invention): companies
named there pay their part directly; the rest — the universities' part, or everything when no
organisation is named (the fund or an agreement decides) — is the fund's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from kyoso.core import hooks
from kyoso.ip.choices import FilingStatusGroups
from kyoso.ip.models import Filing, InventionOwner
from kyoso.ip.services import large_licensees
from kyoso.parties.choices import OrganisationKind
from kyoso.rules.fees import ep_micro_entity_amount
from kyoso.rules.fiscal import fiscal_year_of
from kyoso.rules.forecast import forecast
from kyoso.rules.funding import to_yen
from kyoso.rules.owners import owner_kind, us_entity

__all__ = ["ForecastRow", "forecast_rows", "fund_shares", "owner_pairs"]

_CURRENCY = {"US": "USD", "EP": "EUR"}


@dataclass(frozen=True, slots=True)
class ForecastRow:
    """One fee due: on which filing, when, what, the yen amount and the fund's part of it."""

    filing_id: int
    invention_id: int
    office: str
    due: date
    kind: str
    amount: int
    fund_amount: int

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.due)


def owner_pairs(invention_ids) -> dict[int, tuple[tuple[str, Fraction], ...]]:
    """``invention id → ((owner kind, share %), …)`` for the fee kernel, in one query; the
    percentage exact (⅓ is ``Fraction(100, 3)``)."""
    return {k: tuple(sorted((owner_kind(kind, size), share) for _org, kind, size, share in v))
            for k, v in _owners(InventionOwner.objects.filter(invention_id__in=invention_ids)).items()}


def _owners(owner_rows) -> dict[int, list[tuple[int, str, str, Fraction]]]:
    """``invention id → [(organisation id, kind, size, exact share %), …]`` from ``InventionOwner`` rows."""
    owners: dict[int, list] = defaultdict(list)
    for invention_id, org, kind, size, numerator, denominator in owner_rows.order_by().values_list(
            "invention_id", "organisation_id", "organisation__kind", "organisation__size", "share_numerator",
            "share_denominator"):
        owners[invention_id].append((org, kind, size, Fraction(numerator * 100, denominator)))
    return owners


def _fund_fractions(inventions: dict[int, tuple], owners: dict[int, list]) -> dict[int, Fraction]:
    """``invention id → the fund's exact fraction (0–1)``: what the companies named by ``fee_payers_of`` do not pay.

    ``inventions`` maps an id to ``(consortium id, research class)``. One hook call for all of them.
    """
    facts = {pk: (consortium_id, research, tuple(owners.get(pk, ()))) for pk, (consortium_id, research) in inventions.items()}
    payers = hooks.first("fee_payers_of", facts) or {}
    kind_of = {org: kind for rows in owners.values() for org, kind, _size, _share in rows}
    shares: dict[int, Fraction] = {}
    for pk in inventions:
        named = payers.get(pk)
        if named is None:
            shares[pk] = Fraction(1)
            continue
        companies = sum((Fraction(share) for org, share in named if kind_of.get(org) == OrganisationKind.COMPANY), Fraction(0))
        shares[pk] = max(Fraction(0), (100 - companies) / 100)
    return shares


def fund_shares(filings) -> dict[int, Fraction]:
    """``invention id → the fund's exact fraction (0–1) of its fees`` for the inventions of ``filings``
    (a Filing queryset), in three queries whatever their number (``fee_payers_of``: per consortium)."""
    inventions = {pk: (consortium_id, research) for pk, consortium_id, research in filings.order_by().values_list(
        "family__invention_id", "family__invention__consortium_id", "family__invention__agreement__research_class")}
    owners = _owners(InventionOwner.objects.filter(invention__in=filings.order_by().values("family__invention")))
    return _fund_fractions(inventions, owners)


def forecast_rows(filings, start: date, years: int) -> list[ForecastRow]:
    """Every fee due on the live ``filings`` (a Filing queryset) in ``[start, start + years)``."""
    live = filings.filter(status__in=FilingStatusGroups.LIVE, office__in=("JP", "US", "EP"))
    facts = list(live.order_by().values_list(
        "pk", "office", "filing_date", "registered_on", "exam_requested_on", "claims", "family__invention_id", "kind",
        "parent__filing_date", "ep_micro_entity", "family__invention__consortium_id",
        "family__invention__agreement__research_class", "searched_by", "us_entity"))
    if not facts:
        return []
    # The owners of the same inventions, read once through the same filter (never an IN list of ids).
    owner_rows = _owners(InventionOwner.objects.filter(invention__in=live.order_by().values("family__invention")))
    owners = {pk: tuple(sorted((owner_kind(kind, size), share) for _org, kind, size, share in rows))
              for pk, rows in owner_rows.items()}
    invention_of = {f[0]: f[6] for f in facts}
    office_of = {f[0]: f[1] for f in facts}
    shares = _fund_fractions({f[6]: (f[10], f[11]) for f in facts}, owner_rows)
    micro = {f[0] for f in facts if f[9] and f[1] == "EP"}
    answered = ((ref, due, kind, ep_micro_entity_amount(amount) if ref in micro else amount,
                 "JPY" if isinstance(amount, int) else _CURRENCY[office_of[ref]])
                for ref, due, kind, amount in forecast(_kernel_tuples(facts, owners), start, years))
    rows = []
    for ref, due, kind, amount, currency in answered:
        yen = to_yen(amount, currency)
        share = shares.get(invention_of[ref], Fraction(1))
        rows.append(ForecastRow(ref, invention_of[ref], office_of[ref], due, kind, yen, int(yen * share)))
    return rows


def _kernel_tuples(facts, owners):
    """The kernel's filing tuples, with who searched (JP) or the entity status (US) as the fee variant."""
    licensed = large_licensees({f[6] for f in facts if f[1] == "US" and not f[13]})
    for pk, office, filed, registered, exam, claims, invention_id, kind, parent_filed, *_rest, searched_by, declared in facts:
        if filed is None:
            continue
        # A national phase runs its term (and EP its renewal years) from the international filing date.
        base = parent_filed if kind == "national_phase" and parent_filed else filed
        pairs = owners.get(invention_id) or None
        variant = searched_by if office == "JP" else ""
        if office == "US":
            kinds = tuple(kind for kind, _share in pairs or ())
            variant = us_entity(kinds, large_licensees=licensed.get(invention_id, ()), declared=declared).entity
        yield pk, office, base, registered, exam, claims, pairs, variant


def filings_of(consortium):
    """The consortium's filings (unscoped: callers decide who may see the sums)."""
    return Filing.objects.filter(family__invention__consortium=consortium)
