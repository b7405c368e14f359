"""Template context every page needs: the navigation and the user's role.

The navigation shows each user only what their role can use: an entry named in
:data:`NAVIGATION_FOR` is shown to the roles listed there (or when its function of the user says
so); any other entry is shown to every user with a role. A user without a role sees the dashboard
only. Apps name their entries' audience in ``AppConfig.ready()`` beside ``EXTRA_NAVIGATION``.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, actor_of

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
# Apps append (label, url name) in AppConfig.ready(), and name in NAVIGATION_FOR the roles that see
# an entry meant for some roles only (e.g. the IP office's users page).
EXTRA_NAVIGATION: list[tuple[str, str]] = []


def _may_import(user, actor) -> bool:
    from .importing import importers_for

    return bool(importers_for(user))


#: URL name → the roles that may use the entry, or ``function(user, actor) → bool``. Entries not
#: listed are for every role. Each restriction follows the page's own scoping: a researcher is
#: party to no agreement and pays no contribution (both lists are always empty for them); the
#: import page offers only the kinds a user may create (none for an auditor); the event log is
#: for those who see everything.
NAVIGATION_FOR: dict[str, tuple[str, ...] | Callable] = {
    "agreements:agreement_list": (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY),
    "agreements:contribution_list": (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY),
    "importing:start": _may_import,
    "event_list": (Role.IP_OFFICE, Role.AUDITOR),
}

#: Entries after the apps' own: the event log last.
TRAILING_NAVIGATION = [(_("Event log"), "event_list")]


def may_use(name: str, user, actor=None) -> bool:
    """Whether the navigation shows the entry ``name`` to ``user``."""
    actor = actor or actor_of(user)
    if name == "dashboard":
        return True
    if actor.role is None:
        return False
    rule = NAVIGATION_FOR.get(name)
    if rule is None:
        return True
    return rule(user, actor) if callable(rule) else actor.role in rule


def navigation_entries() -> list[tuple[str, str]]:
    return NAVIGATION + EXTRA_NAVIGATION + TRAILING_NAVIGATION


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    actor = actor_of(request.user)
    items = []
    for label, name in navigation_entries():
        if not may_use(name, request.user, actor):
            continue
        url = reverse(name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items, "actor": actor}
