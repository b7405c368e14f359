"""Recording patent costs: checked against the funding-source rules, paid out of the fund.

Every cost is checked by :func:`check_cost`; an ineligible source is refused with the reasons
(translated from the rule's reason codes). A saved cost posts its payment to the ledger; a change
to the money reverses that payment and posts the corrected one (the ledger stays append-only).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core.services import ensure_may_change, save_object
from kyoso.rules.fiscal import fiscal_year_of
from kyoso.rules.funding import Eligibility, Reason, check_source

from ..choices import EntryKind, Programme, Source
from ..models import Cost, LedgerEntry
from .ledger import post, reverse_entry

__all__ = ["check_cost", "save_cost", "reason_text", "explain"]

# Reason codes of kyoso.rules.funding → the sentence a page shows.
REASONS = {
    "rule": gettext_lazy("Rule %(rule)s applies (programme: %(programme)s)."),
    "programme_excludes": gettext_lazy("This programme does not let its direct costs pay patent costs; "
                                       "pay from indirect costs or the IP fund."),
    "no_project": gettext_lazy("Direct costs need the funded project they come from."),
    "no_contract_period": gettext_lazy("The project's contract period is not known."),
    "no_payment_date": gettext_lazy("The payment date is not known."),
    "paid_during_contract": gettext_lazy("Paid on %(paid_on)s, within the contract (%(start)s – %(end)s)."),
    "paid_outside_contract": gettext_lazy("Paid on %(paid_on)s, outside the contract (%(start)s – %(end)s)."),
    "grant_within_contract": gettext_lazy("Grant expected on %(expected_grant)s, by the contract end %(end)s."),
    "grant_after_contract": gettext_lazy("Grant expected on %(expected_grant)s, after the contract end %(end)s."),
    "grant_date_unknown": gettext_lazy("No expected grant date: it must fall by the contract end %(end)s."),
    "use_other_source": gettext_lazy("Pay it from indirect costs or the IP fund instead."),
}


def reason_text(reason: Reason) -> str:
    params = reason.as_dict()
    if "programme" in params:
        params["programme"] = str(dict(Programme.choices).get(params["programme"], params["programme"]))
    template = REASONS.get(reason.code)
    return str(template) % params if template else reason.code


def explain(eligibility: Eligibility) -> list[str]:
    return [reason_text(r) for r in eligibility.reasons]


def check_cost(cost: Cost) -> Eligibility:
    """May the cost's source pay it? (Programme and contract from its funded project.)"""
    grant = cost.grant if cost.grant_id else None
    return check_source(
        cost.source, cost=cost.kind, programme=grant.programme if grant else None, paid_on=cost.paid_on,
        contract=(grant.start, grant.end) if grant else None, expected_grant=cost.expected_grant_on,
    )


def _payment(cost: Cost) -> LedgerEntry:
    return LedgerEntry(
        consortium_id=cost.consortium_id, fiscal_year=cost.fiscal_year, booked_on=cost.paid_on, kind=EntryKind.PAYMENT,
        source=cost.source, amount=-cost.amount, cost=cost, grant_id=cost.grant_id,
        organisation_id=cost.payer_id if cost.source == Source.CO_OWNER else None,
        description=(f"{cost.get_kind_display()} {cost.invoice_number} {cost.vendor}").strip()[:300],
    )


@transaction.atomic
def save_cost(cost: Cost, *, user) -> Cost:
    """Check the source, save the cost, and post (or correct) its payment in the ledger."""
    ensure_may_change(cost, user=user)
    if cost.invention_id:
        cost.consortium_id = cost.invention.consortium_id
    if cost.paid_on:
        cost.fiscal_year = fiscal_year_of(cost.paid_on)
    eligibility = check_cost(cost) if cost.source else None
    if eligibility is not None:
        cost.eligibility = {"allowed": eligibility.allowed, "rule": eligibility.rule, "status": eligibility.status,
                            "reference": eligibility.reference, "source": eligibility.source,
                            "reasons": explain(eligibility)}
        if not eligibility.allowed:
            raise ValidationError({"source": [_("This source may not pay this cost.")] + explain(eligibility)})
    save_object(cost, user=user, exclude_validation=())
    live = LedgerEntry.objects.filter(cost=cost, reverses__isnull=True, reversed_by__isnull=True).first()
    wanted = _payment(cost)
    same = live is not None and all(getattr(live, f) == getattr(wanted, f) for f in (
        "amount", "source", "fiscal_year", "consortium_id", "grant_id", "organisation_id"))
    if not same:
        if live is not None:
            reverse_entry(live, user=user, reason=_("cost %(cost)s changed") % {"cost": cost.pk}, check_scope=False)
        post(wanted, user=user, check_scope=False)
    return cost
