"""Patent costs summed by one dimension — filing, family, invention, consortium, fiscal year — and kind."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .choices import CostKind

__all__ = ["DIMENSIONS", "cost_totals"]

# dimension → (label, the value path grouped on, the path shown)
DIMENSIONS = {
    "filing": (_("filing"), "filing_id", "filing__application_number"),
    "family": (_("family"), "filing__family_id", "filing__family__reference"),
    "invention": (_("invention"), "invention_id", "invention__reference"),
    "consortium": (_("consortium"), "consortium_id", "consortium__name"),
    "fiscal_year": (_("fiscal year"), "fiscal_year", "fiscal_year"),
}


def cost_totals(costs, by: str) -> list[dict]:
    """One row per value of ``by`` with the yen per cost kind and the total (largest first)."""
    _label, key, shown = DIMENSIONS[by]
    rows = costs.order_by().values(key, shown, "kind").annotate(total=Sum("amount"))
    table: dict[object, dict] = defaultdict(lambda: {kind: 0 for kind in CostKind.values} | {"total": 0})
    for row in rows:
        line = table[row[key]]
        line["label"] = row[shown] if row[shown] not in (None, "") else _("(whole family / not filed)")
        line[row["kind"]] += row["total"]
        line["total"] += row["total"]
    return sorted(table.values(), key=lambda r: -r["total"])
