"""Template filters shared by every app: ``{% load kyoso %}``."""

from django import template

from kyoso.core.formatting import fiscal_year_label

register = template.Library()


@register.filter
def fy(year) -> str:
    """``{{ 2026|fy }}`` → "FY2026" in English, "2026年度" in Japanese; empty for no year."""
    return fiscal_year_label(year) if year not in (None, "") else ""
