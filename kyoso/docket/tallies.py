"""The docket home's counts: open action deadlines overdue, due within each window and open in all.

Everyone's are counted from the deadlines they see, in one pass of an index, except a company's:
a company in most consortia sees 400,000 open deadlines (national scale), so its consortia's
pool is read from the tallies the database keeps (:class:`~kyoso.docket.models.OpenTallyByDay`,
:class:`~kyoso.docket.models.OpenTally`: a few thousand rows), and only the inventions it
co-owns outside that pool are counted from their deadlines. Both give the same figures: the
company's scope (:func:`kyoso.ip.querysets.company_sees`) is exactly that pool and those
inventions.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

__all__ = ["near_counts", "company_counts"]


def near_counts(deadlines, today: date, window_days: dict[str, int], *, with_open: bool = False) -> list[dict]:
    """The open action deadlines up to the last window, counted in one pass of the index
    ``docket_open_window`` (or a scoped reader's ``docket_filing_open``): per office and
    consortium, how many are overdue and how many fall in each window. Every tile, the office
    list and the consortium list of the docket home are sums of these rows, so they always agree
    with each other and with the deadline list each links to (the same filters).

    ``with_open`` also counts every open action deadline (``open``), whatever its date, in the
    same pass: for a scoped reader, one read of its rows instead of two."""
    last = today + timedelta(days=max(window_days.values()))
    rows = deadlines.open().order_by()
    windows = {
        key: Count("pk", filter=Q(due__gte=today, due__lte=today + timedelta(days=days)))
        for key, days in window_days.items()}
    if with_open:
        windows["open"] = Count("pk")
    else:
        rows = rows.filter(due__lte=last)
    counted = rows.values("office", consortium=F("filing__family__invention__consortium")).annotate(
        overdue=Count("pk", filter=Q(due__lt=today)), **windows)
    if with_open:
        return [row for row in counted if row["open"]]
    return list(counted)


def company_counts(organisation_id: int, today: date, window_days: dict[str, int]) -> tuple[list[dict], int]:
    """A company's rows of :func:`near_counts` (without ``open``) and its open action deadlines in all.

    Its consortia's non-confidential pool: the tallies' rows of those consortia up to the last
    window, and their totals. The inventions it co-owns outside that pool (confidential ones, or
    of consortia it is not a member of): counted from their deadlines, as :func:`near_counts` does.
    """
    from kyoso.ip.models import Invention
    from kyoso.ip.querysets import member_consortia, outside_pool

    from .models import Deadline, OpenTally, OpenTallyByDay

    # As a list: PostgreSQL reads the tallies' key by value faster than through a subquery.
    members = list(member_consortia(organisation_id).values_list("consortium_id", flat=True))
    last = today + timedelta(days=max(window_days.values()))

    def summed(condition: Q) -> Coalesce:
        return Coalesce(Sum("n", filter=condition), 0)

    pooled = (OpenTallyByDay.objects.filter(confidential=False, consortium_id__in=members, due__lte=last).order_by()
              .values("office", consortium=F("consortium_id"))
              .annotate(overdue=summed(Q(due__lt=today)),
                        **{key: summed(Q(due__gte=today, due__lte=today + timedelta(days=days)))
                           for key, days in window_days.items()}))
    rows = list(pooled)
    open_count = OpenTally.objects.filter(confidential=False, consortium_id__in=members).aggregate(
        n=Coalesce(Sum("n"), 0))["n"]
    outside = outside_pool(Invention.objects.all(), organisation_id).values("pk")
    theirs = Deadline.objects.actions().filter(filing__family__invention__in=outside)
    # The windows from the rows up to the last one, grouped by office and consortium; all open ones
    # counted from the index alone (no invention read per row: tens of thousands of rows).
    rows += near_counts(theirs, today, window_days)
    return rows, open_count + theirs.open().order_by().count()
