"""Services of the Sakura Tool on agreements: terms from a type, negotiation, drafts, publication.

Every state change here is atomic, takes ``user=`` and writes an event (``docs/developing.md``).
The rules — default term sets, the three conditions, the advisor — are pure
(``kyoso.rules.sakura``); this module applies them to agreements.

Signed PDF: :func:`change_status` runs the hook ``agreement_signed(agreement, user=…, signed_pdf=…)``
when an agreement is signed; ``kyoso.documents`` keeps the PDF on the agreement (nothing here
stores files).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.core import hooks
from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, record_event, save_object
from kyoso.rules.fiscal import fiscal_year_of
from kyoso.rules.periods import add_months
from kyoso.rules.sakura import TERM_KEYS, diff_terms, period_end, term_set, university_share

from .choices import (
    AgreementDeadlineKind,
    AgreementKind,
    AgreementStatus,
    FeeBearer,
    Ownership,
    PartyRole,
    PublicationStatus,
)
from .models import (
    Agreement,
    AgreementDeadline,
    AgreementParty,
    AgreementResearcher,
    AgreementTerms,
    DraftVersion,
    PublicationRequest,
)

__all__ = [
    "TRANSITIONS", "terms_from_type", "start_terms", "save_terms", "create_draft_agreement", "change_status",
    "record_draft_version", "refresh_term_deadlines", "request_publication", "answer_publication",
    "proposed_owners", "fee_payers_of_agreements", "agreements_naming_payers", "licence_initial", "add_researcher", "remove_researcher",
]

#: Negotiation: which status may follow which (signing is draft → negotiating → in force).
TRANSITIONS = {
    AgreementStatus.DRAFT: (AgreementStatus.NEGOTIATING,),
    AgreementStatus.NEGOTIATING: (AgreementStatus.DRAFT, AgreementStatus.ACTIVE),
    AgreementStatus.ACTIVE: (AgreementStatus.ENDED, AgreementStatus.TERMINATED),
    AgreementStatus.ENDED: (),
    AgreementStatus.TERMINATED: (),
}


def terms_from_type(type_code: str) -> dict:
    """The model field values of a type's default term set."""
    values = dict(term_set(type_code).terms)
    values["royalty_percent"] = Decimal(values["royalty_percent"]) if values["royalty_percent"] else None
    return values


def _base_code(agreement: Agreement) -> str:
    code = agreement.contract_type.code if agreement.contract_type_id else ""
    if code.startswith("sakura-"):
        return code.removeprefix("sakura-")
    return "consortium" if code.startswith("consortium") or agreement.kind == AgreementKind.CONSORTIUM else ""


@transaction.atomic
def start_terms(agreement: Agreement, *, user, type_code: str | None = None) -> AgreementTerms:
    """Give ``agreement`` its particulars table from a type's default terms (by default its
    contract type's); an agreement that has terms keeps them."""
    ensure_may_change(agreement, user=user)
    existing = AgreementTerms.objects.filter(agreement=agreement).first()
    if existing:
        return existing
    code = type_code or _base_code(agreement) or "0"
    terms = AgreementTerms(agreement=agreement, base_type=code, **terms_from_type(code))
    save_object(terms, user=user, check_scope=False, verb="terms-started",
                summary=Sentence(_("Terms started from the default terms of type %(type)s"), type=code))
    refresh_term_deadlines(agreement)
    return terms


@transaction.atomic
def save_terms(terms: AgreementTerms, *, user) -> AgreementTerms:
    """Save changed terms; the event lists each term that changed, and the term deadlines follow."""
    ensure_may_change(terms.agreement, user=user)
    before = AgreementTerms.objects.filter(pk=terms.pk).first()
    terms.full_clean()
    changed = diff_terms(before.as_terms(), terms.as_terms()) if before else []
    summary = None
    if changed:
        summary = Sentence(_("Terms changed: %(terms)s"), terms=", ".join(f"{key} {old!r} → {new!r}" for key, old, new in changed))
    save_object(terms, user=user, check_scope=False, summary=summary)
    refresh_term_deadlines(terms.agreement)
    return terms


