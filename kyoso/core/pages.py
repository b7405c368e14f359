"""Pages that belong to no single domain: the dashboard, the language switch, the event log,
the sources that rule rows cite."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kyoso.rules.sources import registry

from . import figures
from .export import CONTENT_TYPES, export_chunks, export_filename, neutralise
from .models import Event
from .roles import actor_of
from .scoped_cache import cached_for_scope


def dashboard_figures(user) -> dict:
    """Counts of the user's records and the registered figures (money by fiscal year), cached per
    scope (:mod:`kyoso.core.scoped_cache`). What is counted and computed is what the apps
    registered in :mod:`kyoso.core.figures`."""
    computed, as_of = cached_for_scope(
        user, "dashboard", lambda: {"counts": figures.count_tiles(user), "figures": figures.compute_figures(user)})
    return {**computed, "as_of": as_of}


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


class ChartsView(LoginRequiredMixin, TemplateView):
    """Every chart the user's records make, each with its table; ``?chart=NAME&export=csv|xlsx``
    downloads one chart's table (the one shown). The charts are what the apps registered
    (:func:`kyoso.core.figures.register_chart`), each scoped to the user."""

    template_name = "core/charts.html"

    def get(self, request, *args, **kwargs):
        name, export = request.GET.get("chart"), request.GET.get("export")
        cards, as_of = cached_for_scope(request.user, "charts", lambda: figures.chart_cards(request.user))
        if export:
            card = next((card for card in cards if name and card.name == name), None)
            if card is None:
                raise Http404
            if export not in CONTENT_TYPES:
                return HttpResponseBadRequest("export must be one of: " + ", ".join(CONTENT_TYPES))
            rows = [list(card.columns), *([neutralise(value) for value in row] for row in card.rows)]
            response = StreamingHttpResponse(export_chunks(rows, export, title=str(card.title)),
                                             content_type=CONTENT_TYPES[export])
            response["Content-Disposition"] = f'attachment; filename="{export_filename(card.name, export)}"'
            return response
        return self.render_to_response({"cards": cards, "as_of": as_of})


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
