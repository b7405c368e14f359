"""One fiscal year's licence income through the waterfall, written as statement lines.

For every licence of the rule's consortium, the money *received* in the fiscal year is split
evenly between its licensed inventions (the first takes the yen left by the division), then for
each invention:

1. :func:`kyoso.rules.distribution.split_income` — patent costs still unreimbursed go back to the
   co-owners pro rata to what each paid, the administration fee to the administering body, the
   rest by co-ownership shares (leftover yen to the largest university co-owner);
2. :func:`kyoso.rules.distribution.compensate` — inside each university co-owner, its part is
   shared under its inventor-compensation policy among its own inventors (their contributions
   re-based to 100 %), the lab and the department; bands run per invention over the fiscal year.

Every number comes from the pure rules; this module only gathers the facts and stores the lines.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, save_object
from kyoso.ip.models import LARGEST_SHARE_FIRST, Invention
from kyoso.parties.choices import OrganisationKind
from kyoso.rules.distribution import CoOwner, compensate, split_income
from kyoso.rules.fiscal import fiscal_year_bounds

from ..choices import StatementStep
from ..models import (
    CompensationPolicy,
    DistributionRule,
    DistributionRun,
    Invoice,
    Licence,
    PatentCost,
    StatementLine,
)

__all__ = ["run_distribution", "income_by_licence"]


def income_by_licence(rule: DistributionRule, fiscal_year: int) -> dict[int, int]:
    """Yen received in the fiscal year per licence id of the rule's consortium."""
    first, last = fiscal_year_bounds(fiscal_year)
    rows = (
        Invoice.objects.filter(licence__consortium_id=rule.consortium_id, received_on__range=(first, last))
        .values("licence").annotate(yen=Sum("received_amount")).order_by("licence")
    )
    return {row["licence"]: row["yen"] for row in rows if row["yen"]}


@transaction.atomic
def run_distribution(rule: DistributionRule, fiscal_year: int, *, user) -> DistributionRun:
    """(Re)compute the fiscal year's run of ``rule``: its lines are replaced as a whole."""
    ensure_may_change(rule, user=user)
    run = DistributionRun.objects.filter(rule=rule, fiscal_year=fiscal_year).first() or DistributionRun(rule=rule, fiscal_year=fiscal_year)
    run.notes = []
    save_object(run, user=user, check_scope=False)
    run.lines.all().delete()
    writer = _LineWriter(run)
    income = income_by_licence(rule, fiscal_year)

    for licence in Licence.objects.filter(pk__in=income).order_by("number"):
        inventions = [a.invention for a in licence.assets.select_related("invention").order_by("invention__reference")]
        if not inventions:
            run.notes.append(_("%(licence)s: no licensed asset, income not distributed") % {"licence": licence.number})
            continue
        each, left = divmod(income[licence.pk], len(inventions))
        for i, invention in enumerate(inventions):
            _distribute_invention(writer, rule, licence, invention, each + (left if i == 0 else 0))
    run.income = sum(income.values())
    save_object(run, user=user, check_scope=False, verb="distributed",
                summary=Sentence(gettext_lazy("FY%(fy)s: ¥%(income)s distributed in %(lines)s lines"),
                                     fy=fiscal_year, income=f"{run.income:,}", lines=writer.position))
    return run


class _LineWriter:
    """Appends statement lines in order and remembers what this run already paid."""

    def __init__(self, run: DistributionRun):
        self.run, self.position = run, 0
        self.compensated = defaultdict(int)  # (invention, university) → income already banded this year

    def add(self, licence, invention, step, organisation, amount, working, person=None):
        if amount == 0 and step not in (StatementStep.SHARE, StatementStep.INVENTOR):
            return  # zero fee or rounding lines say nothing
        self.position += 1
        StatementLine.objects.create(run=self.run, licence=licence, invention=invention, step=step,
                                     organisation=organisation, person=person, amount=amount,
                                     working=working[:300], position=self.position)


def _outstanding_costs(invention: Invention, organisation_id: int, run: DistributionRun) -> int:
    """Costs the co-owner paid up to the year's end, less what earlier lines reimbursed."""
    _first, last = fiscal_year_bounds(run.fiscal_year)
    paid = PatentCost.objects.filter(invention=invention, payer_id=organisation_id, paid_on__lte=last).aggregate(t=Sum("amount"))["t"] or 0
    reimbursed = StatementLine.objects.filter(
        Q(run__fiscal_year__lt=run.fiscal_year) | Q(run=run), invention=invention, organisation_id=organisation_id,
        step=StatementStep.COSTS,
    ).aggregate(t=Sum("amount"))["t"] or 0
    return max(paid - reimbursed, 0)


def _distribute_invention(writer: _LineWriter, rule, licence, invention: Invention, amount: int) -> None:
    owners = list(invention.owners.select_related("organisation").order_by(LARGEST_SHARE_FIRST[0], "organisation__name"))
    if not owners:
        writer.run.notes.append(_("%(inv)s has no owners; ¥%(yen)s not distributed") % {"inv": invention.reference, "yen": f"{amount:,}"})
        return
    organisations = {str(o.organisation_id): o.organisation for o in owners}
    organisations[str(rule.administrator_id)] = rule.administrator
    universities = [o for o in owners if o.organisation.kind == OrganisationKind.UNIVERSITY]
    residual_to = str((universities or owners)[0].organisation_id)
    co_owners = [
        CoOwner(str(o.organisation_id), o.share * 100,  # the exact share as a percent (⅓ → 100/3)
                _outstanding_costs(invention, o.organisation_id, writer.run) if rule.reimburse_costs else 0)
        for o in owners
    ]
    split = split_income(amount, co_owners, residual_to=residual_to, admin_fee_percent=rule.admin_fee_percent,
                         administrator=str(rule.administrator_id))
    for payment in split.payments:
        writer.add(licence, invention, payment.step, organisations[payment.party], payment.amount, payment.working)
    for owner in universities:
        part = split.received(str(owner.organisation_id), "share", "rounding")
        _compensate_inside(writer, licence, invention, owner.organisation, part)


def _compensate_inside(writer: _LineWriter, licence, invention: Invention, university, part: int) -> None:
    _first, last = fiscal_year_bounds(writer.run.fiscal_year)
    policy = (CompensationPolicy.objects.filter(university=university, effective_from__lte=last)
              .order_by("-effective_from", "-version").first())
    if policy is None or part == 0:
        if part:
            writer.run.notes.append(_("%(u)s has no inventor-compensation policy: it keeps its part") % {"u": university})
        return
    inventors = [i for i in invention.inventors.select_related("person")
                 if i.person.affiliations.filter(organisation=university).exists()]
    if not inventors:
        writer.add(licence, invention, StatementStep.UNIVERSITY, university, part, _("no inventor of %(u)s: the university keeps ¥%(yen)s") % {
            "u": university, "yen": f"{part:,}"})
        return
    total = sum(Fraction(i.contribution) for i in inventors)
    shares = {str(i.person_id): Fraction(i.contribution) * 100 / total for i in inventors}
    people = {str(i.person_id): i.person for i in inventors}
    key = (invention.pk, university.pk)
    result = compensate(part, policy.as_rules(), shares, earlier_in_period=writer.compensated[key])
    writer.compensated[key] += part
    writer.run.notes.extend(f"{invention.reference} / {university}: {note}" for note in result.notes)
    for payment in result.payments:
        person = people.get(payment.party)
        step = StatementStep.INVENTOR if person else payment.step
        writer.add(licence, invention, step, university, payment.amount, payment.working, person=person)
