"""Scoping of technology transfer.

- IP office and auditor: everything.
- A CPO: the technologies of their consortia, their deals, contacts and deal agreements; changes them.
- A member company: the technologies offered from its consortia's pools (never their internal
  notes), and only **its own** deals (where it is the prospect) with the NDAs and evaluations it
  signed; never the contact log (the TLO's own notes) nor another prospect's deal.
- Researchers: nothing here.
- The training programme (trainees, assessments, follow-ups, the committee, the costs) is the IP
  office's (the host TLO's staff work as IP office); the auditor reads it.
"""

from kyoso.consortia.querysets import consortium_filter
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Hide, Surface

#: What a CPO may change on a technology: everything but publishing it (the IP office's switch).
_CPO_TECHNOLOGY_FIELDS = (
    "consortium", "slug", "title", "title_ja", "inventions", "summary", "summary_ja", "advantages", "advantages_ja",
    "applications", "applications_ja", "trl", "development_stage", "rights_offered", "field_of_use", "territory",
    "contact_name", "contact_email", "internal_notes",
)


class TechnologyQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    surface = Surface(
        save="kyoso.transfer.services.save_technology",
        editable={Role.CPO: _CPO_TECHNOLOGY_FIELDS},
        hidden=(Hide(fields=("internal_notes",), roles=(Role.COMPANY,)),),
    )

    def scope_view(self, actor):
        if actor.role in (Role.CPO, Role.COMPANY):
            return self.filter(consortium_filter(actor, "consortium"))
        return self.none()

    def scope_change(self, actor):
        return self.filter(consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()

    def published(self):
        return self.filter(published=True)


class DealQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    surface = Surface(save="kyoso.transfer.services.save_deal", parent="technology")

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(technology__consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(organisation_id=actor.organisation_id)
        return self.none()

    def scope_change(self, actor):
        return self.filter(technology__consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class ContactLogQuerySet(ScopedQuerySet):
    """The contact log is the TLO's own notes: managers only."""

    writers = (Role.CPO,)
    surface = Surface(save="kyoso.transfer.services.save_contact", delete="kyoso.transfer.services.delete_contact", parent="deal")

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(deal__technology__consortium_id__in=actor.consortium_ids)
        return self.none()


class DealAgreementQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    surface = Surface(save="kyoso.transfer.services.save_deal_agreement", delete="kyoso.transfer.services.delete_deal_agreement",
                      parent="deal")

    def scope_view(self, actor):
        if actor.role == Role.CPO:
            return self.filter(deal__technology__consortium_id__in=actor.consortium_ids)
        if actor.role == Role.COMPANY and actor.organisation_id:
            return self.filter(deal__organisation_id=actor.organisation_id)
        return self.none()

    def scope_change(self, actor):
        return self.filter(deal__technology__consortium_id__in=actor.consortium_ids) if actor.role == Role.CPO else self.none()


class TrainingProgrammeQuerySet(ScopedQuerySet):
    """The IP office's (and the auditor's, read-only); nobody else's."""


class TraineeQuerySet(ScopedQuerySet):
    surface = Surface(save="kyoso.transfer.services.save_trainee", parent="programme")


class AssessmentQuerySet(ScopedQuerySet):
    surface = Surface(parent="trainee")


class FollowUpQuerySet(ScopedQuerySet):
    surface = Surface(parent="trainee")


class CommitteeDecisionQuerySet(ScopedQuerySet):
    surface = Surface(parent="programme")


class ProgrammeCostQuerySet(ScopedQuerySet):
    surface = Surface(parent="programme")
