"""What the search box and the autocompletes find among organisations and people (``kyoso.core.search``)."""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.search import SearchKind, words_q

ORGANISATION_FIELDS = ("name", "name_ja", "short_name")
PERSON_FIELDS = ("family_name", "given_name", "family_name_ja", "given_name_ja")


def find_organisations(queryset, query):
    # Legal forms are left out of the words (株式会社アサヒ searches アサヒ); a 13-digit corporate number is exact.
    condition = words_q(ORGANISATION_FIELDS, query.words)
    if query.number.isdigit() and len(query.number) == 13:
        condition |= Q(corporate_number=query.number)
    return queryset.filter(condition)


def find_people(queryset, query):
    return queryset.filter(words_q(PERSON_FIELDS, query.words))


def person_names(person) -> str:
    """Both spellings, so a search in either script shows the other."""
    latin = f"{person.given_name} {person.family_name}"
    return latin if str(person) == latin else f"{person} ({latin})"


KINDS = (
    SearchKind("organisations", "parties.Organisation", find_organisations, order=40,
               describe=lambda org: " · ".join(name for name in (org.name_ja, org.name) if name), autocomplete_label=lambda org: (
                   f"{org.name_ja} ({org.name})" if org.name_ja else org.name)),
    SearchKind("people", "parties.Person", find_people, order=50, describe=lambda person: person_names(person),
               autocomplete_label=person_names),
)
