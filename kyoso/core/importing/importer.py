"""The base of every importer: its columns, and saving a row's records through the services."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services import changed_fields, ensure_may_change, save_object
from .columns import Column, ReferenceColumn

__all__ = ["Importer", "RowError", "CREATED", "UPDATED", "UNCHANGED"]

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

_OUTCOMES = {
    CREATED: gettext_lazy("%(model)s %(key)s created"),
    UPDATED: gettext_lazy("%(model)s %(key)s updated"),
    UNCHANGED: gettext_lazy("%(model)s %(key)s unchanged"),
}


_CHECKED_FIELDS: dict = {}  # model → its fields checked by value (all but its relations)


def _checked_fields(model: type[models.Model]) -> list:
    if model not in _CHECKED_FIELDS:
        _CHECKED_FIELDS[model] = [f for f in model._meta.concrete_fields if not f.is_relation and not f.generated]
    return _CHECKED_FIELDS[model]


class RowError(Exception):
    """A problem with one row, tied to a column when one is to blame."""

    def __init__(self, message, column: str | None = None):
        super().__init__(message)
        self.message, self.column = str(message), column


class Importer:
    """Declares one kind of import; a subclass lives in each domain app's ``importers.py``.

    Subclasses set ``kind`` (the slug in URLs and the command), ``verbose_name``, ``model`` (whose
    ``may_create`` decides who sees the kind), ``columns``, a ``sample`` row for the templates, and
    implement :meth:`import_row`. One instance imports one file for one user.
    """

    do_not_call_in_templates = True  # templates list importer classes; calling one would instantiate it
    kind = ""
    verbose_name = ""
    description = ""
    model: type[models.Model]
    columns: tuple[Column, ...] = ()
    sample: dict[str, object] = {}

    #: An importer that validates the whole file first (:meth:`prepare`, outside any transaction,
    #: lookups in bulk) and then writes it in one short transaction (:meth:`write`, bulk inserts).
    #: Others save row by row through the services inside the import's transaction.
    bulk = False

    def __init__(self, user):
        self.user = user
        self._found: dict = {}

    def release(self) -> None:
        """Forget what a run built — its plan, the records found, checked and made — keeping the
        user, as a fresh importer. The runner calls it as the run ends, while the cycle collector
        is still paused: the hundreds of thousands of objects of an import are then freed at once,
        rather than walked by the collector first because this importer still held them."""
        user = self.user
        self.__dict__.clear()
        self.__init__(user)

    @classmethod
    def available_to(cls, user) -> bool:
        return cls.model.objects.get_queryset().may_create(user)

    @classmethod
    def column(cls, name: str) -> Column:
        return next(c for c in cls.columns if c.name == name)

    def check_rows(self, rows) -> None:
        """Checks across rows, before any row is imported: duplicates within the file and against
        the database. ``rows`` are :class:`~kyoso.core.importing.runner.RowReport` with their
        parsed ``values``; add to a row's ``errors`` (absolute duplicates) or ``warnings``
        (a judgement: "did you mean …")."""

    def accepts_bulk(self, rows) -> bool:
        """(Bulk importers) Whether these rows can take the bulk path; otherwise they are saved
        row by row through the services (e.g. a file that changes existing records)."""
        return True

    def prepare(self, rows):
        """(Bulk importers) Validate every row and build its records without writing; return the
        plan :meth:`write` saves. Fill each row's ``changes`` and ``errors``."""
        raise NotImplementedError

    def before_write(self, plan) -> None:
        """(Bulk importers) Work the write needs that touches no table (rendering event texts),
        done after a preview would have stopped and before the write transaction begins."""

    def write(self, plan) -> None:
        """(Bulk importers) Save ``plan`` inside the import's one transaction."""
        raise NotImplementedError

    def import_row(self, values: dict[str, object]) -> list[str]:
        """Create or update this row's records; return what happened, one sentence per record.

        ``values`` holds the parsed cells of the columns present in the file only, so a column
        left out of the file leaves the stored value alone.
        """
        raise NotImplementedError

    def outcome(self, model: type[models.Model], what: str, key: str) -> str:
        """"<record> <key> created" (``what``: CREATED, UPDATED or UNCHANGED) in the user's
        language, its words translated once per file rather than once per row."""
        patterns = self.__dict__.setdefault("_outcomes", {})
        if (model, what) not in patterns:
            patterns[(model, what)] = str(_OUTCOMES[what]) % {"model": model._meta.verbose_name, "key": "\x00"}
        return patterns[(model, what)].replace("\x00", key)

    def validate(self, instance: models.Model, *, full: bool = False) -> None:
        """(Bulk importers) The model's field validation — and with ``full`` its ``clean()`` — as
        ``full_clean`` runs it, without the per-row queries (foreign keys are resolved among the
        user's records, uniqueness is checked in bulk, constraints hold at the write). A field's
        check reads only its value, so each distinct value of a field is checked once per file:
        a file repeats kinds, years and sources on every row."""
        model = type(instance)
        checked = self.__dict__.setdefault("_valid_values", {})  # model → [(field, attname, values that passed)]
        if model not in checked:
            checked[model] = [(field, field.attname, set()) for field in _checked_fields(model)]
        fresh, check = [], []
        for field, attname, passed in checked[model]:
            value = getattr(instance, attname)
            try:
                if value in passed:
                    continue
            except TypeError:  # a value that cannot be a key (a list): checked every time
                check.append(field)
                continue
            fresh.append((passed, value))
            check.append(field)
        errors: dict = {}
        # As full_clean: the fields, then clean() even when a field failed, their errors together.
        try:
            if check:
                instance.clean_these_fields(check)  # every kyoso record is a TrackedModel
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if full:
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        for passed, value in fresh:
            passed.add(value)

    # -- helpers for import_row -----------------------------------------------------------
    @staticmethod
    def assign(instance: models.Model, values: dict, fields: dict[str, str]) -> None:
        """Copy ``values[column]`` to ``instance.field`` for each (field → column) filled in.

        A blank cell leaves the stored value (or the model's default) alone, so a partial file
        never wipes data; clearing a value is done in the edit form.
        """
        for field, column in fields.items():
            if values.get(column) is not None:
                setattr(instance, field, values[column])

    def upsert(self, model: type[models.Model], *, key: str, column: str, **natural_key) -> models.Model:
        """The record with ``natural_key``, or a new one carrying it.

        The look-up is not scoped, so a record the user may not change is refused by name
        rather than duplicated (or clashing with a unique number).
        """
        instance = model._default_manager.filter(**natural_key).first()
        if instance is None:
            return model(**natural_key)
        try:
            ensure_may_change(instance, user=self.user)
        except PermissionDenied:
            raise RowError(_("You may not change %(model)s %(key)s.") % {
                "model": model._meta.verbose_name, "key": key}, column) from None
        return instance

    def find(self, column: str, text: str, **within):
        """Resolve ``text`` with the reference column ``column``, narrowed by ``within`` filters."""
        reference = self.column(column)
        assert isinstance(reference, ReferenceColumn)
        key = (column, text.casefold(), tuple(sorted(within.items())))
        if key not in self._found:  # a file names the same few topics on many rows
            self._found[key] = list(reference.match(reference.queryset(self).filter(**within), text)[:2])
        found = self._found[key]
        if len(found) != 1:
            message = _("No %(model)s “%(value)s” there that you may use.") if not found else _("“%(value)s” is ambiguous.")
            raise RowError(message % {"model": reference.model._meta.verbose_name, "value": text}, column)
        return found[0]

    def save(
        self,
        instance: models.Model,
        *,
        key: str,
        service: Callable | None = None,
        errors_to: dict[str, str] | None = None,
    ) -> str:
        """Save through ``service`` (default ``save_object``) and say what happened.

        ``key`` names the record as the user wrote it (never a field they may not see);
        ``errors_to`` maps model fields to the columns their validation errors belong to.
        An unchanged existing record is not saved again, so a re-import leaves no history.
        """
        label = instance._meta.verbose_name
        creating = instance.pk is None
        if not creating and not changed_fields(instance):
            return _("%(model)s %(key)s unchanged") % {"model": label, "key": key}
        try:
            (service or save_object)(instance, user=self.user)
        except PermissionDenied:
            message = _("You may not create %(model)s %(key)s.") if creating else _("You may not change %(model)s %(key)s.")
            raise RowError(message % {"model": label, "key": key}) from None
        except ValidationError as error:
            raise self.relabel(error, instance, errors_to or {}) from None
        message = _("%(model)s %(key)s created") if creating else _("%(model)s %(key)s updated")
        return message % {"model": label, "key": key}

    def relabel(self, error: ValidationError, instance: models.Model, errors_to: dict[str, str]) -> ValidationError:
        """Key a model's validation errors by the column that holds each field."""
        if not hasattr(error, "error_dict"):
            return error
        columns = {c.name for c in self.columns}
        relabelled: dict[str, list] = {}
        for field, messages in error.message_dict.items():
            column = errors_to.get(field, field)
            if column not in columns:
                column = "__all__"
                if field != "__all__":
                    name = instance._meta.get_field(field).verbose_name
                    messages = [f"{name}: {m}" for m in messages]
            relabelled.setdefault(column, []).extend(messages)
        return ValidationError(relabelled)
