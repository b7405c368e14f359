"""Scoping for reviews and the map's weights.

- IP office and auditor: all; a CPO: their consortia's rounds, items, votes and weights.
- A member company: the rounds of its consortia, the items about inventions it may see (the
  pool's non-confidential rights and those it co-owns), and its **own** votes only — how another
  member voted is that member's business. Licence income on an item is hidden from it on every
  surface (the item's surface): the amounts are other licensees' money; the number of licences shows.
- Researchers: nothing (the IP map reads filings with their own scoping).
"""

from kyoso.consortia.querysets import consortium_filter
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Hide, Surface


class AreaWeightQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)

    def scope_view(self, actor):
        return self.filter(consortium_filter(actor, "consortium")) if actor.role in (Role.CPO, Role.COMPANY) else self.none()

    def scope_change(self, actor):
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class ReviewRoundQuerySet(AreaWeightQuerySet):
    """Rounds: run by the CPO, seen by the consortium's member companies."""


class ReviewItemQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    surface = Surface(hidden=(Hide(fields=("income",), roles=(Role.COMPANY,)),))

    def scope_view(self, actor):
        from kyoso.ip.querysets import company_sees

        if actor.role == Role.CPO:
            return self.filter(round__consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            # The invention tested on each item (a few hundred in open rounds), never the list of
            # the tens of thousands of inventions a company sees built first.
            return self.filter(consortium_filter(actor, "round__consortium"),
                               company_sees(actor.organisation_id, "filing__family__invention"))
        return self.none()

    def scope_change(self, actor):
        return self.filter(round__consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class MemberVoteQuerySet(ScopedQuerySet):
    """Votes: a company sees and casts its own; the CPO sees all of their consortia's."""

    writers = (Role.CPO, Role.COMPANY)

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(item__round__consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(organisation_id=actor.organisation_id)
        return self.none()
