"""The docket's chart: deadlines still open after their due day, by the month they fell due."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.core.charts import ChartCard, bar_chart
from kyoso.core.figures import Chart, register_chart

from .choices import DeadlineState
from .models import Deadline

MONTHS = 12


def _months_back(today: date, n: int) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    out = []
    for _step in range(n):
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def overdue_by_month(user) -> ChartCard | None:
    """Open deadlines already past due, by the month they fell due (the last twelve months)."""
    today = timezone.localdate()
    months = _months_back(today, MONTHS)
    first = date(*months[0], 1)
    counts: Counter = Counter()
    # Grouped by day (at most a year of them), the month taken here: no date function per row in SQL.
    for day, n in (Deadline.objects.counted_for(user).filter(state=DeadlineState.OPEN, due__gte=first, due__lt=today)
                   .order_by().values("due").annotate(n=Count("pk")).values_list("due", "n")):
        counts[(day.year, day.month)] += n
    if not counts:
        return None
    labels = [f"{y}-{m:02d}" for y, m in months]
    return ChartCard(
        name="overdue-by-month", title=_("Overdue deadlines by the month they fell due"), kind="bar",
        chart=bar_chart(labels, [(_("overdue"), [counts[k] for k in months])], formatter=lambda v: f"{v:,}"),
        columns=[_("Month due"), _("Still open")], rows=[[label, counts[k]] for label, k in zip(labels, months, strict=True)],
        unit=_("deadlines"),
        note=_("Open deadlines whose due day has passed: mark each done, waived or missed on the docket."),
    )


def register() -> None:
    register_chart(Chart("overdue-by-month", overdue_by_month, order=40))
