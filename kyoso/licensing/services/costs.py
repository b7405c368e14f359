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
from kyoso.agreements.sakura import agreements_naming_payers, fee_payers_of_agreements
from kyoso.parties.choices import OrganisationKind
from kyoso.parties.models import Organisation
from kyoso.rules.policy import Filing as FilingFacts
from kyoso.rules.policy import cost_burden

from ..models import LicensingPolicy, ShareClassScheme

__all__ = ["Payer", "PayerDecision", "payer_for", "fee_payers", "fee_payers_of", "cost_policy", "cost_rules_of"]

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
    """Who pays ``filing``'s official fees (``cost``: ``filing`` or ``maintenance``).

    The cost-sharing term of the invention's agreement comes first: when it names the company or
    the university, that party pays (``kyoso.agreements.sakura.fee_payers_of_agreements``).
    """
    invention = filing.family.invention
    agreed = fee_payers_of_agreements([invention.agreement_id]).get(invention.agreement_id)
    if agreed:
        orgs = Organisation.objects.in_bulk([org for org, _share in agreed])
        return PayerDecision("agreement", "", (_("The agreement's cost-sharing term names who pays."),),
                             tuple(Payer(orgs[org], share) for org, share in agreed))
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


def cost_rules_of(consortium_ids) -> dict[int, object]:
    """``consortium id → its cost policy as pure rules`` for many consortia, in three queries.

    The same policy :func:`cost_policy` picks (the active one marked ``governs_costs``, latest
    ``effective_from`` then version), with the consortium's active class table when the policy
    is class-based (read here in bulk instead of once per policy).
    """
    ids = {pk for pk in consortium_ids if pk is not None}
    if not ids:
        return {}
    policies: dict[int, LicensingPolicy] = {}
    for policy in (LicensingPolicy.objects.filter(consortium_id__in=ids, active=True, governs_costs=True)
                   .order_by("consortium_id", "-effective_from", "-version")):
        policies.setdefault(policy.consortium_id, policy)
    schemes: dict[int, ShareClassScheme] = {}
    wanting = {pk for pk, policy in policies.items() if policy.body.get("share_classes")}
    if wanting:
        for scheme in (ShareClassScheme.objects.filter(consortium_id__in=wanting, active=True)
                       .order_by("consortium_id", "-effective_from", "-version").prefetch_related("classes")):
            schemes.setdefault(scheme.consortium_id, scheme)
    return {pk: policy.as_rules(share_classes=schemes[pk].as_rules() if pk in schemes else None)
            for pk, policy in policies.items()}


def fee_payers_of(inventions: dict, cost: str = "filing") -> dict[int, tuple[tuple[int, int | Fraction], ...]]:
    """The ``fee_payers_of`` hook: :func:`fee_payers` for many inventions at once, without a query per invention.

    ``inventions`` maps an invention id to ``(consortium id, research class or None, owners)``
    with ``owners`` a tuple of ``(organisation id, organisation kind, …, share %)`` (the share
    last; anything between is ignored). The answer maps each invention the rule names payers for
    to ``((organisation id, share %), …)``, the same organisations and shares :func:`fee_payers`
    gives; an invention left out is one whose fees no organisation pays directly (the IP fund or
    an individual agreement decides). Cost rules are read once per consortium
    (:func:`cost_rules_of`); each (consortium, research, owners) is decided once.
    """
    agreed = _agreed_payers(inventions)
    inventions = {pk: facts for pk, facts in inventions.items() if pk not in agreed}
    rules = cost_rules_of({consortium_id for consortium_id, _research, _owners in inventions.values()})
    bearers: dict[tuple, str] = {}
    pro_rata: dict[tuple, tuple] = {}
    decided: dict[tuple, tuple] = {}
    answers: dict[int, tuple[tuple[int, int | Fraction], ...]] = {}
    for invention_id, facts in inventions.items():
        shares = decided.get(facts)
        if shares is None:
            shares = decided[facts] = _decide(facts, rules, bearers, pro_rata, cost)
        if shares:
            answers[invention_id] = shares
    answers.update(agreed)
    return answers


def _agreed_payers(inventions: dict) -> dict[int, tuple[tuple[int, int | Fraction], ...]]:
    """Inventions whose agreement's cost-sharing term names the payer: ``{id: ((org id, share %), …)}``,
    in three queries whatever their number: the inventions of the asked consortia whose agreement
    names a payer (few: most agreements leave the fees to the owners; never an IN list of every
    invention asked), then those agreements' terms and parties."""
    from django.db.models import Q

    from kyoso.ip.models import Invention

    if not inventions:
        return {}
    consortia = {consortium_id for consortium_id, _research, _owners in inventions.values()}
    scope = Q(consortium_id__in=consortia - {None})
    if None in consortia:
        scope |= Q(consortium=None)
    by_agreement: dict[int, list[int]] = {}
    for invention_id, agreement_id in (Invention.objects.filter(scope, agreement__in=agreements_naming_payers())
                                       .order_by().values_list("pk", "agreement_id")):
        if invention_id in inventions:
            by_agreement.setdefault(agreement_id, []).append(invention_id)
    answers = {}
    for agreement_id, payers in fee_payers_of_agreements(by_agreement).items():
        shares = tuple((org, _exact_percent(share * 100)) for org, share in payers)
        for invention_id in by_agreement[agreement_id]:
            answers[invention_id] = shares
    return answers


def _decide(facts, rules, bearers, pro_rata, cost) -> tuple[tuple[int, int | Fraction], ...]:
    """Who pays for one (consortium id, research class, owners): :func:`fee_payers_of`'s step."""
    consortium_id, research, owners = facts
    policy = rules.get(consortium_id)
    if policy is None:
        paying = owners
    else:
        companies = tuple(o for o in owners if o[1] == OrganisationKind.COMPANY)
        key = (consortium_id, research or ResearchClass.COOPERATIVE, bool(companies))
        bearer = bearers.get(key)
        if bearer is None:
            bearer = bearers[key] = cost_burden(policy, FilingFacts(research=key[1], joint_with_company=key[2], cost=cost)).bearer
        paying = {"co_owner_company": companies, "owner": owners}.get(bearer, ())
    shares = pro_rata.get(paying)
    if shares is None:
        shares = pro_rata[paying] = _rebased(paying)
    return shares


def _rebased(paying) -> tuple[tuple[int, int | Fraction], ...]:
    """The payers' shares % re-based to 100 among them, exactly (⅓ and ⅓ → 50 and 50)."""
    if all(type(o[-1]) is int for o in paying):  # whole percentages, the usual case: integers only
        total = sum(o[-1] for o in paying)
        return tuple((o[0], _exact_percent(Fraction(o[-1] * 100, total))) if (o[-1] * 100) % total else (o[0], o[-1] * 100 // total)
                     for o in paying) if total else ()
    total = sum((Fraction(o[-1]) for o in paying), Fraction(0))
    return tuple((o[0], _exact_percent(Fraction(o[-1]) * 100 / total)) for o in paying) if total else ()


def _exact_percent(percent: Fraction) -> int | Fraction:
    """A share % exactly, as an int when whole (two companies of ⅓ each pay 50 % each)."""
    return percent.numerator if percent.denominator == 1 else percent
