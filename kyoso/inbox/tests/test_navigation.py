"""The navigation shows each role what it can use: every link shown opens (200), and every link
hidden would refuse (403) or show nothing for that role."""

import pytest
from django.urls import reverse

from kyoso.core.context_processors import navigation_entries

pytestmark = pytest.mark.django_db

PERSONAS = ["ipoffice", "auditor", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher"]

#: What each role does not see in the navigation (beyond links whose page answers 403).
HIDDEN = {
    "ipoffice": set(),
    "auditor": {"importing:start"},
    "cpo": {"event_list"}, "cpo-2": {"event_list"},
    "company-a": {"event_list"}, "company-b": {"event_list"}, "company-c": {"event_list"},
    "researcher": {"agreements:agreement_list", "agreements:contribution_list", "budget:home", "portfolio:home", "event_list"},
}


def _empty_for(name: str, web, user) -> bool:
    """Whether the page ``name`` refuses ``user`` or has nothing for them (read from its own scoping)."""
    from kyoso.agreements.models import Agreement, Contribution
    from kyoso.portfolio.models import ReviewRound

    response = web.get(reverse(name))
    if response.status_code in (403, 404):
        return True
    return {
        "agreements:agreement_list": lambda: not Agreement.objects.for_user(user).exists(),
        "agreements:contribution_list": lambda: not Contribution.objects.for_user(user).exists(),
        "budget:home": lambda: not response.context["consortia"],
        "portfolio:home": lambda: not ReviewRound.objects.for_user(user).exists() and not response.context["may_open"],
        # The import page offers no kind, and an upload is refused before it is read.
        "importing:start": lambda: web.post(reverse(name), {"kind": "inventions"}).status_code == 403,
    }[name]()


def nav_urls(html: str) -> set[str]:
    nav = html[html.index('<nav class="mainnav"'):html.index("</nav>")]
    return {part.split('"')[0] for part in nav.split('href="')[1:]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_shown_opens_and_every_link_hidden_would_be_refused_or_empty(login, user, persona):
    web = login(persona)
    shown = nav_urls(web.get("/").content.decode())
    hidden = set()
    for _label, name in navigation_entries():
        url = reverse(name)
        if url in shown:
            assert web.get(url).status_code == 200, (persona, name)
        else:
            hidden.add(name)
            assert _empty_for(name, web, user(persona)), (persona, name)
    refused = {name for name in hidden - HIDDEN[persona] if web.get(reverse(name)).status_code in (403, 404)}
    assert hidden == HIDDEN[persona] | refused


@pytest.mark.parametrize("persona", ["ipoffice", "auditor"])
def test_the_event_log_is_in_the_navigation_of_those_who_read_it(login, persona):
    web = login(persona)
    assert reverse("event_list") in nav_urls(web.get("/").content.decode())
    assert web.get(reverse("event_list")).status_code == 200


def test_a_user_without_a_role_sees_only_the_dashboard(db, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    response = client.get("/", follow=True)  # the home page sends a user without a role to the page saying so
    assert response.redirect_chain[-1][0] == reverse("accounts:no_role")
    assert nav_urls(response.content.decode()) == {"/"}


def test_my_work_and_the_bell_are_in_every_roles_header(login):
    for persona in PERSONAS:
        html = login(persona).get("/").content.decode()
        assert reverse("inbox:my_work") in nav_urls(html) and 'id="bell"' in html