@transaction.atomic
def create_draft_agreement(*, user, number: str, title: str, type_code: str, start: date, end: date,
                           university, company=None, consortium=None, title_ja: str = "", others=()) -> Agreement:
    """A new agreement in status *draft* with its parties and the default terms of ``type_code``
    (what the advisor's wizard ends with)."""
    from .models import ContractType

    contract_type = ContractType.objects.filter(code=f"sakura-{type_code}").first() or \
        ContractType.objects.filter(code="consortium-model" if type_code == "consortium" else "custom").first()
    agreement = Agreement(
        number=number, title=title, title_ja=title_ja, start=start, end=end, status=AgreementStatus.DRAFT,
        contract_type=contract_type, consortium=consortium,
        kind=AgreementKind.CONSORTIUM if type_code == "consortium" else AgreementKind.BILATERAL,
    )
    save_object(agreement, user=user)
    parties = [(university, PartyRole.UNIVERSITY)] + ([(company, PartyRole.COMPANY)] if company else []) + list(others)
    for organisation, role in parties:
        save_object(AgreementParty(agreement=agreement, organisation=organisation, role=role), user=user)
    start_terms(agreement, user=user, type_code=type_code)
    return agreement


@transaction.atomic
def change_status(agreement: Agreement, status: str, *, user, signed_on: date | None = None,
                  signed_pdf=None) -> Agreement:
    """Move an agreement along its negotiation (:data:`TRANSITIONS`); signing (negotiating → in
    force) records the day it was signed and runs ``agreement_signed`` with the signed PDF, which
    the documents app keeps on the agreement (checked there; a refused file undoes the signing)."""
    ensure_may_change(agreement, user=user)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if status not in TRANSITIONS.get(agreement.status, ()):
        raise ValidationError({"status": _("An agreement that is %(now)s cannot become %(next)s.") % {
            "now": agreement.get_status_display(), "next": AgreementStatus(status).label}})
    before = agreement.get_status_display()
    agreement.status = status
    agreement._history_user = user if getattr(user, "pk", None) else None
    agreement.save(update_fields=["status", "modified"])
    if status == AgreementStatus.ACTIVE:
        terms = start_terms(agreement, user=user)
        terms.signed_on = signed_on or timezone.localdate()
        terms._history_user = agreement._history_user
        terms.save(update_fields=["signed_on", "modified"])
        record_event(agreement, "signed", Sentence(_("Agreement signed on %(day)s"), day=terms.signed_on.isoformat()),
                     user=user, data={"from": str(before)})
        hooks.run("agreement_signed", agreement, user=user, signed_pdf=signed_pdf)
    else:
        record_event(agreement, "status-changed",
                     Sentence(_("Status changed from %(before)s to %(after)s"), before=before,
                              after=AgreementStatus(status).label), user=user)
    return agreement


ROLE_ORDER = [PartyRole.UNIVERSITY, PartyRole.COMPANY, PartyRole.FUNDER, PartyRole.OTHER]


def _snapshot(agreement: Agreement) -> dict:
    terms = AgreementTerms.objects.select_related("lead_party").get(agreement=agreement)
    snapshot = terms.as_terms()
    snapshot.update({
        "number": agreement.number, "title": agreement.title, "title_ja": agreement.title_ja,
        "start": agreement.start.isoformat(), "end": agreement.end.isoformat(), "base_type": terms.base_type,
        "purpose": terms.purpose, "description": terms.description, "place": terms.place,
        "facilities": terms.facilities, "data_provided": terms.data_provided, "data_generated": terms.data_generated,
        "project_manager": terms.project_manager,
        "lead_party": str(terms.lead_party) if terms.lead_party_id else "",
        "kind": agreement.kind, "status": agreement.status,
        "parties": sorted(({"name": str(p.organisation), "role": p.role, "expense": p.research_expense}
                           for p in agreement.parties.select_related("organisation")),
                          key=lambda p: (ROLE_ORDER.index(p["role"]) if p["role"] in ROLE_ORDER else 9, p["name"])),
        "researchers": [{"party": str(r.organisation), "name": r.name, "title": r.title, "role": r.role,
                         "dispatched": r.dispatched} for r in agreement.researchers.select_related("organisation")],
    })
    return snapshot


