"""Licensing policies (with an "ask the policy" form) and licence requests with their actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from kyoso.core import views as generic
from kyoso.core.roles import Role, actor_of
from kyoso.rules.policy import DECISIONS, NEXT_STEPS, PolicyError, Request, evaluate
from kyoso.rules.shares import ShareClassError

from ..choices import RequestStatus
from ..filtersets import LicenceRequestFilterSet, LicensingPolicyFilterSet
from ..forms import AskForm, CommitteeForm, IssueLicenceForm, LicenceRequestForm, LicensingPolicyForm
from ..models import LicenceRequest, LicensingPolicy
from ..services import committee_decide, issue_licence
from ..tables import LicenceRequestTable, LicensingPolicyTable


class PolicyListView(generic.ObjectListView):
    model = LicensingPolicy
    table_class = LicensingPolicyTable
    filterset_class = LicensingPolicyFilterSet
    related = ("consortium",)


class PolicyDetailView(generic.ObjectDetailView):
    """The rules in order of precedence, the cost rules, the readings, and an ask form."""

    model = LicensingPolicy
    related = ("consortium",)

    def get_extra_context(self, obj):
        rules = obj.as_rules()
        form = AskForm(self.request.GET if "purpose" in self.request.GET else None)
        answer = None
        if form.is_bound and form.is_valid():
            try:
                answer = evaluate(rules, Request(**{**form.cleaned_data, "share_class": form.cleaned_data["share_class"] or None}))
            except (PolicyError, ShareClassError) as error:
                form.add_error(None, str(error))
        return {
            "rules": rules, "ask": form, "answer": answer,
            "decisions": DECISIONS, "next_steps": NEXT_STEPS,
            "fields": [f for f in generic.displayed_fields(obj, self.request.user)
                       if f[0] != obj._meta.get_field("body").verbose_name],
        }


class PolicyEditView(generic.ObjectEditView):
    model = LicensingPolicy
    form_class = LicensingPolicyForm


class RequestListView(generic.ObjectListView):
    model = LicenceRequest
    table_class = LicenceRequestTable
    filterset_class = LicenceRequestFilterSet
    related = ("requester", "invention", "policy")


class RequestDetailView(generic.ObjectDetailView):
    model = LicenceRequest
    related = ("requester", "invention", "policy", "consortium")

    def get_extra_context(self, obj):
        runs_it = actor_of(self.request.user).role in (Role.IP_OFFICE, Role.CPO)
        try:
            rule = next((r for r in obj.policy.as_rules().rules if r.id == obj.rule), None) if obj.policy_id else None
        except (PolicyError, ShareClassError):
            rule = None
        hidden = {obj._meta.get_field(name).verbose_name for name in ("facts", "explanation", "rule")}
        return {
            "fields": [f for f in generic.displayed_fields(obj, self.request.user) if f[0] not in hidden],
            "explanation_ja": rule.explanation_ja if rule else "",
            "committee_form": CommitteeForm() if runs_it and obj.status == RequestStatus.COMMITTEE else None,
            "issue_form": IssueLicenceForm(initial={"start": obj.requested_on}) if runs_it and obj.status in (
                RequestStatus.NEGOTIATION, RequestStatus.APPROVED) else None,
            "licence": getattr(obj, "licence", None),
        }


class RequestEditView(generic.ObjectEditView):
    model = LicenceRequest
    form_class = LicenceRequestForm


class _RequestAction(View):
    """POST-only actions on a request the user may change; errors come back as messages."""

    form_class = None

    def post(self, request, pk):
        obj = get_object_or_404(LicenceRequest.objects.for_user(request.user, "change"), pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, "; ".join(" ".join(e) for e in form.errors.values()))
            return HttpResponseRedirect(obj.get_absolute_url())
        try:
            target = self.act(obj, form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [_("Not allowed.")])))
            return HttpResponseRedirect(obj.get_absolute_url())
        return HttpResponseRedirect(target.get_absolute_url())


class CommitteeView(_RequestAction):
    form_class = CommitteeForm

    def act(self, obj, data):
        return committee_decide(obj, approve=data["approve"], note=data["note"], user=self.request.user)


class IssueLicenceView(_RequestAction):
    form_class = IssueLicenceForm

    def act(self, obj, data):
        return issue_licence(obj, number=data["number"], start=data["start"], end=data["end"],
                             sublicensing=data["sublicensing"], user=self.request.user)
