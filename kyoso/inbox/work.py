"""The sections of the "My work" page, registered by the apps above (like :mod:`kyoso.core.figures`).

Each app knows what waits for whom among its records: the docket the deadlines, licensing the
requests, the portfolio the votes, the IP pool the disclosures. It registers a :class:`WorkSection`
whose ``context(request)`` gives ``{"rows": […], "total": n, …}`` — at most :data:`LIMIT` rows,
read with a bounded number of queries, from ``for_user`` — or ``None`` when the section is not
for this user. The dashboard shows a card with each section's total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

__all__ = ["WorkSection", "LIMIT", "register", "sections_for", "render_sections"]

#: Rows a section lists; the rest are behind its "all" link.
LIMIT = 25


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: object  # lazy text
    template: str
    context: Callable
    order: int = 100


_sections: list[WorkSection] = []


def register(section: WorkSection) -> None:
    if all(s.key != section.key for s in _sections):
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def sections_for(request) -> list[tuple[WorkSection, dict]]:
    """``(section, context)`` for every section that is for the request's user."""
    found = []
    for section in _sections:
        context = section.context(request)
        if context is not None:
            found.append((section, context))
    return found


def render_sections(request, found) -> list[str]:
    return [render_to_string(section.template, {**context, "section": section}, request=request) for section, context in found]


def register_dashboard_card() -> None:
    """A "My work" card at the top of the dashboard: each section's title and how many wait."""
    from kyoso.core import figures

    def context(request, _figures):
        found = sections_for(request)
        return {"work": [(section, ctx["total"]) for section, ctx in found]} if found else None

    figures.register_section(figures.Section(template="inbox/dashboard_card.html", context=context, order=0))
