"""The download buttons: the annual IP report on a consortium's page, the rights statement on a company's."""

from __future__ import annotations

from django.utils import timezone

from kyoso.core.panels import Panel, register_panel
from kyoso.rules.fiscal import fiscal_year_of

from .services import may_print_consortium_report, may_print_statement


def _consortium(obj, request):
    if not may_print_consortium_report(obj, request.user):
        return None
    current = fiscal_year_of(timezone.localdate())
    return {"years": list(range(current, max(obj.first_fiscal_year, current - 9) - 1, -1))}


def _company(obj, request):
    return {} if may_print_statement(obj, request.user) else None


def register() -> None:
    register_panel("consortia.consortium", Panel("reports/panels/consortium.html", _consortium, order=95))
    register_panel("parties.organisation", Panel("reports/panels/company.html", _company, order=95))
