"""State changes of the IP pool: disclosing inventions, naming owners and inventors, filings.

Who changes what is decided here, so the web forms, the API and the importer give the same
answer: a researcher changes only the description of the inventions they invented and discloses
new ones (owned by their university until the IP office says otherwise); owners, inventor
contributions and deletions are the IP office's (and the CPO's inside their consortia). A
researcher proposes a change of owners or contributions (:func:`propose_change`), which the IP
office accepts or refuses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core import hooks
from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.core.sentences import Sentence
from kyoso.core.services import delete_object, ensure_may_change, record_event, save_object
from kyoso.core.surface import may_delete
from kyoso.parties.models import Organisation, Person
from kyoso.rules.owners import ShareError, as_share, format_share, owner_kind, share_percent, us_large_entity

from .choices import ProposalKind, ProposalStatus
from .models import (
    ChangeProposal,
    Family,
    Filing,
    Invention,
    InventionOwner,
    Inventor,
    rows_as_json,
    share_label,
)

__all__ = [
    "save_invention", "save_invention_with_shares", "set_owners", "set_inventors", "delete_invention", "save_owner",
    "save_inventor", "delete_owner", "delete_inventor", "save_family", "delete_family", "save_filing", "delete_filing", "next_reference", "check_total",
    "check_share_rows", "propose_change", "accept_proposal", "refuse_proposal", "large_licensees",
]

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def large_licensees(invention_ids) -> dict[int, tuple[str, ...]]:
    """Per invention, the licensees that are large entities for the USPTO (a licence to one ends
    small-entity status, 37 CFR 1.27(a)); the ``licensees`` hook answers (licensing's licences in
    force), in one query. Read by the docket's schedule and forecast and by the IP budget."""
    answer = hooks.first("licensees", invention_ids) if invention_ids else None
    return {
        invention_id: tuple(name for name, kind, size in licensees if us_large_entity(owner_kind(kind, size)))
        for invention_id, licensees in (answer or {}).items()
    }


def next_reference(disclosed_year: int) -> str:
    """``INV-<year>-<serial>``, the next free serial of that year."""
    prefix = f"INV-{disclosed_year}-"
    last = Invention.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True).first()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


_GIVEN_REFERENCE = re.compile(r"^INV-(\d{4})-\d{4}$")


def _follow_disclosure_year(invention: Invention) -> None:
    """A corrected disclosure date in another year gives the invention that year's next reference.

    The reference is assigned from the disclosure year (:func:`next_reference`); a date typed
    wrong (2030 for 2026) would otherwise leave a reference that says the wrong year for ever. The
    first family, named after the reference, follows it. A reference the IP office chose in
    another form (not ``INV-YYYY-NNNN``) is theirs and stays.
    """
    match = _GIVEN_REFERENCE.match(invention.reference or "")
    if not match or not invention.disclosed_on or int(match.group(1)) == invention.disclosed_on.year:
        return
    old = invention.reference
    invention.reference = next_reference(invention.disclosed_on.year)
    Family.objects.filter(invention=invention, reference=f"F-{old}").update(reference=f"F-{invention.reference}")


def is_researcher(user) -> bool:
    return actor_of(user).role == Role.RESEARCHER


