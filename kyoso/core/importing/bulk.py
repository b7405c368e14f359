"""Bulk writes for imports: records with their field history and their events, a few queries each.

What :func:`kyoso.core.services.save_object` does for one record — a historical row naming the
acting user, a "created" event whose summary is stored in every language — done for thousands in
one ``INSERT`` per table, inside the import's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from ..models import Audience, Event
from ..roles import CHANGE
from ..sentences import Sentence, in_every_language

__all__ = ["create_with_history", "event", "created_event", "save_events", "ensure_all_may_change"]

BATCH = 500  # rows per INSERT: well under SQLite's limit on bound variables


def create_with_history(model: type[models.Model], instances: Sequence[models.Model], *, user) -> list[models.Model]:
    """``bulk_create`` ``instances`` with one historical row each naming ``user``; they get their pks."""
    if not instances:
        return []
    acting = user if getattr(user, "pk", None) else None
    return bulk_create_with_history(list(instances), model, batch_size=BATCH, default_user=acting)


def ensure_all_may_change(model: type[models.Model], instances: Sequence[models.Model], *, user) -> None:
    """The bulk form of ``save_object``'s check after a create: every new record lands inside what
    its author may change (a CPO's own consortium, a company's own agreement). One query."""
    if not instances:
        return
    ids = [instance.pk for instance in instances]
    allowed = 0
    for start in range(0, len(ids), BATCH):
        allowed += model._default_manager.for_user(user, CHANGE).filter(pk__in=ids[start:start + BATCH]).count()
    if allowed != len(ids):
        raise PermissionDenied(gettext_lazy("You may not create some of these %(models)s.") % {
            "models": model._meta.verbose_name_plural})


def event(subject: models.Model, verb: str, summary: Sentence, *, user, data: dict | None = None,
          audience: str = Audience.RECORD, organisation_id: int | None = None) -> Event:
    """An unsaved :class:`Event`, exactly as :func:`kyoso.core.services.record_event` would store it."""
    texts = in_every_language(summary)
    text = texts.get(settings.LANGUAGE_CODE) or str(summary)
    acting = getattr(user, "pk", None)
    return Event(
        actor=user if acting else None,
        actor_name=user.get_username() if acting else "system",
        verb=verb,
        summary=text[:500],
        summary_by_language={code: value[:500] for code, value in texts.items()},
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=subject.pk,
        data=data or {},
        audience=audience,
        audience_organisation_id=organisation_id if audience == Audience.ORGANISATION else None,
    )


def created_event(instance: models.Model, *, user) -> Event:
    """The "created" event ``save_object`` writes for a new record."""
    summary = Sentence(gettext_lazy("%(what)s “%(name)s” created"), what=instance._meta.verbose_name, name=instance)
    return event(instance, "created", summary, user=user)


def save_events(events: Iterable[Event]) -> None:
    Event.objects.bulk_create(list(events), batch_size=BATCH)
