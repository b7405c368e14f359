"""Licence requests: the facts, the policy's decision, the steering committee, the licence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.agreements.choices import ResearchClass
from kyoso.consortia.models import Membership
from kyoso.core.roles import Role, actor_of
from kyoso.core.sentences import Sentence, choice_label
from kyoso.core.services import record_event, save_object
from kyoso.inbox import services as inbox
from kyoso.inbox.choices import NotificationKind
from kyoso.ip.models import Invention
from kyoso.rules.policy import Request, evaluate

from ..choices import Exclusivity, NextStep, RequestStatus
from ..models import Licence, LicenceRequest, LicensedAsset
from .classes import current_class

__all__ = ["request_facts", "decide_request", "submit_request", "committee_decide", "issue_licence", "class_discount"]

#: A request in one of these is still to be acted on: an identical one is the same request twice.
OPEN_STATUSES = (RequestStatus.GRANTED, RequestStatus.NEGOTIATION, RequestStatus.COMMITTEE, RequestStatus.APPROVED)

# What the policy's next step means for the request's status.
STATUS_AFTER = {
    NextStep.GRANTED_AUTOMATICALLY: RequestStatus.GRANTED,
    NextStep.STEERING_COMMITTEE: RequestStatus.COMMITTEE,
    NextStep.REFUSED: RequestStatus.REFUSED,
}


def request_facts(request: LicenceRequest) -> Request:
    """The policy's question, read from the records (membership, the invention, the class)."""
    invention = request.invention
    on = request.requested_on or date.today()
    member = Membership.objects.filter(
        consortium_id=invention.consortium_id, organisation_id=request.requester_id, joined__lte=on
    ).exclude(left__lt=on).exists()
    research = invention.agreement.research_class if invention.agreement_id else ResearchClass.COOPERATIVE
    assignment = current_class(request.requester, invention.consortium) if member else None
    return Request(
        requester="participant" if member else "outsider",
        ip=invention.ip_kind,
        purpose=request.purpose,
        research=research,
        exclusive=bool(request.exclusive),
        field=request.field or None,
        territory=request.territory or None,
        asset=invention.reference,
        company=str(request.requester),
        share_class=assignment.class_name if assignment and assignment.share_class else None,
    )


def decide_request(request: LicenceRequest) -> None:
    """Ask the policy and store its decision, rule, facts, explanation and the next step."""
    facts = request_facts(request)
    decision = evaluate(request.policy.as_rules(), facts)
    request.decision, request.rule, request.next_step = decision.decision, decision.rule, decision.next
    request.explanation = list(decision.explanation)
    request.facts = {k: v for k, v in vars(facts).items() if v is not None}
    request.status = STATUS_AFTER.get(decision.next, RequestStatus.NEGOTIATION)


@transaction.atomic
def submit_request(request: LicenceRequest, *, user) -> LicenceRequest:
    """File (or re-file after an edit) a request: it is decided at once under its policy."""
    actor = actor_of(user)
    if actor.role == Role.COMPANY and request.requester_id != actor.organisation_id:
        raise PermissionDenied
    if request.status in (RequestStatus.LICENSED, RequestStatus.APPROVED) and request.pk:
        raise ValidationError(_("A request that was approved or licensed is no longer changed."))
    request.consortium_id = request.invention.consortium_id
    # Simultaneous identical submissions (a double click, a retried call): lock the asset's row so
    # the second waits for the first and then finds it (PostgreSQL; SQLite's writers queue anyway).
    Invention.objects.select_for_update().filter(pk=request.invention_id).values_list("pk", flat=True).first()
    decide_request(request)
    _refuse_identical(request)
    _save_with_reference(request, user=user)
    record_event(request, "decided", Sentence(gettext_lazy("Decided by rule %(rule)s: %(decision)s; next: %(next)s"), rule=request.rule,
                                                 decision=choice_label(request, "decision"), next=choice_label(request, "next_step")), user=user, data={"facts": request.facts})
    if request.status == RequestStatus.COMMITTEE:
        _tell_committee(request, user=user)
    elif request.status in (RequestStatus.GRANTED, RequestStatus.REFUSED):
        _tell_requester(request, user=user)
    return request


def _params(request: LicenceRequest) -> dict:
    """What a notification of ``request`` names: reference, requester, asset, consortium, status — no money."""
    return {"reference": request.reference, "requester": inbox.named(request.requester),
            "asset": request.invention.reference, "consortium": inbox.named(request.consortium),
            "status": choice_label(request, "status")}


def _tell_committee(request: LicenceRequest, *, user) -> None:
    """The consortium's CPOs: a request waits for the steering committee."""
    inbox.notify(inbox.cpos_of(request.consortium_id), NotificationKind.REQUEST_TO_DECIDE,
                 params=_params(request), url=request.get_absolute_url(), actor=user)


