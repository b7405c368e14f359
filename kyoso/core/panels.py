"""Panels that other apps add to a detail page (e.g. the docket's deadlines on a filing).

The owning app's template stays ignorant of the apps above it: a higher app registers a panel in
its ``AppConfig.ready()``; :class:`kyoso.core.views.ObjectDetailView` renders the registered
panels of the model in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

__all__ = ["Panel", "register_panel", "render_panels"]


@dataclass(frozen=True)
class Panel:
    """``context(obj, request)`` returns the template's context, or ``None`` to hide the panel."""

    template: str
    context: Callable
    order: int = 100


_panels: dict[str, list[Panel]] = defaultdict(list)


def register_panel(model_label: str, panel: Panel) -> None:
    """Show ``panel`` on the detail page of ``model_label`` (``"ip.filing"``)."""
    if panel not in _panels[model_label]:
        _panels[model_label].append(panel)
        _panels[model_label].sort(key=lambda p: p.order)


def render_panels(obj, request) -> list[str]:
    """The HTML of every panel registered for ``obj``'s model that has something to show."""
    rendered = []
    for panel in _panels[obj._meta.label_lower]:
        context = panel.context(obj, request)
        if context is not None:
            rendered.append(render_to_string(panel.template, {"object": obj, **context}, request=request))
    return rendered
