"""The IP map as a heat map: technology area (IPC) × office over a CPO's consortia."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kyoso.core.charts import ChartCard, heat_map
from kyoso.core.figures import Chart, register_chart
from kyoso.core.roles import Role, actor_of
from kyoso.ip.models import Filing

from .ipmap import ip_map

#: Technology areas shown, the largest first (the IP map page has them all).
AREAS = 15


def ip_map_heat(user) -> ChartCard | None:
    """Filings per technology area and office, for the consortia a CPO runs."""
    if actor_of(user).role != Role.CPO:
        return None  # others open the IP map page, which filters by consortium
    matrix = ip_map(Filing.objects.counted_for(user), rows="area", columns="office")
    lines = sorted(matrix["lines"], key=lambda line: -line[2])[:AREAS]
    if not lines:
        return None
    columns = [str(name) for _key, name in matrix["columns"]]
    values = {(str(name), str(column_name)): n
              for (_key, name), cells, _total in lines
              for (column_key, n), (_same, column_name) in zip(cells, matrix["columns"], strict=True) if n}
    return ChartCard(
        name="ip-map", title=_("IP map: filings by technology area (IPC) and office"), kind="heat",
        chart=heat_map([str(name) for (_key, name), _cells, _total in lines], columns, values, formatter=str),
        columns=[_("Technology area"), *columns, _("Total")],
        rows=[[str(name), *[n for _column, n in cells], total] for (_key, name), cells, total in lines],
    )


def register() -> None:
    register_chart(Chart("ip-map", ip_map_heat, order=90))
