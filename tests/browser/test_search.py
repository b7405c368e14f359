"""Search and bulk work in a browser: a filing found by its application number written two ways
from the header's search box, and three deadlines marked done at once on the deadlines list."""

import re

import pytest
from playwright.sync_api import expect

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_by_an_application_number_in_two_notations(page, live_server, demo_world, console_errors):
    from kyoso.ip.models import Filing

    filing = Filing.objects.filter(office="JP", application_number__startswith="特願").order_by("pk").first()
    year, serial = re.match(r"特願(\d{4})-(\d{6})", filing.application_number).groups()
    log_in(page, live_server, "ipoffice")
    for written in (f"JP{year}{serial}", f"{year}-{serial}".translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))):
        page.fill("#header-search", written)
        page.press("#header-search", "Enter")
        expect(page.locator("h1")).to_have_text("Search")
        group = page.locator("#search-filings")
        expect(group.locator("h2 .badge")).to_have_text("1")
        expect(group.locator(f'a[href="{filing.get_absolute_url()}"]')).to_have_text(f"JP {filing.application_number}")
    page.click(f'#search-filings a[href="{filing.get_absolute_url()}"]')
    expect(page.locator("body")).to_contain_text(filing.application_number)
    assert console_errors == []


def test_bulk_mark_three_deadlines_done(page, live_server, demo_world, console_errors):
    from kyoso.docket.models import Deadline

    log_in(page, live_server, "cpo")
    page.goto(f"{live_server.url}/docket/deadlines/?window=open")
    boxes = page.locator("#bulk-form tbody input.bulk-select")
    chosen = [int(boxes.nth(i).get_attribute("value")) for i in range(3)]
    for i in range(3):
        boxes.nth(i).check()
    page.click('#bulk-form button[value="mark_done"]')
    expect(page.locator(".message.success")).to_have_text("Mark done: 3 records.")
    assert list(Deadline.objects.filter(pk__in=chosen).values_list("state", flat=True)) == ["done"] * 3
    for pk in chosen:  # closed deadlines leave the open list
        expect(page.locator(f'#bulk-form input.bulk-select[value="{pk}"]')).to_have_count(0)
    assert console_errors == []


def test_a_long_choice_gets_a_searchable_box(page, live_server, demo_world, console_errors, monkeypatch):
    from kyoso.core import forms
    from kyoso.parties.models import Organisation

    monkeypatch.setattr(forms, "MAX_SELECT_CHOICES", 3)  # the demo's organisations stand for thousands
    asahi = Organisation.objects.get(name="Asahi Devices Corporation")
    log_in(page, live_server, "ipoffice")
    page.goto(f"{live_server.url}/affiliations/add/")
    number = page.locator('input[type="number"][name="organisation"]')
    box = page.locator('input.autocomplete[list="id_organisation-suggestions"]')
    box.fill("Asahi")
    option = page.locator("#id_organisation-suggestions option").first
    expect(option).to_have_attribute("value", re.compile(f"Asahi Devices Corporation.*#{asahi.pk}$"))
    box.fill(option.get_attribute("value"))
    expect(number).to_have_value(str(asahi.pk))
    assert console_errors == []
