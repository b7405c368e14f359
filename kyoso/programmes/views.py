"""Pages: the programme catalogue side by side, the navigator, applications, awards and duties."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from kyoso.core import views as generic
from kyoso.core.roles import CHANGE
from kyoso.ip.models import Invention
from kyoso.rules import programmes as catalogue
from kyoso.rules.fiscal import fiscal_year_of

from .choices import Applicant
from .filtersets import ApplicationFilterSet, AwardFilterSet, DutyFilterSet
from .forms import ApplicationForm, AwardForm, DecisionForm, DutyForm, NavigatorForm
from .models import Application, Award, Duty
from .services import complete_duty, decide_application, matching
from .tables import ApplicationTable, AwardTable, DutyTable
from .text import reason_text

FORM_LABELS = {"grant": _("Grant"), "matching_fund": _("Matching fund"), "repayable": _("Repayable")}
APPLICANT_LABELS = dict(Applicant.choices)


def _row_view(row: catalogue.Programme, ja: bool) -> dict:
    return {
        "row": row,
        "name": row.programme_ja if ja else row.programme,
        "phase": row.phase_ja if ja else row.phase,
        "type": row.type_ja if ja else row.type,
        "other_type": row.type if ja else row.type_ja,
        "applicants": [APPLICANT_LABELS[a] for a in row.applicants],
        "form": FORM_LABELS[row.funding_form],
    }


class CatalogueView(LoginRequiredMixin, TemplateView):
    """Every programme type side by side, grouped by menu file, both names shown."""

    template_name = "programmes/catalogue.html"

    def get_context_data(self, **kwargs):
        ja = (get_language() or "").startswith("ja")
        groups: dict[str, list] = {}
        for row in catalogue.catalogue():
            groups.setdefault(row.file, []).append(_row_view(row, ja))
        return {**super().get_context_data(**kwargs), "groups": list(groups.items())}


class NavigatorView(LoginRequiredMixin, TemplateView):
    """Which programmes fit: from free input, or from an invention (``?invention=<pk>``)."""

    template_name = "programmes/navigator.html"

    def get_context_data(self, **kwargs):
        request = self.request
        invention = None
        initial = {"fiscal_year": fiscal_year_of(timezone.localdate())}
        if pk := request.GET.get("invention"):
            invention = get_object_or_404(Invention.objects.for_user(request.user), pk=pk)
            kinds = set(invention.owners.values_list("organisation__kind", flat=True))
            initial["applicant"] = "university+company" if "company" in kinds and kinds - {"company"} else (
                "company" if kinds == {"company"} else "university")
        form = NavigatorForm(request.GET if "trl" in request.GET else None, initial=initial)
        matches = excluded = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            applicant = data["applicant"]
            if applicant == "university" and data["partner"]:
                applicant = "university+company"
            found, left = catalogue.match(trl=data["trl"], applicant=applicant, need=data["need"], fiscal_year=data["fiscal_year"])
            ja = (get_language() or "").startswith("ja")
            matches = [{**_row_view(m.programme, ja), "reasons": [reason_text(r) for r in m.reasons]} for m in found]
            excluded = [{**_row_view(e.programme, ja), "why": [reason_text(r) for r in e.why]} for e in left]
        return {**super().get_context_data(**kwargs), "form": form, "invention": invention, "matches": matches,
                "excluded": excluded}


class ApplicationListView(generic.ObjectListView):
    model = Application
    table_class = ApplicationTable
    filterset_class = ApplicationFilterSet
    related = ("consortium", "applicant", "partner")


class ApplicationDetailView(generic.ObjectDetailView):
    model = Application

    def get_extra_context(self, obj):
        may_change = Application.objects.for_user(self.request.user, CHANGE).filter(pk=obj.pk).exists()
        return {"decision_form": DecisionForm() if may_change and obj.status in ("draft", "submitted") else None,
                "award": Award.objects.for_user(self.request.user).filter(application=obj).first()}


class ApplicationEditView(generic.ObjectEditView):
    model = Application
    form_class = ApplicationForm


def decide(request, pk):
    """POST: the funder's decision on an application (an award is created when awarded)."""
    if request.method != "POST":
        return HttpResponseRedirect(f"/programmes/applications/{pk}/")
    application = get_object_or_404(Application.objects.for_user(request.user, CHANGE), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the decision's fields."))
        return HttpResponseRedirect(application.get_absolute_url())
    data = form.cleaned_data
    try:
        award = decide_application(application, data["decision"], user=request.user, number=data["number"], start=data["start"],
                                   end=data["end"], budget=data["budget"], commissioned=data["commissioned"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(application.get_absolute_url())
    except PermissionDenied:
        raise
    return HttpResponseRedirect(award.get_absolute_url() if award else application.get_absolute_url())


class AwardListView(generic.ObjectListView):
    model = Award
    table_class = AwardTable
    filterset_class = AwardFilterSet
    related = ("consortium", "recipient")


class AwardDetailView(generic.ObjectDetailView):
    model = Award

    def get_extra_context(self, obj):
        today = timezone.localdate()
        return {"matching": matching(obj), "row": obj.catalogue_row(), "today": today,
                "duties": Duty.objects.for_user(self.request.user).filter(award=obj).select_related("invention", "filing")}


class AwardEditView(generic.ObjectEditView):
    model = Award
    form_class = AwardForm


class DutyListView(generic.ObjectListView):
    model = Duty
    table_class = DutyTable
    filterset_class = DutyFilterSet
    related = ("award", "invention", "filing")


class DutyDetailView(generic.ObjectDetailView):
    model = Duty

    def get_extra_context(self, obj):
        return {"rule": obj.rule}


class DutyEditView(generic.ObjectEditView):
    model = Duty
    form_class = DutyForm


def complete(request, pk):
    """POST: mark a duty done, with the funder's reference."""
    duty = get_object_or_404(Duty.objects.for_user(request.user, CHANGE), pk=pk)
    if request.method == "POST":
        try:
            complete_duty(duty, user=request.user, reference=request.POST.get("reference", "").strip())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(duty.get_absolute_url())
