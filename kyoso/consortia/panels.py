"""What consortia add to the dashboard: the count tile and the card of the user's consortia.

Registered from :class:`kyoso.consortia.apps.ConsortiaConfig`.
"""

from __future__ import annotations

from kyoso.core.figures import Count, Section, register_count, register_section

__all__ = ["register"]


def _dashboard_consortia(request, figures):
    from .models import Consortium

    return {"consortia": Consortium.objects.for_user(request.user).select_related("lead_institution")[:10]}


def register() -> None:
    register_count("dashboard", Count("consortia.consortium", "consortia:consortium_list", order=10))
    register_section(Section("consortia/dashboard/consortia.html", _dashboard_consortia, order=10, column="main"))
