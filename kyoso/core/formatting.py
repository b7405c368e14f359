"""Small, language-aware ways of writing domain values (fiscal years) in pages and messages."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import translation
from django.utils.translation import get_language, pgettext

__all__ = ["active_language", "fiscal_year_label", "in_language", "name_picker", "rendering_in"]

# The language of a long run of renders (rendering_in): read from a context variable in a tenth of
# the time get_language() takes (asgiref's Local), which an import's thousands of events repeat.
_RENDERING: ContextVar[str | None] = ContextVar("kyoso_rendering_language", default=None)


def active_language() -> str | None:
    """``get_language()``, cheaply inside :func:`rendering_in`."""
    return _RENDERING.get() or get_language()


@contextmanager
def rendering_in(language: str) -> Iterator[None]:
    """``translation.override(language)`` for rendering many texts (an import's events) in it:
    the helpers behind the records' names read the language without asking Django each time.
    Nothing rendered inside switches the language itself (a record's name does not)."""
    with translation.override(language):
        token = _RENDERING.set(get_language())
        try:
            yield
        finally:
            _RENDERING.reset(token)

_PATTERNS: dict[str | None, str] = {}  # language → the translated pattern


def fiscal_year_label(year: int) -> str:
    """A Japanese fiscal year (April–March) as readers write it: "FY2026" / "2026年度"."""
    language = active_language()
    if language not in _PATTERNS:  # thousands of labels in an import: one catalogue look-up
        _PATTERNS[language] = pgettext("fiscal year", "FY%(year)s")
    return _PATTERNS[language] % {"year": year}


def in_language(english: str, japanese: str) -> str:
    """A record's own name in the active language: its Japanese name on Japanese pages when it has
    one, else the English (the one helper behind every ``__str__`` of a record named in both)."""
    if japanese and _japanese_active():
        return japanese
    return english


def name_picker() -> Callable[[str, str], str]:
    """:func:`in_language` with the active language read once: for the thousand names of a
    dropdown, where asking Django for the language on each would cost more than the rest."""
    return _japanese_first if _japanese_active() else _english


def _japanese_active() -> bool:
    return (active_language() or "").startswith("ja")


def _japanese_first(english: str, japanese: str) -> str:
    return japanese or english


def _english(english: str, japanese: str) -> str:
    return english
