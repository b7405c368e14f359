"""Portfolio review rounds: the agenda, scores, votes and opt-ins, decisions and savings.

A decision goes through the IP services, so everything downstream follows: abandoning sets the
filing's status through :func:`kyoso.ip.services.save_filing` (the ``filing_changed`` hook lets
the docket close its open deadlines, and the forecast reads only live rights); offering to a member
or assigning moves the invention's ownership through :func:`kyoso.ip.services.set_owners`, so the
cost burden follows the new owner. The saving recorded is the forecast the consortium no longer bears.

Abandoning is shown first (:func:`abandon_consequences`: who opted in, the score, the deadlines
and fees it stops) and can be undone by the IP office (:func:`reopen`): the filing gets its status
back and the docket reopens exactly the deadlines the abandonment closed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.budget.services.forecast import filings_of, forecast_rows
from kyoso.core import hooks
from kyoso.core.roles import actor_of
from kyoso.core.sentences import Sentence, choice_label
from kyoso.core.services import ensure_may_change, record_event, save_object
from kyoso.docket.choices import DeadlineKind, DeadlineState
from kyoso.docket.models import Deadline
from kyoso.inbox import services as inbox
from kyoso.inbox.choices import NotificationKind
from kyoso.ip.choices import FilingStatus, FilingStatusGroups
from kyoso.ip.models import Filing
from kyoso.ip.services import save_filing, set_owners
from kyoso.rules import review as rules
from kyoso.rules.periods import add_months

from ..choices import Decision, RoundStatus, Vote
from ..models import AreaWeight, MemberVote, ReviewItem, ReviewRound
from .usage import asset_usage

__all__ = ["Proposal", "propose", "open_round", "rescore", "cast_vote", "decide", "abandon_consequences", "reopen",
           "savings_summary", "area_of"]

TERM_YEARS = 20


@dataclass(frozen=True)
class Proposal:
    """A right that belongs on a round's agenda, with the facts and the score."""

    filing: Filing
    next_due: date
    remaining_years: Decimal
    cost_5y: int
    fund_cost_5y: int
    usage: dict
    area: str
    area_weight: int
    scored: rules.Scored

    def as_json(self) -> dict:
        """The CLI's ``{"asset", "score", "components", "cost_5y"}``."""
        number = self.filing.application_number
        right = number if number.startswith(self.filing.office) else f"{self.filing.office} {number}".strip()
        return {"asset": f"{self.filing.family.invention.reference} {right}",
                "score": float(self.scored.score), "components": self.scored.components, "cost_5y": self.cost_5y}


def area_of(technology_area: str) -> str:
    """The map's and the weights' technology area: the IPC subclass (``H10N 50/10`` → ``H10N``)."""
    return (technology_area or "").split()[0][:4].upper() if technology_area else ""


def _remaining(filing: Filing, as_of: date) -> Decimal:
    base = filing.parent.filing_date if filing.kind == "national_phase" and filing.parent_id else filing.filing_date
    expiry = date(base.year + TERM_YEARS, base.month, min(base.day, 28))
    return Decimal(max(0, (expiry - as_of).days) / 365.25).quantize(Decimal("0.1"))


