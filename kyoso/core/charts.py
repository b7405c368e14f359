"""Geometry of server-rendered SVG charts: numbers in, coordinates out, no drawing library.

A page computes a chart here and renders it with ``includes/line_chart.html``; the same rows are
shown as a table beside it, so the chart is never the only way to read a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Series", "line_chart", "nice_ceiling", "yen_millions"]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 16, 40


@dataclass
class Series:
    """One line: a label for the legend, a style name (CSS class and colour) and (x, value) points;
    a value of ``None`` breaks the line (a year without a figure)."""

    label: str
    points: Sequence[tuple[int, int | None]]
    style: str = "primary"
    dashed: bool = False
    drawn: list = field(default_factory=list)


def yen_millions(value: int) -> str:
    """An axis or tooltip figure in millions of yen (the chart's unit says "¥ million"): one decimal
    below ten million, none above.

    >>> yen_millions(1_250_000), yen_millions(3_000_000), yen_millions(41_600_000_000)
    ('1.2', '3', '41,600')
    """
    millions = value / 1_000_000
    return f"{millions:,.0f}" if millions >= 10 or millions == int(millions) else f"{millions:,.1f}"


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``value`` (the top of the y axis).

    >>> nice_ceiling(0), nice_ceiling(7), nice_ceiling(180), nice_ceiling(251), nice_ceiling(41_600_000_000)
    (1, 10, 200, 500, 50000000000)
    """
    if value <= 1:
        return 1
    magnitude = 1
    while magnitude * 10 < value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if magnitude * step >= value:
            return int(magnitude * step)
    return magnitude * 10  # pragma: no cover — the loop always returns


def line_chart(series: Sequence[Series], *, formatter=str, ticks: int = 4) -> dict:
    """Coordinates of a line chart over integer x (fiscal years), one tick per year that has a point."""
    xs = sorted({x for line in series for x, _value in line.points})
    values = [value for line in series for _x, value in line.points if value is not None]
    top = nice_ceiling(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    # x is a year: positions are proportional to it, so a gap in a series shows as a gap in time.
    low, span = (xs[0], max(xs[-1] - xs[0], 1)) if xs else (0, 1)
    x_at = {x: round(LEFT + plot_w * (x - low) / span, 1) for x in xs}

    def y_at(value):
        return round(TOP + plot_h - plot_h * value / top, 1)

    drawn = []
    for line in series:
        segments, current, dots = [], [], []
        for x, value in sorted(line.points):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(f"{x_at[x]},{y_at(value)}")
            dots.append({"x": x_at[x], "y": y_at(value), "label": x, "value": formatter(value)})
        if current:
            segments.append(current)
        drawn.append({"label": line.label, "style": line.style, "dashed": line.dashed,
                      "segments": [" ".join(points) for points in segments], "dots": dots})
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h,
        "series": drawn,
        "x_ticks": [{"x": x_at[x], "label": x} for x in xs],
        "y_ticks": [{"y": y_at(top * i // ticks), "label": formatter(top * i // ticks)} for i in range(ticks + 1)],
        "empty": not values,
    }


# -- bar charts and heat maps -----------------------------------------------------------------------

#: Colours of a stacked bar's segments, in order (then repeated); the legend names each.
PALETTE = ("#2c6fbb", "#c0392b", "#e0a800", "#27ae60", "#8e44ad", "#16a085", "#7f8c8d", "#d35400")


def bar_chart(categories: Sequence, stacks: Sequence[tuple[str, Sequence[int]]], *, formatter=str, ticks: int = 4) -> dict:
    """Coordinates of a (stacked) bar chart: one bar per category, one segment per stack.

    ``stacks`` are ``(label, values)`` with one value per category (0 for none). A single stack is
    a plain bar chart.
    """
    totals = [sum(values[i] for _label, values in stacks) for i in range(len(categories))]
    top = nice_ceiling(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(categories), 1)
    width = round(min(slot * 0.7, 60), 1)
    bars = []
    for i, category in enumerate(categories):
        x = round(LEFT + slot * i + (slot - width) / 2, 1)
        bottom, segments = TOP + plot_h, []
        for n, (label, values) in enumerate(stacks):
            height = plot_h * values[i] / top
            if values[i]:
                segments.append({"y": round(bottom - height, 1), "h": round(height, 1), "colour": PALETTE[n % len(PALETTE)],
                                 "label": label, "value": formatter(values[i])})
            bottom -= height
        bars.append({"x": x, "w": width, "centre": round(x + width / 2, 1), "label": category, "segments": segments,
                     "total": formatter(totals[i]), "top": round(bottom, 1)})
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h,
        "bars": bars,
        "legend": [{"label": label, "colour": PALETTE[n % len(PALETTE)]} for n, (label, _values) in enumerate(stacks)]
        if len(stacks) > 1 else [],
        "y_ticks": [{"y": round(TOP + plot_h - plot_h * (top * i // ticks) / top, 1), "label": formatter(top * i // ticks)}
                    for i in range(ticks + 1)],
        "empty": not any(totals),
    }


def heat_map(rows: Sequence[str], columns: Sequence[str], values: dict[tuple[str, str], int], *, formatter=str) -> dict:
    """A grid of cells shaded by value (darker = more); ``values[(row, column)]``, missing = 0."""
    cell_w, cell_h, left, top = 56, 24, 150, 60
    peak = max(values.values(), default=0) or 1
    cells = []
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            value = values.get((row, column), 0)
            # Lightness from 96 % (nothing) to 35 % (the peak): readable black or white text on it.
            lightness = round(96 - 61 * value / peak)
            cells.append({"x": left + c * cell_w, "y": top + r * cell_h, "w": cell_w - 2, "h": cell_h - 2,
                          "fill": f"hsl(210, 60%, {lightness}%)", "text": "#fff" if lightness < 60 else "#222",
                          "value": formatter(value) if value else "", "row": row, "column": column})
    return {
        "width": left + len(columns) * cell_w + 10, "height": top + len(rows) * cell_h + 10,
        "cells": cells, "row_labels": [{"y": top + r * cell_h + cell_h // 2, "label": row} for r, row in enumerate(rows)],
        "column_labels": [{"x": left + c * cell_w + cell_w // 2, "label": column} for c, column in enumerate(columns)],
        "left": left, "top": top, "empty": not values,
    }


@dataclass
class ChartCard:
    """A chart with the table it is drawn from: ``kind`` is ``line``, ``bar`` or ``heat``.

    ``columns`` and ``rows`` are the table (shown beside the chart and exported as CSV under
    ``name``); ``note`` a sentence under the chart (a ratio, a warning).
    """

    name: str
    title: str
    kind: str
    chart: dict
    columns: Sequence[str]
    rows: Sequence[Sequence]
    unit: str = ""
    note: str = ""
