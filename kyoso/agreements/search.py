"""What the search box finds among agreements (``kyoso.core.search``)."""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.search import SearchKind, words_q


def find_agreements(queryset, query):
    return queryset.filter(Q(number__icontains=query.text) | words_q(("number", "title", "title_ja"), query.words))


KINDS = (
    SearchKind("agreements", "agreements.Agreement", find_agreements, order=30,
               describe=lambda agreement: agreement.title_ja or ""),
)
