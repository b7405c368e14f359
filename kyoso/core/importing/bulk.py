"""Bulk writes for imports: records with their field history and their events, a few queries each.

What :func:`kyoso.core.services.save_object` does for one record — a historical row naming the
acting user, a "created" event whose summary is stored in every language — done for thousands in
one ``INSERT`` per table, inside the import's transaction.
"""

from __future__ import annotations

import datetime
import json
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connections, models, router
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ..formatting import rendering_in
from ..models import Audience, Event
from ..roles import CHANGE
from ..sentences import ByLanguage, Sentence

__all__ = ["Prepared", "build", "create_with_history", "event", "created_event", "save_events", "ensure_all_may_change", "insert_rows", "insert_values", "keys_of", "render_events",
           "render_events_meanwhile", "in_every_language_at_once", "take_parent_keys"]

BATCH = 500  # rows per statement

# Field types whose Python value the database driver takes as it is (ids, text, numbers, flags).
_AS_IS = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "EmailField", "ForeignKey",
    "IntegerField", "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField",
    "SmallIntegerField", "TextField", "URLField", "OneToOneField",
}


def insert_rows(model: type[models.Model], instances: Sequence[models.Model]) -> None:
    """Insert unsaved ``instances`` whose primary keys nobody needs back (deadlines): one prepared
    statement run over them all, several times faster than ``bulk_create``."""
    now = timezone.now()
    for instance in instances:
        _stamp(model, instance, now)
    _insert(model, instances, _getter(attrgetter, _columns(model, with_pk=False)))


def insert_values(model: type[models.Model], rows: Sequence[dict]) -> None:
    """Insert rows given as ``{attname: value}`` (events, historical rows, deadlines) without
    building a model instance for each; a missing column takes the field's default, and an
    automatic timestamp (``auto_now``/``auto_now_add``) the time of this call."""
    now = timezone.now()
    defaults = {}
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            defaults[field.attname] = now
        elif field.has_default() or not field.null:
            defaults[field.attname] = field.get_default()
        else:
            defaults[field.attname] = None
    pick = _getter(itemgetter, _columns(model, with_pk=False))
    _insert(model, rows, lambda row: pick({**defaults, **row}))


_BLANKS: dict = {}  # model → (its blank instance's values, the fields whose default is made afresh, its foreign keys)


def build(model: type[models.Model], **values) -> models.Model:
    """An unsaved ``model(**values)``, made from a copy of a blank instance: ``Model.__init__``
    works out every field's default on each call, thousands of times over in an import. Fields
    whose default is made by a callable (a fresh dict or list) get their own; a model with
    ``pre_init``/``post_init`` receivers is made the ordinary way. A foreign key given a record of
    its model (or ``None``) is set as its descriptor sets it (the key and the cached record),
    without the descriptor's checks on every row."""
    if (signals.pre_init.receivers or signals.post_init.receivers) and (
            signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)):
        return model(**values)
    if model not in _BLANKS:
        blank = model()
        fresh = [f for f in model._meta.concrete_fields if f.has_default() and callable(f.default)]
        # Many-to-one keys to their model's primary key (a one-to-one also caches its reverse side).
        forward = {f.name: (f.attname, f.cache_name, f.related_model) for f in model._meta.concrete_fields
                   if f.many_to_one and f.target_field.primary_key}
        _BLANKS[model] = ({k: v for k, v in blank.__dict__.items() if k != "_state"}, fresh, forward)
    state, fresh, forward = _BLANKS[model]
    instance = model.__new__(model)
    own = instance.__dict__
    own.update(state)
    instance._state = ModelState()
    for field in fresh:
        own[field.attname] = field.get_default()
    cache = None
    for name, value in values.items():
        key = forward.get(name)
        if key is not None and (value is None or type(value) is key[2]):
            if cache is None:
                cache = instance._state.fields_cache
            own[key[0]] = None if value is None else value.pk
            cache[key[1]] = value
        else:
            setattr(instance, name, value)
    return instance


class Prepared:
    """Rows of one model turned into the database's values ahead of the insert (:func:`prepare_row`),
    so that many rows sharing most of their values (the deadlines of filings with the same dates)
    are converted once and copied."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.fields = _columns(model, with_pk=False)
        self.names = [f.attname for f in self.fields]
        self.converters = [_converter(f, self.connection) for f in self.fields]
        self.converted = [(index, converter) for index, converter in enumerate(self.converters) if converter is not None]
        now = timezone.now()
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                self.defaults[field.attname] = now
            elif field.has_default() or not field.null:
                self.defaults[field.attname] = field.get_default()
            else:
                self.defaults[field.attname] = None

    def row(self, values: dict) -> list:
        """``values`` (``{attname: value}``, the rest defaults) as the database takes them."""
        full = {**self.defaults, **values}
        row = [full[name] for name in self.names]
        for index, converter in self.converted:
            if row[index] is not None:
                row[index] = converter(row[index])
        return row

    def index(self, attname: str) -> int:
        return self.names.index(attname)

    def converter(self, attname: str):
        """How a value of ``attname`` becomes the database's (``None``: as it is)."""
        return self.converters[self.index(attname)]

    def insert(self, rows: Sequence[Sequence]) -> None:
        """Insert rows made by :meth:`row` (copied and changed as the caller likes)."""
        if not rows:
            return
        _run_insert(self.connection, self.model, self.fields, rows)

    def insert_for_each(self, attname: str, groups: Iterable[tuple[Sequence, Sequence[int]]]) -> int:
        """Insert each ``(row, keys)`` once per key, with its ``attname`` column set to that key
        (the same deadline for thousands of filings); returns how many rows were inserted.

        A row shared by many keys is one statement that reads the keys from an array (SQLite:
        ``json_each`` of a JSON array; PostgreSQL: ``unnest``): binding 20 values per row costs
        more than the database's own insert (measured on SQLite: half the time of 70,000
        deadlines). A row few keys share is copied and inserted as usual."""
        at = self.index(attname)
        single, count = [], 0
        shared_sql = None
        vendor = self.connection.vendor
        with self.connection.cursor() as cursor:
            for row, keys in groups:
                count += len(keys)
                if vendor not in ("sqlite", "postgresql") or len(keys) < _SHARED_ROW_MIN:
                    for key in keys:
                        copy = list(row)
                        copy[at] = key
                        single.append(copy)
                    continue
                if shared_sql is None:
                    shared_sql = self._shared_insert(at)
                keys = json.dumps(list(keys)) if vendor == "sqlite" else list(keys)
                cursor.execute(shared_sql, [*(v for index, v in enumerate(row) if index != at), keys])
        self.insert(single)
        return count

    def _shared_insert(self, at: int) -> str:
        """``INSERT … SELECT`` of one row for each key of a list: SQLite reads the keys from a JSON
        array, PostgreSQL from an array (each value cast to its column's type, as a typed insert)."""
        quote = self.connection.ops.quote_name
        others = [f for index, f in enumerate(self.fields) if index != at]
        columns = f"{quote(self.fields[at].column)}, {', '.join(quote(f.column) for f in others)}"
        table = quote(self.model._meta.db_table)
        if self.connection.vendor == "sqlite":
            return f"INSERT INTO {table} ({columns}) SELECT value, {', '.join(['%s'] * len(others))} FROM json_each(%s)"
        casts = ", ".join(f"%s::{f.db_type(self.connection)}" for f in others)
        key_type = self.fields[at].db_type(self.connection)
        return f"INSERT INTO {table} ({columns}) SELECT key, {casts} FROM unnest(%s::{key_type}[]) AS key"


_SHARED_ROW_MIN = 20  # keys from which a shared row is inserted by one statement (Prepared.insert_for_each)


def _columns(model, *, with_pk: bool) -> list:
    """The fields an insert names: all but a database-numbered key, unless the keys are given."""
    return [f for f in model._meta.concrete_fields
            if with_pk or not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))]


def _getter(kind, fields):
    """A function from an instance (``attrgetter``) or a row dict (``itemgetter``) to its values in
    the order of ``fields``, always a tuple."""
    get = kind(*(f.attname for f in fields))
    return (lambda item: (get(item),)) if len(fields) == 1 else get


