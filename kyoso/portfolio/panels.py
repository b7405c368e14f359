"""The portfolio's panel on an invention's page: what foreign filing would cost."""

from django.urls import reverse

from kyoso.core.panels import Panel, register_panel


def _foreign_filing(invention, request):
    return {"url": reverse("portfolio:foreign_filing", args=[invention.pk])}


def register() -> None:
    register_panel("ip.invention", Panel("portfolio/panels/foreign_filing.html", _foreign_filing, order=60))
