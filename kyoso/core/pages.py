"""Pages that belong to no single domain: the dashboard, the language switch, the event log,
the sources that rule rows cite."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kyoso.rules.sources import registry

from . import figures
from .export import CONTENT_TYPES, export_chunks, export_filename, neutralise
from .models import Event
from .roles import actor_of

#: How long the dashboard's counts and money totals are reused. They scan whole tables (millions
#: of contributions at national scale, seconds of work), so they are computed once per scope and
#: the page says how old they are.
DASHBOARD_FIGURES_SECONDS = 300


def scope_key(user) -> str:
    """One cache key part per set of rows seen: everyone who sees everything (IP office, auditors)
    shares ``all``; otherwise the role, organisation, person and consortia decide."""
    actor = actor_of(user)
    if actor.sees_everything:
        return "all"
    return f"{actor.role}:{actor.organisation_id}:{actor.person_id}:{','.join(map(str, sorted(actor.consortium_ids)))}"


def dashboard_figures(user) -> dict:
    """Counts of the user's records and the registered figures (money by fiscal year), cached per scope.

    What is counted and computed is what the apps registered in :mod:`kyoso.core.figures`. Users
    who see the same rows share one entry (:func:`scope_key`).
    """
    key = f"kyoso:dashboard:{scope_key(user)}"
    cached = cache.get(key)
    if cached is None:
        cached = {"counts": figures.count_tiles(user), "figures": figures.compute_figures(user), "as_of": timezone.now()}
        cache.set(key, cached, DASHBOARD_FIGURES_SECONDS)
    return cached


class DashboardView(LoginRequiredMixin, TemplateView):
    """What a user has in front of them: their records, their money, the latest inventions.

    The tiles and figures come from :func:`dashboard_figures` (up to five minutes old, as the page
    says); the cards are the sections the apps registered (:mod:`kyoso.core.figures`), which read
    live what is cheap (a few rows each: the consortia, the latest inventions).
    """

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        cached = dashboard_figures(self.request.user)
        labels = figures.tile_labels()
        return {
            **super().get_context_data(**kwargs),
            "counts": [(labels[url], count, url) for url, count in cached["counts"] if url in labels],
            "figures_as_of": cached["as_of"],
            "sections": figures.render_sections(self.request, cached["figures"]),
        }


def chart_cards(user) -> dict:
    """The user's chart cards and when they were drawn, cached per scope and language like the
    dashboard's figures: each chart sums the whole portfolio the user sees (seconds of work at
    national scale), and the page says how old they are."""
    key = f"kyoso:charts:{scope_key(user)}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = {"cards": figures.chart_cards(user), "as_of": timezone.now()}
        cache.set(key, cached, DASHBOARD_FIGURES_SECONDS)
    return cached


class ChartsView(LoginRequiredMixin, TemplateView):
    """Every chart the user's records make, each with its table; ``?chart=NAME&export=csv|xlsx``
    downloads one chart's table (the one shown). The charts are what the apps registered
    (:func:`kyoso.core.figures.register_chart`), each scoped to the user."""

    template_name = "core/charts.html"

    def get(self, request, *args, **kwargs):
        name, export = request.GET.get("chart"), request.GET.get("export")
        drawn = chart_cards(request.user)
        if export:
            card = next((card for card in drawn["cards"] if name and card.name == name), None)
            if card is None:
                raise Http404
            if export not in CONTENT_TYPES:
                return HttpResponseBadRequest("export must be one of: " + ", ".join(CONTENT_TYPES))
            rows = [list(card.columns), *([neutralise(value) for value in row] for row in card.rows)]
            response = StreamingHttpResponse(export_chunks(rows, export, title=str(card.title)),
                                             content_type=CONTENT_TYPES[export])
            response["Content-Disposition"] = f'attachment; filename="{export_filename(card.name, export)}"'
            return response
        return self.render_to_response({"cards": drawn["cards"], "as_of": drawn["as_of"]})


@require_POST
@login_required
def set_language(request):
    """Switch the user's language and remember it in their profile."""
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    profile = getattr(request.user, "profile", None)
    if profile is not None and profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])
    request.session["kyoso_language"] = language
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language)
    return response


class EventListView(LoginRequiredMixin, TemplateView):
    """Everything that happened, newest first: for the IP office and auditors, who see all."""

    template_name = "core/event_list.html"

    def get_context_data(self, **kwargs):
        if not actor_of(self.request.user).sees_everything:
            raise PermissionDenied
        page = Paginator(Event.objects.select_related("content_type"), 50).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page": page}


#: The registry files' headings (``kyoso/rules/data/sources/<file>.csv``).
SOURCE_GROUPS = {
    "deadlines": gettext_lazy("Deadlines"), "fees": gettext_lazy("Official fees"),
    "funding": gettext_lazy("Funding"), "general": gettext_lazy("General"),
}


class SourcesView(LoginRequiredMixin, TemplateView):
    """The sources registry (``kyoso/rules/data/sources/*.csv``): every statute, office page and
    document a rule cites, each with an anchor at its id, so a citation on any page links here."""

    template_name = "core/sources.html"

    def get_context_data(self, **kwargs):
        groups: dict[str, list] = {}
        for item in sorted(registry().values(), key=lambda s: (s.file, s.id)):
            groups.setdefault(item.file.removesuffix(".csv"), []).append(item)
        shown = [(SOURCE_GROUPS.get(name, name), sources) for name, sources in sorted(groups.items())]
        return {**super().get_context_data(**kwargs), "groups": shown}
