"""Licensing panels on other apps' detail pages: a consortium's classes, an invention's licences."""

from __future__ import annotations

from kyoso.core.panels import Panel, register_panel

__all__ = ["register"]


def _consortium_panel(consortium, request):
    from .models import CompanyClassAssignment, LicensingPolicy
    from .services.classes import current_scheme

    scheme = current_scheme(consortium)
    policies = LicensingPolicy.objects.for_user(request.user).filter(consortium=consortium, active=True)
    if scheme is None and not policies:
        return None
    assignments = CompanyClassAssignment.objects.for_user(request.user).filter(scheme=scheme).select_related("company", "share_class")
    return {"scheme": scheme, "policies": policies, "assignments": assignments.order_by("-fiscal_year", "-share")[:20]}


def _invention_panel(invention, request):
    from .models import Licence, LicenceRequest

    licences = Licence.objects.for_user(request.user).filter(assets__invention=invention).select_related("licensee").distinct()
    requests = LicenceRequest.objects.for_user(request.user).filter(invention=invention).select_related("requester")
    if not licences and not requests:
        return None
    return {"licences": licences, "requests": requests}


def register() -> None:
    register_panel("consortia.consortium", Panel("licensing/panels/consortium.html", _consortium_panel, order=50))
    register_panel("ip.invention", Panel("licensing/panels/invention.html", _invention_panel, order=50))
