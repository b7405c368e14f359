"""Every change in technology transfer: technologies and publishing, deals and their stages,
contacts with next steps (reminders on the owner's docket), NDAs and evaluations, the won deal's
licence, trainees and their follow-ups; and the figures (pipeline, funnel, trainee report)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.consortia.models import Membership
from kyoso.core.roles import CHANGE, actor_of
from kyoso.core.sentences import Sentence
from kyoso.core.services import delete_object, record_event, save_object
from kyoso.docket.choices import DeadlineKind, DeadlineState
from kyoso.docket.models import Deadline
from kyoso.docket.services.deadlines import save_manual_deadline
from kyoso.ip.models import Filing
from kyoso.licensing.choices import Decision as PolicyDecision
from kyoso.licensing.choices import Exclusivity, RoyaltyKind
from kyoso.licensing.models import Licence, LicensedAsset, LicensingPolicy, RoyaltyTerm
from kyoso.licensing.services.licences import save_licence
from kyoso.rules import pipeline
from kyoso.rules.fiscal import fiscal_year_bounds, fiscal_year_of
from kyoso.rules.policy import Request, evaluate

from .choices import Stage
from .models import ContactLog, Deal, DealAgreement, FollowUp, Technology, Trainee

__all__ = [
    "save_technology", "set_published", "rights_available", "offer_decisions", "save_deal", "move_deal",
    "save_contact", "delete_contact", "save_deal_agreement", "delete_deal_agreement", "save_trainee",
    "pipeline_summary", "funnel_for", "trainee_report", "MOVE_MESSAGES",
]

#: What each refusal of :func:`kyoso.rules.pipeline.move_errors` says.
MOVE_MESSAGES = {
    "closed": _("The deal is closed (won or lost); it does not move again."),
    "same": _("The deal is already in that stage."),
    "backwards": _("A deal moves forward only."),
    "won_from_term_sheet": _("A licence is signed only after a term sheet."),
    "won_needs_licence": _("A won deal needs its licence: give its terms or choose an existing licence."),
    "lost_needs_reason": _("Say why the deal was lost."),
    "unknown": _("Unknown stage."),
}

REMINDER_LABELS = {
    "next_step": ("Technology transfer: next step", "技術移転：次の対応"),
    "nda": ("Technology transfer: NDA expires", "技術移転：秘密保持契約の期限"),
    "mta": ("Technology transfer: evaluation agreement expires", "技術移転：評価契約の期限"),
    "option": ("Technology transfer: option expires", "技術移転：オプション契約の期限"),
}


def today() -> date:
    return timezone.localdate()


# -- technologies -----------------------------------------------------------------------------------


@transaction.atomic
def save_technology(technology: Technology, *, user) -> Technology:
    """Save a technology; publishing it (or taking it off the public page) is the IP office's alone."""
    if technology.pk is None and technology.published and not actor_of(user).is_ip_office:
        raise PermissionDenied(_("Only the IP office publishes a technology."))
    if technology.pk is not None:
        before = Technology.objects.filter(pk=technology.pk).values_list("published", flat=True).first()
        if before != technology.published and not actor_of(user).is_ip_office:
            raise PermissionDenied(_("Only the IP office publishes a technology."))
    return save_object(technology, user=user)


@transaction.atomic
def set_published(technology: Technology, published: bool, *, user) -> Technology:
    """Put the technology's sheet on its public page, or take it off (the IP office only)."""
    if not actor_of(user).is_ip_office:
        raise PermissionDenied(_("Only the IP office publishes a technology."))
    technology.published = bool(published)
    summary = (Sentence(_("Published at /t/%(slug)s/"), slug=technology.slug) if published
               else Sentence(_("Taken off the public page")))
    return save_object(technology, user=user, verb="published" if published else "unpublished", summary=summary)


