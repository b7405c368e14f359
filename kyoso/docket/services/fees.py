"""A filing's schedule of future official fees: when, how much, and who pays.

Amounts come from :mod:`kyoso.rules.fees` at each open fee deadline of the docket (so the dates
are the docket's, rolled to open office days). Reductions follow the *owners* (applicants) and
their kinds; who *pays* is asked of the ``fee_payers`` hook (the licensing app answers with the
consortium's cost-burden rule) and otherwise falls back to the owners pro rata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core import hooks
from kyoso.ip.choices import Office
from kyoso.rules import fees as rules
from kyoso.rules.owners import SOLE_COMPANY, Owner, split_by_shares

from ..choices import FEE_KINDS, DeadlineState

__all__ = ["FeeLine", "FeeSchedule", "Payers", "fee_schedule", "owner_kind", "payers_for", "filing_owners"]

HUNDRED = Decimal(100)
#: Owner kinds whose US entity status is "small" (35 USC 41(h); foreign universities qualify too).
US_SMALL_KINDS = frozenset({"university", "sme", "individual"})
RULE_OWNERS_PRO_RATA = gettext_lazy("Owners pay pro rata to their shares (no cost rule answered)")
RULE_COST_POLICY = gettext_lazy("Consortium cost-burden rule (licensing)")


def owner_kind(kind: str, size: str) -> str:
    """An organisation's kind and size → the owner kind of the fee reductions (reductions_jp.csv).

    Public research institutes count as universities: 試験研究機関 share the academic ½ (PA
    施行令 §10 3号); TLOs, agencies and others pay the full fee, the cautious reading.
    """
    if kind in ("university", "public_research"):
        return "university"
    if kind == "company":
        return "sme" if size == "sme" else "company"
    return "company"


def filing_owners(filing) -> tuple[Owner, ...]:
    """The rules' owners of ``filing``'s invention (kinds and exact shares)."""
    owners = [
        Owner(owner_kind(o.organisation.kind, o.organisation.size), o.share)
        for o in filing.family.invention.owners.select_related("organisation")
    ]
    return tuple(owners) or SOLE_COMPANY


@dataclass(frozen=True)
class Payers:
    """Who pays (organisation name, exact share of the fee) and the rule that decided it."""

    shares: tuple[tuple[str, Fraction], ...]
    rule: str


def payers_for(filing) -> Payers:
    """Ask the ``fee_payers`` hook; fall back to the owners pro rata."""
    answer = hooks.first("fee_payers", filing)
    if answer:
        return Payers(tuple((str(org), share) for org, share in answer), str(RULE_COST_POLICY))
    owners = filing.family.invention.owners.select_related("organisation")
    return Payers(tuple((str(o.organisation), o.share) for o in owners), str(RULE_OWNERS_PRO_RATA))


@dataclass
class FeeLine:
    due: date
    label: str
    rule: str
    amount: int | Decimal
    currency: str
    source: str
    split: list[tuple[str, int | Decimal]] = field(default_factory=list)


@dataclass
class FeeSchedule:
    lines: list[FeeLine]
    payers: Payers
    notes: list[str]

    def totals(self) -> dict[str, int | Decimal]:
        """Total per currency."""
        totals: dict[str, int | Decimal] = {}
        for line in self.lines:
            totals[line.currency] = totals.get(line.currency, 0) + line.amount
        return totals


def split_fee(amount: int | Decimal, shares: list[Fraction], currency: str) -> list[int | Decimal]:
    """``amount`` split by exact ``shares`` (totalling 1) into whole yen, or cents for other
    currencies, rounded once so the parts total the fee: the largest-remainder rule of
    :func:`kyoso.rules.owners.split_by_shares` (¥100,000 in thirds → 33,334 / 33,333 / 33,333)."""
    if currency == "JPY":
        return split_by_shares(int(amount), shares)
    cents = split_by_shares(int((Decimal(amount) * 100).to_integral_value(rounding=ROUND_DOWN)), shares)
    return [Decimal(c) / 100 for c in cents]


def fee_schedule(filing, *, today: date) -> FeeSchedule:
    """The official fees of ``filing``'s open fee deadlines from ``today`` on."""
    owners = filing_owners(filing)
    payers = payers_for(filing)
    deadlines = filing.deadlines.filter(state=DeadlineState.OPEN, kind__in=FEE_KINDS, due__gte=today, office=filing.office)
    lines, notes = [], []
    for deadline in deadlines.order_by("due", "year"):
        try:
            result = _fee(filing, deadline, owners)
        except LookupError as error:
            notes.append(_("No fee table for %(label)s: %(error)s") % {"label": deadline.title, "error": error})
            continue
        if result is None:
            continue
        line = FeeLine(deadline.due, deadline.title, deadline.rule, result.amount, result.currency, result.source)
        names = [name for name, _share in payers.shares]
        parts = split_fee(result.amount, [share for _name, share in payers.shares], result.currency) if names else []
        line.split = list(zip(names, parts, strict=True))
        lines.append(line)
    return FeeSchedule(lines, payers, notes)


def _fee(filing, deadline, owners) -> rules.FeeResult | None:
    exam = filing.exam_requested_on
    if deadline.kind == "exam_request" and filing.office == Office.JP:
        filed = filing.parent.filing_date if filing.kind == "national_phase" and filing.parent else filing.filing_date
        return rules.jp_exam_fee(filing.claims, filed, owners=owners)
    if deadline.kind == "registration_fee":
        return rules.jp_annual_fee(1, filing.claims, deadline.due, exam_requested=exam, owners=owners, through=3)
    if deadline.kind == "annuity" and deadline.year:
        return rules.jp_annual_fee(deadline.year, filing.claims, deadline.due, exam_requested=exam, owners=owners)
    if deadline.kind == "us_maintenance":
        stage = deadline.rule.removeprefix("US.maintenance_").replace("_", ".")
        entity = "small" if all(o.kind in US_SMALL_KINDS for o in owners) else "large"
        return rules.us_maintenance_fee(stage, deadline.due, entity=entity)
    if deadline.kind == "ep_renewal" and deadline.year:
        return rules.ep_renewal_fee(deadline.year, deadline.due, micro_entity=filing.ep_micro_entity)
    return None
