"""What entering foreign offices would cost for an invention, from the fee tables.

Dates follow the usual route from a Japanese first filing: PCT at 12 months from priority,
national / regional phases at 30 (US) and 31 (EP, CN, KR) months. Owners' kinds give the JPO's
university reduction on the PCT fees and the kernel's US entity size.
"""

from __future__ import annotations

from datetime import date

from kyoso.budget.services.forecast import owner_pairs
from kyoso.rules.funding import lifetime_costs
from kyoso.rules.periods import add_months

__all__ = ["OFFICES", "foreign_filing_costs"]

OFFICES = ("PCT", "US", "EP", "CN", "KR")
ENTRY_MONTHS = {"PCT": 12, "US": 30, "EP": 31, "CN": 30, "KR": 31}


def foreign_filing_costs(invention, *, today: date) -> dict:
    """``{"priority", "claims", "offices": [EntryCost…], "filed_offices": [office…], "total"}``."""
    filings = list(invention.families.values_list("filings__office", "filings__priority_date", "filings__filing_date",
                                                  "filings__claims"))
    dated = [f for f in filings if f[0] == "JP" and (f[1] or f[2])]
    priority = min((f[1] or f[2] for f in dated), default=today)
    claims = max((f[3] or 1 for f in dated), default=10)
    owners = owner_pairs([invention.pk]).get(invention.pk) or None
    costs = [
        cost for office in OFFICES
        for cost in lifetime_costs([office], priority=priority, entered=max(today, add_months(priority, ENTRY_MONTHS[office])),
                                   claims=claims, owners=owners)
    ]
    present = {f[0] for f in filings if f[0]}
    return {"priority": priority, "claims": claims, "offices": costs, "filed_offices": [o for o in OFFICES if o in present],
            "total": sum(c.total for c in costs if c.office not in present)}
