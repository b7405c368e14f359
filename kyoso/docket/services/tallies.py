"""The open-deadline tallies rebuilt from the deadlines (``kyoso docket recount``).

The database keeps them itself (the triggers of migrations ``docket.0009_open_tallies`` and
``docket.0011_co_owned_tallies``), so this
is a repair: for a database edited by hand with the triggers dropped, or restored from a copy
made without them.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

from ..models import CoOwnedTally, CoOwnedTallyByDay, Deadline, OpenTally, OpenTallyByDay


def _rebuilt(model, rows) -> int:
    """Replace ``model``'s rows by ``rows`` (dicts of its fields); how many there are now."""
    model.objects.all().delete()
    return len(model.objects.bulk_create((model(**row) for row in rows.iterator(chunk_size=5000)), batch_size=5000))


@transaction.atomic
def recount_open_tallies() -> dict[str, int]:
    """Replace every tally by a count of the open action deadlines; returns how many rows each has
    (``days``, ``totals``, ``co_owned_days``, ``co_owned_totals``)."""
    counted = Deadline.objects.open().actions().order_by()
    key = {"consortium_id": Coalesce(F("filing__family__invention__consortium_id"), Value(0)),
           "confidential": F("filing__family__invention__confidential")}
    # Once for each owner organisation of the deadline's invention.
    owned = counted.filter(filing__family__invention__owners__isnull=False)
    organisation = {"organisation_id": F("filing__family__invention__owners__organisation_id")}
    return {
        "days": _rebuilt(OpenTallyByDay, counted.values("office", "due", **key).annotate(n=Count("pk"))),
        "totals": _rebuilt(OpenTally, counted.values(**key).annotate(n=Count("pk"))),
        "co_owned_days": _rebuilt(CoOwnedTallyByDay, owned.values("office", "due", **organisation, **key).annotate(n=Count("pk"))),
        "co_owned_totals": _rebuilt(CoOwnedTally, owned.values(**organisation, **key).annotate(n=Count("pk"))),
    }
