"""Tables of technology transfer (yen exported as plain integers)."""

import django_tables2 as tables

from kyoso.agreements.tables import YenColumn

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


class TechnologyTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = Technology
        fields = ("title", "consortium", "trl", "rights_offered", "published")
        attrs = {"class": "table"}


class DealTable(tables.Table):
    name = tables.Column(verbose_name="#", accessor="pk", linkify=lambda record: record.get_absolute_url())
    expected_value = YenColumn()

    class Meta:
        model = Deal
        fields = ("name", "technology", "organisation", "stage", "stage_since", "opened_on", "expected_value", "licence")
        attrs = {"class": "table"}


class ContactLogTable(tables.Table):
    contacted_on = tables.Column(linkify=True)

    class Meta:
        model = ContactLog
        fields = ("contacted_on", "deal", "channel", "who", "next_step", "next_step_on", "owner")
        attrs = {"class": "table"}


class DealAgreementTable(tables.Table):
    kind = tables.Column(linkify=True)
    fee = YenColumn()

    class Meta:
        model = DealAgreement
        fields = ("kind", "deal", "signed_on", "expires_on", "fee")
        attrs = {"class": "table"}


class TrainingProgrammeTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = TrainingProgramme
        fields = ("name", "host", "first_fiscal_year", "last_fiscal_year", "follow_up_years")
        attrs = {"class": "table"}


class TraineeTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Trainee
        fields = ("person", "dispatched_by", "programme", "starts_on", "ends_on")
        attrs = {"class": "table"}


class AssessmentTable(tables.Table):
    assessed_on = tables.Column(linkify=True)

    class Meta:
        model = Assessment
        fields = ("assessed_on", "trainee", "competence", "score")
        attrs = {"class": "table"}


class FollowUpTable(tables.Table):
    due_on = tables.Column(linkify=True)

    class Meta:
        model = FollowUp
        fields = ("due_on", "trainee", "done_on", "note")
        attrs = {"class": "table"}


class CommitteeDecisionTable(tables.Table):
    subject = tables.Column(linkify=True)

    class Meta:
        model = CommitteeDecision
        fields = ("subject", "decided_on", "programme")
        attrs = {"class": "table"}


class ProgrammeCostTable(tables.Table):
    category = tables.Column(linkify=True)
    amount = YenColumn()

    class Meta:
        model = ProgrammeCost
        fields = ("category", "programme", "fiscal_year", "amount")
        attrs = {"class": "table"}
