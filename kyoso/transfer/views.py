"""Pages of technology transfer: the pipeline board and funnel, technologies with their public
page and PDF one-pager, deals with their stage moves, and the training programme with its report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kyoso.core import views as generic
from kyoso.core.roles import CHANGE, actor_of
from kyoso.ip.models import Invention
from kyoso.licensing.models import Licence
from kyoso.rules.fiscal import fiscal_year_of

from . import filtersets, forms, tables
from .choices import Stage
from .models import (
    PUBLIC_FIELDS,
    Assessment,
    CommitteeDecision,
    ContactLog,
    Deal,
    DealAgreement,
    FollowUp,
    ProgrammeCost,
    Technology,
    Trainee,
    TrainingProgramme,
)
from .services import (
    current_fiscal_year,
    funnel_for,
    move_deal,
    next_steps,
    pipeline_summary,
    rights_available,
    set_published,
    today,
    trainee_report,
)


def _fiscal_year(request) -> int:
    try:
        return int(request.GET.get("fiscal_year") or current_fiscal_year())
    except ValueError:
        return current_fiscal_year()


class HomeView(LoginRequiredMixin, TemplateView):
    """The pipeline board (a column per stage, move buttons that work without script), the
    user's next steps, and the funnel of a fiscal year."""

    template_name = "transfer/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        fiscal_year = _fiscal_year(self.request)
        deals = Deal.objects.for_user(user).select_related("technology", "organisation").order_by("stage_since", "pk")
        technologies = Technology.objects.for_user(user).order_by("title")
        technology = technologies.filter(pk=self.request.GET.get("technology") or 0).first() if (
            self.request.GET.get("technology") or "").isdigit() else None
        if technology is not None:  # the pipeline of one technology
            deals = deals.filter(technology=technology)
        may_move = set(Deal.objects.for_user(user, CHANGE).values_list("pk", flat=True))
        order = [value for value, _label in Stage.choices]
        labels = dict(Stage.choices)
        columns = []
        for index, value in enumerate(order):
            target = order[index + 1] if index + 1 < len(order) - 2 else None  # winning and losing are on the deal page
            columns.append({"stage": value, "label": labels[value], "deals": [d for d in deals if d.stage == value],
                            "next": target, "next_label": labels.get(target, "")})
        funnel = [{"row": row, "label": labels[row.stage]} for row in funnel_for(user, fiscal_year)]
        return {**super().get_context_data(**kwargs), "columns": columns, "may_move": may_move,
                "technologies": technologies, "technology": technology,
                "fiscal_year": fiscal_year, "funnel": funnel, "summary": pipeline_summary(user),
                "next_steps": next_steps(user), "today": today(),
                "fiscal_years": range(fiscal_year_of(today()) - 4, fiscal_year_of(today()) + 1)}


class ActionView(LoginRequiredMixin, View):
    """A form's target: GET answers 405."""

    http_method_names = ["post"]


