"""Test set-up shared by the whole suite: personas for every role, an API client per persona."""

import os

import pytest

# Playwright's sync API runs an event loop; the ORM refuses to run inside one unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
