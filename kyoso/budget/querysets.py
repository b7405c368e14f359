"""Scoping for the IP fund. One rule per model; the decisions, with their reasons:

- IP office and auditor: everything; a CPO: their consortia's fund, and only they (and the IP
  office) change it.
- A member company sees **rows** only where the money is its own: accruals from its own
  contributions, payments it made as a co-owner — never another company's money. Patent costs it
  sees for the inventions it may see, except what another co-owner paid. Funded projects of its
  consortia are public facts and visible.
- The **aggregates** of a company's consortia (accruals, payments, forecast and balance per
  fiscal year) are shown to it by :mod:`kyoso.budget.services.summary`: they mix JST's, the
  universities' and every member's money, so no other company's contribution can be read from
  them, and members need them (a shortfall is a call on their money).
- Researchers see nothing of the fund.
"""

from django.db.models import Q

from kyoso.consortia.querysets import consortium_filter
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Surface


class _FundQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    consortium_path = "consortium"

    def scope_change(self, actor):
        if actor.role == Role.CPO:
            return self.filter(**{f"{self.consortium_path}_id__in": actor.consortium_ids})
        return self.none()


class GrantQuerySet(_FundQuerySet):
    """Funded projects: seen by the consortium's CPO and members, kept by the CPO."""

    def scope_view(self, actor):
        if actor.role in (Role.CPO, Role.COMPANY):
            return self.filter(consortium_filter(actor, self.consortium_path))
        return self.none()


class LedgerEntryQuerySet(_FundQuerySet):
    """Ledger rows: the CPO's consortia; a company only the rows of its own money."""

    surface = Surface(save="kyoso.budget.services.ledger.post_manual_accrual")

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(consortium_filter(actor, "consortium"), organisation_id=actor.organisation_id)
        return self.none()


class CostQuerySet(_FundQuerySet):
    """Patent costs: the CPO's consortia; a company the costs of inventions it may see, except
    the money another co-owner paid."""

    surface = Surface(save="kyoso.budget.services.costs.save_cost")

    def scope_view(self, actor):
        from kyoso.ip.models import Invention

        from .choices import Source

        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            others = Q(source=Source.CO_OWNER) & ~Q(payer_id=actor.organisation_id)
            return self.filter(invention__in=Invention.objects.for_user(actor)).exclude(others)
        return self.none()
