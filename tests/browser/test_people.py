"""The IP office invites a company user, who opens the link, sets a password and is signed in,
with navigation that leaves out the IP office's own pages."""

import re

import pytest
from playwright.sync_api import expect

from kyoso.demo.people import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Harbour lights 2026"


def test_invite_accept_and_role_limited_navigation(page, live_server, demo_world, console_errors, settings):
    settings.SITE_URL = live_server.url  # the link in the e-mail points at this server
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "ipoffice")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.click("nav.mainnav >> text=Users")
    expect(page.locator("h1")).to_have_text("Users")
    page.click("text=Invite a user")
    page.fill("#id_email", "kato@boso.example")
    page.select_option("#id_role", "company")
    page.select_option("#id_organisation", label="Boso Motors")
    page.select_option("#id_language", "en")
    page.click("button.primary")
    expect(page.locator("h1")).to_have_text("Invitation sent")
    link = page.input_value("#invite-url")
    assert link.startswith(f"{live_server.url}/accounts/invitation/")
    page.click("button:has-text('Log out')")

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Set your password")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.click("button.primary")
    expect(page.locator(".userbox")).to_contain_text("kato@boso.example")
    expect(page.locator(".userbox")).to_contain_text("Member company staff")
    nav = page.locator("nav.mainnav")
    expect(nav).to_contain_text("Inventions")
    expect(nav.locator("a", has_text=re.compile("^Users$"))).to_have_count(0)
    assert page.locator("a[href='/accounts/users/']").count() == 0
    response = page.goto(f"{live_server.url}/accounts/users/")
    assert response.status == 403

    page.goto(link)  # the link worked once
    expect(page.locator("h1")).to_have_text("This link no longer works")
    # The refusals above are answers the test asked for (403, 410), not script errors.
    assert [e for e in console_errors if not e.startswith("Failed to load resource")] == []
