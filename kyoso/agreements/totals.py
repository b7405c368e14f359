"""Contribution totals: the summary rows (:class:`~kyoso.agreements.models.ContributionTotal`) that
pages read instead of summing every contribution.

A total is keyed by (consortium, contributor, fiscal year, funding source). Whatever changes a
contribution — a save, a delete, a change of rates or of the agreement's consortium, an import —
calls :func:`refresh_totals` with the keys it touched (before and after), in the same transaction;
the keys are recounted from the contributions themselves, so a total is exact, never a running
sum that could drift. :func:`rebuild_totals` recounts everything (``kyoso budget sync`` runs it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum

from kyoso.parties.models import Organisation

from .models import Contribution, ContributionTotal

__all__ = ["Key", "key_of", "keys_of", "refresh_totals", "rebuild_totals", "fresh_totals", "stored_totals"]

Key = tuple[int | None, int, int, str]  # (consortium id, contributor id, fiscal year, source)
_CHUNK = 500  # contributors per query (well inside every database's limit on parameters)
_GROUP = ("agreement__consortium_id", "contributor_id", "fiscal_year", "source")


def key_of(contribution: Contribution) -> Key:
    """The key of the total ``contribution`` counts in (its agreement's consortium as it is now)."""
    return (contribution.agreement.consortium_id, contribution.contributor_id, contribution.fiscal_year, contribution.source)


def keys_of(contributions) -> set[Key]:
    """The keys of the totals a queryset of contributions counts in (one query)."""
    return set(contributions.order_by().values_list(*_GROUP).distinct())


def _sums(contributions):
    return (contributions.order_by().values(*_GROUP)
            .annotate(direct=Sum("direct_amount"), indirect=Sum("indirect_amount"), ip=Sum("ip_amount"), n=Count("pk")))


def _total(row) -> ContributionTotal:
    return ContributionTotal(
        consortium_id=row["agreement__consortium_id"], contributor_id=row["contributor_id"], fiscal_year=row["fiscal_year"],
        source=row["source"], direct_amount=row["direct"], indirect_amount=row["indirect"], ip_amount=row["ip"],
        contributions=row["n"],
    )


def _key(row) -> Key:
    return (row["agreement__consortium_id"], row["contributor_id"], row["fiscal_year"], row["source"])


@transaction.atomic
def refresh_totals(keys: Iterable[Key]) -> int:
    """Recount the totals of ``keys`` from the contributions (a key with none left loses its row).

    The contributors' rows are locked first (in id order), so two transactions changing the money of
    one contributor recount one after the other and the last one's count is the true one.
    Returns the number of keys recounted.
    """
    keys = set(keys)
    contributors = sorted({key[1] for key in keys})
    for start in range(0, len(contributors), _CHUNK):
        chunk = contributors[start:start + _CHUNK]
        wanted = {key for key in keys if key[1] in set(chunk)}
        years = {key[2] for key in wanted}
        list(Organisation.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk", flat=True))
        stale = [pk for pk, *key in ContributionTotal.objects.filter(contributor_id__in=chunk, fiscal_year__in=years)
                 .values_list("pk", "consortium_id", "contributor_id", "fiscal_year", "source") if tuple(key) in wanted]
        ContributionTotal.objects.filter(pk__in=stale).delete()
        fresh = [_total(row) for row in _sums(Contribution.objects.filter(contributor_id__in=chunk, fiscal_year__in=years))
                 if _key(row) in wanted]
        ContributionTotal.objects.bulk_create(fresh, batch_size=1000)
    return len(keys)


def fresh_totals() -> dict[Key, tuple[int, int, int, int]]:
    """Every total recounted from the contributions now: ``key → (direct, indirect, ip, count)``."""
    return {_key(row): (row["direct"], row["indirect"], row["ip"], row["n"]) for row in _sums(Contribution.objects.all())}


def stored_totals() -> dict[Key, tuple[int, int, int, int]]:
    """Every stored total, in the shape of :func:`fresh_totals` (to compare the two)."""
    return {(c, o, fy, s): (d, i, ip, n) for c, o, fy, s, d, i, ip, n in ContributionTotal.objects.values_list(
        "consortium_id", "contributor_id", "fiscal_year", "source", "direct_amount", "indirect_amount", "ip_amount",
        "contributions")}


@transaction.atomic
def rebuild_totals() -> bool:
    """Recount every total from the contributions; ``True`` when the stored ones were not exact."""
    fresh, stored = fresh_totals(), stored_totals()
    if fresh == stored:
        return False
    ContributionTotal.objects.all().delete()
    ContributionTotal.objects.bulk_create(
        (ContributionTotal(consortium_id=c, contributor_id=o, fiscal_year=fy, source=s, direct_amount=d, indirect_amount=i,
                           ip_amount=ip, contributions=n)
         for (c, o, fy, s), (d, i, ip, n) in fresh.items()), batch_size=5000)
    return True
