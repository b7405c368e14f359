"""Distribution rules, patent costs, runs and statements (on screen and as XLSX via ``?export=``)."""

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from kyoso.core import views as generic

from ..choices import StatementStep
from ..filtersets import (
    CompensationPolicyFilterSet,
    DistributionRuleFilterSet,
    DistributionRunFilterSet,
    PatentCostFilterSet,
    StatementLineFilterSet,
)
from ..forms import CompensationPolicyForm, DistributionRuleForm, PatentCostForm, RunForm
from ..models import CompensationPolicy, DistributionRule, DistributionRun, PatentCost, StatementLine
from ..services import run_distribution
from ..tables import (
    CompensationPolicyTable,
    DistributionRuleTable,
    DistributionRunTable,
    PatentCostTable,
    StatementLineTable,
)

CO_OWNER_STEPS = (StatementStep.COSTS, StatementStep.ADMIN_FEE, StatementStep.SHARE, StatementStep.ROUNDING)


class CompensationPolicyListView(generic.ObjectListView):
    model = CompensationPolicy
    table_class = CompensationPolicyTable
    filterset_class = CompensationPolicyFilterSet
    related = ("university",)


class CompensationPolicyDetailView(generic.ObjectDetailView):
    model = CompensationPolicy

    def get_extra_context(self, obj):
        return {"rules": obj.as_rules()}


class CompensationPolicyEditView(generic.ObjectEditView):
    model = CompensationPolicy
    form_class = CompensationPolicyForm


class RuleListView(generic.ObjectListView):
    model = DistributionRule
    table_class = DistributionRuleTable
    filterset_class = DistributionRuleFilterSet
    related = ("consortium", "administrator")


class RuleDetailView(generic.ObjectDetailView):
    model = DistributionRule

    def get_extra_context(self, obj):
        return {"runs": obj.runs.all(), "run_form": RunForm()}


class RuleEditView(generic.ObjectEditView):
    model = DistributionRule
    form_class = DistributionRuleForm


class RunView(View):
    """POST: (re)compute the rule's run for a fiscal year."""

    def post(self, request, pk):
        rule = get_object_or_404(DistributionRule.objects.for_user(request.user, "change"), pk=pk)
        form = RunForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
            return HttpResponseRedirect(rule.get_absolute_url())
        try:
            run = run_distribution(rule, form.cleaned_data["fiscal_year"], user=request.user)
        except PermissionDenied:
            messages.error(request, "Not allowed.")
            return HttpResponseRedirect(rule.get_absolute_url())
        return HttpResponseRedirect(run.get_absolute_url())


class PatentCostListView(generic.ObjectListView):
    model = PatentCost
    table_class = PatentCostTable
    filterset_class = PatentCostFilterSet
    related = ("invention", "payer")


class PatentCostEditView(generic.ObjectEditView):
    model = PatentCost
    form_class = PatentCostForm

    def success_url(self, obj):
        from django.urls import reverse

        return reverse("licensing:patentcost_list")


class RunListView(generic.ObjectListView):
    model = DistributionRun
    table_class = DistributionRunTable
    filterset_class = DistributionRunFilterSet
    related = ("rule",)


class RunDetailView(generic.ObjectDetailView):
    """Totals per co-owner and per inventor, each linking to its statement, and every line."""

    model = DistributionRun
    related = ("rule",)

    def get_extra_context(self, obj):
        lines = list(obj.lines.select_related("organisation", "person", "licence", "invention"))
        co_owners, inside = OrderedDict(), OrderedDict()
        for line in lines:
            if line.step in CO_OWNER_STEPS:
                co_owners[line.organisation] = co_owners.get(line.organisation, 0) + line.amount
            else:
                key = (line.organisation, line.person, line.step)
                inside[key] = inside.get(key, 0) + line.amount
        return {"lines": lines, "co_owners": co_owners.items(), "inside": inside.items(),
                "fields": [], "total": sum(co_owners.values())}


class StatementView(generic.ObjectListView):
    """Statements: the lines of a party (``organisation`` or ``person``) in a fiscal year."""

    model = StatementLine
    table_class = StatementLineTable
    filterset_class = StatementLineFilterSet
    related = ("run", "licence", "invention", "organisation", "person")
    template_name = "licensing/statement.html"
    per_page = 200
