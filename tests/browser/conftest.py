"""Browser tests: Debian's Chromium driven by Playwright against a live kyoso server.

Playwright cannot download its own browser here, so we launch the system one; tests are skipped
(not failed) when no Chromium is installed, and `.ci/run` installs it.
"""

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if CHROMIUM is None and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def demo_world(transactional_db):
    """Transactional tests start from an empty database: load the demo again for each."""
    from django.contrib.auth import get_user_model

    from kyoso.demo.build import build_demo

    if not get_user_model().objects.filter(username="ipoffice").exists():
        build_demo()


@pytest.fixture
def console_errors(page):
    """JavaScript errors and console errors the page produced; tests assert it stays empty."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors
