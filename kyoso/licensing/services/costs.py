"""Who pays a filing's official fees (cost-burden rules), for the docket and the fee schedule.

``payer_for(filing)`` reads the consortium's cost policy (the active policy marked
``governs_costs``) and the filing's facts — cooperative or individual research (from the
invention's agreement) and whether a company co-owns it — and returns the bearer, the rule that
decided and the organisations that pay with their shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from kyoso.agreements.choices import ResearchClass
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.models import Organisation
from kyoso.rules.policy import Filing as FilingFacts
from kyoso.rules.policy import cost_burden

from ..models import LicensingPolicy

__all__ = ["Payer", "PayerDecision", "payer_for", "fee_payers", "cost_policy"]

@dataclass(frozen=True)
class Payer:
    """An organisation that pays a filing's fees and its exact share of them (1/3, not 33.33 %)."""

    organisation: Organisation
    share: Fraction  # of the fee this organisation pays


@dataclass(frozen=True)
class PayerDecision:
    """The bearer (``co_owner_company``, ``owner``, ``ip_fund``, ``per_individual_agreement``),
    the deciding rule, why, and who pays how much (empty when a fund or an agreement decides)."""

    bearer: str
    rule: str
    explanation: tuple[str, ...]
    payers: tuple[Payer, ...] = field(default_factory=tuple)
    policy: str = ""


def cost_policy(consortium_id: int | None) -> LicensingPolicy | None:
    if consortium_id is None:
        return None
    return (LicensingPolicy.objects.filter(consortium_id=consortium_id, active=True, governs_costs=True)
            .order_by("-effective_from", "-version").first())


def payer_for(filing, cost: str = "filing") -> PayerDecision:
    """Who pays ``filing``'s official fees (``cost``: ``filing`` or ``maintenance``)."""
    invention = filing.family.invention
    owners = list(invention.owners.select_related("organisation"))
    policy = cost_policy(invention.consortium_id)
    if policy is None:
        return PayerDecision("owner", "", (_("No consortium cost policy: the owners pay pro rata to their shares."),),
                             _pro_rata(owners))
    companies = [o for o in owners if o.organisation.kind == OrganisationKind.COMPANY]
    research = invention.agreement.research_class if invention.agreement_id else ResearchClass.COOPERATIVE
    burden = cost_burden(policy.as_rules(), FilingFacts(research=research, joint_with_company=bool(companies), cost=cost))
    payers = {"co_owner_company": _pro_rata(companies), "owner": _pro_rata(owners)}.get(burden.bearer, ())
    return PayerDecision(burden.bearer, burden.rule, burden.explanation, payers, str(policy))


def _pro_rata(owners) -> tuple[Payer, ...]:
    """Owners' shares re-based to the whole among those who pay (two companies split a company's
    part), exactly: owners of 1/3 and 1/3 paying between them pay 1/2 each."""
    total = sum((o.share for o in owners), Fraction(0))
    if not total:
        return ()
    return tuple(Payer(o.organisation, o.share / total) for o in owners)


def fee_payers(filing) -> list[tuple[Organisation, Fraction]] | None:
    """The ``fee_payers`` hook of :mod:`kyoso.core.hooks`: (organisation, exact share) pairs, or
    ``None`` when no organisation pays directly (the IP fund or an individual agreement decides)."""
    decision = payer_for(filing)
    return [(p.organisation, p.share) for p in decision.payers] or None
