"""What the search box finds among licences (``kyoso.core.search``): by number or licensee name."""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.search import SearchKind, words_q
from kyoso.parties.search import ORGANISATION_FIELDS


def find_licences(queryset, query):
    return queryset.filter(
        Q(number__icontains=query.text) | words_q(["number", *(f"licensee__{name}" for name in ORGANISATION_FIELDS)], query.words)
    )


KINDS = (
    SearchKind("licences", "licensing.Licence", find_licences, order=60, related=("licensee",),
               describe=lambda licence: str(licence.licensee)),
)
