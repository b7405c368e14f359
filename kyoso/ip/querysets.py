"""Scoping for the IP pool.

A company sees its consortia's non-confidential inventions and every invention it co-owns; a
researcher sees the inventions they invented; a CPO their consortia's pool.

A researcher changes only the description of their inventions (``Invention.DESCRIPTION_FIELDS``,
enforced in :mod:`kyoso.ip.services`); owners and inventors are the IP office's and the CPO's
to change, so the researcher is no writer of those rows: they propose a change instead
(:class:`ChangeProposalQuerySet`).
"""

from __future__ import annotations

from django.db.models import OuterRef, Q

from kyoso.core.querysets import ScopedQuerySet, checked_in, seen_row_by_row
from kyoso.core.roles import Actor, Role, actor_of
from kyoso.core.surface import Surface


def member_consortia(organisation_id: int):
    """The ids of the consortia a company is a member of (a subquery): its pool's consortia."""
    from kyoso.consortia.models import Membership

    return Membership.objects.filter(organisation_id=organisation_id).values("consortium_id")


def invented_by(person_id: int):
    """The ids of the inventions a researcher is named an inventor of (a subquery): what they see."""
    from .models import Inventor

    return Inventor.objects.filter(person_id=person_id).values("invention_id")


def _co_owned(organisation_id: int):
    """The ids of the inventions a company co-owns (a subquery)."""
    from .models import InventionOwner

    return InventionOwner.objects.filter(organisation_id=organisation_id).values("invention_id")


#: The fields that describe an invention: the only ones the researchers named as its inventors change.
DESCRIPTION_FIELDS = ("title", "title_ja", "abstract", "technology_area")


def _plain_in(field: str, values) -> Q:
    """``field IN (values)`` as a list the database may start from (see :func:`checked_in`)."""
    return Q(**{f"{field}__in": values.order_by()})


def _checked_in(field: str, values) -> Q:
    return Q(checked_in(field, values))


def _pooled(organisation_id: int, prefix: str, within=_plain_in) -> Q:
    """The company's consortia's non-confidential pool, as a condition on the invention at ``prefix``."""
    return Q(**{f"{prefix}confidential": False}) & within(f"{prefix}consortium_id", member_consortia(organisation_id))


def company_sees(organisation_id: int, invention: str = "", *, per_row: bool = True) -> Q:
    """The inventions a company sees, as a condition on ``invention`` (a path to one; empty: itself).

    Its consortia's non-confidential pool, and every invention it co-owns. Both lists are checked
    per row (:func:`checked_in`): a company sees tens of thousands of inventions, and a page should
    walk its list's ordering index, not sort them all. ``per_row=False``: the same rows as plain
    ``IN`` lists the database may start from, for a count (on SQLite five times faster at
    national scale).
    """
    prefix = f"{invention}__" if invention else ""
    within = _checked_in if per_row else _plain_in
    return _pooled(organisation_id, prefix, within) | within(f"{prefix}id" if prefix else "pk", _co_owned(organisation_id))


def outside_pool(queryset, organisation_id: int, invention: str = ""):
    """The rows of ``queryset`` whose invention (a path to one; empty: itself) a company sees only
    as a co-owner: confidential, or of a consortium it is not a member of. With its consortia's
    pool, the whole of :func:`company_sees`, and no row of both."""
    prefix = f"{invention}__" if invention else ""
    return queryset.filter(_plain_in(f"{prefix}id" if prefix else "pk", _co_owned(organisation_id))).exclude(
        _pooled(organisation_id, prefix))


def company_count(queryset, organisation_id: int, invention: str = "") -> int:
    """How many rows of ``queryset`` a company sees (:func:`company_sees`), as two index counts:
    the pooled ones per member consortium, then the co-owned ones outside the pool. The same set
    as the scope, counted without testing each of the portfolio's rows (a dashboard tile)."""
    prefix = f"{invention}__" if invention else ""
    queryset = queryset.order_by()
    return (queryset.filter(_pooled(organisation_id, prefix)).count()
            + outside_pool(queryset, organisation_id, invention).count())


class _CompanyCount:
    """``count_for`` of the pool's querysets: a company's tile from :func:`company_count`."""

    invention_path = ""

    def count_for(self, user):
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id and not self.query.where:
            return company_count(self, actor.organisation_id, self.invention_path)
        return super().count_for(user)


