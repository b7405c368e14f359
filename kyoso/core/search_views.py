"""The search page (``/search/?q=…``) and the autocomplete endpoints (``/autocomplete/<kind>/?q=…``).

Both read the kinds the apps registered in :mod:`kyoso.core.search`, each from the user's scope.
The search page costs two bounded queries per kind (a count capped at ``COUNT_CAP`` and the first
``GROUP_SIZE`` rows), however large the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.http import Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.views import View
from django.views.generic import TemplateView

from .search import COUNT_CAP, GROUP_SIZE, Query, SearchKind, kind_named, kinds

__all__ = ["SearchView", "AutocompleteView", "AUTOCOMPLETE_SIZE"]

#: Suggestions an autocomplete returns at most.
AUTOCOMPLETE_SIZE = 15
#: Longest search text read (longer input is cut, never an error).
MAX_QUERY = 200


@dataclass
class Group:
    kind: SearchKind
    count: int
    rows: list
    list_url: str

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)

    @property
    def results(self) -> list[tuple[models.Model, str]]:
        describe = self.kind.describe
        return [(row, describe(row) if describe else "") for row in self.rows]


def _list_url(kind: SearchKind, text: str) -> str:
    meta = kind.model_class._meta
    try:
        url = reverse(f"{meta.app_label}:{meta.model_name}_list")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({kind.list_param: text})}" if kind.list_param else url


class SearchView(LoginRequiredMixin, TemplateView):
    """Inventions, filings, agreements, organisations, people and licences matching ``q``, by kind."""

    template_name = "core/search.html"

    def get_context_data(self, **kwargs):
        text = (self.request.GET.get("q") or "").strip()[:MAX_QUERY]
        query = Query(text)
        groups = []
        if query.usable:
            for kind in kinds(in_search=True):
                matches = kind.matches(self.request.user, query)
                count = matches.order_by()[: COUNT_CAP + 1].count()
                if count:
                    groups.append(Group(kind, count, list(matches[:GROUP_SIZE]), _list_url(kind, text)))
        return {**super().get_context_data(**kwargs), "q": text, "usable": query.usable, "groups": groups,
                "total": sum(group.count for group in groups), "cap": COUNT_CAP}


class AutocompleteView(LoginRequiredMixin, View):
    """``[{"id": 12, "label": "…"}, …]``: the user's records of one kind matching ``q``.

    Serves the progressive enhancement of choices typed as a record's number (``autocomplete.js``):
    the form still validates the chosen number against what the user may pick.
    """

    def get(self, request, kind):
        found = kind_named(kind)
        if found is None:
            raise Http404
        query = Query((request.GET.get("q") or "").strip()[:MAX_QUERY])
        rows = list(found.matches(request.user, query)[:AUTOCOMPLETE_SIZE]) if query.usable else []
        return JsonResponse({"results": [{"id": row.pk, "label": found.autocomplete_label(row)} for row in rows]})
