"""State changes of organisations, people and affiliations, each atomic and taking the acting ``user``.

Each goes through :mod:`kyoso.core.services` (scope check, validation, history, an event). An
affiliation has no page of its own: a new one, and its deletion, are told on its person's timeline.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from kyoso.core.sentences import Sentence
from kyoso.core.services import delete_object, record_event, save_object

from .models import Affiliation, Organisation, Person

__all__ = [
    "save_organisation", "delete_organisation", "save_person", "delete_person", "save_affiliation",
    "delete_affiliation",
]


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