def _policy(consortium_id: int):
    row = (LicensingPolicy.objects.filter(consortium_id=consortium_id, active=True)
           .order_by("-effective_from", "-version").first())
    return row.as_rules() if row else None


def offer_decisions(technology: Technology, *, participant: bool, exclusive: bool) -> list[tuple[object, object]]:
    """``(invention, policy decision)`` for licensing each of the technology's inventions for
    business use to a member (``participant``) or an outsider, exclusively or not; empty without a policy."""
    policy = _policy(technology.consortium_id)
    if policy is None:
        return []
    answers = []
    for invention in technology.inventions.select_related("agreement").order_by("pk"):
        research = invention.agreement.research_class if invention.agreement_id else "cooperative"
        answers.append((invention, evaluate(policy, Request(
            requester="participant" if participant else "outsider", ip=invention.ip_kind, purpose="business",
            research=research, exclusive=exclusive, asset=invention.reference))))
    return answers


@dataclass(frozen=True)
class RightsRow:
    requester: str  # "participant" | "outsider"
    exclusive: bool
    decisions: tuple[str, ...]  # the distinct decisions' wording over the technology's inventions
    refused: bool  # some invention may not be licensed this way

    @property
    def label(self):
        who = _("Consortium member") if self.requester == "participant" else _("Outsider")
        how = _("exclusive") if self.exclusive else _("non-exclusive")
        return f"{who} · {how}"


def rights_available(technology: Technology, *, outsiders_only: bool = False) -> list[RightsRow]:
    """What the consortium's licensing policy allows for this technology: for a member and an
    outsider, exclusive and non-exclusive, the policy's decisions over its inventions (no names)."""
    rows = []
    for participant in ((False,) if outsiders_only else (True, False)):
        for exclusive in (False, True):
            answers = offer_decisions(technology, participant=participant, exclusive=exclusive)
            if not answers:
                continue
            wording = tuple(dict.fromkeys(str(PolicyDecision(d.decision).label) for _i, d in answers))
            rows.append(RightsRow("participant" if participant else "outsider", exclusive, wording,
                                  any(d.decision == "refuse" for _i, d in answers)))
    return rows


# -- deals --------------------------------------------------------------------------------------------


def _is_member(organisation_id: int, consortium_id: int, on: date) -> bool:
    return Membership.objects.filter(consortium_id=consortium_id, organisation_id=organisation_id, joined__lte=on
                                     ).exclude(left__lt=on).exists()


@transaction.atomic
def save_deal(deal: Deal, *, user) -> Deal:
    """Open a deal at the lead stage (or change its facts): the consortium's policy must allow
    offering the technology to this prospect — a member or an outsider — the way it is sought."""
    creating = deal.pk is None
    if deal.technology_id and deal.organisation_id:
        member = _is_member(deal.organisation_id, deal.technology.consortium_id, deal.opened_on or today())
        refused = [i.reference for i, d in offer_decisions(deal.technology, participant=member, exclusive=deal.exclusive)
                   if d.decision == "refuse"]
        if refused:
            raise ValidationError({"organisation": _("The consortium's licensing policy does not allow offering %(refs)s "
                                                     "to this prospect this way.") % {"refs": ", ".join(refused)}})
    if creating:
        deal.stage, deal.stage_since = Stage.LEAD, deal.opened_on
        deal.stage_log = [[Stage.LEAD.value, deal.opened_on.isoformat()]] if deal.opened_on else []
    return save_object(deal, user=user)


