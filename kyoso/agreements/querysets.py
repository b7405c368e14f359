"""Scoping for agreements and money: a company sees only its own agreements and contributions."""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.formatting import name_picker
from kyoso.core.querysets import ScopedQuerySet, checked_in
from kyoso.core.roles import Actor, Role, actor_of
from kyoso.core.surface import Surface


class ContractTypeQuerySet(ScopedQuerySet):
    """The model-contract catalogue is reference data: everyone reads it, the IP office edits it."""

    reference_action = "view"

    def scope_view(self, actor):
        return self

    def choice_labels(self):
        """(pk, ``str(contract_type)``) without building model instances (for filter dropdowns)."""
        pick = name_picker()
        return [(pk, pick(name, name_ja)) for pk, name, name_ja in self.values_list("pk", "name", "name_ja")]


def party_to(organisation_id: int):
    """The agreements a company is party to (``agreement_id`` values, from the covering index
    party_by_organisation): what a company sees of agreements and of everything hanging on them."""
    from .models import AgreementParty

    return AgreementParty.objects.filter(organisation_id=organisation_id).values("agreement_id")


class AgreementQuerySet(ScopedQuerySet):
    """IP office: all. CPO: their consortia's agreements. Company: agreements it is party to."""

    surface = Surface(save="kyoso.agreements.services.save_agreement", delete="kyoso.agreements.services.delete_agreement")

    writers = (Role.CPO,)

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            # A subquery rather than a join + DISTINCT (which sorts all of a company's agreements before
            # the first page), checked per row so that a page walks the list's ordering index.
            return self.filter(checked_in("pk", party_to(actor.organisation_id)))
        return self.none()

    def scope_change(self, actor):
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()

    def counted_for(self, user, *, up_to: int | None = None) -> AgreementQuerySet:
        """A company's agreements for counting: driven by the list of those it is party to (the
        covering index party_by_organisation) rather than tested one by one as a page walks every
        agreement's ordering index — the list's capped count of a national company's 10,000 in a
        quarter of the time on PostgreSQL. The same rows as :meth:`scope_view`."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(pk__in=party_to(actor.organisation_id))
        return self.for_user(actor)

    def count_for(self, user) -> int:
        """A company's agreements counted from the covering index party_by_organisation (the
        agreements it is a party to, as :meth:`scope_view` says) instead of testing every agreement."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role == Role.COMPANY and actor.organisation_id and not self.query.where:
            return party_to(actor.organisation_id).order_by().distinct().count()
        return super().count_for(user)


class AgreementPartQuerySet(ScopedQuerySet):
    """Parties of an agreement: visible with the agreement, changed by who may change it."""

    surface = Surface(parent="agreement")

    writers = (Role.CPO,)

    def scope_view(self, actor):
        from .models import Agreement

        if actor.role == Role.CPO:
            # Through the join, so that a narrower condition on the agreement (one consortium) can
            # lead the query instead of the CPO's whole list of agreements.
            return self.filter(agreement__consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            # Checked per row: a company party to 50,000 agreements would otherwise have that list
            # built before the first of a handful of rows (term deadlines, drafts) is read.
            return self.filter(checked_in("agreement_id", party_to(actor.organisation_id)))
        return self.filter(agreement__in=Agreement.objects.for_user(actor))

    def scope_change(self, actor):
        return self.filter(agreement__consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class ContributionQuerySet(AgreementPartQuerySet):
    """Money: a company sees its own contributions only, even on an agreement shared with others."""

    surface = Surface(
        save="kyoso.agreements.services.save_contribution",
        delete="kyoso.agreements.services.delete_contribution",
        parent="agreement",
    )

    def scope_view(self, actor):
        if actor.role == Role.COMPANY:
            return self.filter(Q(contributor_id=actor.organisation_id)) if actor.organisation_id else self.none()
        return super().scope_view(actor)


class ContributionTotalQuerySet(ScopedQuerySet):
    """Sums of contributions, seen exactly as the contributions they sum (:class:`ContributionQuerySet`):
    IP office and auditor all, a CPO their consortia's, a company only its own money. Nobody
    changes them: the agreements services keep them (``kyoso.agreements.totals``)."""

    writers = ()

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(contributor_id=actor.organisation_id)
        return self.none()


class AgreementTermsPartQuerySet(AgreementPartQuerySet):
    """Terms, named researchers, draft versions and term deadlines: seen with their agreement (a
    company only on agreements it is party to), changed by whoever may change the agreement."""

    surface = Surface(parent="agreement")


class PublicationRequestQuerySet(AgreementPartQuerySet):
    """Publication requests: seen with their agreement; a researcher sees the requests they made."""

    surface = Surface(parent="agreement")

    def scope_view(self, actor):
        if actor.role == Role.RESEARCHER:
            return self.filter(requested_by_id=actor.user_id) if actor.user_id else self.none()
        return super().scope_view(actor)
