"""Counts, figures and dashboard cards that higher apps add to pages owned by lower ones.

Like :mod:`kyoso.core.panels` and :mod:`kyoso.core.hooks`, this keeps a page ignorant of the apps
above it: the dashboard (in ``core``) and the consortium page (in ``consortia``) show what the
apps installed above them registered in their ``AppConfig.ready()``.

- :func:`register_count` — how many of an app's records the user sees: a tile on the dashboard
  (``page="dashboard"``), or, with ``within`` naming the field that points at the page's record,
  a count on that record's page (``page="consortia.consortium"``: its agreements, its inventions).
- :func:`register_figure` — a figure that scans whole tables (the money by fiscal year): the
  dashboard computes it once per scope and caches it with the tiles (``kyoso.core.pages``).
- :func:`register_section` — a card of the dashboard: a template and its context.
- :func:`register_chart` — a chart of the charts page (``/charts/``): ``build(user)`` gives a
  :class:`kyoso.core.charts.ChartCard` (chart, table, export) or ``None`` when the user has nothing
  to see in it; each role sees the charts its records make.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse

__all__ = [
    "Count", "Section", "Chart", "register_count", "register_figure", "register_section", "register_chart",
    "chart_cards",
    "counts", "count_tiles", "tile_labels", "compute_figures", "render_sections",
]

#: The page name of the dashboard's tiles.
DASHBOARD = "dashboard"


@dataclass(frozen=True)
class Count:
    """A count of ``model`` (``"ip.invention"``) as the user sees it, linking to its list page.

    ``within`` is, on a record's page, the field of ``model`` that points at that record: the
    count is then of the rows pointing at it, and the link filters the list the same way.
    """

    model: str
    url_name: str
    order: int = 100
    within: str = ""


@dataclass(frozen=True)
class Section:
    """A dashboard card. ``context(request, figures)`` gives its template's context, or ``None`` to hide it.

    ``figures`` are the cached figures by name (see :func:`register_figure`); ``column`` is ``"main"``
    (the wide left column) or ``"side"``.
    """

    template: str
    context: Callable
    order: int = 100
    column: str = "main"


@dataclass(frozen=True)
class Chart:
    """A chart of the charts page: ``build(user)`` → a ``ChartCard``, or ``None`` to leave it out."""

    name: str
    build: Callable
    order: int = 100


_charts: list[Chart] = []
_counts: dict[str, list[Count]] = defaultdict(list)
_figures: dict[str, Callable] = {}
_sections: list[Section] = []


def register_count(page: str, count: Count) -> None:
    """Show ``count`` on ``page``: ``"dashboard"``, or a model label whose detail page shows it."""
    if count not in _counts[page]:
        _counts[page].append(count)
        _counts[page].sort(key=lambda c: c.order)


def register_figure(name: str, compute: Callable) -> None:
    """``compute(user)`` gives the dashboard figure ``name``; it is cached per scope with the tiles."""
    _figures[name] = compute


def register_section(section: Section) -> None:
    """Show ``section`` on the dashboard."""
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda s: s.order)


def register_chart(chart: Chart) -> None:
    """Show ``chart`` on the charts page (once; charts are ordered by ``order``, then name)."""
    if all(existing.name != chart.name for existing in _charts):
        _charts.append(chart)
        _charts.sort(key=lambda c: (c.order, c.name))


def chart_cards(user, name: str | None = None) -> list:
    """The cards the user has something to see in (only the one called ``name`` when given)."""
    cards = []
    for chart in _charts:
        if name is not None and chart.name != name:
            continue
        card = chart.build(user)
        if card is not None:
            cards.append(card)
    return cards


def _label(count: Count):
    return apps.get_model(count.model)._meta.verbose_name_plural


def count_tiles(user) -> list[tuple[str, int]]:
    """``(URL name, how many the user sees)`` for every dashboard tile, in order (the cached part)."""
    return [(c.url_name, apps.get_model(c.model).objects.all().count_for(user)) for c in _counts[DASHBOARD]]


def tile_labels() -> dict[str, str]:
    """URL name of each dashboard tile → its label (the model's plural name, in the reader's language)."""
    return {c.url_name: _label(c) for c in _counts[DASHBOARD]}


def compute_figures(user) -> dict:
    """Every registered dashboard figure for ``user``, by name."""
    return {name: compute(user) for name, compute in _figures.items()}


def counts(obj, user) -> list[tuple[str, int, str]]:
    """``(label, count, URL of the filtered list)`` of every count registered for ``obj``'s page."""
    rows = []
    for count in _counts[obj._meta.label_lower]:
        model = apps.get_model(count.model)
        n = model.objects.for_user(user).filter(**{count.within: obj}).count()
        rows.append((_label(count), n, f"{reverse(count.url_name)}?{urlencode({count.within: obj.pk})}"))
    return rows


def render_sections(request, figures: dict) -> dict[str, list[str]]:
    """The HTML of every dashboard section with something to show, by column."""
    columns: dict[str, list[str]] = {"main": [], "side": []}
    for section in _sections:
        context = section.context(request, figures)
        if context is not None:
            columns[section.column].append(render_to_string(section.template, context, request=request))
    return columns
