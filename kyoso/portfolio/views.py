"""Pages of the portfolio: review rounds with votes and decisions, the IP map and
foreign-filing costs."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kyoso.core import views as generic
from kyoso.core.roles import CHANGE, Role, actor_of
from kyoso.core.scoped_cache import cached_for_scope
from kyoso.ip.choices import FilingStatus
from kyoso.ip.models import Filing, Invention
from kyoso.parties.models import Organisation

from .choices import Decision, Vote
from .filtersets import AreaWeightFilterSet, MapFilingFilterSet, ReviewItemFilterSet, ReviewRoundFilterSet
from .forms import AreaWeightForm, OpenRoundForm
from .ipmap import ip_map
from .models import AreaWeight, MemberVote, ReviewItem, ReviewRound
from .services.foreign import foreign_filing_costs
from .services.review import (
    abandon_consequences,
    cast_vote,
    decide,
    open_round,
    reopen,
    rescore,
    savings_summary,
)
from .tables import AreaWeightTable, MapFilingTable, ReviewItemTable, ReviewRoundTable


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "portfolio/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {**super().get_context_data(**kwargs),
                "rounds": ReviewRound.objects.for_user(user).select_related("consortium")[:20],
                "may_open": ReviewRound.objects.get_queryset().may_create(user),
                "form": OpenRoundForm(user=user)}


class ActionView(LoginRequiredMixin, View):
    """An action a form posts to: it has no page of its own, so a GET (a bookmark, the browser's
    history) answers 405 Method Not Allowed rather than failing."""

    http_method_names = ["post"]


class OpenRoundView(ActionView):
    """POST: open a round over the consortium's rights with renewals due within M months."""

    def post(self, request):
        form = OpenRoundForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, form.errors.as_text())
            return HttpResponseRedirect(reverse_home())
        review = open_round(form.cleaned_data["consortium"], user=request.user, as_of=form.cleaned_data["as_of"],
                            within_months=form.cleaned_data["within_months"], title=form.cleaned_data["title"])
        if getattr(review, "already_open", False):
            messages.info(request, _("%(round)s is already open for this date and window; it was not opened twice.") % {
                "round": review})
        else:
            messages.success(request, _("Opened %(round)s with %(n)s rights.") % {"round": review, "n": review.items.count()})
        return HttpResponseRedirect(review.get_absolute_url())


def reverse_home() -> str:
    return reverse("portfolio:home")


class ReviewRoundListView(generic.ObjectListView):
    model = ReviewRound
    table_class = ReviewRoundTable
    filterset_class = ReviewRoundFilterSet
    related = ("consortium",)


class ReviewRoundDetailView(generic.ObjectDetailView):
    model = ReviewRound
    related = ("consortium",)

    def get_extra_context(self, obj):
        items = ReviewItem.objects.for_user(self.request.user).filter(round=obj).select_related(
            "filing__family__invention", "transferee")
        is_company = actor_of(self.request.user).role == Role.COMPANY
        table = generic.table_for(ReviewItemTable, items, self.request.user)
        return {"items_table": table, "summary": savings_summary(obj, items), "weights": obj.weights,
                "is_company": is_company}


class RescoreView(ActionView):
    """POST: re-score the round's undecided rights with the members' votes."""

    def post(self, request, pk):
        review = get_object_or_404(ReviewRound.objects.for_user(request.user, CHANGE), pk=pk)
        count = rescore(review, user=request.user)
        messages.success(request, _("Re-scored %(n)s rights with the members' votes.") % {"n": count})
        return HttpResponseRedirect(review.get_absolute_url())


class ReviewItemListView(generic.ObjectListView):
    model = ReviewItem
    table_class = ReviewItemTable
    filterset_class = ReviewItemFilterSet
    related = ("filing__family__invention", "round", "transferee")


class ReviewItemDetailView(generic.ObjectDetailView):
    """A right under review: its facts, votes (a company sees its own), the vote and decision forms."""

    model = ReviewItem
    related = ("filing__family__invention", "round__consortium", "transferee")

    def get_extra_context(self, obj):
        actor = actor_of(self.request.user)
        own = MemberVote.objects.filter(item=obj, organisation_id=actor.organisation_id).first() if actor.role == Role.COMPANY else None
        return {
            "votes": MemberVote.objects.for_user(self.request.user).filter(item=obj).select_related("organisation"),
            "may_vote": actor.role == Role.COMPANY and not obj.decision and obj.round.consortium.memberships.filter(
                organisation_id=actor.organisation_id).exists(),
            "own_vote": own, "vote_choices": Vote.choices, "decision_choices": Decision.choices,
            "may_decide": not obj.decision and ReviewItem.objects.for_user(self.request.user, CHANGE).filter(pk=obj.pk).exists(),
            "may_reopen": obj.decision == Decision.ABANDON and actor.is_ip_office and obj.filing.status == FilingStatus.ABANDONED,
            "organisations": Organisation.objects.order_by("name"), "is_company": actor.role == Role.COMPANY,
        }


