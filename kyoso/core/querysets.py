"""The scoping base: every kyoso queryset answers ``for_user(user, action)``.

Each model's queryset implements :meth:`ScopedQuerySet.scope` once; lists, detail pages, the API,
exports, imports and commands all start from ``Model.objects.for_user(user)``, so one rule decides
what a role sees everywhere.
"""

from __future__ import annotations

from django.db import models
from django.db.models import BooleanField, F, Func, Subquery, Value
from django.db.models.lookups import In

from .roles import CHANGE, VIEW, Actor, Role, actor_of
from .surface import Surface

__all__ = ["ScopedQuerySet", "VIEW", "CHANGE", "checked_in", "seen_row_by_row"]


class Unindexed(Func):
    """The column's own value, written ``(+column)`` so that SQLite will not drive a query from it.

    SQLite's documented way to disqualify a term from index use (unary ``+``, "The SQLite Query
    Optimizer Overview", §"Disqualifying WHERE clause terms using unary +"). PostgreSQL reads it
    as the same integer.
    """

    template = "(+%(expressions)s)"


def checked_in(field: str, values: models.QuerySet) -> In:
    """``field IN (values)`` as a test on each row, not as the list that drives the query.

    A company's scope is an ``IN`` over tens of thousands of keys. Left alone, SQLite starts from
    that list, reads every row it names and sorts them all before the first page can be shown
    (60–200 ms at national scale). Checked per row instead, the query walks the list's ordering
    index and stops after one page; the list itself is built once per query from a covering index.
    """
    # No ORDER BY inside IN (Django drops it only for the lookups it builds itself).
    return In(Unindexed(F(field)), values.order_by())


def seen_row_by_row(related: models.QuerySet) -> Subquery:
    """A condition true where ``related`` (a queryset with an ``OuterRef`` to the row) has a row,
    tested on each row as the query walks its ordering index, never built as a list first.

    ``EXISTS`` would say the same, but both databases may turn it into a join or a hashed list of
    every matching key: for a company member of most consortia, 54,000 filings joined to their
    inventions before the first row of a page (100–500 ms at national scale). A scalar subquery is
    neither flattened nor hashed by SQLite or PostgreSQL, so a page of 50 rows costs 50-odd
    primary-key lookups. Counting the whole scope the other way round is cheaper: that is what
    :meth:`ScopedQuerySet.counted_for` is for.
    """
    probe = related.order_by().annotate(_seen=Value(True, output_field=BooleanField())).values("_seen")[:1]
    return Subquery(probe, output_field=BooleanField())


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows what each role may see and change.

    Subclasses override :meth:`scope_view` (rows a non-omniscient actor may see) and, when changing
    differs from seeing, :meth:`scope_change`. ``writers`` lists the roles that may change anything
    at all; the IP office always may.
    """

    writers: tuple[str, ...] = (Role.IP_OFFICE,)
    creators: tuple[str, ...] | None = None  # defaults to ``writers``
    #: How every surface saves, deletes, edits and shows the model (:mod:`kyoso.core.surface`).
    surface: Surface | None = None

    def for_user(self, user, action: str = VIEW) -> ScopedQuerySet:
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role is None:
            return self.none()
        if action == VIEW:
            return self if actor.sees_everything else self.scope_view(actor)
        if actor.is_ip_office:
            return self
        if actor.is_read_only or actor.role not in self.writers:
            return self.none()
        return self.scope_change(actor)

    def scope_view(self, actor: Actor) -> ScopedQuerySet:
        return self.none()

    def count_for(self, user) -> int:
        """How many rows ``user`` sees: ``for_user(user).count()``, unless a model knows an
        index-only way to the same number (a dashboard tile counts the whole scope)."""
        return self.for_user(user).count()

    def counted_for(self, user, *, up_to: int | None = None) -> ScopedQuerySet:
        """The rows ``for_user(user)`` selects, in the shape that counts and sums them fastest.

        The same rows: a list's paginator, a tile and a chart filter this queryset as they would
        filter ``for_user``. ``up_to`` says the count stops after that many rows (a paginator's
        cap), which favours a shape that can stop early over one that first lists the whole scope.
        Most scopes have one shape for everything; a scope that tests each row while a page walks
        its ordering index (:func:`seen_row_by_row`) reads the other way round to count.
        """
        return self.for_user(user)

    @classmethod
    def counts_otherwise(cls) -> bool:
        """Whether :meth:`counted_for` has a shape of its own (else it is ``for_user`` itself), so
        a list's paginator should count through it."""
        return cls.counted_for is not ScopedQuerySet.counted_for

    def scope_change(self, actor: Actor) -> ScopedQuerySet:
        return self.scope_view(actor)

    @classmethod
    def may_create(cls, user) -> bool:
        """May this user create records of this kind at all (before choosing where)?"""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.is_read_only:
            return False
        return actor.is_ip_office or actor.role in (cls.creators if cls.creators is not None else cls.writers)


class PreparedExportQuerySet(ScopedQuerySet):
    """A prepared export is its owner's alone: no role, not even the IP office, reads another's file."""

    writers = tuple(Role.values)

    def for_user(self, user, action: str = VIEW) -> PreparedExportQuerySet:
        pk = getattr(user, "pk", None)
        return self.filter(owner_id=pk) if pk else self.none()


class SavedFilterQuerySet(ScopedQuerySet):
    """A saved filter is its owner's alone, like a prepared export: nobody else sees or removes it."""

    writers = tuple(Role.values)

    def for_user(self, user, action: str = VIEW) -> SavedFilterQuerySet:
        pk = getattr(user, "pk", None)
        return self.filter(owner_id=pk) if pk else self.none()