@transaction.atomic
def record_draft_version(agreement: Agreement, language: str, *, user) -> DraftVersion:
    """Store a new numbered draft version: the terms as they are and the changes since the previous
    version (the first version lists the changes from the type's default terms)."""
    ensure_may_change(agreement, user=user)
    Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk", flat=True).first()
    terms = start_terms(agreement, user=user)
    snapshot = _snapshot(agreement)
    previous = agreement.drafts.order_by("-number").first()
    if previous:
        keys = [key for key in snapshot if key not in ("parties", "researchers")]
        changes = [[key, previous.snapshot.get(key), snapshot.get(key)] for key in keys
                   if previous.snapshot.get(key) != snapshot.get(key)]
        for key in ("parties", "researchers"):
            if previous.snapshot.get(key) != snapshot.get(key):
                changes.append([key, len(previous.snapshot.get(key) or []), len(snapshot[key])])
    else:
        changes = [[key, old, new] for key, old, new in terms.changes()]
    version = DraftVersion(agreement=agreement, number=(previous.number + 1) if previous else 1, language=language,
                           snapshot=snapshot, changes=changes)
    save_object(version, user=user, check_scope=False, verb="draft-generated",
                summary=Sentence(_("Draft version %(number)s generated (%(count)s changes)"),
                                 number=version.number, count=len(changes)))
    return version


def refresh_term_deadlines(agreement: Agreement) -> None:
    """Recompute the deadlines the terms set (option window, know-how and confidentiality ends);
    a publication request's answer deadline is kept (it belongs to the request)."""
    terms = AgreementTerms.objects.filter(agreement=agreement).first()
    AgreementDeadline.objects.filter(agreement=agreement, publication=None).delete()
    if terms is None:
        return
    rows = []
    if terms.option_window_months and terms.other_party_rights in ("exclusive_option", "assignment_option") or \
            (terms.option_window_months and terms.ownership == Ownership.COMPANY):
        rows.append((AgreementDeadlineKind.OPTION_WINDOW, add_months(agreement.end, terms.option_window_months)))
    fiscal_ends = [date(year + 1, 3, 31) for year in range(fiscal_year_of(agreement.start), fiscal_year_of(agreement.end) + 1)]
    for kind, years, counting in (
        (AgreementDeadlineKind.KNOW_HOW_END, terms.know_how_years, terms.know_how_counting),
        (AgreementDeadlineKind.CONFIDENTIALITY_END, terms.confidentiality_years, terms.confidentiality_counting),
    ):
        ends = period_end(agreement.end, years, counting, [min(day, agreement.end) for day in fiscal_ends])
        if ends:
            rows.append((kind, max(ends)))
    for kind, due in rows:
        AgreementDeadline.objects.create(agreement=agreement, kind=kind, due=due)


@transaction.atomic
def request_publication(agreement: Agreement, title: str, *, user, venue: str = "", requested_on: date | None = None,
                        allowed: bool = False) -> PublicationRequest:
    """A researcher asks to publish results of the research under ``agreement``: the partner's answer
    is due after the notice period, publication may be delayed at most the longest agreed delay.

    ``allowed``: the caller checked that the researcher works under the agreement (the
    inventions app knows who is an inventor under which agreement); the IP office and the
    agreement's CPO may always record a request.
    """
    actor = actor_of(user)
    if actor.role == Role.RESEARCHER:
        if not allowed:
            raise PermissionDenied(_("You may request publication only under agreements you research under."))
    else:
        ensure_may_change(agreement, user=user)
    if not (title or "").strip():
        raise ValidationError({"title": _("Name the publication.")})
    terms = AgreementTerms.objects.filter(agreement=agreement).first() or start_terms(agreement, user=user)
    requested_on = requested_on or timezone.localdate()
    notice = terms.publication_notice_days or 0
    request = PublicationRequest(
        agreement=agreement, title=title.strip(), venue=venue, requested_by=user, requested_on=requested_on,
        answer_due=requested_on + timedelta(days=notice),
        latest_publication=requested_on + timedelta(days=terms.publication_max_delay_days)
        if terms.publication_max_delay_days is not None else None,
    )
    save_object(request, user=user, check_scope=False, verb="publication-requested",
                summary=Sentence(_("Publication “%(title)s” requested; the partner answers by %(due)s"),
                                 title=request.title, due=request.answer_due.isoformat()))
    AgreementDeadline.objects.create(agreement=agreement, kind=AgreementDeadlineKind.PUBLICATION_ANSWER,
                                     due=request.answer_due, publication=request)
    return request


@transaction.atomic
def answer_publication(request: PublicationRequest, status: str, *, user, answer: str = "") -> PublicationRequest:
    """The partner (a company party to the agreement), its CPO or the IP office answers a request;
    the answer deadline is done."""
    actor = actor_of(user)
    agreement = request.agreement
    if actor.role == Role.COMPANY:
        if not agreement.parties.filter(organisation_id=actor.organisation_id).exists():
            raise PermissionDenied
    elif not Agreement.objects.for_user(user, CHANGE).filter(pk=agreement.pk).exists():
        raise PermissionDenied
    if status not in (PublicationStatus.AGREED, PublicationStatus.DELAY, PublicationStatus.PUBLISHED):
        raise ValidationError({"status": _("Answer agreed, delay or published.")})
    request.status = status
    request.answer = answer
    request._history_user = user
    request.full_clean()
    request.save()
    AgreementDeadline.objects.filter(publication=request).update(done=True)
    record_event(request, "publication-answered", Sentence(_("Publication “%(title)s”: %(status)s"), title=request.title,
                                                           status=PublicationStatus(status).label), user=user)
    return request


@transaction.atomic
def add_researcher(researcher: AgreementResearcher, *, user) -> AgreementResearcher:
    """Name a researcher of a party in the particulars table."""
    ensure_may_change(researcher.agreement, user=user)
    if not researcher.agreement.parties.filter(organisation_id=researcher.organisation_id).exists():
        raise ValidationError({"organisation": _("The researcher's organisation must be a party to the agreement.")})
    save_object(researcher, user=user, check_scope=False)
    record_event(researcher.agreement, "researcher-added",
                 Sentence(_("Researcher %(name)s named"), name=researcher.name), user=user)
    return researcher


@transaction.atomic
def remove_researcher(researcher: AgreementResearcher, *, user) -> None:
    ensure_may_change(researcher.agreement, user=user)
    record_event(researcher.agreement, "researcher-removed",
                 Sentence(_("Researcher %(name)s removed"), name=researcher.name), user=user)
    researcher.delete()


# --- Terms read by the higher apps (ip, licensing, docket) ---------------------------------------

def proposed_owners(agreement: Agreement) -> list[tuple[int, Fraction]] | None:
    """Owners (organisation id, exact share) the ownership term gives a result of ``agreement``;
    ``None`` when the term leaves it to the inventors' affiliation or no party fits."""
    terms = AgreementTerms.objects.filter(agreement=agreement).first()
    if terms is None:
        return None
    parties = list(agreement.parties.values_list("organisation_id", "role"))
    universities = sorted(org for org, role in parties if role == PartyRole.UNIVERSITY)
    companies = sorted(org for org, role in parties if role == PartyRole.COMPANY)
    if terms.ownership == Ownership.UNIVERSITY and universities:
        return [(org, Fraction(1, len(universities))) for org in universities]
    if terms.ownership == Ownership.COMPANY and companies:
        return [(org, Fraction(1, len(companies))) for org in companies]
    if terms.ownership == Ownership.CO_OWNED and universities and companies:
        ours = university_share(terms.as_terms())
        theirs = 1 - ours
        return [(org, ours / len(universities)) for org in universities] + \
            [(org, theirs / len(companies)) for org in companies]
    return None