def propose(consortium, *, as_of: date, within_months: int, horizon_years: int = 5, weights: dict | None = None,
            votes: dict[int, tuple[int, int]] | None = None) -> list[Proposal]:
    """Every live right with a renewal fee due within ``within_months``, scored (lowest first)."""
    filings = filings_of(consortium)
    soon = rules.renewals_due(
        ((r.filing_id, r.due, r.kind, r.amount) for r in forecast_rows(filings, as_of, max(1, -(-within_months // 12)))),
        add_months(as_of, within_months))
    if not soon:
        return []
    agenda = list(Filing.objects.filter(pk__in=soon).select_related("family__invention", "parent"))
    cost, fund = defaultdict(int), defaultdict(int)
    for row in forecast_rows(Filing.objects.filter(pk__in=soon), as_of, horizon_years):
        cost[row.filing_id] += row.amount
        fund[row.filing_id] += row.fund_amount
    usage = asset_usage({f.family.invention for f in agenda})
    area_weights = dict(AreaWeight.objects.filter(consortium=consortium).values_list("area", "weight"))
    default_weight = rules.defaults()["default_area_weight"]
    proposals = []
    for filing in agenda:
        invention = filing.family.invention
        area = area_of(invention.technology_area)
        use = usage[invention.pk]
        votes_for, votes_against = (votes or {}).get(filing.pk, (0, 0))
        asset = rules.Asset(remaining_years=float(_remaining(filing, as_of)), cost_5y=cost[filing.pk],
                            licences=use["licences"], income=use["income"], votes_for=votes_for,
                            votes_against=votes_against, classes=len(use["classes"]),
                            area_weight=area_weights.get(area, default_weight))
        proposals.append(Proposal(filing, soon[filing.pk], _remaining(filing, as_of), cost[filing.pk], fund[filing.pk],
                                  use, area, asset.area_weight, rules.score(asset, weights)))
    return sorted(proposals, key=lambda p: (p.scored.score, p.filing.pk))


@transaction.atomic
def open_round(consortium, *, user, as_of: date | None = None, within_months: int = 6, title: str = "",
               weights: dict | None = None) -> ReviewRound:
    """Create a round with its agenda, each right scored and recommended.

    Idempotent: while a round of the consortium with the same date and window is open, opening it
    again (a double click, two people at once) returns that round, marked ``already_open``, rather
    than a second identical one. The consortium's row is locked first, so of two simultaneous
    calls the second waits for the first and then finds its round.
    """
    as_of = as_of or timezone.localdate()
    type(consortium).objects.select_for_update().filter(pk=consortium.pk).values_list("pk", flat=True).first()
    existing = ReviewRound.objects.filter(consortium=consortium, as_of=as_of, within_months=within_months,
                                          status=RoundStatus.OPEN).order_by("pk").first()
    if existing is not None:
        ensure_may_change(existing, user=user)
        existing.already_open = True
        return existing
    review = save_object(ReviewRound(
        consortium=consortium, as_of=as_of, within_months=within_months, weights=weights or rules.defaults()["weights"],
        title=title or _("Renewals due by %(date)s") % {"date": add_months(as_of, within_months).isoformat()},
    ), user=user)
    for proposal in propose(consortium, as_of=as_of, within_months=within_months, weights=review.weights):
        item = ReviewItem(round=review, filing=proposal.filing, next_due=proposal.next_due)
        _apply(item, proposal)
        save_object(item, user=user, check_scope=False)
    inbox.notify(inbox.member_company_users(consortium.pk, on=as_of), NotificationKind.ROUND_OPENED,
                 params={"title": review.title, "consortium": inbox.named(consortium)},
                 url=review.get_absolute_url(), actor=user)
    return review


def _apply(item: ReviewItem, proposal: Proposal) -> None:
    item.remaining_years, item.cost_5y, item.fund_cost_5y = proposal.remaining_years, proposal.cost_5y, proposal.fund_cost_5y
    item.licences, item.income = proposal.usage["licences"], proposal.usage["income"]
    item.share_classes, item.area, item.area_weight = proposal.usage["classes"], proposal.area, proposal.area_weight
    item.score, item.components = proposal.scored.score, proposal.scored.components
    item.recommendation = proposal.scored.recommendation


def _vote_counts(review: ReviewRound) -> dict[int, tuple[int, int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for filing_id, vote in MemberVote.objects.filter(item__round=review).values_list("item__filing_id", "vote"):
        counts[filing_id][0 if vote == Vote.MAINTAIN else 1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


@transaction.atomic
def rescore(review: ReviewRound, *, user) -> int:
    """Re-score the undecided rights with the members' votes and the round's current weights."""
    ensure_may_change(review, user=user)
    proposals = {p.filing.pk: p for p in propose(review.consortium, as_of=review.as_of, within_months=review.within_months,
                                                 horizon_years=review.horizon_years, weights=review.weights,
                                                 votes=_vote_counts(review))}
    changed = 0
    for item in review.items.filter(decision=""):
        if item.filing_id in proposals:
            _apply(item, proposals[item.filing_id])
            save_object(item, user=user, check_scope=False)
            changed += 1
    return changed


@transaction.atomic
def cast_vote(item: ReviewItem, organisation, vote: str, *, user, opts_in: bool = False, note: str = "") -> MemberVote:
    """Record (or change) a member's vote and opt-in on a right of an open round."""
    # Locked: two simultaneous ballots of one member become one vote (the later one), and a vote
    # racing the decision waits for it and is then refused.
    item.decision = ReviewItem.objects.select_for_update().values_list("decision", flat=True).get(pk=item.pk)
    if item.round.status != RoundStatus.OPEN or item.decision:
        raise ValidationError(_("This right has been decided; votes are closed."))
    ballot = MemberVote.objects.filter(item=item, organisation=organisation).first() or MemberVote(item=item, organisation=organisation)
    ballot.vote, ballot.opts_in, ballot.note = vote, opts_in, note
    return save_object(ballot, user=user)


@transaction.atomic
def decide(item: ReviewItem, decision: str, *, user, transferee=None, note: str = "") -> ReviewItem:
    """Record the committee's decision on a right and carry it out."""
    ensure_may_change(item, user=user)
    if item.decision:
        raise ValidationError(_("This right has already been decided."))
    filing = item.filing
    invention = filing.family.invention
    if decision == Decision.OFFER_MEMBER:
        opt_in = item.votes.filter(opts_in=True).select_related("organisation").first()
        transferee = transferee or (opt_in.organisation if opt_in else None)
        if transferee is None or not item.votes.filter(opts_in=True, organisation=transferee).exists():
            raise ValidationError(_("Offer to a member only when that member has opted in to pay the costs."))
    if decision == Decision.ASSIGN and transferee is None:
        raise ValidationError(_("Say to whom the right is assigned."))
    _check_state_approval(invention, decision)
    before = item.cost_5y
    if decision == Decision.ABANDON:
        item.status_before_abandoning = filing.status  # what reopening the right restores
        filing.status = FilingStatus.ABANDONED
        save_filing(filing, user=user)
    elif decision in (Decision.OFFER_MEMBER, Decision.ASSIGN):
        # The right moves to the new owner, who bears its costs from now on (cost-burden rules).
        set_owners(invention, [(transferee.pk, Decimal("100"))], user=user)
    after = sum(r.amount for r in forecast_rows(Filing.objects.filter(pk=filing.pk), item.round.as_of, item.round.horizon_years)) \
        if decision == Decision.ABANDON else (before if decision == Decision.MAINTAIN else 0)
    item.decision, item.decided_on, item.transferee, item.decision_note = decision, timezone.localdate(), transferee, note
    item.saving = rules.savings(before, after)
    save_object(item, user=user, verb="decided", summary=Sentence(gettext_lazy("%(item)s: %(decision)s, saving ¥%(saving)s"),
                                                                      item=item, decision=Decision(decision).label, saving=f"{item.saving:,}"))
    record_event(invention, "review-decided", Sentence(gettext_lazy("Review “%(round)s”: %(decision)s"),
                                                              round=item.round, decision=Decision(decision).label), user=user)
    if not item.round.items.filter(decision="").exists():
        item.round.status = RoundStatus.DECIDED
        save_object(item.round, user=user, check_scope=False)
    return item


def _check_state_approval(invention, decision: str) -> None:
    """An invention of commissioned research (産業技術力強化法 Art. 17) is assigned only with the
    funder's prior approval and abandoned only after telling the funder: the reference must be
    recorded first (asked by hook, so the review does not know who keeps it)."""
    action = {Decision.ABANDON: "abandon", Decision.ASSIGN: "assignment", Decision.OFFER_MEMBER: "assignment"}.get(decision)
    if action and (missing := hooks.first("state_approval_missing", [invention.pk], action)):
        message = (_("%(inventions)s came from commissioned research: tell the funder before abandoning it "
                     "(Industrial Technology Enhancement Act Art. 17). Record the notice with its reference on the award's duty first.")
                   if action == "abandon" else
                   _("%(inventions)s came from commissioned research: the funder must approve an assignment beforehand "
                     "(Industrial Technology Enhancement Act Art. 17). Record the approval with its reference on the award's duty first."))
        raise ValidationError(message % {"inventions": ", ".join(missing)})


@dataclass(frozen=True)
class Fee:
    """A fee the right would owe next: when, what, how much (yen)."""

    due: date
    kind: str
    amount: int


def abandon_consequences(item: ReviewItem, *, today: date | None = None) -> dict:
    """What abandoning ``item``'s right gives up, for the confirmation page.

    The members that opted in to pay its costs alone (their offer lapses), those that voted to
    keep it, the score and whether it recommends keeping the right, the filing's open deadlines
    (which the docket closes), the next fee and the cost over the round's horizon it stops.
    """
    today = today or timezone.localdate()
    votes = list(item.votes.select_related("organisation").order_by("organisation__name"))
    rows = sorted(forecast_rows(Filing.objects.filter(pk=item.filing_id), today, 1), key=lambda r: (r.due, r.kind))
    labels = dict(DeadlineKind.choices)
    deadlines = Deadline.objects.filter(filing_id=item.filing_id, state=DeadlineState.OPEN).order_by("due", "pk")
    return {
        "opted_in": [v.organisation for v in votes if v.opts_in],
        "keep_votes": [v.organisation for v in votes if v.vote == Vote.MAINTAIN and not v.opts_in],
        "score": item.score,
        "recommends_keeping": item.recommendation != Decision.ABANDON,
        "recommendation": item.get_recommendation_display(),
        "deadlines": list(deadlines[:10]),
        "deadline_count": deadlines.count(),
        "next_fees": [Fee(r.due, labels.get(r.kind, r.kind), r.amount) for r in rows if r.due == rows[0].due] if rows else [],
        "cost": item.cost_5y,
        "fund_cost": item.fund_cost_5y,
        "horizon_years": item.round.horizon_years,
    }


def _status_before(item: ReviewItem) -> str:
    """The filing's status before the abandonment: recorded on the item, else its last live one."""
    if item.status_before_abandoning:
        return item.status_before_abandoning
    for status in item.filing.history.order_by("-history_date", "-history_id").values_list("status", flat=True):
        if status in FilingStatusGroups.LIVE:
            return status
    return ""


@transaction.atomic
def reopen(item: ReviewItem, *, user, note: str = "") -> ReviewItem:
    """The IP office undoes the abandonment of ``item``'s right (a wrong decision, a late opt-in).

    The filing gets back the status it had; the docket opens again the deadlines the abandonment
    closed (not those done or waived before); the item is undecided again and its round open, so
    the committee decides anew. Events on the item, the filing's invention and the round tell it.
    """
    if not actor_of(user).is_ip_office:
        raise PermissionDenied
    ensure_may_change(item, user=user)
    filing = item.filing
    if item.decision != Decision.ABANDON:
        raise ValidationError(_("Only a right the committee abandoned can be reopened."))
    if filing.status != FilingStatus.ABANDONED:
        raise ValidationError(_("The filing is no longer abandoned (its status is now %(status)s); nothing to reopen.")
                              % {"status": filing.get_status_display()})
    status = _status_before(item)
    if not status:
        raise ValidationError(_("The filing's status before the abandonment is unknown; set it on the filing by hand."))
    closed = Deadline.objects.filter(filing=filing, state=DeadlineState.CLOSED).count()
    filing.status = status
    save_filing(filing, user=user)  # the docket reopens what the abandonment closed
    item.decision, item.decided_on, item.transferee, item.saving, item.status_before_abandoning = "", None, None, 0, ""
    item.decision_note = note[:300]
    save_object(item, user=user, check_scope=False, verb="reopened", summary=Sentence(
        gettext_lazy("%(item)s: abandonment reversed by the IP office; the filing is %(status)s again, %(count)s deadlines reopened"),
        item=item, status=choice_label(filing, "status"), count=closed))
    record_event(filing.family.invention, "review-reopened", Sentence(
        gettext_lazy("Review “%(round)s”: abandonment of %(filing)s reversed; %(count)s deadlines reopened"),
        round=item.round, filing=filing, count=closed), user=user)
    if item.round.status == RoundStatus.DECIDED:
        item.round.status = RoundStatus.OPEN
        save_object(item.round, user=user, check_scope=False)
    return item


def savings_summary(review: ReviewRound, items=None) -> dict:
    """Counts and savings by decision, and the total saved (over the items given, default all)."""
    items = list(items if items is not None else review.items.all())
    by = {d: {"count": 0, "saving": 0} for d in Decision.values}
    for item in items:
        if item.decision:
            by[item.decision]["count"] += 1
            by[item.decision]["saving"] += item.saving
    return {"by_decision": by, "total": sum(v["saving"] for v in by.values()),
            "undecided": sum(1 for i in items if not i.decision), "kept_cost": sum(
                i.cost_5y for i in items if i.decision == Decision.MAINTAIN)}
