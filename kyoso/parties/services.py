"""State changes of organisations, people and affiliations, each atomic and taking the acting ``user``.

Each goes through :mod:`kyoso.core.services` (scope check, validation, history, an event). An
affiliation has no page of its own: a new one, and its deletion, are told on its person's timeline.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import delete_object, record_event, save_object
from kyoso.rules.names import normalise_name

from .models import Affiliation, Organisation, Person

__all__ = [
    "save_organisation", "delete_organisation", "save_person", "delete_person", "save_affiliation",
    "delete_affiliation", "similar_organisations", "similar_people",
]

#: How many look-alikes a "did you mean …?" lists at most.
LOOK_ALIKES = 5


def save_organisation(organisation: Organisation, *, user) -> Organisation:
    """Create or change an organisation."""
    return save_object(organisation, user=user)


def delete_organisation(organisation: Organisation, *, user) -> None:
    """Delete an organisation nothing refers to any more (members, parties and owners protect it)."""
    delete_object(organisation, user=user)


def save_person(person: Person, *, user) -> Person:
    """Create or change a person."""
    return save_object(person, user=user)


def delete_person(person: Person, *, user) -> None:
    """Delete a person with their affiliations."""
    delete_object(person, user=user)


@transaction.atomic
def save_affiliation(affiliation: Affiliation, *, user) -> Affiliation:
    """Create or change an affiliation; a new one is also told on its person's timeline."""
    creating = affiliation.pk is None
    save_object(affiliation, user=user)
    if creating:
        record_event(
            affiliation.person,
            "affiliated",
            Sentence(gettext_lazy("Affiliated with %(organisation)s from %(start)s"),
                     organisation=affiliation.organisation, start=affiliation.start),
            user=user,
        )
    return affiliation


def delete_affiliation(affiliation: Affiliation, *, user) -> None:
    """Delete an affiliation; the event lands on its person."""
    delete_object(affiliation, user=user, parent=affiliation.person)


def similar_organisations(*names: str, user, exclude: int | None = None) -> list[Organisation]:
    """Organisations the user may see whose name, Japanese name or short name reads like one of
    ``names`` once case, width, spaces, punctuation and legal forms (株式会社, Corp. …) are set aside."""
    keys = {normalise_name(name) for name in names if name} - {""}
    if not keys:
        return []
    found = []
    rows = Organisation.objects.for_user(user, "view").exclude(pk=exclude).only("pk", "name", "name_ja", "short_name")
    for organisation in rows.iterator(chunk_size=2000):
        if keys & {normalise_name(organisation.name), normalise_name(organisation.name_ja), normalise_name(organisation.short_name)}:
            found.append(organisation)
            if len(found) == LOOK_ALIKES:
                break
    return found


def similar_people(person: Person, *, user) -> list[Person]:
    """People the user may see with the same e-mail address, or the same family and given name
    (in Latin or Japanese script, compared after case, width and spaces)."""
    same = models.Q(pk__in=[])
    if person.email:
        same |= models.Q(email__iexact=person.email.strip())
    if person.family_name:
        same |= models.Q(family_name__iexact=person.family_name.strip())
    if person.family_name_ja:
        same |= models.Q(family_name_ja=person.family_name_ja.strip())
    latin = normalise_name(f"{person.family_name} {person.given_name}")
    japanese = normalise_name(f"{person.family_name_ja} {person.given_name_ja}")
    found = []
    for other in Person.objects.for_user(user, "view").filter(same).exclude(pk=person.pk):
        if (
            (person.email and other.email.strip().casefold() == person.email.strip().casefold())
            or (latin and normalise_name(f"{other.family_name} {other.given_name}") == latin)
            or (japanese and normalise_name(f"{other.family_name_ja} {other.given_name_ja}") == japanese)
        ):
            found.append(other)
            if len(found) == LOOK_ALIKES:
                break
    return found
