"""One readable timeline per record: field-level changes from history, plus domain events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .facts import code_label, fact_value
from .models import Event
from .roles import actor_of
from .surface import hidden_on

__all__ = ["ActivityEntry", "activity_for"]

_CODE = re.compile(r"[a-z]+(_[a-z]+)*")


@dataclass
class ActivityEntry:
    """One line of a record's timeline."""

    when: datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _history_entries(obj: models.Model, limit: int, hidden: frozenset[str] = frozenset()) -> list[ActivityEntry]:
    history = getattr(obj, "history", None)
    if history is None:
        return []
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        who = newer.history_user.get_username() if newer.history_user else _("system")
        if older is None or newer.history_type == "+":
            entries.append(ActivityEntry(newer.history_date, who, pgettext("history of a record", "created")))
            continue
        delta = newer.diff_against(older, excluded_fields=["modified", *hidden, *getattr(obj, "internal_fields", ())])
        changes = [
            (str(field.verbose_name), _show(field, c.old), _show(field, c.new))
            for c in delta.changes
            for field in [obj._meta.get_field(c.field)]
        ]
        if changes:
            entries.append(ActivityEntry(newer.history_date, who, pgettext("history of a record", "changed"), changes))
    return entries


def _show(field, value) -> str:
    """A stored value as a person reads it: a choice by its label, yes/no, facts by their labels."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool | dict | list):
        return fact_value(value)
    if isinstance(field, models.CharField) and isinstance(value, str) and _CODE.fullmatch(value):
        return str(code_label(value, field.name))  # a code kept without choices (a former status)
    return str(value)


def activity_for(obj: models.Model, user, limit: int = 50) -> list[ActivityEntry]:
    """The record's history and events that ``user`` may read, newest first.

    Events written for fewer readers than the record's (one member's money on a shared record:
    :attr:`Event.audience <kyoso.core.models.Event.audience>`) are left out for the others, and so
    are the field changes the model's surface hides from the user (e.g. licence income).
    """
    actor = actor_of(user)
    events = Event.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).order_by("-occurred_at", "-pk")
    readable = (e for e in events.iterator(chunk_size=limit) if e.readable_by(actor))
    entries = [ActivityEntry(e.occurred_at, e.actor_name, e.text) for e in islice(readable, limit)]
    entries += _history_entries(obj, limit, hidden_on(obj, actor))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
