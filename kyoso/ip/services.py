"""State changes of the IP pool: disclosing inventions, naming owners and inventors, filings."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.core import hooks
from kyoso.core.roles import Role, actor_of
from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, record_event, save_object

from .models import Family, Filing, Invention, InventionOwner, Inventor

__all__ = ["save_invention", "set_owners", "set_inventors", "save_filing", "next_reference", "check_total"]

HUNDRED = Decimal("100")


def next_reference(disclosed_year: int) -> str:
    """``INV-<year>-<serial>``, the next free serial of that year."""
    prefix = f"INV-{disclosed_year}-"
    last = Invention.objects.filter(reference__startswith=prefix).order_by("-reference").values_list("reference", flat=True).first()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:04d}"


@transaction.atomic
def save_invention(invention: Invention, *, user) -> Invention:
    """Save an invention; a new one gets its reference and its first patent family."""
    creating = invention.pk is None
    if creating and not invention.reference:
        invention.reference = next_reference(invention.disclosed_on.year)
    if not creating:
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
        # A researcher discloses their own invention: they are its inventor until they say otherwise.
        Inventor.objects.create(invention=invention, person_id=actor.person_id, contribution=HUNDRED)
    ensure_may_change(invention, user=user)
    return invention


def check_total(values: Iterable[Decimal], what: str) -> None:
    """Shares and contributions are whole: they must add up to exactly 100 %."""
    total = sum(values, Decimal("0"))
    if total != HUNDRED:
        raise ValidationError(_("%(what)s must total 100%% (now %(total)s%%).") % {"what": what, "total": total})


@transaction.atomic
def set_owners(invention: Invention, owners: list[tuple[int, Decimal]], *, user) -> None:
    """Replace the owners of ``invention`` by (organisation id, share %) pairs totalling 100 %."""
    ensure_may_change(invention, user=user)
    if len({org for org, _share in owners}) != len(owners):
        raise ValidationError(_("An organisation is named twice among the owners."))
    check_total((share for _org, share in owners), _("Owner shares"))
    before = {o.organisation_id: o.share for o in invention.owners.all()}
    after = dict(owners)
    if before == after:
        return
    for owner in invention.owners.all():
        if owner.organisation_id not in after:
            owner._history_user = user
            owner.delete()
    for organisation_id, share in owners:
        owner, _created = InventionOwner.objects.get_or_create(
            invention=invention, organisation_id=organisation_id, defaults={"share": share}
        )
        if owner.share != share:
            owner.share = share
            owner._history_user = user
            owner.save()
    hooks.run("invention_owners_changed", invention, user=user)
    owners_text = ", ".join(str(o) for o in invention.owners.select_related("organisation"))
    record_event(invention, "owners-changed", Sentence(gettext_lazy("Owners now: %(owners)s"), owners=owners_text), user=user,
                 data={"before": {str(k): str(v) for k, v in before.items()}, "after": {str(k): str(v) for k, v in after.items()}})


@transaction.atomic
def set_inventors(invention: Invention, inventors: list[tuple[int, Decimal]], *, user) -> None:
    """Replace the inventors of ``invention`` by (person id, contribution %) pairs totalling 100 %."""
    ensure_may_change(invention, user=user)
    if len({person for person, _c in inventors}) != len(inventors):
        raise ValidationError(_("A person is named twice among the inventors."))
    check_total((c for _p, c in inventors), _("Inventor contributions"))
    actor = actor_of(user)
    if actor.role == Role.RESEARCHER and actor.person_id not in {person for person, _c in inventors}:
        raise ValidationError(_("Name yourself among the inventors: a researcher changes only their own inventions."))
    before = {i.person_id: i.contribution for i in invention.inventors.all()}
    after = dict(inventors)
    if before == after:
        return
    invention.inventors.exclude(person_id__in=after).delete()
    for person_id, contribution in inventors:
        Inventor.objects.update_or_create(invention=invention, person_id=person_id, defaults={"contribution": contribution})
    names = ", ".join(str(i) for i in invention.inventors.select_related("person"))
    record_event(invention, "inventors-changed", Sentence(gettext_lazy("Inventors now: %(names)s"), names=names), user=user)


@transaction.atomic
def save_filing(filing: Filing, *, user) -> Filing:
    """Save a filing; the event lands on its invention so the invention's log tells the story."""
    creating = filing.pk is None
    save_object(filing, user=user)
    if creating:
        record_event(filing.family.invention, "filing-added", Sentence(gettext_lazy("Filing %(filing)s added"), filing=filing), user=user)
    hooks.run("filing_changed", filing, user=user)
    return filing
