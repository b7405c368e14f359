"""Licensing policies (with an "ask the policy" form) and licence requests with their actions."""

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
    kept_forms: dict = {}  # forms as typed, when an action on the request was refused

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
            **{name: form for name, form in self.kept_forms.items() if form is not None},
        }


class RequestEditView(generic.ObjectEditView):
    model = LicenceRequest
    form_class = LicenceRequestForm


class _RequestAction(View):
    """POST-only actions on a request the user may change. On an error the request's page comes
    back with the form as typed and what is wrong (nothing typed is lost)."""

    form_class = None
    form_name = ""

    def post(self, request, pk):
        obj = get_object_or_404(LicenceRequest.objects.for_user(request.user, "change"), pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                target = self.act(obj, form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, getattr(error, "messages", None) or [_("Not allowed.")])
            else:
                return HttpResponseRedirect(target.get_absolute_url())
        page = RequestDetailView(kept_forms={self.form_name: form})
        page.setup(request, pk=pk)
        return page.get(request, pk=pk)


class CommitteeView(_RequestAction):
    form_class = CommitteeForm
    form_name = "committee_form"

    def act(self, obj, data):
        return committee_decide(obj, approve=data["approve"], note=data["note"], user=self.request.user)


class IssueLicenceView(_RequestAction):
    form_class = IssueLicenceForm
    form_name = "issue_form"

    def act(self, obj, data):
        return issue_licence(obj, number=data["number"], start=data["start"], end=data["end"],
                             sublicensing=data["sublicensing"], user=self.request.user)