def keys_of(instances: Iterable[models.Model]) -> list:
    """The primary keys of ``instances``, read off the key attribute: ``instance.pk`` is a property
    that looks the key field up on every call (225,000 calls in an import of 10,000 inventions)."""
    instances = list(instances)
    kinds = set(map(type, instances))
    if len(kinds) == 1:  # the usual case, read in C
        return list(map(attrgetter(kinds.pop()._meta.pk.attname), instances))
    getters = {kind: attrgetter(kind._meta.pk.attname) for kind in kinds}
    return [getters[type(instance)](instance) for instance in instances]


_TIMESTAMPS: dict = {}  # model → its automatic timestamp fields, as (field, attname, is a datetime)


def _timestamp_fields(model) -> list:
    if model not in _TIMESTAMPS:
        _TIMESTAMPS[model] = [
            (field, field.attname, isinstance(field, models.DateTimeField)) for field in model._meta.concrete_fields
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)]
    return _TIMESTAMPS[model]


def _stamp(model, instance, now=None) -> None:
    """Set the automatic timestamps (``auto_now``/``auto_now_add``) as a save would; the records
    of one insert share one time (``now``), converted to the database's text once."""
    for field, attname, is_datetime in _timestamp_fields(model):
        if now is not None and is_datetime:
            instance.__dict__[attname] = now
        else:
            field.pre_save(instance, True)


def take_parent_keys(instances: Sequence[models.Model], *names: str) -> None:
    """Copy the key of each named parent (saved by now) onto ``instances``' foreign keys: what
    ``child.parent = child.parent`` does once the parent has its key, without the descriptor's
    checks on every row of an import."""
    if not instances:
        return
    model = type(instances[0])
    for name in names:
        field = model._meta.get_field(name)
        attname, cache = field.attname, field.cache_name
        key = attrgetter(field.related_model._meta.pk.attname)
        for instance in instances:
            parent = instance._state.fields_cache.get(cache)
            if parent is not None:
                instance.__dict__[attname] = key(parent)


def _converter(field, connection):
    """How a Python value becomes the database's: ``None`` when the driver takes it as it is;
    dates and times directly as SQLite's text (what Django's adapters give, without their layers)."""
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if connection.vendor == "sqlite" and kind == "DateField":
        return datetime.date.isoformat
    if connection.vendor == "sqlite" and kind == "DateTimeField" and settings.USE_TZ:
        def as_utc_text(value):
            if value.tzinfo is not None:
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            return value.isoformat(" ")
        return _once_per_value(as_utc_text)
    if connection.vendor == "sqlite" and kind == "DecimalField":
        # SQLite stores the text of a Decimal (Django's adapter); an import's shares already are.
        return lambda value: value if isinstance(value, Decimal) else field.get_db_prep_save(value, connection)
    if kind == "JSONField" and connection.vendor in ("sqlite", "postgresql"):
        # The JSON text, which PostgreSQL reads into ``jsonb`` as it reads the driver's adapter
        # (``Jsonb``): made here — before the write transaction for rendered events — rather
        # than by the driver while the rows stream inside it.
        # One encoder for every row: ``json.dumps(value, cls=…)`` makes a new one for each value.
        encode = (field.encoder or json.JSONEncoder)().encode
        return lambda value: "{}" if value == {} else encode(value)
    if connection.vendor == "postgresql" and kind in ("DateField", "DateTimeField"):
        return _once_per_value(lambda value: field.get_db_prep_save(value, connection))
    return lambda value: field.get_db_prep_save(value, connection)


def _once_per_value(convert):
    """``convert`` worked out once per distinct value (and type): the rows of an import share a
    few timestamps and dates, and Django's conversion of each costs more than a look-up."""
    done: dict = {}

    def once(value):
        key = (type(value), value)
        try:
            return done[key]
        except KeyError:
            pass
        except TypeError:  # not hashable
            return convert(value)
        if len(done) > 10_000:
            done.clear()
        done[key] = converted = convert(value)
        return converted
    return once