@transaction.atomic
def move_deal(deal: Deal, stage: str, *, user, on: date | None = None, reason: str = "", licence: Licence | None = None,
              licence_number: str = "", running_rate: Decimal | None = None, lump_sum: int | None = None) -> Deal:
    """Move a deal to ``stage`` on ``on`` (today by default) by the rules of ``kyoso.rules.pipeline``.

    Won: the licence is created here from the deal's terms (``licence_number`` with a running
    royalty rate and/or a lump sum) through the licensing services, or an existing licence to the
    same prospect in the same consortium is linked; either way it names the deal. Lost: the reason.
    """
    deal = Deal.objects.select_for_update().select_related("technology").get(pk=deal.pk)
    if not Deal.objects.for_user(user, CHANGE).filter(pk=deal.pk).exists():
        raise PermissionDenied
    on = on or today()
    gives_licence = licence is not None or bool(licence_number.strip())
    errors = pipeline.move_errors(deal.stage, stage, reason=reason, has_licence=gives_licence)
    if errors:
        raise ValidationError([MOVE_MESSAGES[e] for e in errors])
    if deal.stage_since and on < deal.stage_since:
        raise ValidationError(_("A deal cannot enter a stage before it entered the one it is in."))
    if stage == Stage.WON:
        deal.licence = _licence_for(deal, user=user, on=on, licence=licence, number=licence_number.strip(),
                                    running_rate=running_rate, lump_sum=lump_sum)
    if stage == Stage.LOST:
        deal.lost_reason = reason.strip()[:300]
    before = deal.stage
    deal.stage, deal.stage_since = stage, on
    deal.stage_log = [*deal.stage_log, [stage, on.isoformat()]]
    summary = Sentence(_("Moved from %(before)s to %(after)s"), before=Stage(before).label, after=Stage(stage).label)
    if stage == Stage.LOST:
        summary = Sentence(_("Lost: %(reason)s"), reason=deal.lost_reason)
    elif stage == Stage.WON:
        summary = Sentence(_("Won: licence %(number)s"), number=deal.licence.number)
    return save_object(deal, user=user, verb=f"stage-{stage}", summary=summary)


def _licence_for(deal: Deal, *, user, on: date, licence, number: str, running_rate, lump_sum) -> Licence:
    technology = deal.technology
    if licence is not None:
        if licence.consortium_id != technology.consortium_id or licence.licensee_id != deal.organisation_id:
            raise ValidationError(_("The licence must be to the same prospect, in the technology's consortium."))
        if Deal.objects.filter(licence=licence).exclude(pk=deal.pk).exists():
            raise ValidationError(_("That licence already closes another deal."))
        record_event(licence, "deal-linked", Sentence(_("Linked to deal “%(deal)s”"), deal=str(deal)), user=user)
        return licence
    created = save_licence(Licence(
        number=number, consortium_id=technology.consortium_id, licensee_id=deal.organisation_id,
        field=deal.field_of_use, territory=deal.territory or "Worldwide",
        exclusivity=Exclusivity.EXCLUSIVE if deal.exclusive else Exclusivity.NON_EXCLUSIVE, start=on,
        notes=str(_("From technology-transfer deal “%(deal)s”.") % {"deal": deal}),
    ), user=user)
    for invention in technology.inventions.order_by("pk"):
        save_object(LicensedAsset(licence=created, invention=invention), user=user)
    if running_rate:
        save_object(RoyaltyTerm(licence=created, kind=RoyaltyKind.RUNNING, standard_rate=running_rate), user=user)
    if lump_sum:
        save_object(RoyaltyTerm(licence=created, kind=RoyaltyKind.LUMP_SUM, amount=lump_sum, due_on=on), user=user)
    return created


# -- contacts, agreements and their reminders -------------------------------------------------------


def _lead_filing(technology: Technology) -> Filing | None:
    return Filing.objects.filter(family__invention__in=technology.inventions.all()).order_by("filing_date", "pk").first()


def _sync_reminder(record, due: date | None, key: str, responsible, *, user) -> None:
    """Keep ``record.reminder`` — a manual deadline on the technology's first filing, with
    ``responsible`` reminded by the docket's e-mails — at ``due``; close it when there is no date."""
    deadline = record.reminder
    if due is None:
        if deadline is not None and deadline.state == DeadlineState.OPEN:
            Deadline.objects.filter(pk=deadline.pk).update(state=DeadlineState.WAIVED)
        return
    filing = deadline.filing if deadline is not None else _lead_filing(record.deal.technology)
    if filing is None:
        return  # no filing yet: the next step is on the transfer page only
    label, label_ja = REMINDER_LABELS[key]
    if deadline is None:
        deadline = Deadline(filing=filing, kind=DeadlineKind.OTHER, label=label, label_ja=label_ja)
    deadline.due, deadline.responsible, deadline.state = due, responsible, DeadlineState.OPEN
    deadline.note = f"deal {record.deal_id}"
    record.reminder = save_manual_deadline(deadline, user=user)
    type(record).objects.filter(pk=record.pk).update(reminder=record.reminder)


@transaction.atomic
def save_contact(contact: ContactLog, *, user) -> ContactLog:
    """Log a contact; its next step becomes a reminder for its owner (else the deal's owner)."""
    save_object(contact, user=user)
    owner = contact.owner or contact.deal.owner
    _sync_reminder(contact, contact.next_step_on if contact.next_step else None, "next_step", owner, user=user)
    deal = Deal.objects.get(pk=contact.deal_id)
    if deal.stage == Stage.LEAD:  # the first contact moves a lead on
        move_deal(deal, Stage.CONTACTED, user=user, on=max(contact.contacted_on, deal.stage_since or contact.contacted_on))
    return contact


@transaction.atomic
def delete_contact(contact: ContactLog, *, user) -> None:
    if contact.reminder_id:
        _sync_reminder(contact, None, "next_step", None, user=user)
    delete_object(contact, user=user, parent=contact.deal)


@transaction.atomic
def save_deal_agreement(agreement: DealAgreement, *, user) -> DealAgreement:
    """Record an NDA, evaluation or option; its expiry goes on the docket for the deal's owner."""
    save_object(agreement, user=user)
    _sync_reminder(agreement, agreement.expires_on, agreement.kind, agreement.deal.owner, user=user)
    return agreement


@transaction.atomic
def delete_deal_agreement(agreement: DealAgreement, *, user) -> None:
    if agreement.reminder_id:
        _sync_reminder(agreement, None, agreement.kind, None, user=user)
    delete_object(agreement, user=user, parent=agreement.deal)


def next_steps(user, *, within_days: int = 30, on: date | None = None):
    """The user's open next steps due within ``within_days`` (and the overdue ones)."""
    on = on or today()
    mine = Q(owner=user) | Q(owner__isnull=True, deal__owner=user)
    return (ContactLog.objects.for_user(user).filter(mine, next_step_on__isnull=False, next_step_on__lte=on + relativedelta(days=within_days))
            .exclude(reminder__state__in=[DeadlineState.DONE, DeadlineState.WAIVED])
            .select_related("deal__technology", "deal__organisation").order_by("next_step_on"))


# -- trainees -----------------------------------------------------------------------------------------


@transaction.atomic
def save_trainee(trainee: Trainee, *, user) -> Trainee:
    """Save a placement and keep one follow-up a year after the return for the programme's follow-up years."""
    save_object(trainee, user=user)
    wanted = {trainee.ends_on + relativedelta(years=n) for n in range(1, trainee.programme.follow_up_years + 1)}
    trainee.follow_ups.filter(done_on__isnull=True).exclude(due_on__in=wanted).delete()
    have = set(trainee.follow_ups.values_list("due_on", flat=True))
    for due in sorted(wanted - have):
        save_object(FollowUp(trainee=trainee, due_on=due), user=user)
    return trainee


# -- figures ------------------------------------------------------------------------------------------


def funnel_for(user, fiscal_year: int | None = None) -> list[pipeline.FunnelRow]:
    """The funnel of the deals ``user`` sees, opened in ``fiscal_year`` (all years when ``None``)."""
    deals = Deal.objects.for_user(user)
    if fiscal_year is not None:
        start, end = fiscal_year_bounds(fiscal_year)
        deals = deals.filter(opened_on__gte=start, opened_on__lte=end)
    return pipeline.funnel(Deal(stage_log=log).log for log in deals.values_list("stage_log", flat=True))


