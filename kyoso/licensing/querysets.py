"""Scoping for licensing: a company sees its own class, requests, licences, royalties, statements.

The rules, one per model family:

- consortium data (class schemes, classes, policies): like the consortium itself — the CPO runs
  them, members read them (a policy is the members' own rule book);
- a company's money and deals (class assignments, requests, licences and everything under a
  licence, statement lines): the company sees only rows where it is the party; never another's;
- a researcher reads licences and statement lines about the inventions they invented / themselves;
- distribution rules and runs (every party's money at once): CPO and IP office / auditor only.
"""

from django.db.models import Q

from kyoso.consortia.querysets import consortium_filter
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Hide, Surface


def _cpo(actor, path: str) -> Q:
    return Q(**{f"{path}__in": actor.consortium_ids})


def _invented_by(actor, path: str) -> Q:
    from kyoso.ip.models import Inventor

    inventions = Inventor.objects.filter(person_id=actor.person_id).values("invention_id")
    return Q(**{f"{path}__in": inventions})


class ConsortiumRuleQuerySet(ScopedQuerySet):
    """Schemes and policies: read by the consortium's members, changed by its CPO."""

    writers = (Role.CPO,)
    consortium_path = "consortium"

    def scope_view(self, actor):
        from kyoso.consortia.models import Consortium

        visible = Consortium.objects.filter(consortium_filter(actor)).values("pk")
        return self.filter(**{f"{self.consortium_path}__in": visible})

    def scope_change(self, actor):
        return self.filter(_cpo(actor, f"{self.consortium_path}_id")) if actor.role == Role.CPO else self.none()


class ShareClassQuerySet(ConsortiumRuleQuerySet):

    surface = Surface(parent="scheme")

    consortium_path = "scheme__consortium"


class ClassAssignmentQuerySet(ScopedQuerySet):
    """A company sees its own class only: another company's share reveals its funding."""

    writers = (Role.CPO,)

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(_cpo(actor, "scheme__consortium_id"))
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(company_id=actor.organisation_id)
        return self.none()

    def scope_change(self, actor):
        return self.filter(_cpo(actor, "scheme__consortium_id")) if actor.role == Role.CPO else self.none()


class LicenceRequestQuerySet(ScopedQuerySet):
    """Companies file and see their own requests; researchers read those on their inventions."""

    surface = Surface(save="kyoso.licensing.services.submit_request")

    writers = (Role.CPO, Role.COMPANY)

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(_cpo(actor, "consortium_id"))
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(requester_id=actor.organisation_id)
        if actor.role == Role.RESEARCHER and actor.person_id:
            return self.filter(_invented_by(actor, "invention_id"))
        return self.none()

    def scope_change(self, actor):
        if actor.role == Role.COMPANY:
            return self.filter(requester_id=actor.organisation_id) if actor.organisation_id else self.none()
        return self.filter(_cpo(actor, "consortium_id"))


class LicenceQuerySet(ScopedQuerySet):
    """Licensee sees its licences; researchers read licences of their inventions; CPO runs them."""

    surface = Surface(save="kyoso.licensing.services.save_licence")

    writers = (Role.CPO,)

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(_cpo(actor, "consortium_id"))
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(licensee_id=actor.organisation_id)
        if actor.role == Role.RESEARCHER and actor.person_id:
            return self.filter(_invented_by(actor, "assets__invention_id")).distinct()
        return self.none()

    def scope_change(self, actor):
        return self.filter(_cpo(actor, "consortium_id")) if actor.role == Role.CPO else self.none()


class LicencePartQuerySet(ScopedQuerySet):
    """Assets, royalty terms, reports and invoices: seen with their licence, changed by its CPO."""

    surface = Surface(parent="licence")

    writers = (Role.CPO,)

    def scope_view(self, actor):
        from .models import Licence

        return self.filter(licence__in=Licence.objects.for_user(actor).values("pk"))

    def scope_change(self, actor):
        return self.filter(_cpo(actor, "licence__consortium_id")) if actor.role == Role.CPO else self.none()


class InvoiceQuerySet(LicencePartQuerySet):
    """Invoices: numbered and checked by their service."""

    surface = Surface(save="kyoso.licensing.services.save_invoice", parent="licence")


class RoyaltyReportQuerySet(LicencePartQuerySet):
    """Licensees enter their own royalty reports; the CPO checks them."""

    surface = Surface(save="kyoso.licensing.services.save_royalty_report", parent="licence")

    writers = (Role.CPO, Role.COMPANY)

    def scope_change(self, actor):
        if actor.role == Role.COMPANY:
            return self.filter(licence__licensee_id=actor.organisation_id) if actor.organisation_id else self.none()
        return super().scope_change(actor)


class CompensationPolicyQuerySet(ScopedQuerySet):
    """A university's inventor-compensation rules are published to its people: everyone reads."""

    reference_action = "view"

    def scope_view(self, actor):
        return self


class DistributionQuerySet(ScopedQuerySet):
    """Rules, patent costs and runs show every party's money: CPO (own consortia), IP office, auditor."""

    writers = (Role.CPO,)
    consortium_path = "consortium_id"

    def scope_view(self, actor):
        return self.filter(_cpo(actor, self.consortium_path)) if actor.role == Role.CPO else self.none()


class PatentCostQuerySet(DistributionQuerySet):
    consortium_path = "invention__consortium_id"

    def scope_view(self, actor):
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(payer_id=actor.organisation_id)
        return super().scope_view(actor)


class DistributionRunQuerySet(DistributionQuerySet):
    consortium_path = "rule__consortium_id"


def _own_licence(actor, line) -> bool:
    return line.licence.licensee_id == actor.organisation_id


class StatementLineQuerySet(ScopedQuerySet):
    """Each party reads its own lines: a company its organisation's, a researcher their own.

    A co-owner is paid its share of the income from licences granted to others; its line shows the
    amount it is paid, but not the other company's licence nor the arithmetic naming its income.
    """

    writers = ()
    surface = Surface(hidden=(Hide(fields=("licence", "working"), roles=(Role.COMPANY,), unless=_own_licence),))

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(_cpo(actor, "run__rule__consortium_id"))
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(organisation_id=actor.organisation_id, person__isnull=True)
        if actor.role == Role.RESEARCHER and actor.person_id:
            return self.filter(person_id=actor.person_id)
        return self.none()