def _insert(model, items, values, *, with_pk: bool = False, fields: Sequence | None = None) -> None:
    """Insert ``items``, each turned into its column values by ``values(item)`` (in the order of
    ``fields``, by default every column), converting only the columns whose values the driver
    does not take as they are."""
    if not items:
        return
    connection = connections[router.db_for_write(model)]
    fields = list(fields) if fields is not None else _columns(model, with_pk=with_pk)
    _run_insert(connection, model, fields, _converted_rows(items, values, fields, connection))


def _run_insert(connection, model, fields, rows) -> None:
    """The insert itself. SQLite: one prepared statement run over every row (``executemany``, in
    C). PostgreSQL: ``COPY … FROM STDIN``, the rows streamed in one command (a statement per row,
    even pipelined, costs the server a statement's work per row); constraints and triggers hold
    as for an ``INSERT``."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor, \
                cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start:start + BATCH * 10])


def _numbered(model) -> bool:
    """Whether the database numbers ``model``'s rows (an auto-incremented integer key)."""
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)


def _reserve_pks(model, instances, connection) -> bool:
    """Give ``instances`` the primary keys the database would give them, before the insert
    (PostgreSQL: taken from the key's sequence in one query). False where not done this way."""
    if connection.vendor != "postgresql":
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(model._meta.db_table), model._meta.pk.column, len(instances)],
        )
        keys = [key for (key,) in cursor.fetchall()]
    for instance, key in zip(instances, keys, strict=True):
        instance.pk = key
    return True


def _converted_rows(items, values, fields, connection) -> list[list]:
    """``values(item)`` of each item as the database takes them (see :func:`_converter`)."""
    converted = [(index, converter) for index, converter in enumerate(_converter(f, connection) for f in fields)
                 if converter is not None]
    rows = []
    for item in items:
        row = list(values(item))
        for index, converter in converted:
            if row[index] is not None:
                row[index] = converter(row[index])
        rows.append(row)
    return rows


def _insert_instances(model, instances, rows=None) -> None:
    """Insert unsaved ``instances`` and give each its primary key, without ``bulk_create``'s
    per-value compiler work (see :func:`_run_insert`). ``rows``: their values already converted
    (:func:`_converted_rows`, every column but the key), else converted here. On SQLite the rows
    of one statement, inside the write lock the transaction holds, take consecutive keys ending
    at ``last_insert_rowid()`` (checked); on PostgreSQL the keys are taken from the sequence first."""
    connection = connections[router.db_for_write(model)]
    alias = router.db_for_write(model)
    if not _fast(model, instances, connection):
        model._default_manager.bulk_create(list(instances), batch_size=BATCH)
        return
    fields = _columns(model, with_pk=False)
    if rows is None:
        now = timezone.now()
        for instance in instances:
            _stamp(model, instance, now)
        rows = _converted_rows(instances, _getter(attrgetter, fields), fields, connection)
    if _reserve_pks(model, instances, connection):
        _run_insert(connection, model, [model._meta.pk, *fields], [[key, *row] for key, row in zip(keys_of(instances), rows, strict=True)])
    else:  # SQLite
        step = BATCH * 10
        table, key = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
        for start in range(0, len(instances), step):
            chunk = instances[start:start + step]
            _run_insert(connection, model, fields, rows[start:start + step])
            with connection.cursor() as cursor:
                cursor.execute("SELECT last_insert_rowid()")
                last = cursor.fetchone()[0]
                first = last - len(chunk) + 1
                cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {key} BETWEEN %s AND %s", [first, last])
                if cursor.fetchone()[0] != len(chunk):  # never seen: the keys were not consecutive
                    raise DatabaseError(f"{model._meta.db_table}: inserted rows did not take consecutive keys")
            for key_value, instance in enumerate(chunk, start=first):
                instance.__dict__[model._meta.pk.attname] = key_value
    for instance in instances:
        instance._state.adding = False
        instance._state.db = alias


def _fast(model, instances, connection) -> bool:
    """Whether ``instances`` take the fast insert (else ``bulk_create``): new rows the database numbers."""
    return (_numbered(model) and connection.vendor in ("sqlite", "postgresql")
            and all(key is None for key in keys_of(instances)))


