"""Small, language-aware ways of writing domain values (fiscal years) in pages and messages."""

from django.utils.translation import get_language, pgettext

__all__ = ["fiscal_year_label"]

_PATTERNS: dict[str | None, str] = {}  # language → the translated pattern


def fiscal_year_label(year: int) -> str:
    """A Japanese fiscal year (April–March) as readers write it: "FY2026" / "2026年度"."""
    language = get_language()
    if language not in _PATTERNS:  # thousands of labels in an import: one catalogue look-up
        _PATTERNS[language] = pgettext("fiscal year", "FY%(year)s")
    return _PATTERNS[language] % {"year": year}
