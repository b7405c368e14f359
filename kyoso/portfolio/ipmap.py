"""The IP map: filings counted in a matrix of two dimensions out of technology area, office,
owner and status — one grouped query over the filings the user may see."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F
from django.db.models.functions import Substr, Upper
from django.utils.translation import gettext_lazy as _

from kyoso.core.formatting import in_language
from kyoso.ip.choices import FilingStatus, Office

__all__ = ["DIMENSIONS", "ip_map"]

# dimension → (label, expression, drill-down filter parameter, how a value is shown)
DIMENSIONS = {
    "area": (_("technology area"), Upper(Substr("family__invention__technology_area", 1, 4)), "area", None),
    "office": (_("office"), F("office"), "office", dict(Office.choices)),
    "owner": (_("owner"), F("family__invention__owners__organisation_id"), "owner", "organisation"),
    "status": (_("status"), F("status"), "status", dict(FilingStatus.choices)),
}


def ip_map(filings, *, rows: str = "area", columns: str = "office") -> dict:
    """``{"rows", "columns", "cells", "row_totals"…}`` counting distinct filings per (row, column).

    A filing with two owners counts once under each owner (the owner dimension is about who
    holds what), and once in every other matrix.
    """
    rows = rows if rows in DIMENSIONS else "area"
    columns = columns if columns in DIMENSIONS and columns != rows else ("office" if rows != "office" else "status")
    grouped = (filings.order_by().annotate(_r=DIMENSIONS[rows][1], _c=DIMENSIONS[columns][1])
               .values("_r", "_c").annotate(n=Count("pk", distinct=True)))
    cells: dict[object, dict[object, int]] = defaultdict(dict)
    for row in grouped:
        cells[row["_r"]][row["_c"]] = row["n"]
    column_keys = sorted({c for line in cells.values() for c in line}, key=lambda v: (v is None, str(v)))
    row_keys = sorted(cells, key=lambda v: (v is None, str(v)))
    names = _names(rows, row_keys) | _names(columns, column_keys)
    return {
        "rows_dim": rows, "columns_dim": columns, "dimensions": {k: v[0] for k, v in DIMENSIONS.items()},
        "row_param": DIMENSIONS[rows][2], "column_param": DIMENSIONS[columns][2],
        "columns": [(c, names.get((columns, c), c)) for c in column_keys],
        "lines": [((r, names.get((rows, r), r)), [(c, cells[r].get(c, 0)) for c in column_keys], sum(cells[r].values()))
                  for r in row_keys],
    }


def _names(dimension: str, keys) -> dict:
    shown = DIMENSIONS[dimension][3]
    if shown == "organisation":
        from kyoso.parties.models import Organisation

        rows = Organisation.objects.filter(pk__in=keys).values_list("pk", "short_name", "name", "name_ja")
        return {(dimension, pk): in_language(short or name, name_ja) for pk, short, name, name_ja in rows}
    if isinstance(shown, dict):
        return {(dimension, k): shown.get(k, k) for k in keys}
    return {(dimension, k): k or _("(none)") for k in keys}
