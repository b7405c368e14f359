"""State changes common to every domain: save with history and an event, delete with an event.

Domain services call these; views, the API, imports and commands call the domain services. Each
takes the acting user keyword-only and runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy

from .models import Event
from .roles import CHANGE
from .sentences import Sentence, in_every_language

__all__ = ["record_event", "save_object", "delete_object", "ensure_may_change", "changed_fields"]


def record_event(subject: models.Model, verb: str, summary: str | Sentence, *, user, data: dict | None = None) -> Event:
    """Append a readable event about ``subject`` to the domain log.

    ``summary`` is best a :class:`~kyoso.core.sentences.Sentence`: it is stored in every language,
    and each reader sees it in theirs. A plain string is stored as it is.
    """
    texts = in_every_language(summary) if isinstance(summary, Sentence) else {}
    text = texts.get(settings.LANGUAGE_CODE) or str(summary)
    return Event.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=(user.get_username() if getattr(user, "pk", None) else "system"),
        verb=verb,
        summary=text[:500],
        summary_by_language={code: value[:500] for code, value in texts.items()},
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        object_id=subject.pk,
        data=data or {},
    )


def ensure_may_change(instance: models.Model, *, user) -> None:
    """Refuse unless ``user`` may change ``instance`` under its model's scoping rule."""
    manager = type(instance)._default_manager
    if instance.pk is None:
        if not manager.get_queryset().may_create(user):
            raise PermissionDenied
        return
    if not manager.for_user(user, CHANGE).filter(pk=instance.pk).exists():
        raise PermissionDenied


def changed_fields(instance: models.Model) -> list[str]:
    """Names of concrete fields whose value differs from the stored row (empty for a new row)."""
    if instance.pk is None:
        return []
    stored = type(instance)._default_manager.filter(pk=instance.pk).values().first() or {}
    return [
        f.verbose_name
        for f in instance._meta.concrete_fields
        if f.attname in stored and stored[f.attname] != getattr(instance, f.attname) and f.name not in ("modified",)
    ]


@transaction.atomic
def save_object(
    instance: models.Model,
    *,
    user,
    verb: str | None = None,
    summary: str | None = None,
    check_scope: bool = True,
    exclude_validation: Iterable[str] = (),
) -> models.Model:
    """Validate, save with the acting user in history, and log "created"/"changed".

    ``check_scope`` is off only for services that already checked a parent record.
    """
    if check_scope:
        ensure_may_change(instance, user=user)
    creating = instance.pk is None
    changes = changed_fields(instance)
    instance.full_clean(exclude=list(exclude_validation) or None)
    instance._history_user = user if getattr(user, "pk", None) else None
    instance.save()
    if check_scope and creating:
        # A new record must land inside what its author may change (e.g. a CPO's own consortium).
        try:
            ensure_may_change(instance, user=user)
        except PermissionDenied:
            instance.pk = None  # the transaction rolls the row back; the object must say so too
            raise
    label = instance._meta.verbose_name
    if creating:
        summary = summary or Sentence(gettext_lazy("%(what)s “%(name)s” created"), what=label, name=instance)
        record_event(instance, verb or "created", summary, user=user)
    elif changes:
        summary = summary or Sentence(
            gettext_lazy("%(what)s “%(name)s” changed: %(fields)s"), what=label, name=instance, fields=changes
        )
        record_event(instance, verb or "changed", summary, user=user, data={"fields": [str(c) for c in changes]})
    return instance


@transaction.atomic
def delete_object(instance: models.Model, *, user, parent: models.Model | None = None) -> None:
    """Delete ``instance`` after a scope check; the event lands on ``parent`` when given."""
    ensure_may_change(instance, user=user)
    # Rendered before the row goes: its name may need it.
    summary = Sentence(gettext_lazy("%(what)s “%(name)s” deleted"), what=instance._meta.verbose_name, name=str(instance))
    instance._history_user = user if getattr(user, "pk", None) else None
    if parent is not None:
        record_event(parent, "deleted", summary, user=user)
    else:
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=instance.pk
        ).delete()
    instance.delete()