def _tell_requester(request: LicenceRequest, *, user) -> None:
    """The requesting company's staff: their request was decided (automatically, by the committee, a licence)."""
    inbox.notify(inbox.users_of_organisations([request.requester_id]), NotificationKind.REQUEST_DECIDED,
                 params=_params(request), url=request.get_absolute_url(), actor=user)


def identical_open_requests(request: LicenceRequest):
    """Other open requests of the same company for the same asset, purpose, field, territory and exclusivity."""
    return LicenceRequest.objects.filter(
        requester_id=request.requester_id, invention_id=request.invention_id, purpose=request.purpose,
        field=request.field, territory=request.territory, exclusive=request.exclusive, status__in=OPEN_STATUSES,
    ).exclude(pk=request.pk)


def _refuse_identical(request: LicenceRequest) -> None:
    """An identical request still open is the same request filed twice: refused, naming the first."""
    if request.status not in OPEN_STATUSES:
        return
    first = identical_open_requests(request).values_list("reference", flat=True).first()
    if first:
        raise ValidationError(_("The same request is already open as %(reference)s; it was not filed twice.")
                              % {"reference": first})


def _save_with_reference(request: LicenceRequest, *, user, attempts: int = 50) -> None:
    """Save, giving a new request the next free reference of its year.

    Two different requests filed at the same moment may both read the same last reference; the
    database refuses the second insert (the reference is unique) and it takes the next one. Each
    round files at least one of the requests racing, so ``attempts`` bounds how many may race.
    """
    for attempt in range(attempts):
        if request.pk is None and (not request.reference or attempt):
            request.reference = _next_reference(request.requested_on)
        try:
            with transaction.atomic():
                save_object(request, user=user)
            return
        except (IntegrityError, ValidationError) as error:
            _refuse_identical(request)  # the other one was this very request: say so
            taken = isinstance(error, IntegrityError) or set(getattr(error, "error_dict", {})) == {"reference"}
            if not taken or not request._state.adding or attempt == attempts - 1:
                raise


def _next_reference(on: date) -> str:
    prefix = f"LR-{on.year}-"
    last = LicenceRequest.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True).first()
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


@transaction.atomic
def committee_decide(request: LicenceRequest, *, approve: bool, note: str, user) -> LicenceRequest:
    """Record the steering committee's decision on a request the policy sent to it."""
    if actor_of(user).role not in (Role.IP_OFFICE, Role.CPO):
        raise PermissionDenied
    _lock_status(request)
    if request.status != RequestStatus.COMMITTEE:
        raise ValidationError(_("Only a request waiting for the steering committee can be decided by it."))
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
    request.committee_note = note
    save_object(request, user=user, verb="committee-decided",
                summary=Sentence(gettext_lazy("Steering committee %(verdict)s: %(note)s"),
                                     verdict=gettext_lazy("approved") if approve else gettext_lazy("refused"), note=note))
    _tell_requester(request, user=user)
    return request


def _lock_status(request: LicenceRequest) -> None:
    """Lock the request's row and read its status as committed: of two simultaneous decisions (or
    licences) on one request, the second waits for the first and then finds it decided."""
    request.status = LicenceRequest.objects.select_for_update().values_list("status", flat=True).get(pk=request.pk)


def class_discount(share_class) -> tuple[str, object]:
    """(class name, discount %) a licence gets: royalty-free use is a 100 % discount."""
    if share_class is None:
        return "", Decimal("0")
    if "royalty_free_business" in share_class.rights:
        return share_class.name, Decimal("100")
    if "discounted_business" in share_class.rights:
        return share_class.name, share_class.royalty_discount
    return share_class.name, Decimal("0")


@transaction.atomic
def issue_licence(request: LicenceRequest, *, number: str, start: date, user, end: date | None = None,
                  sublicensing: bool = False) -> Licence:
    """Issue the licence a request leads to, with the licensee's class discount of today."""
    if actor_of(user).role not in (Role.IP_OFFICE, Role.CPO):
        raise PermissionDenied
    _lock_status(request)
    if request.status not in (RequestStatus.NEGOTIATION, RequestStatus.APPROVED):
        raise ValidationError(_("This request does not lead to a licence (status: %(status)s).") % {
            "status": request.get_status_display()})
    assignment = current_class(request.requester, request.consortium)
    discount_class = assignment.share_class if assignment and not request.exclusive else None
    name, discount = class_discount(discount_class)
    licence = save_object(Licence(
        number=number, consortium=request.consortium, licensee=request.requester, request=request,
        field=request.field, territory=request.territory or "Worldwide",
        exclusivity=Exclusivity.EXCLUSIVE if request.exclusive else Exclusivity.NON_EXCLUSIVE,
        sublicensing=sublicensing, start=start, end=end, share_class=name, class_discount=discount,
    ), user=user)
    save_object(LicensedAsset(licence=licence, invention=request.invention), user=user)
    request.status = RequestStatus.LICENSED
    save_object(request, user=user, verb="licensed", summary=Sentence(gettext_lazy("Licence %(number)s issued"), number=number))
    _tell_requester(request, user=user)
    return licence

