"""What the IP pool adds to other pages: the dashboard's invention and filing tiles and its card of
the latest inventions, and a consortium's invention count.

Registered from :class:`kyoso.ip.apps.IpConfig`.
"""

from __future__ import annotations

from kyoso.core.figures import Count, Section, register_count, register_section

__all__ = ["register"]


def _latest_inventions(request, figures):
    from .models import Invention

    latest = Invention.objects.for_user(request.user).select_related("consortium").order_by("-disclosed_on", "-pk")[:8]
    return {"recent_inventions": latest}


def register() -> None:
    register_count("dashboard", Count("ip.invention", "ip:invention_list", order=30))
    register_count("dashboard", Count("ip.filing", "ip:filing_list", order=40))
    register_count("consortia.consortium", Count("ip.invention", "ip:invention_list", order=30, within="consortium"))
    register_section(Section("ip/dashboard/latest_inventions.html", _latest_inventions, order=10, column="side"))
