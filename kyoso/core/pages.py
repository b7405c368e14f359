"""Pages that belong to no single domain: the dashboard, the language switch, the event log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from .models import Event
from .roles import actor_of

#: How long the dashboard's counts and money totals are reused. They scan whole tables (millions
#: of contributions at national scale, seconds of work), so they are computed once per scope and
#: the page says how old they are.
DASHBOARD_FIGURES_SECONDS = 300


def dashboard_figures(user) -> dict:
    """Counts of the user's records and their money by fiscal year, cached per scope.

    Users who see the same rows share one entry: everyone who sees everything (IP office, auditors),
    and otherwise those with the same role, organisation, person and consortia.
    """
    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.consortia.models import Consortium
    from kyoso.ip.models import Filing, Invention

    actor = actor_of(user)
    scope = "all" if actor.sees_everything else (
        f"{actor.role}:{actor.organisation_id}:{actor.person_id}:{','.join(map(str, sorted(actor.consortium_ids)))}"
    )
    key = f"kyoso:dashboard:{scope}"
    figures = cache.get(key)
    if figures is None:
        figures = {
            "counts": [model.objects.for_user(user).count() for model in (Consortium, Agreement, Invention, Filing)],
            "money_by_year": list(
                Contribution.objects.for_user(user).values("fiscal_year")
                .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"), ip=Sum("ip_amount"))
                .order_by("-fiscal_year")[:6]
            ),
            "as_of": timezone.now(),
        }
        cache.set(key, figures, DASHBOARD_FIGURES_SECONDS)
    return figures


class DashboardView(LoginRequiredMixin, TemplateView):
    """What a user has in front of them: their records, their money, the latest inventions.

    The counts and money come from :func:`dashboard_figures` (up to five minutes old, as the page
    says); the consortia and latest inventions are read live, a few rows each.
    """

    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        from kyoso.agreements.models import Agreement
        from kyoso.consortia.models import Consortium
        from kyoso.ip.models import Filing, Invention

        user = self.request.user
        figures = dashboard_figures(user)
        labels = [
            (Consortium._meta.verbose_name_plural, "consortia:consortium_list"),
            (Agreement._meta.verbose_name_plural, "agreements:agreement_list"),
            (Invention._meta.verbose_name_plural, "ip:invention_list"),
            (Filing._meta.verbose_name_plural, "ip:filing_list"),
        ]
        return {
            **super().get_context_data(**kwargs),
            "counts": [(label, count, url) for (label, url), count in zip(labels, figures["counts"], strict=True)],
            "figures_as_of": figures["as_of"],
            "consortia": Consortium.objects.for_user(user).select_related("lead_institution")[:10],
            "recent_inventions": Invention.objects.for_user(user).select_related("consortium").order_by("-disclosed_on", "-pk")[:8],
            "money_by_year": figures["money_by_year"],
        }


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
