"""Template context every page needs: the navigation and the user's role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import actor_of

# (label, URL name) — the order of the top navigation.
NAVIGATION = [
    (_("Dashboard"), "dashboard"),
    (_("Consortia"), "consortia:consortium_list"),
    (_("Agreements"), "agreements:agreement_list"),
    (_("Contributions"), "agreements:contribution_list"),
    (_("Inventions"), "ip:invention_list"),
    (_("Filings"), "ip:filing_list"),
    (_("Organisations"), "parties:organisation_list"),
    (_("People"), "parties:person_list"),
    (_("Import"), "importing:start"),
]
EXTRA_NAVIGATION: list[tuple[str, str]] = []  # apps append (label, url name) in AppConfig.ready()


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, name in NAVIGATION + EXTRA_NAVIGATION:
        url = reverse(name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    actor = actor_of(request.user)
    return {"nav_items": items, "actor": actor}
