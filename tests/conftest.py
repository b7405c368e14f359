"""Fixtures for the permission, API, view and history tests (the demo itself is in ../conftest.py)."""

import pytest


@pytest.fixture(scope="session")
def expected(django_db_setup, django_db_blocker):
    """What each persona may see and change, from the rules restated in ``tests/expected.py``.

    Computed once over the freshly built demo, before any test changes it.
    """
    from .expected import compute_expected

    with django_db_blocker.unblock():
        return compute_expected()
