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
from kyoso.ip.services import large_licensees
from kyoso.rules import fees as rules
from kyoso.rules.owners import (
    SOLE_COMPANY,
    Owner,
    USEntity,
    owner_kind,
    split_by_shares,
    us_entity,
)

from ..choices import FEE_KINDS, DeadlineState

__all__ = [
    "FeeLine", "FeeSchedule", "Payers", "fee_schedule", "owner_kind", "payers_for", "filing_owners",
    "us_entity_note", "us_entity_of",
]

RULE_OWNERS_PRO_RATA = gettext_lazy("Owners pay pro rata to their shares (no cost rule answered)")
RULE_COST_POLICY = gettext_lazy("Consortium cost-burden rule (licensing)")


US_ENTITY_REASONS = {
    "declared": gettext_lazy("declared on the filing"),
    "licensed": gettext_lazy("licensed to a large entity (37 CFR 1.27(a)): %(names)s"),
    "owner": gettext_lazy("an owner does not qualify as a small entity: %(names)s"),
    "no_owners": gettext_lazy("no owners recorded: assumed large"),
    "qualifies": gettext_lazy("every owner qualifies and no licence goes to a large entity (37 CFR 1.27(a))"),
}


def us_entity_note(status: USEntity) -> str:
    """``US entity status: small – every owner qualifies …`` in the reader's language."""
    from kyoso.ip.choices import USEntityStatus

    reason = str(US_ENTITY_REASONS[status.why])
    if "%(names)s" in reason:
        reason = reason % {"names": ", ".join(status.names)}
    return _("US entity status: %(entity)s – %(reason)s") % {"entity": USEntityStatus(status.entity).label, "reason": reason}


def us_entity_of(filing, owners: tuple[Owner, ...] | None = None) -> USEntity:
    """The US fee status of ``filing``: as declared on it, else derived from its owners and the
    licences of its invention (37 CFR 1.27(a)), with the reason."""
    owners = owners if owners is not None else filing_owners(filing)
    invention_id = filing.family.invention_id
    return us_entity(
        tuple(o.kind for o in owners),
        large_licensees=large_licensees([invention_id]).get(invention_id, ()),
        declared=filing.us_entity,
    )


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
    if filing.office == Office.US:
        notes.append(us_entity_note(us_entity_of(filing, owners)))
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
        return rules.jp_exam_fee(filing.claims, filed, owners=owners, search_report=filing.searched_by)
    if deadline.kind == "registration_fee":
        return rules.jp_annual_fee(1, filing.claims, deadline.due, exam_requested=exam, owners=owners, through=3)
    if deadline.kind == "annuity" and deadline.year:
        return rules.jp_annual_fee(deadline.year, filing.claims, deadline.due, exam_requested=exam, owners=owners)
    if deadline.kind == "us_maintenance":
        stage = deadline.rule.removeprefix("US.maintenance_").replace("_", ".")
        return rules.us_maintenance_fee(stage, deadline.due, entity=us_entity_of(filing, owners).entity)
    if deadline.kind == "ep_renewal" and deadline.year:
        return rules.ep_renewal_fee(deadline.year, deadline.due, micro_entity=filing.ep_micro_entity)
    return None