class VoteView(ActionView):
    """POST: a member company votes on a right (and may opt in to pay its costs alone)."""

    def post(self, request, pk):
        item = get_object_or_404(ReviewItem.objects.for_user(request.user), pk=pk)
        actor = actor_of(request.user)
        if actor.role != Role.COMPANY:
            raise PermissionDenied
        try:
            cast_vote(item, Organisation.objects.get(pk=actor.organisation_id), request.POST.get("vote", ""),
                      user=request.user, opts_in=request.POST.get("opts_in") == "on", note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your vote is recorded."))
        return HttpResponseRedirect(item.get_absolute_url())


class DecideView(ActionView):
    """POST: the committee's decision on a right, carried out at once — except abandoning, which
    first goes to its confirmation page (:class:`AbandonView`)."""

    def post(self, request, pk):
        item = get_object_or_404(ReviewItem.objects.for_user(request.user, CHANGE), pk=pk)
        decision = request.POST.get("decision", "")
        note = request.POST.get("note", "")
        if decision == Decision.ABANDON:
            query = urlencode({"note": note}) if note else ""
            return HttpResponseRedirect(reverse("portfolio:reviewitem_abandon", args=[item.pk]) + (f"?{query}" if query else ""))
        transferee = Organisation.objects.filter(pk=request.POST.get("transferee") or 0).first()
        try:
            decide(item, decision, user=request.user, transferee=transferee, note=note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decided: %(decision)s.") % {"decision": item.get_decision_display()})
        return HttpResponseRedirect(item.get_absolute_url())


class AbandonView(LoginRequiredMixin, TemplateView):
    """Abandoning a right, confirmed: GET names what is given up (members' opt-ins, the score,
    the deadlines and fees it stops); only a POST with ``confirm=abandon`` carries it out."""

    template_name = "portfolio/reviewitem_abandon.html"

    def get_item(self):
        return get_object_or_404(ReviewItem.objects.for_user(self.request.user, CHANGE).select_related(
            "filing__family__invention", "round"), pk=self.kwargs["pk"])

    def get(self, request, pk):
        item = self.get_item()
        if item.decision:
            messages.error(request, _("This right has already been decided."))
            return HttpResponseRedirect(item.get_absolute_url())
        return self.render_to_response({"object": item, "note": request.GET.get("note", "")[:300],
                                        **abandon_consequences(item)})

    def post(self, request, pk):
        item = self.get_item()
        if request.POST.get("confirm") != "abandon":
            messages.error(request, _("Nothing was abandoned: confirm the abandonment on this page first."))
            return HttpResponseRedirect(reverse("portfolio:reviewitem_abandon", args=[item.pk]))
        try:
            decide(item, Decision.ABANDON, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Abandoned. Its deadlines are closed, not deleted; the IP office can reopen the right."))
        return HttpResponseRedirect(item.get_absolute_url())


class ReopenView(ActionView):
    """POST: the IP office reopens a right the committee abandoned (filing status and the
    deadlines the abandonment closed come back; the committee decides again)."""

    def post(self, request, pk):
        item = get_object_or_404(ReviewItem.objects.for_user(request.user), pk=pk)
        if not actor_of(request.user).is_ip_office:
            raise PermissionDenied
        try:
            reopen(item, user=request.user, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Reopened: the filing is %(status)s again and its closed deadlines are open.")
                             % {"status": item.filing.get_status_display()})
        return HttpResponseRedirect(item.get_absolute_url())


class MapView(LoginRequiredMixin, TemplateView):
    """The portfolio as a matrix — area × office by default — over the filings the user may see."""

    template_name = "portfolio/map.html"

    def get(self, request, *args, **kwargs):
        filterset = MapFilingFilterSet(request.GET or None, queryset=Filing.objects.counted_for(request.user), request=request)
        filings = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        # Every filing the user sees, counted: drawn once per scope, language and question every
        # five minutes (the page says when), as the dashboard and the charts are.
        matrix, as_of = cached_for_scope(
            request.user, "ip-map",
            lambda: ip_map(filings, rows=request.GET.get("rows", "area"), columns=request.GET.get("columns", "office")),
            vary=request.GET.urlencode())
        return self.render_to_response({"filter": filterset, "matrix": matrix, "as_of": as_of,
                                        "query": _without(request.GET, "rows", "columns")})


def _without(query, *names) -> str:
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


class MapFilingListView(generic.ObjectListView):
    """The map's drill-down: the filings of one cell, with CSV/XLSX export."""

    model = Filing
    table_class = MapFilingTable
    filterset_class = MapFilingFilterSet
    related = ("family__invention",)


class ForeignFilingView(LoginRequiredMixin, TemplateView):
    """For an invention, the cost of entering PCT, US, EP and other offices over their lifetimes."""

    template_name = "portfolio/foreign_filing.html"

    def get(self, request, pk):
        invention = get_object_or_404(Invention.objects.for_user(request.user), pk=pk)
        return self.render_to_response({"invention": invention, **foreign_filing_costs(invention, today=timezone.localdate())})


class AreaWeightListView(generic.ObjectListView):
    model = AreaWeight
    table_class = AreaWeightTable
    filterset_class = AreaWeightFilterSet


class AreaWeightEditView(generic.ObjectEditView):
    model = AreaWeight
    form_class = AreaWeightForm

    def success_url(self, obj):
        return reverse("portfolio:areaweight_list")
