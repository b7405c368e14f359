"""The docket table: every deadline with the rule and source it came from."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kyoso.core.sentences import ByLanguage
from kyoso.core.tables import ExportValue, FastTable

from .models import Deadline


class DeadlineTable(FastTable):
    due = tables.Column(linkify=True)
    filing = tables.Column(verbose_name=_("filing"), linkify=lambda record: record.filing.get_absolute_url(), order_by=("filing__application_number",))
    invention = tables.Column(verbose_name=_("invention"), accessor="filing__family__invention__reference")
    office = tables.Column(verbose_name=_("office"))
    label = tables.Column(verbose_name=_("what"), accessor="title", order_by=("label",))
    rule = tables.Column(verbose_name=_("rule"))
    source = tables.Column(verbose_name=_("source"), attrs={"td": {"class": "small"}})
    state = tables.Column(verbose_name=_("state"))

    class Meta:
        model = Deadline
        fields = ("due", "raw_due", "filing", "invention", "office", "kind", "label", "year", "rule", "source", "state", "completed_by", "responsible")
        attrs = {"class": "table"}

    export_values = {
        "due": ExportValue(("due",), lambda due: due.isoformat()),
        "label": ExportValue(("label", "label_ja"), lambda label, label_ja: str(ByLanguage(en=label, ja=label_ja or label))),
    }

    def render_due(self, record, value):
        # A rolled date is marked: the office is closed on the raw date (see the raw due column).
        return format_html("{}{}", value.isoformat(), " *" if record.rolled else "")

    def value_due(self, record, value):
        return value.isoformat()
