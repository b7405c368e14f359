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

from .models import Audience, Event
from .roles import CHANGE
from .sentences import Sentence, in_every_language
from .surface import editable_fields, may_delete, surface_of

__all__ = [
    "record_event", "save_object", "delete_object", "ensure_may_change", "ensure_may_delete", "ensure_may_edit_fields",
    "changed_fields", "save_with_surface", "delete_with_surface",
]


def record_event(
    subject: models.Model,
    verb: str,
    summary: str | Sentence,
    *,
    user,
    data: dict | None = None,
    audience: str = Audience.RECORD,
    organisation_id: int | None = None,
) -> Event:
    """Append a readable event about ``subject`` to the domain log.

    ``summary`` is best a :class:`~kyoso.core.sentences.Sentence`: it is stored in every language,
    and each reader sees it in theirs. A plain string is stored as it is.

    An event that names what not every reader of ``subject`` may see (one member's money on a
    shared agreement or consortium) says so: ``audience=Audience.MANAGERS`` (IP office, auditors,
    CPO), or ``Audience.ORGANISATION`` with the ``organisation_id`` whose staff may read it too.
    """
    if audience == Audience.ORGANISATION and organisation_id is None:
        raise ValueError("an event for one organisation names the organisation")
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
        audience=audience,
        audience_organisation_id=organisation_id if audience == Audience.ORGANISATION else None,
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
    return [instance._meta.get_field(name).verbose_name for name in _changed_names(instance)]


def _changed_names(instance: models.Model) -> list[str]:
    if instance.pk is None:
        return []
    stored = type(instance)._default_manager.filter(pk=instance.pk).values().first() or {}
    return [
        f.name
        for f in instance._meta.concrete_fields
        if f.attname in stored and stored[f.attname] != getattr(instance, f.attname) and f.name not in ("modified",)
    ]


def ensure_may_edit_fields(instance: models.Model, names, *, user) -> None:
    """Refuse a change to fields the user's role may not change on this model (its surface's ``editable``)."""
    allowed = editable_fields(type(instance), user)
    if allowed is None:
        return
    refused = sorted(set(names) - allowed - {"created", "modified"})
    if refused:
        labels = ", ".join(str(instance._meta.get_field(name).verbose_name) for name in refused)
        raise PermissionDenied(
            gettext_lazy("Your role may not change: %(fields)s.") % {"fields": labels}
        )


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
    changed_names = _changed_names(instance)
    if check_scope and not creating:
        ensure_may_edit_fields(instance, changed_names, user=user)
    changes = [instance._meta.get_field(name).verbose_name for name in changed_names]
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


def ensure_may_delete(instance: models.Model, *, user) -> None:
    """Refuse unless ``user`` may change ``instance`` and their role may delete its kind."""
    if not may_delete(type(instance), user):
        raise PermissionDenied(gettext_lazy("Your role may not delete a %(what)s.") % {"what": instance._meta.verbose_name})
    ensure_may_change(instance, user=user)


@transaction.atomic
def delete_object(
    instance: models.Model,
    *,
    user,
    parent: models.Model | None = None,
    summary: Sentence | None = None,
    audience: str = Audience.RECORD,
    organisation_id: int | None = None,
) -> None:
    """Delete ``instance`` after a permission check, leaving a "deleted" event behind.

    The event is written on the record itself (its earlier events stay: the log is append-only,
    readable in the IP office's event list after the row is gone) and on ``parent`` (by default the
    parent its surface declares), whose timeline keeps showing what happened to its children.
    """
    ensure_may_delete(instance, user=user)
    if parent is None:
        parent = surface_of(instance).parent_of(instance)
    # Rendered before the row goes: its name may need it.
    summary = summary or Sentence(
        gettext_lazy("%(what)s “%(name)s” deleted"), what=instance._meta.verbose_name, name=str(instance)
    )
    instance._history_user = user if getattr(user, "pk", None) else None
    record_event(instance, "deleted", summary, user=user, audience=audience, organisation_id=organisation_id,
                 data={"deleted": True})
    if parent is not None:
        record_event(parent, "deleted", summary, user=user, audience=audience, organisation_id=organisation_id)
    instance.delete()


@transaction.atomic
def save_with_surface(instance: models.Model, *, user, many_to_many: dict | None = None) -> models.Model:
    """Save through the service the model's surface declares (``save_object`` by default).

    Many-to-many values (e.g. a topic's participating companies) are set in the same transaction,
    after the same field check, and their change is written as an event: web and API alike.
    """
    creating = instance.pk is None
    changed = {}
    if many_to_many and not creating:
        for name, values in many_to_many.items():
            before = set(getattr(instance, name).values_list("pk", flat=True))
            if before != {v.pk for v in values}:
                changed[name] = values
        ensure_may_edit_fields(instance, changed, user=user)
    instance = surface_of(instance).save_service()(instance, user=user)
    for name, values in (many_to_many or {}).items():
        if creating or name in changed:
            getattr(instance, name).set(values)
    if changed:
        labels = [instance._meta.get_field(name).verbose_name for name in changed]
        record_event(
            instance, "changed",
            Sentence(gettext_lazy("%(what)s “%(name)s” changed: %(fields)s"), what=instance._meta.verbose_name,
                     name=instance, fields=labels),
            user=user, data={"fields": [str(label) for label in labels]},
        )
    return instance


def delete_with_surface(instance: models.Model, *, user) -> None:
    """Delete through the service the model's surface declares (``delete_object`` by default)."""
    surface_of(instance).delete_service()(instance, user=user)
