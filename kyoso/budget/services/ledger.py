"""Booking the IP fund: post entries, reverse them, derive accruals from contributions.

The ledger is append-only. :func:`sync_accruals` is idempotent: for every contribution of the
consortium it compares the live generated accrual with the contribution's IP-earmarked amount and,
where they differ (rates or amounts changed, the contribution was deleted), reverses the old entry
and posts the right one — so the history shows every correction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.agreements.models import Contribution, ContributionTotal
from kyoso.core.roles import Role, actor_of
from kyoso.core.sentences import Sentence
from kyoso.core.services import ensure_may_change, record_event
from kyoso.rules.fiscal import fiscal_year_bounds

from ..choices import EntryKind, Source
from ..models import LedgerEntry

__all__ = ["post", "reverse_entry", "sync_accruals", "accruals_in_sync", "may_book", "contribution_changed", "contributions_imported",
           "accruals_of_new_contributions",
           "contribution_removed", "SyncResult"]


@dataclass(frozen=True)
class SyncResult:
    posted: int
    reversed: int

    @property
    def changed(self) -> bool:
        return bool(self.posted or self.reversed)


def post(entry: LedgerEntry, *, user, check_scope: bool = True) -> LedgerEntry:
    """Book a new entry (validated, with history and an event on the entry)."""
    if check_scope:
        ensure_may_change(entry, user=user)
    entry.full_clean()
    entry._history_user = user if getattr(user, "pk", None) else None
    entry.save()
    record_event(entry, "booked", Sentence(gettext_lazy("Booked %(entry)s: %(what)s"), entry=entry, what=entry.description), user=user)
    return entry


def post_manual_accrual(entry: LedgerEntry, *, user) -> LedgerEntry:
    """Book an accrual entered by hand (the ledger is append-only: no entry is ever changed)."""
    if entry.pk is not None:
        raise PermissionDenied(gettext_lazy("Ledger entries are never changed; book a reversing entry instead."))
    entry.kind = EntryKind.ACCRUAL
    return post(entry, user=user)


@transaction.atomic
def reverse_entry(entry: LedgerEntry, *, user, reason: str, check_scope: bool = True) -> LedgerEntry:
    """Cancel ``entry`` by a reversing entry of the opposite sign, booked today."""
    if check_scope:
        ensure_may_change(entry, user=user)
    # Locked: of two simultaneous reversals the second waits, then finds the first and is refused.
    LedgerEntry.objects.select_for_update().filter(pk=entry.pk).values_list("pk", flat=True).first()
    if entry.reverses_id or LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValueError("This entry is a reversal or already reversed.")
    today = timezone.localdate()
    reversal = LedgerEntry(
        consortium_id=entry.consortium_id, fiscal_year=entry.fiscal_year, booked_on=today, kind=entry.kind,
        source=entry.source, amount=-entry.amount, organisation_id=entry.organisation_id,
        contribution_id=entry.contribution_id, cost_id=entry.cost_id, grant_id=entry.grant_id, reverses=entry,
        generated=entry.generated, description=(_("Reversal: %(reason)s") % {"reason": reason})[:300],
    )
    return post(reversal, user=user, check_scope=False)


def _live_generated():
    """Generated accruals that are neither reversals nor reversed: what counts now."""
    return LedgerEntry.objects.filter(generated=True, reverses__isnull=True, reversed_by__isnull=True)


def _booking_date(fiscal_year: int):
    # An accrual belongs to the contribution's fiscal year; it is dated at that year's start
    # (when the indirect costs are invoiced) or today if that is earlier.
    return min(fiscal_year_bounds(fiscal_year)[0], timezone.localdate())


def _accrual(contribution: Contribution) -> LedgerEntry:
    """The generated accrual a contribution owes the IP fund (its IP-earmarked amount)."""
    return LedgerEntry(
        consortium_id=contribution.agreement.consortium_id, fiscal_year=contribution.fiscal_year,
        booked_on=_booking_date(contribution.fiscal_year), kind=EntryKind.ACCRUAL, source=Source.IP_EARMARK,
        amount=contribution.ip_amount, organisation_id=contribution.contributor_id, contribution=contribution, generated=True,
        description=_("IP-earmarked indirect costs of %(agreement)s, FY%(fy)s") % {
            "agreement": contribution.agreement.number, "fy": contribution.fiscal_year},
    )


def _sync_one(contribution: Contribution | None, live: list[LedgerEntry], *, user, reason: str | None = None) -> SyncResult:
    wanted = contribution.ip_amount if contribution is not None else 0
    consortium_id = contribution.agreement.consortium_id if contribution is not None else None
    current = list(live)
    if (contribution is not None and len(current) == (1 if wanted else 0)
            and all(e.amount == wanted and e.fiscal_year == contribution.fiscal_year
                    and e.consortium_id == consortium_id and e.organisation_id == contribution.contributor_id
                    for e in current)):
        return SyncResult(0, 0)
    for entry in current:
        reverse_entry(entry, user=user, reason=reason or _("contribution changed"), check_scope=False)
    posted = 0
    if wanted and consortium_id:
        post(_accrual(contribution), user=user, check_scope=False)
        posted = 1
    return SyncResult(posted, len(current))


@transaction.atomic
def sync_accruals(consortium, *, user, check_scope: bool = True) -> SyncResult:
    """Make the consortium's generated accruals equal its contributions' IP-earmarked amounts."""
    if check_scope and not may_book(consortium, user):
        raise PermissionDenied
    # One sync at a time per consortium: two at once would both post the same missing accrual.
    type(consortium).objects.select_for_update().filter(pk=consortium.pk).values_list("pk", flat=True).first()
    live: dict[int | None, list[LedgerEntry]] = {}
    for entry in _live_generated().filter(consortium=consortium):
        live.setdefault(entry.contribution_id, []).append(entry)
    posted = reversed_ = 0
    missing = []  # owed and never booked: posted in bulk below (a first sync of many contributions)
    contributions = Contribution.objects.filter(agreement__consortium=consortium).select_related("agreement")
    for contribution in contributions.iterator(chunk_size=5000):
        entries = live.pop(contribution.pk, [])
        if not entries:
            if contribution.ip_amount:
                missing.append(contribution)
            continue
        result = _sync_one(contribution, entries, user=user)
        posted, reversed_ = posted + result.posted, reversed_ + result.reversed
    if missing:
        contributions_imported(missing, user=user)
        posted += len(missing)
    for entries in live.values():  # contributions deleted or moved out of the consortium
        result = _sync_one(None, entries, user=user, reason=_("contribution deleted"))
        reversed_ += result.reversed
    outcome = SyncResult(posted, reversed_)
    if outcome.changed:
        record_event(consortium, "accruals-synced", Sentence(
            gettext_lazy("IP fund accruals re-derived: %(posted)s posted, %(reversed)s reversed"), posted=posted, reversed=reversed_), user=user)
    return outcome


def may_book(consortium, user) -> bool:
    """The IP office and the consortium's CPO keep its fund."""
    actor = actor_of(user)
    return actor.is_ip_office or (actor.role == Role.CPO and consortium.pk in actor.consortium_ids)


