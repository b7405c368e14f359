"""Filters of technology transfer (shared by the list pages, exports and the API)."""

import django_filters

from .models import (
    Assessment,
    CommitteeDecision,
    ContactLog,
    Deal,
    DealAgreement,
    FollowUp,
    ProgrammeCost,
    Technology,
    Trainee,
    TrainingProgramme,
)


class TechnologyFilterSet(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Technology
        fields = ["consortium", "title", "published", "rights_offered"]


class DealFilterSet(django_filters.FilterSet):
    class Meta:
        model = Deal
        fields = ["technology", "organisation", "stage", "owner"]


class ContactLogFilterSet(django_filters.FilterSet):
    class Meta:
        model = ContactLog
        fields = ["deal", "channel"]


class DealAgreementFilterSet(django_filters.FilterSet):
    class Meta:
        model = DealAgreement
        fields = ["deal", "kind"]


class TrainingProgrammeFilterSet(django_filters.FilterSet):
    class Meta:
        model = TrainingProgramme
        fields = ["host"]


class TraineeFilterSet(django_filters.FilterSet):
    class Meta:
        model = Trainee
        fields = ["programme", "dispatched_by"]


class AssessmentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Assessment
        fields = ["trainee", "competence"]


class FollowUpFilterSet(django_filters.FilterSet):
    class Meta:
        model = FollowUp
        fields = ["trainee"]


class CommitteeDecisionFilterSet(django_filters.FilterSet):
    class Meta:
        model = CommitteeDecision
        fields = ["programme"]


class ProgrammeCostFilterSet(django_filters.FilterSet):
    class Meta:
        model = ProgrammeCost
        fields = ["programme", "fiscal_year", "category"]
