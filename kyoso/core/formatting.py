"""Small, language-aware ways of writing domain values (fiscal years) in pages and messages."""

from django.utils.translation import pgettext

__all__ = ["fiscal_year_label"]


def fiscal_year_label(year: int) -> str:
    """A Japanese fiscal year (April–March) as readers write it: "FY2026" / "2026年度"."""
    return pgettext("fiscal year", "FY%(year)s") % {"year": year}
