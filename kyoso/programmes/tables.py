"""List tables of applications, awards and duties (yen exported as plain integers)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kyoso.agreements.tables import YenColumn

from .models import Application, Award, Duty


class ApplicationTable(tables.Table):
    title = tables.Column(linkify=True)
    amount_asked = YenColumn()

    class Meta:
        model = Application
        fields = ("title", "programme", "consortium", "applicant", "partner", "amount_asked", "call_deadline", "status")
        attrs = {"class": "table"}


class AwardTable(tables.Table):
    number = tables.Column(linkify=True)

    class Meta:
        model = Award
        fields = ("number", "title", "programme", "consortium", "recipient", "start", "end", "commissioned")
        attrs = {"class": "table"}


class DutyTable(tables.Table):
    due = tables.Column()
    what = tables.Column(verbose_name=_("what"), accessor="pk", orderable=False,
                         linkify=lambda record: record.get_absolute_url())
    award = tables.Column(linkify=True)

    class Meta:
        model = Duty
        fields = ("due", "what", "award", "invention", "filing", "state", "reference")
        attrs = {"class": "table"}

    def render_what(self, record):
        return record.title

    def value_what(self, record):
        return record.title
