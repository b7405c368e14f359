"""Scoping for consortia and what hangs off them."""

from django.db.models import Q

from kyoso.core.formatting import name_picker
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Surface


def consortium_filter(actor, path: str = "") -> Q:
    """Rows of the consortia ``actor`` belongs to; ``path`` leads from the row to the consortium."""
    prefix = f"{path}__" if path else ""
    if actor.role == Role.CPO:
        return Q(**{f"{prefix}pk__in": actor.consortium_ids})
    if actor.organisation_id and actor.role in (Role.COMPANY, Role.RESEARCHER):
        from .models import Membership

        # A subquery, not a join through memberships: an organisation holds several roles in one
        # consortium (member, steering…), so the join repeats rows and needs DISTINCT over the result.
        member_of = Membership.objects.filter(organisation_id=actor.organisation_id).values("consortium_id")
        return Q(**{f"{prefix}pk__in": member_of})
    return Q(pk__in=[])


class ConsortiumQuerySet(ScopedQuerySet):
    """A CPO sees and runs their consortia; members (companies, researchers' universities) see theirs."""

    surface = Surface(save="kyoso.consortia.services.save_consortium", delete="kyoso.consortia.services.delete_consortium")

    writers = (Role.CPO,)
    creators = ()

    def scope_view(self, actor):
        return self.filter(consortium_filter(actor))

    def scope_change(self, actor):
        return self.filter(pk__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()

    def choice_labels(self):
        """(pk, ``str(consortium)``) without building model instances (for filter dropdowns)."""
        pick = name_picker()
        return [(pk, pick(name, name_ja)) for pk, name, name_ja in self.values_list("pk", "name", "name_ja")]


class ConsortiumPartQuerySet(ScopedQuerySet):
    """Areas, topics and memberships: visible with their consortium, changed by its CPO."""

    surface = Surface(parent="consortium")

    writers = (Role.CPO,)

    def scope_view(self, actor):
        from .models import Consortium

        return self.filter(consortium__in=Consortium.objects.for_user(actor))

    def scope_change(self, actor):
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class MembershipQuerySet(ConsortiumPartQuerySet):
    """Memberships: joining and leaving are told on the consortium's timeline by their service."""

    surface = Surface(
        save="kyoso.consortia.services.save_membership", delete="kyoso.consortia.services.delete_membership",
        parent="consortium",
    )


class ResearchAreaQuerySet(ConsortiumPartQuerySet):
    surface = Surface(
        save="kyoso.consortia.services.save_research_area", delete="kyoso.consortia.services.delete_research_area",
        parent="consortium",
    )


class ResearchTopicQuerySet(ConsortiumPartQuerySet):
    surface = Surface(
        save="kyoso.consortia.services.save_research_topic", delete="kyoso.consortia.services.delete_research_topic",
        parent="consortium",
    )

    def choice_labels(self):
        """(pk, ``str(topic)``) without building model instances (for filter dropdowns).

        Must match :meth:`kyoso.consortia.models.ResearchTopic.__str__`.
        """
        return [(pk, f"{code} {title}") for pk, code, title in self.values_list("pk", "code", "title")]
