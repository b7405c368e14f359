"""The docket home's counts: open action deadlines overdue, due within each window and open in all.

Everyone's are counted from the deadlines they see, in one pass of an index, except a company's:
a company in most consortia sees 400,000 open deadlines (national scale), so its consortia's
pool is read from the tallies the database keeps (:class:`~kyoso.docket.models.OpenTallyByDay`,
:class:`~kyoso.docket.models.OpenTally`: a few thousand rows), and the inventions it co-owns
outside that pool from the tallies of what it co-owns (:class:`~kyoso.docket.models.CoOwnedTallyByDay`,
:class:`~kyoso.docket.models.CoOwnedTally`). Both give the same figures: the company's scope
(:func:`kyoso.ip.querysets.company_sees`) is exactly that pool and those inventions.
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
    of consortia it is not a member of): the co-owned tallies' rows of every other key. No
    deadline is read: a company in most consortia co-owning thousands of inventions costs a few
    thousand tally rows.
    """
    from kyoso.ip.querysets import member_consortia

    from .models import CoOwnedTally, CoOwnedTallyByDay, OpenTally, OpenTallyByDay

    # As a list: PostgreSQL reads the tallies' key by value faster than through a subquery.
    members = list(member_consortia(organisation_id).values_list("consortium_id", flat=True))
    last = today + timedelta(days=max(window_days.values()))

    def summed(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("n", filter=condition), 0)

    def near(tally) -> list[dict]:
        return list(tally.filter(due__lte=last).order_by().values("office", consortium=F("consortium_id")).annotate(
            overdue=summed(Q(due__lt=today)),
            **{key: summed(Q(due__gte=today, due__lte=today + timedelta(days=days))) for key, days in window_days.items()}))

    pooled = Q(confidential=False, consortium_id__in=members)
    co_owned = CoOwnedTallyByDay.objects.filter(organisation_id=organisation_id).exclude(pooled)
    # Consortium 0 is the tallies' "none"; the docket home's lists say None.
    rows = near(OpenTallyByDay.objects.filter(pooled)) + [
        {**row, "consortium": row["consortium"] or None} for row in near(co_owned)]
    open_count = sum(tally.aggregate(n=summed())["n"] for tally in (
        OpenTally.objects.filter(pooled), CoOwnedTally.objects.filter(organisation_id=organisation_id).exclude(pooled)))
    return rows, open_count
