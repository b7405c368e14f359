"""Template filters shared by every app: ``{% load kyoso %}``."""

from fractions import Fraction

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from kyoso.core.formatting import fiscal_year_label
from kyoso.rules.owners import ShareError, as_share, format_share, share_percent
from kyoso.rules.sources import cite, registry, split_ids

register = template.Library()


@register.filter
def fy(year) -> str:
    """``{{ 2026|fy }}`` → "FY2026" in English, "2026年度" in Japanese; empty for no year."""
    return fiscal_year_label(year) if year not in (None, "") else ""


@register.filter
def share(value) -> str:
    """``{{ owner.share|share }}`` → "1/3 (33.33%)": an exact co-ownership share and its percentage.

    A ``Fraction`` is the share itself; a number or text is read as :func:`kyoso.rules.owners.as_share`
    reads it. Anything else is shown as it is."""
    try:
        exact = value if isinstance(value, Fraction) else as_share(value)
    except (ShareError, TypeError):
        return "" if value is None else str(value)
    return f"{format_share(exact)} ({share_percent(exact)}%)"


@register.filter
def citation(field) -> str:
    """``{{ row.source|citation }}`` → each source's short citation, linked to its entry on the
    sources page (``/sources/#<id>``), with the full title on hover.

    Text that is not made of registry ids (a source typed by hand on an editable record, a row
    stored before the registry) is shown as it is."""
    ids = split_ids(field or "")
    known = registry()
    if not ids or any(ident not in known for ident in ids):
        return field or ""
    page = reverse("sources")
    language = get_language() or "en"
    return format_html_join(
        "; ", '<a class="citation" href="{}#{}" title="{}">{}</a>',
        ((page, ident, known[ident].title, known[ident].citation_for(language)) for ident in ids),
    ) or format_html("")


@register.filter
def citation_text(field) -> str:
    """``{{ deadline.source|citation_text }}`` → the short citations as plain text (e-mails, exports)."""
    return cite(field or "", get_language() or "en")


@register.filter
def code_label(code, key=None):
    """A stored choice code (``offer_member``) by its label in the active language."""
    from kyoso.core.facts import code_label as label

    return label(code, key)


@register.filter
def fact_label(key) -> str:
    """A fact's key (``has_right``) as a person reads it."""
    from kyoso.core.facts import fact_label as label

    return label(str(key))


@register.filter
def fact_value(value, key=None) -> str:
    """A fact's value: yes/no, a choice's label, lists joined."""
    from kyoso.core.facts import fact_value as shown

    return shown(value, key)


@register.filter
def facts(data):
    """A dict or list for ``includes/facts.html``."""
    from kyoso.core.facts import Facts

    return Facts(data)


@register.filter
def stored_text(text) -> str:
    """A text a service stored in English that the catalogue translates (a cost kind), else as stored."""
    from django.utils.translation import gettext

    return gettext(text) if text else text
