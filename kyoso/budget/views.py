"""Pages of the IP fund: the fund by year, the ledger, patent costs, cost totals, funded projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from kyoso.consortia.models import Consortium
from kyoso.core import views as generic
from kyoso.core.export import export_response
from kyoso.core.roles import Role, actor_of

from .choices import EntryKind
from .filtersets import CostFilterSet, GrantFilterSet, LedgerEntryFilterSet
from .forms import AccrualForm, CostForm, GrantForm
from .models import Cost, Grant, LedgerEntry
from .services.costs import check_cost, explain
from .services.ledger import accruals_in_sync, may_book, reverse_entry, sync_accruals
from .services.summary import by_source, first_shortfall, fund_years, may_see_fund
from .tables import CostTable, CostTotalTable, FundYearTable, GrantTable, LedgerEntryTable
from .totals import DIMENSIONS, cost_totals


def _years_param(request, default: int = 5) -> int:
    try:
        return max(1, min(20, int(request.GET.get("years", default))))
    except ValueError:
        return default


class FundView(LoginRequiredMixin, TemplateView):
    """The fund of one consortium by fiscal year, with the first shortfall warned about.

    A GET only reads: accruals follow the contributions when they change (the contribution
    hooks), and ``kyoso budget sync`` or the page's button repairs them. When they are out of
    step the page says so; it never books anything itself.
    """

    template_name = "budget/home.html"

    def consortia(self):
        actor = actor_of(self.request.user)
        if actor.role not in (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY):
            return Consortium.objects.none()
        return Consortium.objects.for_user(actor).order_by("name")

    def get(self, request, *args, **kwargs):
        consortia = self.consortia()
        slug = request.GET.get("consortium")
        consortium = consortia.filter(slug=slug).first() if slug else consortia.first()
        if slug and consortium is None:
            raise Http404
        context = {"consortia": consortia, "consortium": consortium}
        if consortium is None or not may_see_fund(consortium, request.user):
            return self.render_to_response(context)
        in_sync = accruals_in_sync(consortium)
        years = fund_years(consortium, as_of=timezone.localdate(), years=_years_param(request))
        table = FundYearTable([y.as_json() for y in years])
        if export := request.GET.get("export"):
            return export_response(table, export, filename=f"ip-fund-{consortium.slug}")
        actor = actor_of(request.user)
        context.update(
            table=table, shortfall=first_shortfall(years), in_sync=in_sync, years=years,
            may_book=may_book(consortium, request.user),
            sources=by_source(consortium) if actor.role != Role.COMPANY else None,
            is_company=actor.role == Role.COMPANY,
        )
        return self.render_to_response(context)


class ActionView(LoginRequiredMixin, View):
    """An action a form posts to, with no page of its own: a GET answers 405, never an error."""

    http_method_names = ["post"]


class SyncAccrualsView(ActionView):
    """POST: re-derive the consortium's accruals from its contributions now."""

    def post(self, request, slug):
        consortium = get_object_or_404(Consortium, slug=slug)
        if not may_book(consortium, request.user):
            raise PermissionDenied
        result = sync_accruals(consortium, user=request.user)
        messages.success(request, _("Accruals re-derived: %(posted)s posted, %(reversed)s reversed.")
                         % {"posted": result.posted, "reversed": result.reversed})
        return HttpResponseRedirect(reverse("budget:home") + f"?consortium={slug}")


class LedgerEntryListView(generic.ObjectListView):
    model = LedgerEntry
    table_class = LedgerEntryTable
    filterset_class = LedgerEntryFilterSet
    related = ("consortium", "organisation", "reverses")


class LedgerEntryDetailView(generic.ObjectDetailView):
    model = LedgerEntry
    related = ("consortium", "organisation", "cost", "contribution", "reverses")

    def get_extra_context(self, obj):
        may_reverse = (LedgerEntry.objects.for_user(self.request.user, "change").filter(pk=obj.pk).exists()
                       and not obj.reverses_id and not obj.is_reversed)
        return {"may_reverse": may_reverse}


class AccrualAddView(generic.ObjectEditView):
    """Book money in from another source (university budget, competitive indirect costs, a
    co-owner's payment, a project's direct costs); entries are only ever added."""

    model = LedgerEntry
    form_class = AccrualForm

    def get_object(self):
        if "pk" in self.kwargs:
            raise PermissionDenied  # append-only: no edit page
        return super().get_object()

    def initial_for_new(self):
        return {"kind": EntryKind.ACCRUAL, "booked_on": timezone.localdate()}


class ReverseEntryView(ActionView):
    """POST with a reason: book the reversing entry (the only correction the ledger knows)."""

    def post(self, request, pk):
        entry = get_object_or_404(LedgerEntry.objects.for_user(request.user, "change"), pk=pk)
        reason = request.POST.get("reason", "").strip() or _("correction")
        try:
            reversal = reverse_entry(entry, user=request.user, reason=reason)
        except ValueError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(entry.get_absolute_url())
        messages.success(request, _("Reversed by %(entry)s.") % {"entry": reversal})
        return HttpResponseRedirect(reversal.get_absolute_url())


class CostListView(generic.ObjectListView):
    model = Cost
    table_class = CostTable
    filterset_class = CostFilterSet
    related = ("invention", "filing", "consortium")
    id_filters = ("invention", "filing", "family", "grant")


class CostDetailView(generic.ObjectDetailView):
    model = Cost
    related = ("invention", "filing", "grant", "payer", "consortium")

    def get_extra_context(self, obj):
        check = check_cost(obj)  # re-checked now: a rule file may have changed since it was booked
        return {"check": check, "check_reasons": explain(check), "payments": obj.ledger_entries.order_by("pk"),
                # the check above, re-made in the reader's language, replaces the one stored when booked
                "fields": generic.displayed_fields(obj, self.request.user, exclude=("eligibility",))}


class CostEditView(generic.ObjectEditView):
    model = Cost
    form_class = CostForm
    template_name = "budget/cost_edit.html"

    def get_form(self, obj, data=None):
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, instance=obj, user=self.request.user)

    def initial_for_new(self):
        from kyoso.ip.models import Filing

        filing = Filing.objects.for_user(self.request.user).filter(pk=self.request.GET.get("filing") or 0).first()
        return {"filing": filing, "invention": filing.family.invention} if filing else {}


class CostTotalsView(LoginRequiredMixin, TemplateView):
    """Costs summed per filing, family, invention, consortium or fiscal year, by kind."""

    template_name = "budget/cost_totals.html"

    def get(self, request, *args, **kwargs):
        by = request.GET.get("by", "invention")
        if by not in DIMENSIONS:
            by = "invention"
        rows = cost_totals(Cost.objects.for_user(request.user), by)
        table = CostTotalTable(rows)
        if export := request.GET.get("export"):
            return export_response(table, export, filename=f"patent-costs-by-{by}")
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return self.render_to_response({"table": table, "by": by, "dimensions": DIMENSIONS})


class GrantListView(generic.ObjectListView):
    model = Grant
    table_class = GrantTable
    filterset_class = GrantFilterSet
    related = ("consortium",)


class GrantDetailView(generic.ObjectDetailView):
    model = Grant


class GrantEditView(generic.ObjectEditView):
    model = Grant
    form_class = GrantForm