def check_researcher_fields(invention: Invention, *, user) -> None:
    """Refuse, field by field, what a researcher may not change on ``invention``.

    A researcher changes the description of their inventions (``Invention.DESCRIPTION_FIELDS``)
    and, when disclosing, its date; the consortium, topic, agreement, kind, confidentiality,
    status and reference are the IP office's (or the CPO's). Compared with the stored row, or for
    a new disclosure with a blank invention, so an unchanged value sent back is no change.
    """
    if not is_researcher(user):
        return
    allowed = Invention.DISCLOSURE_FIELDS if invention.pk is None else Invention.DESCRIPTION_FIELDS
    if invention.pk is None:
        reference = Invention()
        stored = {f.attname: getattr(reference, f.attname) for f in invention._meta.concrete_fields}
    else:
        stored = Invention.objects.filter(pk=invention.pk).values().first() or {}
    errors = {}
    for field in invention._meta.concrete_fields:
        if field.primary_key or field.name in (*allowed, "created", "modified"):
            continue
        if field.attname in stored and stored[field.attname] != getattr(invention, field.attname):
            errors[field.name] = _("A researcher changes only the description of an invention (title, abstract, technology "
                                   "area); %(field)s is the IP office's to change.") % {"field": field.verbose_name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_invention(invention: Invention, *, user) -> Invention:
    """Save an invention; a new one gets its reference and its first patent family.

    A researcher may change only its description (:func:`check_researcher_fields`); a researcher
    who discloses is named its sole inventor. Owners are set apart (:func:`set_owners`), or
    together with the invention by :func:`save_invention_with_shares`, which every form, the API
    and the importer use.
    """
    check_researcher_fields(invention, user=user)
    creating = invention.pk is None
    if creating and not invention.reference:
        invention.reference = next_reference(invention.disclosed_on.year)
    if not creating:
        _follow_disclosure_year(invention)
        return save_object(invention, user=user)
    ensure_may_change(invention, user=user)
    # The scope check after saving happens below, once a disclosing researcher is named inventor.
    save_object(invention, user=user, verb="disclosed", check_scope=False,
                summary=Sentence(gettext_lazy("Invention “%(name)s” disclosed"), name=invention))
    family = Family(invention=invention, reference=f"F-{invention.reference}", title=invention.title)
    family._history_user = user if getattr(user, "pk", None) else None
    family.full_clean()
    family.save()
    actor = actor_of(user)
    if actor.role == Role.RESEARCHER and actor.person_id:
        # A researcher discloses their own invention: they are its inventor until the IP office says otherwise.
        inventor = Inventor(invention=invention, person_id=actor.person_id, contribution=HUNDRED)
        inventor._history_user = user
        inventor.save()
    ensure_may_change(invention, user=user)
    return invention


def _rows_of(invention: Invention, kind: str) -> dict[int, Fraction]:
    """The invention's current rows as {party id: exact share}."""
    if kind == ProposalKind.OWNERS:
        return {party: Fraction(n, d) for party, n, d in
                invention.owners.values_list("organisation_id", "share_numerator", "share_denominator")}
    return {party: as_share(c) for party, c in invention.inventors.values_list("person_id", "contribution")}


def share_rows(kind: str, rows) -> list[tuple[int, Fraction]]:
    """``rows`` as (party id, exact share); a value that is not a share is refused, naming it."""
    out = []
    for party, value in rows:
        try:
            out.append((int(party), as_share(value)))
        except (ShareError, TypeError):
            raise ValidationError({kind: _("%(share)s is not a share: write a fraction such as 1/3 or a percentage "
                                           "such as 33.5%%.") % {"share": value}}) from None
    return out


@transaction.atomic
def save_invention_with_shares(
    invention: Invention,
    *,
    owners: list[tuple[int, object]] | None = None,
    inventors: list[tuple[int, object]] | None = None,
    user,
    reason: str = "",
) -> Invention:
    """Save an invention with its owners and inventors, all or nothing: the one rule every entry
    point (web form, API, import) follows.

    ``owners`` / ``inventors`` are (organisation or person id, share) pairs replacing the current
    ones, a share being a ``Fraction`` (1/3), a text (``"1/3"``, ``"33.5%"``) or a percentage
    (``Decimal``/``int``); ``None`` leaves them as they are. An invention must end with owners
    whose shares total exactly 1 (100 %), or nothing is saved.

    A researcher may not change owners or inventors of an existing invention (refused, naming the
    field; they propose a change instead, :func:`propose_change`). A researcher's new disclosure
    belongs to their university (100 %) with the researcher as sole inventor; any other split they
    give is recorded as a :class:`~kyoso.ip.models.ChangeProposal` (with ``reason``) for the IP
    office to decide.
    """
    creating = invention.pk is None
    given_reference = invention.reference
    try:
        return _save_with_shares(invention, owners, inventors, creating=creating, user=user, reason=reason)
    except Exception:
        if creating:  # rolled back: the caller's object must not pose as a saved invention
            invention.pk = None
            invention.reference = given_reference
        raise


def _save_with_shares(invention, owners, inventors, *, creating, user, reason) -> Invention:
    actor = actor_of(user)
    save_invention(invention, user=user)
    if actor.role == Role.RESEARCHER:
        if creating:
            if not actor.organisation_id:
                raise ValidationError({"owners": _("Your profile names no university, which would own your disclosure; ask "
                                                   "the IP office to complete it.")})
            _replace_rows(invention, ProposalKind.OWNERS, [(actor.organisation_id, HUNDRED)], user=user)
        for kind, rows in ((ProposalKind.OWNERS, owners), (ProposalKind.INVENTORS, inventors)):
            if rows is None:
                continue
            rows = share_rows(kind, rows)
            if _unchanged(rows, _rows_of(invention, kind)):
                continue
            if not creating:
                raise ValidationError({kind: _researcher_refusal(kind)})
            check_share_rows(kind, rows)
            propose_change(invention, kind, rows, reason or _("Proposed with the disclosure."), user=user)
    else:
        if owners is not None:
            set_owners(invention, owners, user=user)
        if inventors is not None:
            set_inventors(invention, inventors, user=user)
    if not invention.owners.exists():
        raise ValidationError({"owners": _("An invention needs its owners (shares totalling 100%).")})
    return invention


def check_total(values: Iterable[Fraction], what: str) -> None:
    """Shares and contributions are whole: they must add up to exactly 1 (100 %)."""
    total = sum(values, Fraction(0))
    if total != 1:
        raise ValidationError(_("%(what)s must total 100%% (now %(total)s%%).") % {"what": what, "total": share_percent(total, 4)})


def check_share_rows(kind: str, rows) -> None:
    """The rules of an owner or inventor list, keyed by ``kind`` ("owners" / "inventors").

    Parties that exist, each named once, shares totalling exactly 1: owners' shares are exact
    fractions (⅓ stays ⅓), inventors' contributions whole hundredths of a percent (0.01–100).
    """
    rows = share_rows(kind, rows)
    owners = kind == ProposalKind.OWNERS
    model, what = (Organisation, _("Owner shares")) if owners else (Person, _("Inventor contributions"))
    if not rows:
        raise ValidationError({kind: _("Name at least one owner.") if owners else _("Name at least one inventor.")})
    parties = [party for party, _share in rows]
    if len(set(parties)) != len(parties):
        raise ValidationError({kind: _("An organisation is named twice among the owners.") if owners
                               else _("A person is named twice among the inventors.")})
    missing = set(parties) - set(model._default_manager.filter(pk__in=parties).values_list("pk", flat=True))
    if missing:
        raise ValidationError({kind: _("No %(model)s with id %(ids)s.") % {
            "model": model._meta.verbose_name, "ids": ", ".join(str(m) for m in sorted(missing))}})
    for _party, share in rows:
        if not owners and (share * 10_000).denominator != 1:
            raise ValidationError({kind: _("%(share)s is not a share: give a percentage from 0.01 to 100 with at most "
                                           "two decimals.") % {"share": share_label(share)}})
    try:
        check_total((share for _p, share in rows), what)
    except ValidationError as error:
        raise ValidationError({kind: error.messages}) from None


def _unchanged(rows: list[tuple[int, Fraction]], current: dict[int, Fraction]) -> bool:
    """Whether ``rows`` name the current parties once each, with their current shares."""
    return len({party for party, _share in rows}) == len(rows) and dict(rows) == current


def _researcher_refusal(kind: str) -> str:
    if kind == ProposalKind.OWNERS:
        return _("The owners are the IP office's to change; propose a change of owners from the invention's page.")
    return _("Inventor contributions are the IP office's to change; propose a change from the invention's page.")


@transaction.atomic
def set_owners(invention: Invention, owners: list[tuple[int, object]], *, user) -> None:
    """Replace the owners of ``invention`` by (organisation id, share) pairs totalling exactly 1
    (shares as :func:`share_rows` reads them: ``Fraction``, ``"1/3"``, ``"33.5%"``, a percentage).

    The IP office's (and the CPO's) to do; a researcher is refused and proposes instead.
    """
    _set_rows(invention, ProposalKind.OWNERS, owners, user=user)


@transaction.atomic
def set_inventors(invention: Invention, inventors: list[tuple[int, Decimal]], *, user) -> None:
    """Replace the inventors of ``invention`` by (person id, contribution %) pairs totalling 100 %.

    Contributions drive inventors' compensation: the IP office's (and the CPO's) to set; a
    researcher is refused and proposes instead.
    """
    _set_rows(invention, ProposalKind.INVENTORS, inventors, user=user)


def _set_rows(invention: Invention, kind: str, rows, *, user) -> None:
    ensure_may_change(invention, user=user)
    rows = share_rows(kind, rows)
    if _unchanged(rows, _rows_of(invention, kind)):
        return
    if is_researcher(user):
        raise ValidationError({kind: _researcher_refusal(kind)})
    _replace_rows(invention, kind, rows, user=user)


@dataclass(frozen=True)
class _RowKind:
    """How one kind of share row is stored and told: owners (organisation, share), inventors (person, contribution)."""

    model: type
    party: str
    share: str  # the attribute the exact share is read from and written to
    verb: str
    sentence: str
    value: str
    hook: str | None = None
    stored: object = None  # exact share → the attribute's value (owners: the Fraction itself)


def _percent_of(share: Fraction) -> Decimal:
    """An inventor's contribution as stored: the exact share in percent, two places (checked whole)."""
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(CENT)


_ROW_KINDS = {
    ProposalKind.OWNERS: _RowKind(InventionOwner, "organisation", "share", "owners-changed",
                                  gettext_lazy("Owners now: %(owners)s"), "owners", hook="invention_owners_changed",
                                  stored=lambda share: share),
    ProposalKind.INVENTORS: _RowKind(Inventor, "person", "contribution", "inventors-changed",
                                     gettext_lazy("Inventors now: %(names)s"), "names", stored=_percent_of),
}


def _replace_rows(invention: Invention, kind: str, rows, *, user) -> None:
    """Write the owner or inventor rows (history with the acting user) and their "…-changed" event."""
    spec = _ROW_KINDS[kind]
    rows = share_rows(kind, rows)
    check_share_rows(kind, rows)
    before = _rows_of(invention, kind)
    after = dict(rows)
    if before == after:
        return
    stored = {getattr(row, f"{spec.party}_id"): row for row in spec.model.objects.filter(invention=invention)}
    for party, row in stored.items():
        if party not in after:
            row._history_user = user
            row.delete()
    for party, share in rows:
        row = stored.get(party) or spec.model(invention=invention, **{f"{spec.party}_id": party})
        value = spec.stored(share)
        if row.pk is not None and getattr(row, spec.share) == value:
            continue
        setattr(row, spec.share, value)
        row._history_user = user
        row.save()
    if spec.hook:
        hooks.run(spec.hook, invention, user=user)
    text = ", ".join(str(row) for row in spec.model.objects.filter(invention=invention).select_related(spec.party))
    record_event(invention, spec.verb, Sentence(spec.sentence, **{spec.value: text}), user=user,
                 data={"before": {str(k): format_share(v) for k, v in before.items()},
                       "after": {str(k): format_share(v) for k, v in after.items()}})


@transaction.atomic
def delete_invention(invention: Invention, *, user) -> None:
    """Delete an invention (with its owners, inventors, families and filings); never a researcher's to do
    (the surface's ``deleters``: the IP office, and the CPO in their consortia)."""
    if not may_delete(Invention, user):
        raise PermissionDenied(_("Only the IP office deletes an invention."))
    delete_object(invention, user=user)


@transaction.atomic
def save_owner(owner: InventionOwner, *, user) -> InventionOwner:
    """Save one owner row as a change of the whole list (:func:`set_owners`): the shares must still total 100 %."""
    rows = [(o.organisation_id, o.share) for o in owner.invention.owners.exclude(pk=owner.pk)
            .exclude(organisation_id=owner.organisation_id)]
    set_owners(owner.invention, [*rows, (owner.organisation_id, owner.share)], user=user)
    return InventionOwner.objects.get(invention=owner.invention, organisation_id=owner.organisation_id)


@transaction.atomic
def save_inventor(inventor: Inventor, *, user) -> Inventor:
    """Save one inventor row as a change of the whole list (:func:`set_inventors`)."""
    rows = [(i.person_id, i.contribution) for i in inventor.invention.inventors.exclude(pk=inventor.pk)
            .exclude(person_id=inventor.person_id)]
    set_inventors(inventor.invention, [*rows, (inventor.person_id, inventor.contribution)], user=user)
    return Inventor.objects.get(invention=inventor.invention, person_id=inventor.person_id)


@transaction.atomic
def delete_owner(owner: InventionOwner, *, user) -> None:
    """Remove one owner: the others must still total 100 %, so this goes through :func:`set_owners`."""
    rest = [(o.organisation_id, o.share) for o in owner.invention.owners.exclude(pk=owner.pk)]
    set_owners(owner.invention, rest, user=user)


@transaction.atomic
def delete_inventor(inventor: Inventor, *, user) -> None:
    """Remove one inventor through :func:`set_inventors` (the others must still total 100 %)."""
    rest = [(i.person_id, i.contribution) for i in inventor.invention.inventors.exclude(pk=inventor.pk)]
    set_inventors(inventor.invention, rest, user=user)


@transaction.atomic
def save_family(family: Family, *, user) -> Family:
    """Save a patent family (the IP office's and the CPO's)."""
    return save_object(family, user=user)


@transaction.atomic
def delete_family(family: Family, *, user) -> None:
    """Delete a family and its filings; the event lands on the invention."""
    delete_object(family, user=user, parent=family.invention)


@transaction.atomic
def save_filing(filing: Filing, *, user) -> Filing:
    """Save a filing; the event lands on its invention so the invention's log tells the story."""
    creating = filing.pk is None
    save_object(filing, user=user)
    if creating:
        record_event(filing.family.invention, "filing-added", Sentence(gettext_lazy("Filing %(filing)s added"), filing=filing), user=user)
    hooks.run("filing_changed", filing, user=user)
    return filing


@transaction.atomic
def delete_filing(filing: Filing, *, user) -> None:
    """Delete a filing; the event lands on its invention."""
    delete_object(filing, user=user, parent=filing.family.invention)


# -- change proposals ---------------------------------------------------------------------------------


def _rows_text(kind: str, rows: Iterable[tuple[int, Fraction]]) -> str:
    model = Organisation if kind == ProposalKind.OWNERS else Person
    parties = model._default_manager.in_bulk([party for party, _s in rows])
    return ", ".join(f"{parties.get(party, party)} {share_label(share)}" for party, share in rows)


@transaction.atomic
def propose_change(invention: Invention, kind: str, rows: list[tuple[int, object]], reason: str, *, user) -> ChangeProposal:
    """A researcher proposes new owners or inventor contributions for one of their inventions.

    Checked like the real edit (:func:`check_share_rows`); the proposal must change something and
    give a reason. The IP office decides it (:func:`accept_proposal`, :func:`refuse_proposal`).
    """
    actor = actor_of(user)
    if actor.role != Role.RESEARCHER:
        raise PermissionDenied(_("Researchers propose changes; the IP office changes owners and inventors directly."))
    if not Invention.objects.for_user(user, CHANGE).filter(pk=invention.pk).exists():
        raise PermissionDenied(_("You may propose changes only to inventions you are named inventor of."))
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("Choose what the proposal changes: owners or inventors.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the change is needed; the IP office decides on it.")})
    try:
        rows = share_rows(kind, rows)
        check_share_rows(kind, rows)
    except ValidationError as error:
        raise ValidationError({"rows": error.message_dict[kind]}) from None
    current = _rows_of(invention, kind)
    if dict(rows) == current:
        raise ValidationError({"rows": _("These are the current rows; a proposal must change something.")})
    # Locked: the same proposal sent twice at once (a double click) is recorded once.
    Invention.objects.select_for_update().filter(pk=invention.pk).values_list("pk", flat=True).first()
    if ChangeProposal.objects.filter(invention=invention, kind=kind, status=ProposalStatus.PROPOSED,
                                     rows=rows_as_json(rows)).exists():
        raise ValidationError({"rows": _("The same change is already proposed and waiting for the IP office.")})
    proposal = ChangeProposal(
        invention=invention, kind=kind, rows=rows_as_json(rows), rows_before=rows_as_json(current.items()),
        reason=reason.strip(), proposed_by=user,
    )
    proposal.full_clean()
    proposal._history_user = user
    proposal.save()
    if kind == ProposalKind.OWNERS:
        text = gettext_lazy("%(who)s proposed new owners: %(rows)s")
    else:
        text = gettext_lazy("%(who)s proposed new inventor contributions: %(rows)s")
    # On the proposal, not the invention: a co-owning company reads the invention's log, and
    # proposals are the researcher's, the IP office's and the CPO's business only.
    record_event(proposal, "change-proposed", Sentence(text, who=user.get_username(), rows=_rows_text(kind, rows)),
                 user=user, data={"invention": invention.pk})
    return proposal


