"""Every state change of applications, awards and duties, and the questions other apps ask.

- :func:`save_application`, :func:`decide_application` (an award, a refusal or a withdrawal; an
  award is created with its duties);
- :func:`save_award` keeps the award's duties (:func:`sync_duties`) and its funded project in the
  IP budget (:class:`kyoso.budget.models.Grant`: the patent-cost rules of
  ``kyoso/rules/data/funding/`` then let its direct costs pay patent costs during the term);
- :func:`save_duty`, :func:`complete_duty` (a reference for approvals and notices);
- :func:`on_filing_changed` (hook ``filing_changed``): a filing of a commissioned-research
  invention gets its filing and registration notices;
- :func:`approvals_missing` (hook ``state_approval_missing``): which inventions still lack the
  funder's approval (or notice) for an exclusive licence, an assignment or abandoning;
- :func:`matching` — the company's money per yen of the award, with the OPERA formula
  (:func:`kyoso.rules.fiscal.matching_ratio`) over the matching agreement's contributions.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, save_object
from kyoso.rules import programmes as rules
from kyoso.rules.fiscal import matching_ratio

from .choices import APPROVAL_DUTIES, DECISIONS, ApplicationStatus, DutyState
from .models import Application, Award, Duty

__all__ = [
    "save_application", "decide_application", "save_award", "sync_duties", "save_duty", "complete_duty",
    "on_filing_changed", "on_filings_imported", "approvals_missing", "matching", "commissioned_inventions",
]


def save_application(application: Application, *, user) -> Application:
    return save_object(application, user=user)


@transaction.atomic
def decide_application(application: Application, decision: str, *, user, number: str = "", start: date | None = None,
                       end: date | None = None, budget: dict | None = None, funder=None, commissioned: bool = False) -> Award | None:
    """Record the funder's decision; an award is created (with its duties) when it is awarded."""
    ensure_may_change(application, user=user)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if decision not in DECISIONS:
        raise ValidationError(_("Unknown decision."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise ValidationError(_("This application has already been decided."))
    application.status = decision
    application.decided_on = timezone.localdate()
    save_object(application, user=user, verb="decided", summary=Sentence(
        gettext_lazy("Application “%(name)s”: %(status)s"), name=application, status=ApplicationStatus(decision).label))
    if decision != ApplicationStatus.AWARDED:
        return None
    if not (number and start and end):
        raise ValidationError(_("An award needs its number and its term."))
    award = Award(application=application, consortium=application.consortium, programme=application.programme, number=number,
                  title=application.title, funder=funder, recipient=application.applicant, partner=application.partner,
                  start=start, end=end, budget={str(k): v for k, v in (budget or {}).items()}, commissioned=commissioned)
    save_award(award, user=user)
    award.inventions.set(application.inventions.all())
    sync_duties(award)
    return award


@transaction.atomic
def save_award(award: Award, *, user) -> Award:
    save_object(award, user=user)
    _sync_grant(award, user=user)
    sync_duties(award)
    return award


def _sync_grant(award: Award, *, user) -> None:
    """The funded project the patent-cost rules read: same number, term and consortium."""
    from kyoso.budget.choices import Programme
    from kyoso.budget.models import Grant

    programme = Programme.A_STEP if award.programme.startswith("a-step") else Programme.OTHER
    grant = award.grant or Grant.objects.filter(number=award.number).first() or Grant(number=award.number)
    values = {"consortium_id": award.consortium_id, "programme": programme, "title": award.title[:300],
              "funder_id": award.funder_id, "start": award.start, "end": award.end}
    if not (grant.pk and all(getattr(grant, k) == v for k, v in values.items())):
        for key, value in values.items():
            setattr(grant, key, value)
        save_object(grant, user=user, check_scope=False)
    if award.grant_id != grant.pk:
        Award.objects.filter(pk=award.pk).update(grant=grant)
        award.grant = grant


def _wanted(award: Award) -> dict[tuple, tuple]:
    """(duty, invention id, filing id, due) → label of every duty the award brings today."""
    wanted: dict[tuple, tuple] = {}
    row = award.catalogue_row()
    applies = {"award"}
    if row is not None and row.has_repayment:
        applies.add("repayment")
    if row is not None and row.royalty:
        applies.add("royalty")
    for item in rules.duties():
        if item.applies in applies:
            for due in rules.duty_dates(item, start=award.start, end=award.end):
                wanted[(item.duty, None, None, due)] = ""
    for due, what in award.milestone_list():
        wanted[("milestone", None, None, due)] = what
    if award.commissioned and award.pk:
        for invention in award.inventions.all():
            for item in rules.duties():
                if item.applies != "bayh_dole":
                    continue
                if item.trigger == "on_request":
                    wanted[(item.duty, invention.pk, None, None)] = ""
                elif item.trigger == "fiscal_year_end":
                    for due in rules.duty_dates(item, start=award.start, end=award.end):
                        wanted[(item.duty, invention.pk, None, due)] = ""
            for filing in _filings(invention):
                for item in rules.duties():
                    if item.applies == "bayh_dole" and item.trigger in ("filing", "registration"):
                        event = filing.filing_date if item.trigger == "filing" else filing.registered_on
                        for due in rules.duty_dates(item, event=event):
                            wanted[(item.duty, invention.pk, filing.pk, due)] = ""
    return wanted


def _filings(invention):
    from kyoso.ip.models import Filing

    return Filing.objects.filter(family__invention=invention).only("pk", "filing_date", "registered_on")


def sync_duties(award: Award) -> int:
    """Create the duties the award brings and drop the open ones it no longer brings (done ones
    stay: they are the record of what was reported). Returns how many rows changed."""
    wanted = _wanted(award)
    existing = {(d.duty, d.invention_id, d.filing_id, d.due): d for d in award.duties.all()}
    changed = 0
    for key, label in wanted.items():
        if key not in existing:
            duty, invention_id, filing_id, due = key
            Duty.objects.create(award=award, duty=duty, invention_id=invention_id, filing_id=filing_id, due=due, label=label)
            changed += 1
    stale = [d.pk for key, d in existing.items() if key not in wanted and d.state == DutyState.OPEN]
    if stale:
        changed += Duty.objects.filter(pk__in=stale).delete()[0]
    return changed


def save_duty(duty: Duty, *, user) -> Duty:
    if duty.state != DutyState.OPEN and not duty.done_on:
        duty.done_on = timezone.localdate()
    return save_object(duty, user=user)


@transaction.atomic
def complete_duty(duty: Duty, *, user, reference: str = "", on: date | None = None) -> Duty:
    """Mark a duty done (an approval or notice with the funder's reference)."""
    duty.state, duty.reference, duty.done_on = DutyState.DONE, reference or duty.reference, on or timezone.localdate()
    return save_object(duty, user=user, verb="completed", summary=Sentence(
        gettext_lazy("%(duty)s done (%(reference)s)"), duty=duty.titles, reference=duty.reference or "—"))


def on_filing_changed(filing, *, user=None) -> None:
    """A filing of a commissioned-research invention: its notices to the funder go on the docket."""
    invention_id = filing.family.invention_id
    for award in Award.objects.filter(commissioned=True, inventions=invention_id):
        sync_duties(award)


def on_filings_imported(filings, *, user=None) -> None:
    """Filings bulk-imported: the commissioned awards of their inventions get their notices (one query
    when none is commissioned)."""
    from kyoso.ip.models import Family

    invention_ids = Family.objects.filter(pk__in={filing.family_id for filing in filings}).values("invention_id")
    for award in Award.objects.filter(commissioned=True, inventions__in=invention_ids).distinct():
        sync_duties(award)


def commissioned_inventions(invention_ids) -> set[int]:
    return set(Award.objects.filter(commissioned=True, inventions__in=list(invention_ids))
               .values_list("inventions", flat=True)) & set(invention_ids)


def approvals_missing(invention_ids, action: str) -> list[str]:
    """References of the commissioned-research inventions among ``invention_ids`` without the
    funder's approval (or notice) for ``action`` (``exclusive_licence``, ``assignment``, ``abandon``)."""
    from kyoso.ip.models import Invention

    ids = commissioned_inventions(set(invention_ids))
    if not ids:
        return []
    approved = set(Duty.objects.filter(invention_id__in=ids, duty=APPROVAL_DUTIES[action], state=DutyState.DONE)
                   .exclude(reference="").values_list("invention_id", flat=True))
    return sorted(Invention.objects.filter(pk__in=ids - approved).values_list("reference", flat=True))


def matching(award: Award) -> list[dict]:
    """Per fiscal year of the budget: the award, the company's contributions to the matching
    agreement, and the matching ratio computed as for OPERA (private ÷ public)."""
    from kyoso.agreements.choices import FundingSource

    company: dict[int, int] = {}
    if award.agreement_id:
        rows = (award.agreement.contributions.exclude(source=FundingSource.JST).values("fiscal_year")
                .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount")))
        company = {r["fiscal_year"]: r["direct"] + r["indirect"] for r in rows}
    result = []
    for year, amount in award.budget_by_year().items():
        private = company.get(year, 0)
        result.append({"fiscal_year": year, "award": amount, "company": private, "matching_ratio": matching_ratio(private, amount)})
    return result
