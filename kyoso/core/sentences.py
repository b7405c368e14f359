"""Sentences for the event log that every reader sees in their own language.

An event is written once, by one person in one language, and read later by others in theirs. A
:class:`Sentence` keeps the message untranslated until it is stored; :func:`record_event
<kyoso.core.services.record_event>` then renders it in each language kyoso speaks.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from .formatting import active_language

__all__ = ["ByLanguage", "Sentence", "choice_label", "in_every_language"]


class Sentence:
    """A translatable message with its ``%(name)s`` values, rendered by ``str()`` in the active language.

    ``text`` is marked for translation lazily (``gettext_lazy``); values may be lazy too (choice
    labels, verbose names), other sentences, lists (joined with commas) or anything with ``str()``.

    >>> str(Sentence("%(n)s filings", n=3))
    '3 filings'
    """

    def __init__(self, text, **values):
        self.text = text
        self.values = values

    def __str__(self) -> str:
        text = str(self.text)
        if not self.values:
            return text
        return text % {name: _render(value) for name, value in self.values.items()}

    def __repr__(self) -> str:
        return f"Sentence({str(self.text)!r}, {self.values!r})"


class ByLanguage:
    """A value already known in each language (a name from data, not from the catalogue).

    ``str()`` gives the active language's text, else the first one given.
    """

    def __init__(self, **texts: str):
        self.texts = texts

    def __str__(self) -> str:
        language = (active_language() or "").split("-")[0]
        return self.texts.get(language) or next(iter(self.texts.values()), "")


def _render(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_render(v) for v in value)
    return str(value)


def in_every_language(message) -> dict[str, str]:
    """``{language code: text}`` for every language in ``settings.LANGUAGES``."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(message)
    return texts


def choice_label(instance, field: str):
    """The label of ``instance.<field>``'s choice, still lazy (``get_<field>_display()`` translates at once)."""
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value)