class InventionQuerySet(_CompanyCount, ScopedQuerySet):
    """A researcher changes the description of their inventions; deleting is the IP office's and the CPO's."""

    writers = (Role.CPO, Role.RESEARCHER)
    surface = Surface(
        save="kyoso.ip.services.save_invention",
        delete="kyoso.ip.services.delete_invention",
        deleters=(Role.CPO,),
        editable={Role.RESEARCHER: DESCRIPTION_FIELDS},
    )

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(company_sees(actor.organisation_id))
        if actor.role == Role.RESEARCHER and actor.person_id:
            return self.filter(pk__in=invented_by(actor.person_id))
        return self.none()

    def scope_change(self, actor):
        if actor.role == Role.RESEARCHER:
            return self.scope_view(actor)
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()

    def counted_for(self, user, *, up_to: int | None = None) -> InventionQuerySet:
        """A company's inventions for counting: its scope (:func:`company_sees`) as lists the
        database may start from, not tested row by row as a page walks its ordering index."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(company_sees(actor.organisation_id, per_row=False))
        return self.for_user(actor)


class InventionPartQuerySet(_CompanyCount, ScopedQuerySet):
    """Inventors, owners, families: seen and changed with their invention."""

    writers = (Role.CPO, Role.RESEARCHER)
    invention_path = "invention"

    def scope_view(self, actor):
        from .models import Invention

        if actor.role == Role.COMPANY and actor.organisation_id:
            # Through the joins rather than "IN (the company's inventions)", which SQLite would build
            # in full (≈ 30 ms at national scale) before reading the first row.
            return self.filter(company_sees(actor.organisation_id, self.invention_path))
        if actor.role == Role.RESEARCHER and actor.person_id:
            # The invention's key against the inventor list, without reading the invention itself:
            # a researcher's calendar feed tests tens of thousands of deadlines this way.
            return self.filter(**{f"{self.invention_path}_id__in": invented_by(actor.person_id)})
        return self.filter(**{f"{self.invention_path}__in": Invention.objects.for_user(actor)})

    def scope_change(self, actor):
        from .models import Invention

        return self.filter(**{f"{self.invention_path}__in": Invention.objects.for_user(actor, "change")})


class OwnerQuerySet(InventionPartQuerySet):
    """Owners: seen with their invention; changed by the IP office and the CPO, never a researcher.

    One row is saved or deleted through the invention's whole owner list (shares total 100 %).
    """

    writers = (Role.CPO,)
    surface = Surface(
        save="kyoso.ip.services.save_owner",
        delete="kyoso.ip.services.delete_owner",
        parent="invention",
        deleters=(Role.CPO,),
        editable={Role.RESEARCHER: ()},
    )


class InventorQuerySet(InventionPartQuerySet):
    """Inventors and their contributions (which drive compensation): as :class:`OwnerQuerySet`."""

    writers = (Role.CPO,)
    surface = Surface(
        save="kyoso.ip.services.save_inventor",
        delete="kyoso.ip.services.delete_inventor",
        parent="invention",
        deleters=(Role.CPO,),
        editable={Role.RESEARCHER: ()},
    )


class FamilyQuerySet(InventionPartQuerySet):
    writers = (Role.CPO,)
    surface = Surface(
        save="kyoso.ip.services.save_family",
        delete="kyoso.ip.services.delete_family",
        parent="invention",
        editable={Role.RESEARCHER: ()},
    )


class FilingQuerySet(InventionPartQuerySet):
    """Filings are the IP office's and the CPO's to change; others read them with their invention.

    A company's filings come in two shapes, as its deadlines do (``DeadlineQuerySet``). Its list
    tests each filing's invention as the page walks the list's ordering index
    (:func:`~kyoso.core.querysets.seen_row_by_row`), so a page stops after its 50 rows; joined
    instead, PostgreSQL charges the scope's lists once per row of a nested loop and prefers to
    join every family to its invention in parallel workers first (50 ms of the machine's CPU a
    page at national scale, against a few). Counts, sums and charts over the whole scope read the
    joined shape (:meth:`counted_for`), which is the cheaper one for them.
    """

    surface = Surface(save="kyoso.ip.services.save_filing", delete="kyoso.ip.services.delete_filing", parent="family.invention")

    writers = (Role.CPO,)
    invention_path = "family__invention"

    def scope_view(self, actor):
        if actor.role == Role.COMPANY and actor.organisation_id:
            from .models import Family

            seen = Family.objects.filter(pk=OuterRef("family_id")).filter(company_sees(actor.organisation_id, "invention"))
            return self.filter(seen_row_by_row(seen))
        return super().scope_view(actor)

    def counted_for(self, user, *, up_to: int | None = None) -> FilingQuerySet:
        """A company's filings joined to their inventions, for counting or summing them all (or up
        to a paginator's cap); the same rows as ``for_user``."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return super().scope_view(actor)  # joined, as every other part of an invention is
        return self.for_user(actor)


class ChangeProposalQuerySet(ScopedQuerySet):
    """Proposals to change owners or inventor shares.

    The researcher sees the proposals they made; the CPO those on their consortia's inventions
    (to read, not to decide); companies none. A researcher creates proposals; only the IP office
    decides them (accepting or refusing is an IP office action, checked in the services).
    """

    writers = (Role.RESEARCHER,)

    def scope_view(self, actor):
        if actor.role == Role.RESEARCHER and actor.user_id:
            return self.filter(proposed_by_id=actor.user_id)
        if actor.role == Role.CPO:
            return self.filter(invention__consortium_id__in=actor.consortium_ids)
        return self.none()

    def scope_change(self, actor):
        # A researcher's proposal is theirs to make, not to rewrite: once made, it is the IP office's.
        return self.none()

    def open(self):
        from .choices import ProposalStatus

        return self.filter(status=ProposalStatus.PROPOSED)