class DealMoveView(ActionView):
    """POST: move a deal to a stage (won: a new licence from its terms, or an existing one; lost: a reason)."""

    def post(self, request, pk):
        deal = get_object_or_404(Deal.objects.for_user(request.user, CHANGE), pk=pk)
        form = forms.MoveForm(request.POST)
        back = request.POST.get("next") or deal.get_absolute_url()
        if not back.startswith("/"):
            back = deal.get_absolute_url()
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        licence = None
        if data.get("licence"):
            licence = Licence.objects.for_user(request.user).filter(pk=data["licence"]).first()
            if licence is None:
                messages.error(request, _("That licence is not one you may see."))
                return HttpResponseRedirect(back)
        try:
            move_deal(deal, data["stage"], user=request.user, on=data.get("on"), reason=data.get("reason") or "",
                      licence=licence, licence_number=data.get("licence_number") or "",
                      running_rate=data.get("running_rate"), lump_sum=data.get("lump_sum"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Moved to %(stage)s.") % {"stage": Stage(data["stage"]).label})
        return HttpResponseRedirect(back)


class TechnologyPublishView(ActionView):
    """POST: the IP office publishes a technology's sheet on its public page (or takes it off)."""

    def post(self, request, pk):
        technology = get_object_or_404(Technology.objects.for_user(request.user), pk=pk)
        if not actor_of(request.user).is_ip_office:
            raise PermissionDenied
        set_published(technology, request.POST.get("published") == "on", user=request.user)
        messages.success(request, _("Published.") if technology.published else _("Taken off the public page."))
        return HttpResponseRedirect(technology.get_absolute_url())


# -- generic pages --------------------------------------------------------------------------------------


class ParentFromQuery:
    """A new record's parent taken from the query (``?deal=12``, ``?technology=3``, ``?trainee=5``)."""

    parents = ("technology", "deal", "trainee", "programme")

    def initial_for_new(self) -> dict:
        fields = {f.name for f in self.model._meta.concrete_fields}
        return {f"{name}_id": int(value) for name in self.parents if name in fields
                and (value := self.request.GET.get(name, "")).isdigit()}


def _pages(model, form, table, filterset, related=()):
    """The list, detail, edit and delete views of ``model``."""
    attrs = {"model": model}
    return {
        "list": type(f"{model.__name__}ListView", (generic.ObjectListView,),
                     {**attrs, "table_class": table, "filterset_class": filterset, "related": related}),
        "detail": type(f"{model.__name__}DetailView", (generic.ObjectDetailView,), {**attrs, "related": related}),
        "edit": type(f"{model.__name__}EditView", (ParentFromQuery, generic.ObjectEditView,), {**attrs, "form_class": form}),
        "delete": type(f"{model.__name__}DeleteView", (generic.ObjectDeleteView,), attrs),
    }


class TechnologyDetailView(generic.ObjectDetailView):
    model = Technology
    related = ("consortium",)

    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "inventions": Invention.objects.for_user(user).filter(technologies=obj).order_by("reference"),
            "rights": rights_available(obj),
            "deals": Deal.objects.for_user(user).filter(technology=obj).select_related("organisation"),
            "may_publish": actor_of(user).is_ip_office,
            "public_url": reverse("transfer:public_technology", args=[obj.slug]),
        }


class DealDetailView(generic.ObjectDetailView):
    model = Deal
    related = ("technology", "organisation", "licence")

    def get_extra_context(self, obj):
        user = self.request.user
        may_move = Deal.objects.for_user(user, CHANGE).filter(pk=obj.pk).exists()
        licences = (Licence.objects.for_user(user).filter(consortium_id=obj.technology.consortium_id, licensee_id=obj.organisation_id,
                                                           deal__isnull=True) if may_move else Licence.objects.none())
        return {
            "contacts": ContactLog.objects.for_user(user).filter(deal=obj),
            "agreements": DealAgreement.objects.for_user(user).filter(deal=obj),
            "may_move": may_move and obj.is_open, "stages": Stage.choices, "licences": licences,
            "log": [(Stage(stage).label, on) for stage, on in obj.log],
            "move_form": forms.MoveForm(initial={"on": today()}),
        }


class TrainingProgrammeDetailView(generic.ObjectDetailView):
    model = TrainingProgramme
    related = ("host",)

    def get_extra_context(self, obj):
        user = self.request.user
        costs = ProgrammeCost.objects.for_user(user).filter(programme=obj)
        years = sorted({c.fiscal_year for c in costs})
        from .choices import CostCategory

        grid = [(label, [sum(c.amount for c in costs if c.fiscal_year == y and c.category == value) for y in years])
                for value, label in CostCategory.choices]
        totals = [sum(c.amount for c in costs if c.fiscal_year == y) for y in years]
        return {"trainees": Trainee.objects.for_user(user).filter(programme=obj).select_related("person", "dispatched_by"),
                "decisions": CommitteeDecision.objects.for_user(user).filter(programme=obj),
                "cost_years": years, "cost_grid": grid, "cost_totals": totals}


class TraineeDetailView(generic.ObjectDetailView):
    model = Trainee
    related = ("person", "dispatched_by", "programme")

    def get_extra_context(self, obj):
        user = self.request.user
        return {"deals": Deal.objects.for_user(user).filter(trainees=obj).select_related("technology", "organisation"),
                "assessments": Assessment.objects.for_user(user).filter(trainee=obj),
                "follow_ups": FollowUp.objects.for_user(user).filter(trainee=obj), "today": today()}


class TraineeReportView(LoginRequiredMixin, TemplateView):
    """Per host TLO and fiscal year: trainees, deals touched, licences won, follow-ups done and overdue."""

    template_name = "transfer/trainee_report.html"

    def get_context_data(self, **kwargs):
        fiscal_year = _fiscal_year(self.request)
        return {**super().get_context_data(**kwargs), "fiscal_year": fiscal_year,
                "rows": trainee_report(fiscal_year, user=self.request.user),
                "fiscal_years": range(fiscal_year_of(today()) - 4, fiscal_year_of(today()) + 1)}


# -- the one-pager and the public page ----------------------------------------------------------------


def _sheet_context(technology: Technology, request, *, public: bool) -> dict:
    """What the public page and the PDF show: :data:`PUBLIC_FIELDS`, the offices of the
    non-confidential inventions' filings, and what the policy allows an outsider."""
    from kyoso.ip.models import Filing

    offices = sorted(set(Filing.objects.filter(family__invention__in=technology.inventions.filter(confidential=False))
                         .values_list("office", flat=True)))
    japanese = (getattr(request, "LANGUAGE_CODE", "") or "").startswith("ja")
    sheet = technology.public_values()
    return {"sheet": sheet, "japanese": japanese, "offices": offices, "public": public,
            "rights": rights_available(technology, outsiders_only=True), "slug": technology.slug,
            "public_fields": PUBLIC_FIELDS}


def _pdf(technology: Technology, request, *, public: bool) -> HttpResponse:
    """The one-pager as PDF with WeasyPrint (imported here: the app runs without it), or a clear 503."""
    html = render_to_string("transfer/technology_sheet.html", {**_sheet_context(technology, request, public=public), "pdf": True},
                            request=request)
    try:
        from weasyprint import HTML

        document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    except Exception as error:  # ImportError, or Pango/fonts missing on this machine
        return HttpResponse(_("The PDF one-pager cannot be made on this server (%(error)s). The page itself is at %(url)s.")
                            % {"error": type(error).__name__, "url": request.build_absolute_uri(f"/t/{technology.slug}/")},
                            status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{technology.slug}.pdf"'
    return response


class TechnologyPdfView(LoginRequiredMixin, View):
    """The one-pager of a technology the user may see (published or not)."""

    def get(self, request, pk):
        return _pdf(get_object_or_404(Technology.objects.for_user(request.user), pk=pk), request, public=False)


class PublicTechnologyView(TemplateView):
    """The public, read-only sheet of a published technology; no login. Anything else: 404."""

    template_name = "transfer/technology_sheet.html"

    def get_technology(self, slug):
        technology = Technology.objects.published().filter(slug=slug).first()
        if technology is None:
            raise Http404
        return technology

    def get(self, request, slug):
        return self.render_to_response(_sheet_context(self.get_technology(slug), request, public=True))


class PublicTechnologyPdfView(PublicTechnologyView):
    def get(self, request, slug):
        return _pdf(self.get_technology(slug), request, public=True)


PAGES = {
    "technology": {**_pages(Technology, forms.TechnologyForm, tables.TechnologyTable, filtersets.TechnologyFilterSet, ("consortium",)),
                   "detail": TechnologyDetailView},
    "deal": {**_pages(Deal, forms.DealForm, tables.DealTable, filtersets.DealFilterSet, ("technology", "organisation", "licence")),
             "detail": DealDetailView},
    "contactlog": _pages(ContactLog, forms.ContactLogForm, tables.ContactLogTable, filtersets.ContactLogFilterSet,
                         ("deal__technology", "deal__organisation", "owner")),
    "dealagreement": _pages(DealAgreement, forms.DealAgreementForm, tables.DealAgreementTable, filtersets.DealAgreementFilterSet,
                            ("deal__technology", "deal__organisation")),
    "trainingprogramme": {**_pages(TrainingProgramme, forms.TrainingProgrammeForm, tables.TrainingProgrammeTable,
                                   filtersets.TrainingProgrammeFilterSet, ("host",)), "detail": TrainingProgrammeDetailView},
    "trainee": {**_pages(Trainee, forms.TraineeForm, tables.TraineeTable, filtersets.TraineeFilterSet,
                         ("person", "dispatched_by", "programme")), "detail": TraineeDetailView},
    "assessment": _pages(Assessment, forms.AssessmentForm, tables.AssessmentTable, filtersets.AssessmentFilterSet, ("trainee__person",)),
    "followup": _pages(FollowUp, forms.FollowUpForm, tables.FollowUpTable, filtersets.FollowUpFilterSet, ("trainee__person",)),
    "committeedecision": _pages(CommitteeDecision, forms.CommitteeDecisionForm, tables.CommitteeDecisionTable,
                                filtersets.CommitteeDecisionFilterSet, ("programme",)),
    "programmecost": _pages(ProgrammeCost, forms.ProgrammeCostForm, tables.ProgrammeCostTable, filtersets.ProgrammeCostFilterSet,
                            ("programme",)),
}
