"""Scoping of the docket: a deadline is seen and changed with its filing."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import OuterRef

from kyoso.core.querysets import ScopedQuerySet, seen_row_by_row
from kyoso.core.roles import CHANGE, Actor, Role, actor_of
from kyoso.core.surface import Surface

from .choices import MILESTONE_KINDS, DeadlineState


class DeadlineQuerySet(ScopedQuerySet):
    """Who may see a deadline is who may see its filing (``Filing.objects.for_user``); completing
    one needs the right to change the filing (IP office, the consortium's CPO).

    The same rows come in two shapes of query. A company member of many consortia sees tens of
    thousands of filings: its lists (ordered by due date) test each row's filing as they walk the
    due-date index (:func:`~kyoso.core.querysets.seen_row_by_row`), so a page stops after one page
    of rows; its counts (:meth:`counted_for`) read the rows of the list of its filings, or join
    deadlines to inventions when they stop early (a list's paginator).
    """

    surface = Surface(save="kyoso.docket.services.save_manual_deadline", parent="filing")

    writers = (Role.CPO,)

    @staticmethod
    def _filings(actor):
        """The filings ``actor`` sees, joined to their inventions (a company's are tested row by
        row by the deadlines' own probe, or listed whole for a count)."""
        from kyoso.ip.models import Filing

        return Filing.objects.counted_for(actor)

    def scope_view(self, actor):
        if actor.role == Role.COMPANY:
            return self.filter(seen_row_by_row(self._filings(actor).filter(pk=OuterRef("filing_id"))))
        return self.filter(filing__in=self._filings(actor).values("pk"))

    def counted_for(self, user, *, up_to: int | None = None) -> DeadlineQuerySet:
        """``for_user(user)`` shaped for counting: a company's rows are read filing by filing
        (the list of its filings, then each one's rows from the ``docket_filing_open`` index) to
        count or sum them all, and joined to their inventions when the count stops after ``up_to``
        rows (a list's paginator), which that shape reaches without listing any filing first.
        Every other role's scope already has the first shape."""
        actor = user if isinstance(user, Actor) else actor_of(user)
        if actor.role != Role.COMPANY or not actor.organisation_id:
            return self.for_user(actor)
        if up_to is None:
            return self.filter(filing__in=self._filings(actor).values("pk"))
        from kyoso.ip.querysets import FilingQuerySet, company_sees

        return self.filter(company_sees(actor.organisation_id, f"filing__{FilingQuerySet.invention_path}"))

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