def pipeline_summary(user, fiscal_year: int | None = None) -> dict:
    """Count and expected value of the deals in each stage, and each stage's conversion (the contract
    of ``kyoso transfer pipeline --json``)."""
    deals = Deal.objects.for_user(user)
    if fiscal_year is not None:
        start, end = fiscal_year_bounds(fiscal_year)
        deals = deals.filter(opened_on__gte=start, opened_on__lte=end)
    totals = {row["stage"]: row for row in deals.order_by().values("stage").annotate(count=Count("pk"), value=Sum("expected_value"))}
    funnel = {row.stage: row for row in funnel_for(user, fiscal_year)}
    stages = []
    for stage in pipeline.STAGES:
        row = totals.get(stage, {})
        conversion = funnel[stage].conversion if stage in funnel else None
        stages.append({"stage": stage, "count": row.get("count", 0), "value": row.get("value") or 0,
                       "conversion": None if conversion is None else float(conversion),
                       "median_days": funnel[stage].median_days if stage in funnel else None})
    return {"fiscal_year": fiscal_year, "stages": stages,
            "total": {"count": sum(s["count"] for s in stages), "value": sum(s["value"] for s in stages)}}


def trainee_report(fiscal_year: int, *, user, on: date | None = None) -> list[dict]:
    """Per host TLO, for trainees placed during ``fiscal_year``: how many, the deals they touched,
    the licences those deals won (in the year), and the follow-ups due in the year done or overdue
    on ``on`` (today by default). The contract of ``kyoso transfer trainees --json``."""
    on = on or today()
    start, end = fiscal_year_bounds(fiscal_year)
    trainees = (Trainee.objects.for_user(user).filter(starts_on__lte=end, ends_on__gte=start)
                .select_related("programme__host").prefetch_related("deals", "dispatched_by"))
    by_host: dict[int, dict] = {}
    deals_of: dict[int, set[int]] = defaultdict(set)
    for trainee in trainees.order_by("programme__host__name", "pk"):
        host = trainee.programme.host
        row = by_host.setdefault(host.pk, {"host": host.name, "trainees": 0, "institutions": set(), "deals_touched": 0,
                                           "licences_won": 0, "follow_ups_done": 0, "follow_ups_overdue": 0, "follow_ups_due": 0})
        row["trainees"] += 1
        row["institutions"].add(trainee.dispatched_by.name)
        deals_of[host.pk].update(d.pk for d in trainee.deals.all())
    all_trainees = Trainee.objects.for_user(user)
    for host_id, row in by_host.items():
        deals = Deal.objects.filter(pk__in=deals_of[host_id])
        row["deals_touched"] = len(deals_of[host_id])
        row["licences_won"] = deals.filter(stage=Stage.WON, licence__isnull=False, stage_since__gte=start, stage_since__lte=end).count()
        follow_ups = FollowUp.objects.filter(trainee__in=all_trainees.filter(programme__host_id=host_id), due_on__gte=start, due_on__lte=end)
        row["follow_ups_due"] = follow_ups.count()
        row["follow_ups_done"] = follow_ups.filter(done_on__isnull=False).count()
        row["follow_ups_overdue"] = follow_ups.filter(done_on__isnull=True, due_on__lt=on).count()
        row["institutions"] = sorted(row["institutions"])
    return [by_host[k] for k in sorted(by_host, key=lambda k: by_host[k]["host"])]


def current_fiscal_year() -> int:
    return fiscal_year_of(today())


def is_member_of(organisation_id: int, consortium_id: int) -> bool:
    return _is_member(organisation_id, consortium_id, today())


__all__ += ["next_steps", "current_fiscal_year", "RightsRow"]
