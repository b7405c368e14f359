"""Test set-up shared by the whole suite.

The demo consortium is loaded once per test session into the test database (the same builder as
``kyoso demo``), and every test runs in a transaction rolled back afterwards, so tests read a
realistic world and may change it freely. ``login(name)`` gives a web client signed in as one of
the demo personas; ``api(name)`` a DRF client.
"""

import os

import pytest

# Playwright's sync API runs an event loop; the ORM refuses to run inside one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = ("ipoffice", "cpo", "cpo-2", "company-a", "company-b", "company-c", "researcher", "auditor")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from kyoso.demo.build import build_demo

    with django_db_blocker.unblock():
        build_demo()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: figures cached per scope (dashboard, charts) by one
    test must not show another test's database, which is rolled back after each."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def login(db, client):
    """``login("company-a")`` → a Django test client signed in as that demo persona."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    def _login(username: str) -> Client:
        web = Client()
        web.force_login(get_user_model().objects.get(username=username))
        return web

    return _login


@pytest.fixture
def api(db):
    """``api("auditor")`` → a DRF APIClient authenticated as that demo persona."""
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    def _api(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(get_user_model().objects.get(username=username))
        return client

    return _api


@pytest.fixture
def user(db):
    """``user("cpo")`` → the demo user object."""
    from django.contrib.auth import get_user_model

    return lambda username: get_user_model().objects.get(username=username)