def agreements_naming_payers():
    """The ids of the agreements whose cost-sharing term names a payer other than the owners, as a
    subquery: callers filter their own rows by it instead of sending every agreement id they hold
    (a national portfolio would be 100,000 parameters)."""
    return AgreementTerms.objects.exclude(fee_bearer=FeeBearer.OWNERS).values("agreement_id")


def fee_payers_of_agreements(agreement_ids) -> dict[int, tuple[tuple[int, Fraction], ...]]:
    """``agreement id → ((organisation id, exact share), …)`` for agreements whose cost-sharing term
    names a payer other than the owners (the company or the university pays every official fee)."""
    ids = {pk for pk in agreement_ids if pk}
    if not ids:
        return {}
    bearers = dict(AgreementTerms.objects.filter(agreement_id__in=ids).exclude(fee_bearer=FeeBearer.OWNERS)
                   .values_list("agreement_id", "fee_bearer"))
    parties: dict[int, list[int]] = {}
    for agreement_id, org, role in (AgreementParty.objects.filter(agreement_id__in=bearers)
                                    .order_by("organisation_id").values_list("agreement_id", "organisation_id", "role")):
        if role == bearers[agreement_id]:
            parties.setdefault(agreement_id, []).append(org)
    return {agreement_id: tuple((org, Fraction(1, len(orgs))) for org in orgs) for agreement_id, orgs in parties.items()}


def licence_initial(agreement: Agreement) -> dict:
    """Initial values of a licence to the company under ``agreement``, from its terms: the licensee,
    the exclusivity the other side's rights give, and the royalty or non-practice compensation in
    the notes (the royalty term is added on the licence's page)."""
    terms = AgreementTerms.objects.filter(agreement=agreement).first()
    company = agreement.parties.filter(role=PartyRole.COMPANY).select_related("organisation").order_by("organisation_id").first()
    initial = {"consortium": agreement.consortium, "start": max(agreement.start, timezone.localdate())}
    if company:
        initial["licensee"] = company.organisation
    if terms is None:
        return initial
    if terms.other_party_rights in ("exclusive_option", "assignment_option"):
        initial["exclusivity"] = "exclusive"
    notes = [str(_("Under agreement %(number)s (type %(type)s).") % {"number": agreement.number, "type": terms.base_type})]
    if terms.royalty_percent is not None:
        notes.append(str(_("Royalty per the agreement: %(rate)s%%.") % {"rate": format(terms.royalty_percent.normalize(), "f")}))
    if terms.non_practice_compensation:
        notes.append(str(_("Non-practice compensation is due to the university (不実施補償).")))
    initial["notes"] = " ".join(notes)
    initial["royalty_percent"] = terms.royalty_percent
    return initial


TERM_LABELS = {key: AgreementTerms._meta.get_field(key).verbose_name for key in TERM_KEYS}


def term_shown(key: str, value):
    """A term's value as a reader reads it: a choice's label (``after_end`` → "From the day after the
    end of the research"), from the choices of the terms field of the same name; else the value."""
    try:
        field = AgreementTerms._meta.get_field(key)
    except FieldDoesNotExist:
        return value
    labels = dict(field.flatchoices) if field.choices else {}
    return labels.get(value, value) if isinstance(value, str) else value


def term_changes_shown(changes) -> list[tuple]:
    """``(label, before, after)`` of each ``(key, before, after)`` change, as a reader reads them."""
    return [(TERM_LABELS.get(key, key), term_shown(key, old), term_shown(key, new)) for key, old, new in changes]
