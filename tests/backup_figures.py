"""Figures a restore must bring back, read the same way from the original and the restored database.

Run in the test process (the original) and as ``python -m tests.backup_figures`` against the
restored database (printing JSON), so both sides are read by the same plain queries.
"""

from __future__ import annotations

import json


def figures() -> dict:
    from django.db.models import Count, Sum

    from kyoso.agreements.models import Contribution
    from kyoso.budget.models import LedgerEntry
    from kyoso.core.models import Event
    from kyoso.docket.models import Deadline
    from kyoso.ip.models import InventionOwner
    from kyoso.licensing.models import CompanyClassAssignment

    return {
        "contributions": Contribution.objects.aggregate(direct=Sum("direct_amount"), ip=Sum("ip_amount"), n=Count("id")),
        "ledger": {str(row["consortium_id"]): row["total"] for row in
                   LedgerEntry.objects.values("consortium_id").annotate(total=Sum("amount")).order_by("consortium_id")},
        "open_deadlines": Deadline.objects.filter(state="open").count(),
        "classes": sorted([a.company.name, a.share_class.name if a.share_class else None, str(a.share)]
                          for a in CompanyClassAssignment.objects.select_related("company", "share_class")),
        "owners": sorted([o.invention.reference, o.organisation.name, str(o.share)]
                         for o in InventionOwner.objects.select_related("invention", "organisation")),
        "events": Event.objects.count(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(figures(), sort_keys=True, default=str))
