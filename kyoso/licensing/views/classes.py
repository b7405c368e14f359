"""Share-class schemes, their classes, company classes, and "my class, my rights"."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kyoso.core import views as generic
from kyoso.core.roles import Role, actor_of
from kyoso.ip.models import Invention
from kyoso.parties.models import Organisation

from ..filtersets import AssignmentFilterSet, ShareClassSchemeFilterSet
from ..forms import ShareClassForm, ShareClassSchemeForm
from ..models import CompanyClassAssignment, Licence, LicenceRequest, ShareClass, ShareClassScheme
from ..services import class_table, current_class, recompute_classes
from ..services.requests import class_discount
from ..tables import AssignmentTable, ShareClassSchemeTable


class SchemeListView(generic.ObjectListView):
    model = ShareClassScheme
    table_class = ShareClassSchemeTable
    filterset_class = ShareClassSchemeFilterSet
    related = ("consortium", "topic")


class SchemeDetailView(generic.ObjectDetailView):
    """The class table with its thresholds; the full company table (with every company's share)
    only for those who may see every company's money (CPO, IP office, auditor)."""

    model = ShareClassScheme
    related = ("consortium", "topic")

    def get_extra_context(self, obj):
        fiscal_year = self.request.GET.get("fy")
        fiscal_year = int(fiscal_year) if fiscal_year and fiscal_year.isdigit() else None
        actor = actor_of(self.request.user)
        sees_all = actor.sees_everything or (actor.role == Role.CPO and obj.consortium_id in actor.consortium_ids)
        rows = class_table(obj, fiscal_year) if sees_all else []
        return {
            "classes": obj.classes.all(),
            "rows": rows,
            "fiscal_year": fiscal_year,
            "fiscal_years": list(obj.consortium.fiscal_years),
            "assignments": CompanyClassAssignment.objects.for_user(self.request.user).filter(scheme=obj).select_related("company", "share_class"),
        }


class SchemeRecomputeView(LoginRequiredMixin, View):
    """POST: recompute every company's class now (after a contribution was deleted, rates changed
    or a threshold was edited — saves of contributions already recompute by themselves)."""

    def post(self, request, pk):
        scheme = get_object_or_404(ShareClassScheme.objects.for_user(request.user, "change"), pk=pk)
        changes = recompute_classes(scheme.consortium, user=request.user)
        messages.success(request, _("Classes recomputed: %(n)s changes.") % {"n": len(changes)})
        return HttpResponseRedirect(scheme.get_absolute_url())


class SchemeEditView(generic.ObjectEditView):
    model = ShareClassScheme
    form_class = ShareClassSchemeForm


class ShareClassEditView(generic.ObjectEditView):
    model = ShareClass
    form_class = ShareClassForm

    def initial_for_new(self):
        scheme = ShareClassScheme.objects.for_user(self.request.user, "change").filter(pk=self.request.GET.get("scheme")).first()
        return {"scheme": scheme} if scheme else {}

    def success_url(self, obj):
        return obj.scheme.get_absolute_url()


class ShareClassDeleteView(generic.ObjectDeleteView):
    model = ShareClass


class AssignmentListView(generic.ObjectListView):
    model = CompanyClassAssignment
    table_class = AssignmentTable
    filterset_class = AssignmentFilterSet
    related = ("company", "scheme", "share_class")


class AssignmentDetailView(generic.ObjectDetailView):
    """One company's class with its arithmetic; the activity timeline is its class history."""

    model = CompanyClassAssignment
    related = ("company", "scheme", "share_class")


class MyRightsView(LoginRequiredMixin, TemplateView):
    """"My class, my rights, the pooled IP I may use and at what price" — a company's page.

    A company user sees its own organisation; the CPO, IP office and auditor may pick one with
    ``?company=<id>``. Each pooled invention the company may see is shown with what its class
    gives it and the running royalty it would pay: the scheme's standard royalty less the class
    discount (never another licensee's terms, which are that licensee's business).
    """

    template_name = "licensing/my_rights.html"

    def get_context_data(self, **kwargs):
        actor = actor_of(self.request.user)
        company = self._company(actor)
        entries = []
        if company is not None:
            for assignment in CompanyClassAssignment.objects.for_user(self.request.user).filter(company=company).select_related(
                    "scheme__consortium", "share_class").order_by("scheme", "-fiscal_year"):
                if any(e["assignment"].scheme_id == assignment.scheme_id for e in entries):
                    continue  # the current period only; the history is on the assignment's page
                entries.append(self._entry(assignment))
        return {
            **super().get_context_data(**kwargs),
            "company": company,
            "entries": entries,
            "companies": Organisation.objects.filter(share_classes__isnull=False).distinct() if actor.role != Role.COMPANY else [],
            "licences": Licence.objects.for_user(self.request.user).filter(licensee=company) if company else [],
            "requests": LicenceRequest.objects.for_user(self.request.user).filter(requester=company)[:10] if company else [],
        }

    def _company(self, actor):
        if actor.role == Role.COMPANY:
            return Organisation.objects.filter(pk=actor.organisation_id).first()
        wanted = self.request.GET.get("company")
        if wanted and wanted.isdigit() and (actor.sees_everything or actor.role == Role.CPO):
            return get_object_or_404(Organisation, pk=wanted)
        return None

    def _entry(self, assignment):
        share_class = assignment.share_class
        _name, discount = class_discount(share_class)
        consortium = assignment.scheme.consortium
        pool = Invention.objects.for_user(self.request.user).filter(consortium=consortium, ip_kind="foreground").order_by("reference")
        standard = assignment.scheme.standard_royalty
        return {
            "assignment": assignment,
            "consortium": consortium,
            "current": current_class(assignment.company, consortium),
            "rights": share_class.rights_display() if share_class else [],
            "discount": discount,
            "pool": [
                {"invention": inv, "standard_rate": standard, "your_rate": _discounted(standard, discount)}
                for inv in pool.filter(~Q(confidential=True) | Q(owners__organisation=assignment.company)).distinct()[:50]
            ],
            "pool_count": pool.count(),
        }


def _discounted(rate, discount):
    if rate is None:
        return None
    return (rate * (Decimal("100") - discount) / Decimal("100")).quantize(Decimal("0.01"))
