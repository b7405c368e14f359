"""The open-deadline tallies rebuilt from the deadlines (``kyoso docket recount``).

The database keeps them itself (the triggers of migration ``docket.0009_open_tallies``), so this
is a repair: for a database edited by hand with the triggers dropped, or restored from a copy
made without them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from ..models import Deadline, OpenTally, OpenTallyByDay


@transaction.atomic
def recount_open_tallies() -> dict[str, int]:
    """Replace both tallies by a count of the open action deadlines; returns how many rows each has."""
    counted = Deadline.objects.open().actions().order_by()
    consortium = Coalesce(F("filing__family__invention__consortium_id"), Value(0))
    confidential = F("filing__family__invention__confidential")
    OpenTallyByDay.objects.all().delete()
    OpenTally.objects.all().delete()
    days = OpenTallyByDay.objects.bulk_create(
        (OpenTallyByDay(**row) for row in counted.values("office", "due", consortium_id=consortium, confidential=confidential)
         .annotate(n=Count("pk")).iterator(chunk_size=5000)),
        batch_size=5000)
    totals = OpenTally.objects.bulk_create(
        OpenTally(**row) for row in counted.values(consortium_id=consortium, confidential=confidential).annotate(n=Count("pk")))
    return {"days": len(days), "totals": len(totals)}
