"""Scoping of the docket: a deadline is seen and changed with its filing."""

from __future__ import annotations

from datetime import date, timedelta

from kyoso.core.querysets import ScopedQuerySet, checked_in
from kyoso.core.roles import CHANGE, Actor, Role, actor_of
from kyoso.core.surface import Surface

from .choices import MILESTONE_KINDS, DeadlineState


class DeadlineQuerySet(ScopedQuerySet):
    """Who may see a deadline is who may see its filing (``Filing.objects.for_user``); completing
    one needs the right to change the filing (IP office, the consortium's CPO).

    The same rows come in two shapes of query. A company member of many consortia sees tens of
    thousands of filings: its lists (ordered by due date) check each row against that list while
    walking the due-date index, so a page stops after one page of rows; its counts
    (:meth:`counted_for`) start from the list of filings and read each one's rows from the
    ``docket_filing_open`` index.
    """

    surface = Surface(save="kyoso.docket.services.save_manual_deadline", parent="filing")

    writers = (Role.CPO,)

    @staticmethod
    def _filings(actor):
        from kyoso.ip.models import Filing

        return Filing.objects.for_user(actor).values("pk")

    def scope_view(self, actor):
        if actor.role == Role.COMPANY:
            return self.filter(checked_in("filing_id", self._filings(actor)))
        return self.filter(filing__in=self._filings(actor))

    def counted_for(self, user) -> DeadlineQuerySet:
        """``for_user(user)`` shaped for counting and summing the whole scope: a company's rows read
        filing by filing (never a per-row check over every deadline); every other role's scope
        already has that shape."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role != Role.COMPANY:
            return self.for_user(actor)
        return self.filter(filing__in=self._filings(actor))

    def count_for(self, user) -> int:
        return self.counted_for(user).count()

    def scope_change(self, actor):
        from kyoso.ip.models import Filing

        return self.filter(filing__in=Filing.objects.for_user(actor, CHANGE).values("pk"))

    def open(self) -> DeadlineQuerySet:
        return self.filter(state=DeadlineState.OPEN)

    def actions(self) -> DeadlineQuerySet:
        """Deadlines somebody must act on (not office milestones such as publication)."""
        return self.exclude(kind__in=MILESTONE_KINDS)

    def upcoming(self, today: date, days: int) -> DeadlineQuerySet:
        return self.open().filter(due__gte=today, due__lte=today + timedelta(days=days))

    def overdue(self, today: date) -> DeadlineQuerySet:
        return self.open().actions().filter(due__lt=today)


class ReminderPreferenceQuerySet(ScopedQuerySet):
    """Everyone sees and changes only their own preference."""

    writers = tuple(Role.values)

    def for_user(self, user, action="view"):
        return self.filter(user_id=getattr(user, "pk", None)) if getattr(user, "pk", None) else self.none()
