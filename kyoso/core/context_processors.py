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
# Apps append (label, url name) in AppConfig.ready(), or (label, url name, roles) for an entry only
# those roles see (e.g. the IP office's users page).
EXTRA_NAVIGATION: list[tuple] = []


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    actor = actor_of(request.user)
    for label, name, *roles in NAVIGATION + EXTRA_NAVIGATION:
        if roles and actor.role not in roles[0]:
            continue
        url = reverse(name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items, "actor": actor}