def create_with_history(model: type[models.Model], instances: Sequence[models.Model], *, user) -> list[models.Model]:
    """Insert ``instances`` (they get their pks) with one historical row each naming
    ``user``, as simple-history writes on a save ("+" created, now, by the acting user).

    Each record's values are converted for the database once; the database copies them into
    its historical row."""
    if not instances:
        return []
    instances = list(instances)
    connection = connections[router.db_for_write(model)]
    history = model.history.model
    acting = getattr(user, "pk", None)
    now = timezone.now()
    # The historical row's columns: the record's own values, then the same few for every row.
    tracked = {field.attname for field in history.tracked_fields}
    columns = _columns(history, with_pk=False)
    copied = [f for f in columns if f.attname in tracked]
    fixed = [f for f in columns if f.attname not in tracked]
    stamp = {"history_date": now, "history_user_id": acting, "history_change_reason": "", "history_type": "+"}
    constants = tuple(stamp[f.attname] if f.attname in stamp else f.get_default() for f in fixed)
    fields = _columns(model, with_pk=False)
    position = {f.attname: index for index, f in enumerate(fields)}
    pk = model._meta.pk.attname
    # The database copies a record's values into its historical row when each historical column
    # is of its column's type (as simple-history makes them); otherwise they are sent for each.
    alike = all(f.attname == pk or (f.attname in position and _same_column(f, fields[position[f.attname]], connection))
                for f in copied)
    if not (alike and _fast(model, instances, connection)):
        _insert_instances(model, instances)
        own = _getter(attrgetter, copied)
        _insert(history, instances, lambda instance: own(instance) + constants, fields=copied + fixed)
        return instances
    for instance in instances:
        _stamp(model, instance, now)
    rows = _converted_rows(instances, _getter(attrgetter, fields), fields, connection)
    _insert_instances(model, instances, rows)
    constants = list(_converted_rows([constants], tuple, fixed, connection)[0])
    _copy_into_history(connection, model, history, copied, fixed, constants, keys_of(instances))
    return instances


def _same_column(historical, own, connection) -> bool:
    """Whether a historical column holds its record's column as it is: the same kind of field,
    or a key to the same table's key type (simple-history keeps a one-to-one key, such as a
    ledger entry's ``reverses``, as a many-to-one key of the same column)."""
    if historical.get_internal_type() == own.get_internal_type():
        return True
    return (historical.is_relation and own.is_relation and historical.related_model is own.related_model
            and historical.db_type(connection) == own.db_type(connection))


def _copy_into_history(connection, model, history, copied, fixed, constants, keys) -> None:
    """The historical rows of the records with ``keys``, just inserted: copied by the database
    from the stored rows (``INSERT … SELECT``), ``fixed`` columns taking ``constants`` — a
    quarter of the time of sending the same values again from Python (measured on SQLite)."""
    quote = connection.ops.quote_name
    own = {f.attname: f for f in model._meta.concrete_fields}
    targets = ", ".join(quote(f.column) for f in (*copied, *fixed))
    sources = ", ".join(quote(own[f.attname].column) for f in copied)
    if connection.vendor == "postgresql":  # typed, as an insert's values would be (a NULL user)
        values = ", ".join(f"%s::{f.db_type(connection)}" for f in fixed)
    else:
        values = ", ".join(["%s"] * len(fixed))
    key = quote(model._meta.pk.column)
    select = (f"INSERT INTO {quote(history._meta.db_table)} ({targets}) SELECT {sources}, {values} "
              f"FROM {quote(model._meta.db_table)} WHERE {key}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{select} = ANY(%s) ORDER BY {key}", [*constants, list(keys)])
            return
        # SQLite: the keys are runs of consecutive numbers (see _insert_instances), one statement each.
        runs: list[list[int]] = []
        for number in sorted(keys):
            if runs and number == runs[-1][1] + 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        for first, last in runs:
            cursor.execute(f"{select} BETWEEN %s AND %s ORDER BY {key}", [*constants, first, last])


