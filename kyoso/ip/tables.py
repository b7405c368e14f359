"""List tables for inventions and filings."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kyoso.core.tables import ExportValue, FastTable

from .models import ChangeProposal, Filing, Invention


class InventionTable(FastTable):
    reference = tables.Column(linkify=True)
    consortium = tables.Column(linkify=True)

    class Meta:
        model = Invention
        fields = ("reference", "title", "title_ja", "disclosed_on", "consortium", "ip_kind", "status", "confidential")
        attrs = {"class": "table"}


class FilingTable(FastTable):
    application_number = tables.Column(
        verbose_name=_("application"), linkify=lambda record, table: table.detail_url(record), empty_values=()
    )
    invention = tables.Column(
        verbose_name=_("invention"), accessor="family__invention__reference",
        linkify=lambda record, table: table.detail_url(record.family.invention),
    )

    class Meta:
        model = Filing
        fields = ("application_number", "office", "kind", "status", "filing_date", "registration_number", "registered_on", "claims", "invention")
        attrs = {"class": "table"}

    export_values = {
        "application_number": ExportValue(("application_number",), lambda number: number or _("(no number yet)")),
    }

    def render_application_number(self, record):
        return record.application_number or _("(no number yet)")


class ChangeProposalTable(FastTable):
    id = tables.Column(verbose_name=_("proposal"), linkify=True)
    invention = tables.Column(verbose_name=_("invention"), accessor="invention__reference",
                              linkify=lambda record, table: table.detail_url(record.invention))
    proposed_by = tables.Column(verbose_name=_("proposed by"), accessor="proposed_by__username")

    class Meta:
        model = ChangeProposal
        fields = ("id", "invention", "kind", "proposed_by", "created", "status", "decided_at")
        attrs = {"class": "table"}

    export_values = {"id": ExportValue(("id",), lambda value: f"#{value}")}

    def render_id(self, value):
        return f"#{value}"
