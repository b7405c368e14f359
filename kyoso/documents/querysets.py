"""Documents are scoped exactly like the record they are attached to.

Viewing: the record's ``for_user(actor, "view")`` (so a company never reaches a confidential
invention's disclosure form, nor another licensee's royalty report). Attaching and deleting: the
record's ``for_user(actor, "change")`` (a researcher on their own inventions, a company on its own
licence requests, the CPO inside their consortia). Deleted versions are in no one's scope.
"""

from __future__ import annotations

from django.db.models import Q

from kyoso.core.querysets import ScopedQuerySet, checked_in
from kyoso.core.roles import CHANGE, VIEW, Actor, Role
from kyoso.core.surface import Surface

from .records import RECORD_TYPES

__all__ = ["DocumentQuerySet"]


class DocumentQuerySet(ScopedQuerySet):
    """What a role may do with a document is what it may do with the document's record."""

    # Every role but the auditor may change some record that takes documents; the record decides.
    writers = (Role.CPO, Role.COMPANY, Role.RESEARCHER)
    surface = Surface(delete="kyoso.documents.services.delete_document")

    def for_user(self, user, action: str = VIEW) -> DocumentQuerySet:
        return super().for_user(user, action).filter(deleted_at__isnull=True)

    def _through_records(self, actor: Actor, action: str) -> DocumentQuerySet:
        # Each record list is tested per document (checked_in), never used to drive the query: a
        # company's agreements, inventions and filings run to tens of thousands each, and SQLite
        # built all of them (170 ms at national scale) before finding that there was no document.
        scope = Q(pk__in=[])
        for record_type in RECORD_TYPES:
            records = record_type.model.objects.for_user(actor, action).values("pk")
            scope |= Q(checked_in(record_type.field, records))
        return self.filter(scope)

    def scope_view(self, actor):
        return self._through_records(actor, VIEW)

    def scope_change(self, actor):
        return self._through_records(actor, CHANGE)

    def of_record(self, record) -> DocumentQuerySet:
        from .records import record_type_of

        return self.filter(**{record_type_of(record).field: record})