def ensure_all_may_change(model: type[models.Model], instances: Sequence[models.Model], *, user) -> None:
    """The bulk form of ``save_object``'s check after a create: every new record lands inside what
    its author may change (a CPO's own consortium, a company's own agreement). A query per 5,000."""
    if not instances:
        return
    ids = keys_of(instances)
    allowed = 0
    step = BATCH * 10  # a few queries for an import of 10,000 (each key a parameter: well inside either database's limit)
    for start in range(0, len(ids), step):
        allowed += model._default_manager.for_user(user, CHANGE).filter(pk__in=ids[start:start + step]).count()
    if allowed != len(ids):
        raise PermissionDenied(gettext_lazy("You may not create some of these %(models)s.") % {
            "models": model._meta.verbose_name_plural})


class PendingEvent(NamedTuple):
    """An event to write once its subject has its pk. Its summary can be rendered beforehand
    (:func:`render_events`, before the write transaction); otherwise it is at the write."""

    subject: models.Model
    verb: str
    summary: Sentence
    user: object
    data: dict | None
    audience: str
    organisation_id: int | None
    texts: dict[str, str] | None = None  # the summary in every language, once rendered
    row: list | None = None  # the event as the database takes it, once rendered: its subject's key is set at the write


def event(subject: models.Model, verb: str, summary: Sentence, *, user, data: dict | None = None,
          audience: str = Audience.RECORD, organisation_id: int | None = None) -> PendingEvent:
    """An event as :func:`kyoso.core.services.record_event` writes it, to pass to :func:`save_events`."""
    return PendingEvent(subject, verb, summary, user, data, audience, organisation_id)


def created_event(instance: models.Model, *, user) -> PendingEvent:
    """The "created" event ``save_object`` writes for a new record."""
    summary = Sentence(_CREATED, what=_verbose_name(type(instance)), name=instance)
    return event(instance, "created", summary, user=user)


_CREATED = gettext_lazy("%(what)s “%(name)s” created")


_VERBOSE_NAMES: dict = {}


def _verbose_name(model) -> ByLanguage:
    """The model's verbose name in every language, translated once rather than once per event."""
    if model not in _VERBOSE_NAMES:
        texts = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts[code] = str(model._meta.verbose_name)
        _VERBOSE_NAMES[model] = ByLanguage(**texts)
    return _VERBOSE_NAMES[model]


def in_every_language_at_once(messages: Sequence) -> list[dict[str, str]]:
    """:func:`~kyoso.core.sentences.in_every_language` of many messages, switching language once
    per language rather than once per message, and looking each catalogue message up once per
    language (thousands of events share a few sentences)."""
    texts: list[dict[str, str]] = [{} for _m in messages]
    for code, _name in settings.LANGUAGES:
        with rendering_in(code):
            renderer = _Renderer(code)
            sentence, render = renderer._sentence, renderer
            try:
                for text, message in zip(texts, messages, strict=True):
                    text[code] = sentence(message) if type(message) is Sentence else render(message)
            finally:
                renderer.forget()
    return texts


