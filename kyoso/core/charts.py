"""Geometry of server-rendered SVG charts: numbers in, coordinates out, no drawing library.

A page computes a chart here and renders it with ``includes/line_chart.html``; the same rows are
shown as a table beside it, so the chart is never the only way to read a figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Series", "line_chart", "nice_ceiling"]

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
