"""Bulk actions on list pages: row checkboxes, an action bar, one transaction through the services.

A list view declares the actions its records allow next to its table
(``ObjectListView.bulk_actions``, e.g. the docket's "Mark done"); every list adds "Export selected"
(CSV/XLSX through the list's own export) and, where the model's surface names a delete service and
the user's role may delete, "Delete". Running an action (:func:`run_bulk`):

- reads the chosen rows from ``Model.objects.for_user(user, "view")`` — a row the user cannot see
  refuses the whole action as "not found";
- checks every row against ``for_user(user, "change")`` first — one the user may not change
  refuses the whole action, naming it, before anything is written;
- applies the same service function as the single-record page to each row, in ONE transaction
  (each service writes its own event); the first service refusal rolls every row back and is
  reported with the record it concerns.

The page is a plain form around the table: it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import django_tables2 as tables
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .roles import CHANGE, VIEW
from .services import delete_with_surface, save_with_surface
from .surface import may_delete, surface_of

__all__ = ["BulkAction", "BulkRefused", "SelectColumn", "run_bulk", "set_field", "delete_action", "EXPORT",
           "MAX_SELECTED", "SELECT_NAME"]

#: The checkbox name in the form around a list's table.
SELECT_NAME = "selected"
#: Rows one bulk action may touch (a page holds 50; a hand-made request may not ask for millions).
MAX_SELECTED = 500


@dataclass(frozen=True)
class BulkAction:
    """One entry of a list's action bar.

    ``apply(obj, *, user, value)`` changes one record through its service (``value`` is the choice
    made in the action's select, if it has ``choices``). ``allowed(model, user)`` says whether the
    bar offers it at all (by default: the user's role may change records of the model).
    ``choices(model, user)`` lists ``(value, label)`` for a select beside the button.
    """

    name: str
    label: str
    apply: Callable[..., object] | None = None
    choices: Callable[[type[models.Model], object], list[tuple[str, str]]] | None = None
    allowed: Callable[[type[models.Model], object], bool] | None = None
    danger: bool = False

    def offered(self, model, user) -> bool:
        if self.allowed is not None:
            return self.allowed(model, user)
        return may_change_some(model, user)

    def options(self, model, user) -> list[tuple[str, str]]:
        return list(self.choices(model, user)) if self.choices else []


def may_change_some(model, user) -> bool:
    """Whether ``user``'s role changes any record of ``model`` (the queryset's writers)."""
    from .roles import actor_of

    actor = actor_of(user)
    queryset = model.objects.get_queryset()
    return actor.is_ip_office or (not actor.is_read_only and actor.role in getattr(queryset, "writers", ()))


#: Export the chosen rows through the list's own export (the action's value is the format).
EXPORT = BulkAction(
    "export", gettext_lazy("Export selected"),
    choices=lambda model, user: [("csv", "CSV"), ("xlsx", "XLSX")], allowed=lambda model, user: True,
)


def delete_action() -> BulkAction:
    """"Delete" through the model's declared delete service, for roles that may delete it."""
    return BulkAction(
        "delete", gettext_lazy("Delete selected"), apply=lambda obj, *, user, value: delete_with_surface(obj, user=user),
        allowed=lambda model, user: surface_of(model).delete is not None and may_delete(model, user), danger=True,
    )


def set_field(field_name: str, label=None) -> BulkAction:
    """Set a choice field (a status) on every chosen row through the model's save service, as its edit form does."""

    def choices(model, user):
        return [(str(value), str(text)) for value, text in model._meta.get_field(field_name).choices]

    def apply(obj, *, user, value):
        allowed = {str(key) for key, _text in obj._meta.get_field(field_name).choices}
        if value not in allowed:
            raise ValidationError(_("Choose a value from the list."))
        setattr(obj, field_name, value)
        save_with_surface(obj, user=user)

    return BulkAction(f"set_{field_name}", label or gettext_lazy("Change status to"), apply=apply, choices=choices)


class BulkRefused(Exception):
    """The whole bulk action refused (nothing was changed); ``message`` names the record."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _record_label(obj) -> str:
    return f"{obj._meta.verbose_name} “{obj}”"


def run_bulk(model: type[models.Model], pks, action: BulkAction, *, user, value: str = "") -> int:
    """Apply ``action`` to the records ``pks`` of ``model`` in one transaction; the number changed.

    Raises :class:`BulkRefused` (nothing changed) when a record is not visible, not changeable, or
    its service refuses.
    """
    wanted = list(dict.fromkeys(pks))
    if not wanted:
        raise BulkRefused(_("Select at least one row."))
    if len(wanted) > MAX_SELECTED:
        raise BulkRefused(_("Select at most %(n)s rows at a time.") % {"n": MAX_SELECTED})
    visible = model.objects.for_user(user, VIEW).in_bulk(wanted)
    missing = [pk for pk in wanted if pk not in visible]
    if missing:
        raise BulkRefused(_("Record %(pk)s was not found; nothing was changed.") % {"pk": missing[0]})
    changeable = set(model.objects.for_user(user, CHANGE).filter(pk__in=wanted).values_list("pk", flat=True))
    refused = [visible[pk] for pk in wanted if pk not in changeable]
    if refused:
        raise BulkRefused(_("You may not change %(record)s; nothing was changed.") % {"record": _record_label(refused[0])})
    with transaction.atomic():
        for pk in wanted:
            obj = visible[pk]
            try:
                action.apply(obj, user=user, value=value)
            except (PermissionDenied, ValidationError, models.ProtectedError) as error:
                if isinstance(error, ValidationError):
                    reason = " ".join(error.messages)
                elif isinstance(error, models.ProtectedError):
                    reason = _("it is still referred to by other records")
                else:
                    reason = str(error) or _("you may not change it")
                raise BulkRefused(_("%(record)s: %(reason)s — nothing was changed.") % {
                    "record": _record_label(obj), "reason": reason}) from error
    return len(wanted)


def parse_pks(values) -> list[int]:
    """The chosen rows' keys; anything that is not a key is refused as a bad request."""
    try:
        return [int(value) for value in values]
    except (TypeError, ValueError):
        raise BulkRefused(_("The selection is not a list of records.")) from None


class SelectColumn(tables.CheckBoxColumn):
    """The row checkbox of a list with bulk actions (not part of exports)."""

    def __init__(self, **kwargs):
        super().__init__(accessor="pk", attrs={"td__input": {"class": "bulk-select"}, "th": {"class": "bulk"}}, **kwargs)

    @property
    def header(self):
        return format_html('<span class="visually-hidden">{}</span>', _("Select"))

    def render(self, value, bound_column, record):
        return format_html('<input type="checkbox" name="{}" value="{}" class="bulk-select" aria-label="{}">',
                           SELECT_NAME, value, _("Select row %(number)s") % {"number": value})
