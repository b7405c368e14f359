"""The search box and the autocompletes: what each app lets be found, and how.

Each app declares its kinds of record in its ``search.py`` and registers them in its
``AppConfig.ready()`` (``register(SearchKind(…))``), so the search page (:mod:`kyoso.core.search_views`)
knows inventions, filings or licences without ``kyoso.core`` importing those apps. Every kind is
searched from ``Model.objects.for_user(user, "view")``: a company never finds a confidential
invention nor another company's licence.

A kind's ``find(queryset, query)`` narrows a scoped queryset to the rows matching ``query``, a
:class:`Query` that holds the typed text, its words (folded as :func:`kyoso.rules.names.search_words`
folds them) and its number key (:func:`kyoso.rules.numbers.search_key`), so that a filing is found
by one indexed equality whichever way its number is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import models
from django.db.models import Q

from kyoso.rules.names import search_words
from kyoso.rules.numbers import search_key

from .roles import VIEW

__all__ = ["Query", "SearchKind", "register", "kinds", "kind_for_model", "kind_named", "words_q", "GROUP_SIZE",
           "COUNT_CAP"]

#: Rows shown per kind on the search page (the kind's list shows them all).
GROUP_SIZE = 20
#: Beyond this many matches a kind's count reads "1,000+" (one bounded count per kind).
COUNT_CAP = 1000
#: Shortest text searched (one character would match half the database).
MIN_LENGTH = 2


@dataclass(frozen=True)
class Query:
    """What was typed into the search box, read as words and as a number."""

    text: str

    @cached_property
    def words(self) -> list[str]:
        return search_words(self.text)

    @cached_property
    def number(self) -> str:
        """The typed text as a filing number key, ``""`` unless it holds a digit."""
        return search_key(self.text)

    @property
    def usable(self) -> bool:
        return len(self.text.strip()) >= MIN_LENGTH and bool(self.words or self.number)


def words_q(fields: Iterable[str], words: list[str]) -> Q:
    """Every word in at least one of ``fields`` (``山田 太郎`` finds 山田 (family) 太郎 (given))."""
    fields = tuple(fields)
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition if words else Q(pk__in=[])


@dataclass(frozen=True)
class SearchKind:
    """One kind of record the search box finds.

    ``model`` is ``"app_label.ModelName"``; ``find(queryset, query)`` narrows a scoped queryset;
    ``list_param`` is the query parameter of the kind's list page that shows every match ("show
    all"), ``None`` when the list has none; ``related`` are ``select_related`` paths for the rows'
    names; ``describe(obj)`` the second line of a result; ``in_search`` ``False`` for kinds that only
    serve autocompletes (families).
    """

    name: str
    model: str
    find: Callable[[models.QuerySet, Query], models.QuerySet]
    list_param: str | None = "q"
    related: tuple[str, ...] = ()
    describe: Callable[[models.Model], str] | None = None
    in_search: bool = True
    order: int = 100
    autocomplete_label: Callable[[models.Model], str] = field(default=str)

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def label(self):
        return self.model_class._meta.verbose_name_plural

    def scoped(self, user, action: str = VIEW) -> models.QuerySet:
        queryset = self.model_class.objects.for_user(user, action)
        return queryset.select_related(*self.related) if self.related else queryset

    def matches(self, user, query: Query) -> models.QuerySet:
        return self.find(self.scoped(user), query)


_KINDS: dict[str, SearchKind] = {}


def register(*declared: SearchKind) -> None:
    """Add kinds (from an app's ``ready()``); registering a name again replaces it."""
    for kind in declared:
        _KINDS[kind.name] = kind


def kinds(*, in_search: bool | None = None) -> list[SearchKind]:
    found = sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.name))
    return [kind for kind in found if in_search is None or kind.in_search == in_search]


def kind_named(name: str) -> SearchKind | None:
    return _KINDS.get(name)


def kind_for_model(model: type[models.Model]) -> SearchKind | None:
    """The kind that finds ``model``'s records (for an autocomplete on a choice of them)."""
    label = model._meta.label
    return next((kind for kind in kinds() if kind.model == label), None)
