"""Work that finds people: a company files a licence request that the policy sends to the steering
committee; the consortium's CPO logs in, finds it in their queue on "My work", and the bell shows
an unread notification that leads to it."""

import re

import pytest
from playwright.sync_api import expect

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_companys_request_reaches_the_cpos_queue_and_bell(page, live_server, demo_world, console_errors):
    from kyoso.inbox.models import Notification
    from kyoso.ip.models import Invention
    from kyoso.licensing.models import LicensingPolicy

    Notification.objects.all().delete()  # the demo's own notifications: start with an empty bell
    invention = Invention.objects.filter(consortium__slug="opera-demo", confidential=False).order_by("pk").first()
    policy = LicensingPolicy.objects.get(consortium__slug="opera-demo", preset="nagoya-hmhs")

    log_in(page, live_server, "company-a")
    page.goto(f"{live_server.url}/licensing/requests/add/")
    page.select_option("#id_requester", label="Asahi Devices")
    page.select_option("#id_invention", str(invention.pk))
    page.select_option("#id_policy", str(policy.pk))
    page.select_option("#id_purpose", "business")
    page.fill("#id_field", "Browser-tested robot grippers")
    page.check("#id_exclusive")
    page.fill("#id_requested_on", "2026-11-20")
    page.click("button.primary")
    expect(page.locator("body")).to_contain_text("Waiting for the steering committee")
    reference = re.search(r"LR-\d{4}-\d{4}", page.locator("h1").inner_text()).group(0)
    page.click("button:has-text('Log out')")

    log_in(page, live_server, "cpo")
    expect(page.locator("#bell")).to_contain_text("1 unread")
    page.click("nav.mainnav >> text=My work")
    queue = page.locator("#committee")
    expect(queue).to_contain_text(reference)
    page.click("#bell")
    expect(page.locator("table tbody tr.unread")).to_have_count(1)
    page.click(f"table tbody tr.unread >> text={reference}")
    expect(page.locator("h1")).to_contain_text(reference)
    expect(page.locator("#bell")).not_to_contain_text("unread")
    assert console_errors == []
