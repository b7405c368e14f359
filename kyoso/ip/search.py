"""What the search box and the autocompletes find in the IP pool (``kyoso.core.search``).

Inventions by reference, title (English or Japanese) and their inventors' names (either script);
filings by any of their numbers in any notation, one indexed equality on the keys ``Filing.save``
keeps (``kyoso.rules.numbers.search_key``); families (autocompletes only) by reference and title.
"""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.search import SearchKind, words_q
from kyoso.parties.search import PERSON_FIELDS

from .models import Inventor


def find_inventions(queryset, query, *, extra: Q | None = None):
    by_inventor = Inventor.objects.filter(words_q([f"person__{name}" for name in PERSON_FIELDS], query.words))
    condition = (Q(reference__icontains=query.text) | words_q(("reference", "title", "title_ja"), query.words)
                 | Q(pk__in=by_inventor.values("invention")))
    return queryset.filter(condition | extra if extra is not None else condition)


def number_q(key: str) -> Q:
    """Filings with ``key`` as their application, publication or registration number key."""
    return Q(application_key=key) | Q(publication_key=key) | Q(registration_key=key)


def find_filings(queryset, query):
    if len(query.number) < 4:
        return queryset.none()
    return queryset.filter(number_q(query.number))


def find_families(queryset, query):
    return queryset.filter(Q(reference__icontains=query.text) | words_q(("reference", "title"), query.words))


def describe_filing(filing) -> str:
    numbers = [number for number in (filing.publication_number, filing.registration_number) if number]
    return " · ".join([str(filing.family.invention), filing.get_status_display(), *numbers])


KINDS = (
    SearchKind("inventions", "ip.Invention", find_inventions, order=10, describe=lambda invention: invention.get_status_display()),
    SearchKind("filings", "ip.Filing", find_filings, order=20, related=("family__invention",), describe=describe_filing,
               autocomplete_label=lambda filing: f"{filing} · {filing.family.invention.reference}"),
    SearchKind("families", "ip.Family", find_families, in_search=False,
               autocomplete_label=lambda family: f"{family.reference} {family.title}".strip()),
)
