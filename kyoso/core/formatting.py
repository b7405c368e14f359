"""Small, language-aware ways of writing domain values (fiscal years) in pages and messages."""

from django.utils.translation import get_language, pgettext

__all__ = ["fiscal_year_label", "in_language"]

_PATTERNS: dict[str | None, str] = {}  # language → the translated pattern


def fiscal_year_label(year: int) -> str:
    """A Japanese fiscal year (April–March) as readers write it: "FY2026" / "2026年度"."""
    language = get_language()
    if language not in _PATTERNS:  # thousands of labels in an import: one catalogue look-up
        _PATTERNS[language] = pgettext("fiscal year", "FY%(year)s")
    return _PATTERNS[language] % {"year": year}


def in_language(english: str, japanese: str) -> str:
    """A record's own name in the active language: its Japanese name on Japanese pages when it has
    one, else the English (the one helper behind every ``__str__`` of a record named in both)."""
    if japanese and (get_language() or "").startswith("ja"):
        return japanese
    return english