class _Renderer:
    """``str()`` of sentences in one language, as :class:`~kyoso.core.sentences.Sentence` renders
    them, with each lazily translated message translated once."""

    def __init__(self, language: str):
        self.language = language.split("-")[0]
        self.translated: dict = {}
        self.by_id: dict[int, str] = {}
        self.keep: list = []
        self.by_type: dict[type, object] = {}
        self.in_sentence: dict[type, object] = {}  # how a value of a sentence is rendered, by its type
        self.records: dict[int, str] = {}  # a record's name by its id (a filing is named by two events)

    def forget(self) -> None:
        """Drop what it keeps. Its dispatch tables hold its own bound methods, a cycle that holds
        every message it kept: left to the cycle collector, that walk came after the import,
        through every object the import made (0.1 s after 10,000 inventions)."""
        for kept in (self.translated, self.by_id, self.keep, self.by_type, self.in_sentence, self.records):
            kept.clear()

    def __call__(self, value) -> str:
        # Dispatch on the value's type, looked up once per type: an import renders hundreds of
        # thousands of values of a handful of types.
        kind = type(value)
        render = self.by_type.get(kind)
        if render is None:
            render = self.by_type[kind] = self._renderer_of(value)
        return render(value)

    def _renderer_of(self, value):
        if isinstance(value, str):
            return _as_it_is
        if isinstance(value, Sentence):
            return self._sentence
        if isinstance(value, ByLanguage):
            return self._by_language
        if isinstance(value, Promise):
            return self._promise
        if isinstance(value, models.Model):
            return self._record
        return str

    def _sentence(self, value: Sentence) -> str:
        # The hot loop of an import's events: the message looked up by its id, each value's
        # renderer by its type, without a call through __call__ for either.
        text = value.text
        if type(text) is not str:
            known = self.by_id.get(id(text))
            text = known if known is not None else self(text)
        if not value.values:
            return text
        values = {}
        in_sentence = self.in_sentence
        for name, item in value.values.items():
            kind = type(item)
            if kind is str:
                values[name] = item
                continue
            render = in_sentence.get(kind)
            if render is None:
                render = in_sentence[kind] = self.value if isinstance(item, list | tuple) else self._renderer_of(item)
            values[name] = render(item)
        return text % values

    def _record(self, value: models.Model) -> str:
        """``str()`` of a record, once per record and language: nothing changes a record while
        its events are rendered."""
        key = id(value)
        text = self.records.get(key)
        if text is None:
            text = self.records[key] = str(value)
            self.keep.append(value)  # its id stays its own while this renderer lives
        return text

    def _by_language(self, value: ByLanguage) -> str:
        return value.texts.get(self.language) or next(iter(value.texts.values()), "")

    def _promise(self, value) -> str:
        if id(value) in self.by_id:  # the same message object on many events
            return self.by_id[id(value)]
        try:
            func, args, kwargs = value.__reduce__()[1][:3]
            key = (func, args, tuple(sorted(kwargs.items())))
            hash(key)
        except (TypeError, ValueError):
            return str(value)
        if key not in self.translated:
            self.translated[key] = str(value)
        self.by_id[id(value)] = self.translated[key]
        self.keep.append(value)  # its id stays its own while this renderer lives
        return self.translated[key]

    def value(self, value) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(self.value(v) for v in value)
        return self(value)


def _as_it_is(value):
    return value


def render_events(events: Iterable[PendingEvent]) -> list[PendingEvent]:
    """The events with their summaries rendered in every language and their rows made as the
    database takes them (texts, JSON, content types): done before the write transaction, so
    SQLite's write lock waits only for the subjects' keys and the insert."""
    events = list(events)
    if not events:
        return []
    texts = in_every_language_at_once([e.summary for e in events])
    prepared = Prepared(Event)
    content_types: dict[type, int] = {}  # a few kinds of subject among thousands of events
    names: dict = {}
    # Every row starts as the defaults (no data: "{}"), converted once; the event's own values
    # are set by position, the JSON ones converted as the field converts them.
    blank = prepared.row({})
    at = {name: prepared.index(name) for name in (
        "actor_id", "actor_name", "verb", "summary", "summary_by_language", "content_type_id", "data", "audience",
        "audience_organisation_id")}
    as_json = {name: prepared.converter(name) or _as_it_is for name in ("summary_by_language", "data")}
    organisation = Audience.ORGANISATION
    rendered = []
    for pending, by_language in zip(events, texts, strict=True):
        user, acting = pending.user, getattr(pending.user, "pk", None)
        text = by_language.get(settings.LANGUAGE_CODE) or str(pending.summary)
        kind = type(pending.subject)
        if kind not in content_types:
            content_types[kind] = ContentType.objects.get_for_model(pending.subject, for_concrete_model=True).pk
        if acting not in names:
            names[acting] = user.get_username() if acting else "system"
        row = blank.copy()
        row[at["actor_id"]], row[at["actor_name"]], row[at["verb"]] = acting, names[acting], pending.verb
        row[at["summary"]] = text[:500]
        row[at["summary_by_language"]] = as_json["summary_by_language"](
            {code: value[:500] for code, value in by_language.items()})
        row[at["content_type_id"]], row[at["audience"]] = content_types[kind], pending.audience
        if pending.audience == organisation:
            row[at["audience_organisation_id"]] = pending.organisation_id
        if pending.data:
            row[at["data"]] = as_json["data"](pending.data)
        rendered.append(pending._replace(texts=by_language, row=row))
    return rendered