def accruals_in_sync(consortium) -> bool:
    """Cheap check (two sums) that the generated accruals match the contributions: what is owed
    comes from the contribution totals (a few rows per member and year), not the contributions."""
    booked = _live_generated().filter(consortium=consortium).aggregate(s=Sum("amount"))["s"] or 0
    owed = ContributionTotal.objects.filter(consortium=consortium).aggregate(s=Sum("ip_amount"))["s"] or 0
    return booked == owed


def contribution_changed(contribution, *, user) -> None:
    """The ``contribution_changed`` hook: re-derive this contribution's accrual now."""
    live = list(_live_generated().filter(contribution=contribution))
    _sync_one(contribution if contribution.agreement.consortium_id else None, live, user=user)


def contributions_imported(contributions, *, user) -> None:
    """Book the accruals of new contributions (saved) in bulk: :func:`accruals_of_new_contributions`,
    written at once."""
    accruals_of_new_contributions(contributions, user=user)()


def accruals_of_new_contributions(contributions, *, user):
    """The ``contributions_importing`` hook: the accruals new contributions owe the IP fund, built
    and their events rendered now (the contributions validated, not necessarily saved yet); returns
    the step that writes them once the contributions are saved.

    The same entries :func:`contribution_changed` posts one by one (with history and a "booked"
    event each), written in a few inserts: an import of thousands of contributions stays fast.
    Each entry takes only values of its contribution, which the import validated (fiscal year,
    an IP amount within the contribution's, a description within its length from an agreement
    number of at most 40 characters), so :func:`post`'s field check is not repeated per entry.
    """
    from kyoso.core.importing.bulk import (
        build,
        create_with_history,
        event,
        render_events,
        save_events,
        take_parent_keys,
    )

    description = _("IP-earmarked indirect costs of %(agreement)s, FY%(fy)s")  # translated once
    booked_on: dict[int, object] = {}
    entries = []
    for c in contributions:
        if not (c.ip_amount and c.agreement.consortium_id):
            continue
        if c.fiscal_year not in booked_on:
            booked_on[c.fiscal_year] = _booking_date(c.fiscal_year)
        entries.append(build(
            LedgerEntry,
            consortium_id=c.agreement.consortium_id, fiscal_year=c.fiscal_year, booked_on=booked_on[c.fiscal_year],
            kind=EntryKind.ACCRUAL, source=Source.IP_EARMARK, amount=c.ip_amount, organisation_id=c.contributor_id,
            contribution=c, generated=True,
            description=description % {"agreement": c.agreement.number, "fy": c.fiscal_year},
        ))
    booked = gettext_lazy("Booked %(entry)s: %(what)s")
    events = render_events(event(entry, "booked", Sentence(booked, entry=entry, what=entry.description), user=user)
                           for entry in entries)

    def write() -> None:
        take_parent_keys(entries, "contribution")  # saved by now
        create_with_history(LedgerEntry, entries, user=user)
        save_events(events)
    return write


def contribution_removed(agreement, *, user) -> None:
    """The ``contribution_removed`` hook: reverse the accrual of the deleted contribution now.

    A generated accrual keeps its contribution until the row goes (the link is then set to
    nothing), so a live generated accrual without a contribution is exactly what a deletion left
    behind; it is reversed as a changed contribution's old accrual is, dated today, with history.
    """
    orphans = list(_live_generated().filter(contribution__isnull=True))
    if orphans:
        _sync_one(None, orphans, user=user, reason=_("contribution deleted"))
