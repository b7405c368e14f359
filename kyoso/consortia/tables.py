"""List tables for consortia."""

import django_tables2 as tables

from .models import Consortium


class ConsortiumTable(tables.Table):
    name = tables.Column(linkify=True)
    lead_institution = tables.Column(linkify=True)

    class Meta:
        model = Consortium
        fields = ("name", "slug", "programme_type", "lead_institution", "first_fiscal_year", "last_fiscal_year")
        attrs = {"class": "table"}