class _QuickHandovers:
    """Python's lock handed between threads every 0.5 ms instead of 5 while events are rendered
    beside a write: back from each database statement, the writing thread waited up to the whole
    interval for the rendering one (10,000 inventions: 0.1 s of a 1.7 s write). Process-wide, so
    counted: the interval is restored when the last rendering ends."""

    INTERVAL = 0.0005

    def __init__(self):
        self._lock, self._running, self._before = threading.Lock(), 0, None

    def start(self) -> None:
        with self._lock:
            if self._running == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(self.INTERVAL, self._before))
            self._running += 1

    def end(self) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0:
                sys.setswitchinterval(self._before)


_quick_handovers = _QuickHandovers()


class RenderingEvents:
    """Events being rendered on a second thread (:func:`render_events_meanwhile`);
    :meth:`result` waits for them."""

    def __init__(self, events: list[PendingEvent] | Callable[[], Iterable[PendingEvent]]):
        self._events, self._rendered, self._error = events, None, None
        self._thread = threading.Thread(target=self._render, name="kyoso-render-events", daemon=True)
        _quick_handovers.start()
        try:
            self._thread.start()
        except BaseException:
            _quick_handovers.end()
            raise

    def _render(self) -> None:
        try:
            # The rendering reads nothing from the database (content types were looked up
            # beforehand): a query here would go through this thread's own connection, outside
            # the import's transaction, so it is refused rather than answered from other data.
            with connections[router.db_for_write(Event)].execute_wrapper(_no_queries):
                self._rendered = render_events(self._events() if callable(self._events) else self._events)
        except BaseException as error:  # handed to the thread that waits for the events
            self._error = error
        finally:
            connections.close_all()  # this thread's own (unused) connections
            _quick_handovers.end()

    def result(self) -> list[PendingEvent]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._rendered


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError(f"Rendering events must not query the database: {sql[:200]}")


def render_events_meanwhile(events: Iterable[PendingEvent] | Callable[[], Iterable[PendingEvent]], *,
                            subjects: Iterable[type[models.Model]] = ()) -> RenderingEvents:
    """:func:`render_events` on a second thread, while this one goes on (an import writes its
    records meanwhile: SQLite's statements and PostgreSQL's round trips leave Python's lock free
    for it); :func:`save_events` takes the result, waiting for it if need be. Python work that
    reads nothing from the database: only the content types are looked up here, first.

    ``events`` may be a function that makes them, called on the thread too (building thousands
    of events costs as much as a fifth of rendering them); ``subjects`` then names the models
    they are about."""
    if not callable(events):
        events = list(events)
        subjects = {type(pending.subject) for pending in events}
    elif not subjects:
        raise TypeError("render_events_meanwhile: name the subjects' models of events made on the thread")
    for kind in subjects:
        ContentType.objects.get_for_model(kind, for_concrete_model=True)  # cached for the thread
    return RenderingEvents(events)


def save_events(events: Iterable[PendingEvent] | RenderingEvents) -> None:
    """Write the events (their subjects saved by now), summaries stored in every language; all
    take the time of this call. Events not rendered yet (:func:`render_events`) are rendered here;
    events being rendered (:func:`render_events_meanwhile`) are waited for."""
    events = events.result() if isinstance(events, RenderingEvents) else list(events)
    if not events:
        return
    if any(e.row is None for e in events):
        rendered = iter(render_events(e for e in events if e.row is None))
        events = [e if e.row is not None else next(rendered) for e in events]
    prepared = Prepared(Event)
    at_subject, at_time = prepared.index("object_id"), prepared.index("occurred_at")
    now = prepared.row({})[at_time]  # the time of the write, as the database takes it
    rows = []
    for pending, subject in zip(events, keys_of(pending.subject for pending in events), strict=True):
        row = pending.row
        row[at_subject], row[at_time] = subject, now
        rows.append(row)
    prepared.insert(rows)
