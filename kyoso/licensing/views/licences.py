"""Licences and what hangs off them: assets, royalty terms, reports (entered or imported), invoices."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from openpyxl import load_workbook

from kyoso.core import views as generic

from ..filtersets import InvoiceFilterSet, LicenceFilterSet, RoyaltyReportFilterSet
from ..forms import (
    ImportForm,
    InvoiceForm,
    LicenceForm,
    LicensedAssetForm,
    RoyaltyReportForm,
    RoyaltyTermForm,
)
from ..models import Invoice, Licence, LicensedAsset, RoyaltyReport, RoyaltyTerm
from ..services import import_royalty_reports, licence_money
from ..tables import InvoiceTable, LicenceTable, RoyaltyReportTable


class LicenceListView(generic.ObjectListView):
    model = Licence
    table_class = LicenceTable
    filterset_class = LicenceFilterSet
    related = ("licensee", "consortium")


class LicenceDetailView(generic.ObjectDetailView):
    model = Licence
    related = ("licensee", "consortium", "request")

    def get_extra_context(self, obj):
        return {
            "assets": obj.assets.select_related("invention"),
            "terms": obj.terms.all(),
            "reports": obj.reports.all(),
            "invoices": obj.invoices.all(),
            "money": licence_money(obj),
        }


class LicenceEditView(generic.ObjectEditView):
    model = Licence
    form_class = LicenceForm


class LicenceChildEditView(generic.ObjectEditView):
    """Assets, terms, reports and invoices are added from their licence's page."""

    def initial_for_new(self):
        licence = Licence.objects.for_user(self.request.user).filter(pk=self.request.GET.get("licence")).first()
        return {"licence": licence} if licence else {}

    def success_url(self, obj):
        return obj.licence.get_absolute_url()


class LicensedAssetEditView(LicenceChildEditView):
    model = LicensedAsset
    form_class = LicensedAssetForm


class LicensedAssetDeleteView(generic.ObjectDeleteView):
    model = LicensedAsset


class RoyaltyTermEditView(LicenceChildEditView):
    model = RoyaltyTerm
    form_class = RoyaltyTermForm


class RoyaltyTermDeleteView(generic.ObjectDeleteView):
    model = RoyaltyTerm


class ReportListView(generic.ObjectListView):
    model = RoyaltyReport
    table_class = RoyaltyReportTable
    filterset_class = RoyaltyReportFilterSet
    related = ("licence",)


class ReportDetailView(generic.ObjectDetailView):
    model = RoyaltyReport
    related = ("licence",)


class ReportEditView(LicenceChildEditView):
    model = RoyaltyReport
    form_class = RoyaltyReportForm


class ReportImportView(LoginRequiredMixin, TemplateView):
    """Upload a CSV or XLSX of royalty reports; all rows are saved or none."""

    template_name = "licensing/report_import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response({"form": ImportForm()})

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reports = import_royalty_reports(read_rows(form.cleaned_data["file"]), user=request.user)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, getattr(error, "messages", [_("Not allowed.")]))
            else:
                messages.success(request, _("%(n)s royalty reports imported.") % {"n": len(reports)})
                return HttpResponseRedirect(reverse("licensing:royaltyreport_list"))
        return self.render_to_response({"form": form})


def read_rows(upload) -> list[dict]:
    """Rows of an uploaded CSV (UTF-8, with or without BOM) or XLSX, keyed by the header."""
    if upload.name.lower().endswith(".xlsx"):
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        header = [str(h).strip() for h in values[0]] if values else []
        return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]
    text = upload.read().decode("utf-8-sig")
    return [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


class InvoiceListView(generic.ObjectListView):
    model = Invoice
    table_class = InvoiceTable
    filterset_class = InvoiceFilterSet
    related = ("licence",)


class InvoiceDetailView(generic.ObjectDetailView):
    model = Invoice
    related = ("licence", "report")


class InvoiceEditView(LicenceChildEditView):
    model = Invoice
    form_class = InvoiceForm
