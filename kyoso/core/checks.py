"""Deployment checks (``kyoso check --deploy``) for what Django's own checks do not know about."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register

__all__ = ["check_secret_key", "refuse_development_key"]


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    """A served kyoso needs its own ``SECRET_KEY``, not the development key from ``var/``."""
    if getattr(settings, "KYOSO_DEVELOPMENT_SECRET_KEY", False):
        return [Error(
            "SECRET_KEY is not set: kyoso is using the development key in var/secret_key.",
            hint="Set SECRET_KEY (or SECRET_KEY_FILE) in the environment; see README, 'Running it for real'.",
            id="kyoso.E001",
        )]
    return []


def refuse_development_key() -> None:
    """Stop a server from starting outside ``DEBUG`` on the development key (called by ``kyoso.wsgi``)."""
    from django.core.exceptions import ImproperlyConfigured

    if getattr(settings, "KYOSO_DEVELOPMENT_SECRET_KEY", False) and not settings.DEBUG:
        raise ImproperlyConfigured(
            "kyoso will not serve without a SECRET_KEY: set SECRET_KEY (or SECRET_KEY_FILE), "
            "or DEBUG=true on a development machine."
        )
