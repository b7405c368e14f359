"""List tables for organisations and people."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kyoso.core.tables import ExportValue, FastTable

from .models import Organisation, Person, person_name


class OrganisationTable(FastTable):
    name = tables.Column(linkify=True)

    class Meta:
        model = Organisation
        fields = ("name", "name_ja", "kind", "size", "is_domestic", "country")
        attrs = {"class": "table"}


class PersonTable(FastTable):
    name = tables.Column(verbose_name=_("name"), accessor="family_name", linkify=True, order_by=("family_name", "given_name"))
    name_en = tables.Column(verbose_name=_("name (English)"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = ("name", "name_en", "kind", "email")
        attrs = {"class": "table"}

    export_values = {
        "name": ExportValue(("family_name", "given_name", "family_name_ja", "given_name_ja"), person_name),
        "name_en": ExportValue(("given_name", "family_name"), lambda given, family: f"{given} {family}"),
    }

    def render_name(self, record):
        return str(record)

    def value_name(self, record):
        return str(record)

    def render_name_en(self, record):
        return f"{record.given_name} {record.family_name}"
