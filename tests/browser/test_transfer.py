"""The public technology page: opened in a browser with nobody signed in, it shows the marketing
sheet and no confidential field, and an unpublished technology is not there at all."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_technology_page_without_login_shows_no_confidential_field(page, live_server, demo_world, console_errors):
    from kyoso.transfer.models import Technology

    technology = Technology.objects.get(slug="mram-sense-amplifier")
    hidden = [technology.internal_notes, *technology.inventions.values_list("reference", flat=True),
              *technology.inventions.filter(confidential=True).values_list("title", flat=True)]
    response = page.goto(f"{live_server.url}/t/mram-sense-amplifier/")
    assert response.status == 200
    assert "/login/" not in page.url
    expect(page.locator("h1")).to_have_text(technology.title)
    sheet = page.locator("article.technology-sheet")
    expect(sheet).to_contain_text(technology.contact_email)
    text = page.content()
    assert all(value and value not in text for value in hidden)
    assert console_errors == []

    missing = page.goto(f"{live_server.url}/t/photonic-interconnect/")  # not published
    assert missing.status == 404
