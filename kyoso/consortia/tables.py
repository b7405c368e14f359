"""List tables for consortia."""

import django_tables2 as tables

from kyoso.core.tables import FastTable

from .models import Consortium


class ConsortiumTable(FastTable):
    name = tables.Column(linkify=True)
    lead_institution = tables.Column(linkify=True)

    class Meta:
        model = Consortium
        fields = ("name", "slug", "programme_type", "lead_institution", "first_fiscal_year", "last_fiscal_year")
        attrs = {"class": "table"}
