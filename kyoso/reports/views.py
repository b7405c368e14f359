"""The printable reports' downloads: ``?lang=ja|en`` (else the page's language); the consortium's
also ``?fiscal_year=YYYY`` (else the current fiscal year)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import View

from kyoso.core.pdf import pdf_response
from kyoso.core.roles import Role, actor_of
from kyoso.parties.models import Organisation
from kyoso.rules.fiscal import fiscal_year_of

from .services import PRINTERS, company_statement, consortia_printable, consortium_report, may_print_statement


def _fiscal_year(request) -> int:
    try:
        year = int(request.GET.get("fiscal_year") or fiscal_year_of(timezone.localdate()))
    except ValueError:
        raise Http404 from None
    if not 1990 <= year <= 2100:
        raise Http404
    return year


class ConsortiumReportView(LoginRequiredMixin, View):
    """A consortium's annual IP report as a PDF: the IP office, the auditor, the consortium's CPO."""

    def get(self, request, slug):
        if actor_of(request.user).role not in PRINTERS:
            raise PermissionDenied
        consortium = get_object_or_404(consortia_printable(request.user), slug=slug)
        fiscal_year = _fiscal_year(request)
        return pdf_response(request, "print/consortium_report.html",
                            lambda: consortium_report(consortium, fiscal_year, user=request.user),
                            filename=f"ip-report-{consortium.slug}-fy{fiscal_year}")


class CompanyStatementView(LoginRequiredMixin, View):
    """A member company's rights statement as a PDF: the company itself, or a manager who may see it."""

    def get(self, request, pk):
        if actor_of(request.user).role not in (*PRINTERS, Role.COMPANY):
            raise PermissionDenied
        organisation = get_object_or_404(Organisation, pk=pk)
        if not may_print_statement(organisation, request.user):
            raise Http404
        return pdf_response(request, "print/company_statement.html",
                            lambda: company_statement(organisation, user=request.user),
                            filename=f"rights-statement-{organisation.pk}")
