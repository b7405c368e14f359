"""Scoping for the IP pool.

A company sees its consortia's non-confidential inventions and every invention it co-owns; a
researcher sees the inventions they invented; a CPO their consortia's pool.
"""

from django.db.models import Q

from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role


def _member_consortia(organisation_id):
    from kyoso.consortia.models import Membership

    return Membership.objects.filter(organisation_id=organisation_id).values("consortium_id")


class InventionQuerySet(ScopedQuerySet):
    writers = (Role.CPO, Role.RESEARCHER)

    def scope_view(self, actor):
        from .models import InventionOwner, Inventor

        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            owned = InventionOwner.objects.filter(organisation_id=actor.organisation_id).values("invention_id")
            pooled = Q(consortium_id__in=_member_consortia(actor.organisation_id), confidential=False)
            return self.filter(pooled | Q(pk__in=owned))
        if actor.role == Role.RESEARCHER and actor.person_id:
            return self.filter(pk__in=Inventor.objects.filter(person_id=actor.person_id).values("invention_id"))
        return self.none()

    def scope_change(self, actor):
        if actor.role == Role.RESEARCHER:
            return self.scope_view(actor)
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class InventionPartQuerySet(ScopedQuerySet):
    """Inventors, owners, families: seen and changed with their invention."""

    writers = (Role.CPO, Role.RESEARCHER)
    invention_path = "invention"

    def scope_view(self, actor):
        from .models import Invention

        return self.filter(**{f"{self.invention_path}__in": Invention.objects.for_user(actor)})

    def scope_change(self, actor):
        from .models import Invention

        return self.filter(**{f"{self.invention_path}__in": Invention.objects.for_user(actor, "change")})


class FamilyQuerySet(InventionPartQuerySet):
    writers = (Role.CPO,)


class FilingQuerySet(InventionPartQuerySet):
    """Filings are the IP office's and the CPO's to change; others read them with their invention."""

    writers = (Role.CPO,)
    invention_path = "family__invention"