def _ensure_may_decide(proposal: ChangeProposal, *, user) -> None:
    if not actor_of(user).is_ip_office:
        raise PermissionDenied(_("Only the IP office accepts or refuses a proposed change."))
    if not proposal.is_open:
        raise ValidationError(_("This proposal was already %(status)s.") % {"status": proposal.get_status_display().lower()})


@transaction.atomic
def accept_proposal(proposal: ChangeProposal, *, user, note: str = "") -> ChangeProposal:
    """The IP office accepts a proposal: the rows replace the invention's, in one transaction.

    Accepted even if the invention changed since it was proposed (the decision page shows the
    current and the proposed rows side by side); the rows are checked again (a party may be gone).
    """
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure_may_decide(proposal, user=user)
    rows = share_rows(proposal.kind, [(row["party"], row["share"]) for row in proposal.rows])
    check_share_rows(proposal.kind, rows)
    invention = proposal.invention
    if proposal.kind == ProposalKind.OWNERS:
        set_owners(invention, rows, user=user)
    else:
        set_inventors(invention, rows, user=user)
    _decide(proposal, ProposalStatus.ACCEPTED, note, user=user)
    if proposal.kind == ProposalKind.OWNERS:
        text = gettext_lazy("The IP office accepted the owners proposed by %(who)s")
    else:
        text = gettext_lazy("The IP office accepted the inventor contributions proposed by %(who)s")
    # The invention's log tells the change itself ("Owners now: …", in every language); who proposed
    # it stays on the proposal, which companies do not see.
    record_event(proposal, "change-accepted", Sentence(text, who=proposal.proposed_by.get_username()),
                 user=user, data={"invention": invention.pk})
    return proposal


