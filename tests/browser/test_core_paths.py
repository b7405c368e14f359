"""The browser paths that matter on day one: log in, record an invention with a filing, find it,
switch to Japanese — with no JavaScript error on the way."""


import pytest
from playwright.sync_api import expect

from .steps import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invention_with_filing_found_in_list_then_in_japanese(page, live_server, demo_world, console_errors):
    log_in(page, live_server, "ipoffice")

    page.goto(f"{live_server.url}/inventions/add/")
    page.fill("#id_title", "Self-healing MTJ barrier by browser")
    page.fill("#id_title_ja", "ブラウザで登録した自己修復MTJ障壁")
    page.fill("#id_disclosed_on", "2026-10-01")
    page.select_option("#id_consortium", label="Open Innovation Platform for IT and Mobility")
    page.select_option("#id_owners-0-organisation", label="Kita-Nihon U")
    page.fill("#id_owners-0-share", "60")
    page.select_option("#id_owners-1-organisation", label="Asahi Devices")
    page.fill("#id_owners-1-share", "40")
    page.select_option("#id_inventors-0-person", label="遠藤 春樹")
    page.fill("#id_inventors-0-share", "100")
    page.click("button.primary")
    expect(page.locator("h1")).to_contain_text("Self-healing MTJ barrier by browser")  # an English page: its English title
    expect(page.locator("body")).to_contain_text("Asahi Devices — 2/5 (40%)")  # shares are exact fractions

    page.click("text=+ filing")
    page.select_option("#id_office", "JP")
    page.fill("#id_application_number", "特願2026-123456")
    page.fill("#id_filing_date", "2026-10-20")
    page.fill("#id_priority_date", "2026-10-20")
    page.fill("#id_claims", "7")
    page.click("button.primary")
    expect(page.locator(".message")).to_contain_text("Saved")
    expect(page.locator("body")).to_contain_text("特願2026-123456")

    page.goto(f"{live_server.url}/inventions/?q=Self-healing")
    row = page.locator("table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Self-healing MTJ barrier by browser")

    page.goto(f"{live_server.url}/filings/?q=2026-123456")
    expect(page.locator("table tbody tr")).to_have_count(1)

    page.select_option("#language-select", "ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("nav.mainnav")).to_contain_text("発明")
    page.goto(f"{live_server.url}/inventions/?q=Self-healing")
    expect(page.locator("table tbody tr")).to_contain_text("ブラウザで登録した自己修復MTJ障壁")  # and now its Japanese one
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("ダッシュボード")
    assert console_errors == []


def test_bad_owner_shares_are_refused_with_a_clear_message(page, live_server, demo_world, console_errors):
    log_in(page, live_server, "ipoffice")
    page.goto(f"{live_server.url}/inventions/add/")
    page.fill("#id_title", "Refused for shares")
    page.fill("#id_disclosed_on", "2026-10-01")
    page.select_option("#id_owners-0-organisation", label="Kita-Nihon U")
    page.fill("#id_owners-0-share", "90")
    page.click("button.primary")
    expect(page.locator("fieldset.shares").first).to_contain_text("Owner shares must total 100% (now 90")
    assert console_errors == []


def test_company_user_sees_no_other_companys_money(page, live_server, demo_world, console_errors):
    log_in(page, live_server, "company-a")
    page.goto(f"{live_server.url}/contributions/?export=")
    body = page.locator("table tbody")
    expect(body).to_contain_text("Asahi Devices")
    expect(body).not_to_contain_text("Boso Motors")
    assert console_errors == []
