"""Licences and what hangs off them: assets, royalty terms, reports (entered or imported), invoices."""

from kyoso.core import views as generic
from kyoso.core.importing.views import ImportStartView

from ..filtersets import InvoiceFilterSet, LicenceFilterSet, RoyaltyReportFilterSet
from ..forms import (
    InvoiceForm,
    LicenceForm,
    LicensedAssetForm,
    RoyaltyReportForm,
    RoyaltyTermForm,
)
from ..models import Invoice, Licence, LicensedAsset, RoyaltyReport, RoyaltyTerm
from ..services import licence_money
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

    def initial_for_new(self):
        """``?agreement=PK``: the licence to the company under that agreement, pre-filled from its
        terms (licensee, exclusivity, royalty and non-practice compensation in the notes)."""
        from kyoso.agreements.models import Agreement
        from kyoso.agreements.sakura import licence_initial

        agreement = Agreement.objects.for_user(self.request.user).filter(pk=self.request.GET.get("agreement") or None).first()
        if agreement is None:
            return {}
        initial = licence_initial(agreement)
        initial.pop("royalty_percent", None)
        return initial


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


class ReportImportView(ImportStartView):
    """Upload a CSV or XLSX of royalty reports: the shared import (role checked before the file is
    read, limits, preview, all rows or none) with its kind fixed."""

    kind = "royalty-reports"


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