@transaction.atomic
def refuse_proposal(proposal: ChangeProposal, *, user, note: str) -> ChangeProposal:
    """The IP office refuses a proposal, saying why; the invention is left as it is."""
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    _ensure_may_decide(proposal, user=user)
    if not (note or "").strip():
        raise ValidationError({"decision_note": _("Say why the proposal is refused; the researcher reads it.")})
    _decide(proposal, ProposalStatus.REFUSED, note, user=user)
    if proposal.kind == ProposalKind.OWNERS:
        text = gettext_lazy("The IP office refused the owners proposed by %(who)s: %(note)s")
    else:
        text = gettext_lazy("The IP office refused the inventor contributions proposed by %(who)s: %(note)s")
    record_event(proposal, "change-refused", Sentence(text, who=proposal.proposed_by.get_username(),
                                                      note=proposal.decision_note),
                 user=user, data={"invention": proposal.invention_id})
    return proposal


def _decide(proposal: ChangeProposal, status: str, note: str, *, user) -> None:
    proposal.status = status
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.decision_note = (note or "").strip()
    proposal._history_user = user
    proposal.save()


def owners_from_agreement(invention: Invention) -> list[tuple[int, Fraction]] | None:
    """The owners the ownership term of the invention's agreement proposes (organisation id, exact
    share), or ``None`` (no agreement, no structured terms, ownership by the inventors' affiliation,
    or the owners already are these)."""
    if not invention.agreement_id:
        return None
    from kyoso.agreements.sakura import proposed_owners

    rows = proposed_owners(invention.agreement)
    if not rows or dict(rows) == _rows_of(invention, ProposalKind.OWNERS):
        return None
    return rows


@transaction.atomic
def apply_agreement_owners(invention: Invention, *, user) -> list[tuple[int, Fraction]]:
    """The IP office (or the CPO) confirms the owners the agreement's ownership term proposes:
    they replace the invention's owners (:func:`set_owners`, with its event and hooks)."""
    rows = owners_from_agreement(invention)
    if rows is None:
        raise ValidationError(_("The agreement's terms propose no other owners."))
    set_owners(invention, rows, user=user)
    record_event(invention, "owners-from-agreement",
                 Sentence(gettext_lazy("Owners set from the ownership term of agreement %(number)s"),
                          number=invention.agreement.number), user=user)
    return rows


def researcher_agreements(user) -> tuple[int, ...] | None:
    """The ``researcher_agreements`` hook: the agreements a researcher works under (those of the
    inventions they are named inventor of); ``None`` for anyone else."""
    actor = actor_of(user)
    if actor.role != Role.RESEARCHER or not actor.person_id:
        return None
    return tuple(Invention.objects.filter(inventors__person_id=actor.person_id).exclude(agreement=None)
                 .values_list("agreement_id", flat=True).distinct())
