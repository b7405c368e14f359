"""Steps the browser tests share."""

import re

from playwright.sync_api import expect

from kyoso.demo.people import DEMO_PASSWORD


def log_in(page, live_server, username):
    """Sign in as a demo persona through the login form and land on the dashboard."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text(re.compile("Dashboard|ダッシュボード"))
