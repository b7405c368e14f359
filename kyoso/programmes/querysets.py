"""Scoping for applications, awards and their duties. One rule per model, the same for all three:

- IP office and auditor: everything;
- a CPO: their consortia's applications, awards and duties, and only they (and the IP office)
  change them;
- a member company: those of its consortia (an award is a public fact; its duties are the
  university's, and members need them, e.g. before asking an exclusive licence);
- researchers: nothing (their inventions' duties reach them through the IP office).
"""

from kyoso.consortia.querysets import consortium_filter
from kyoso.core.querysets import ScopedQuerySet
from kyoso.core.roles import Role
from kyoso.core.surface import Surface


class _ProgrammeQuerySet(ScopedQuerySet):
    writers = (Role.CPO,)
    consortium_path = "consortium"

    def scope_view(self, actor):
        if actor.role in (Role.CPO, Role.COMPANY):
            return self.filter(consortium_filter(actor, self.consortium_path))
        return self.none()

    def scope_change(self, actor):
        if actor.role == Role.CPO:
            return self.filter(**{f"{self.consortium_path}_id__in": actor.consortium_ids})
        return self.none()


class ApplicationQuerySet(_ProgrammeQuerySet):
    """Applications: the consortium's CPO and members see them, the CPO keeps them."""

    surface = Surface(save="kyoso.programmes.services.save_application")


class AwardQuerySet(_ProgrammeQuerySet):
    """Awards: the consortium's CPO and members see them, the CPO keeps them."""

    surface = Surface(save="kyoso.programmes.services.save_award")


class DutyQuerySet(_ProgrammeQuerySet):
    """Duties: seen and kept as their award."""

    consortium_path = "award__consortium"
    surface = Surface(save="kyoso.programmes.services.save_duty", parent="award")

    def open(self):
        return self.filter(state="open")

    def overdue(self, today):
        return self.open().filter(due__lt=today)
