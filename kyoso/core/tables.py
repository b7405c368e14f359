"""A django-tables2 table whose body is rendered in Python, once per column, not once per cell.

django-tables2 renders every cell through its generic machinery: it inspects the signature of
the column's ``render`` (``inspect.signature``) and of ``linkify`` callables for each cell, walks
the accessor, compiles a new ``Template`` for every date cell (``DateColumn`` is a
``TemplateColumn``) and reverses a URL per link. On a 50-row, 10-column list page that was the
largest part of the response time. :class:`FastTable` keeps django-tables2 for what it does
once per page (columns, sorting, pagination, header, CSV/XLSX export through ``value``) and
renders the ``<tbody>`` itself, producing the same HTML:

- each column's accessor, ``get_FOO_display``, ``render`` arguments and link are worked out once
  per table; a cell is then a few attribute reads and one call;
- dates are formatted with the ``date`` filter directly (no template per cell);
- links to detail pages of kyoso models (:meth:`kyoso.core.models.TrackedModel.get_absolute_url`)
  reverse the URL pattern once per model and per page, then substitute the primary key.

Columns the fast path does not understand (a ``TemplateColumn`` other than dates, a
many-to-many column, an accessor that is not a chain of model fields, computed ``td``
attributes) fall back to django-tables2's own cell rendering, so any table stays correct.
"""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal
from functools import cached_property

import django_tables2 as tables
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import Accessor, AttributeDict

__all__ = ["FastTable", "table_for", "ExportValue", "export_rows"]

_SENTINEL_PK = 987654321987


class FastTable(tables.Table):
    """A :class:`django_tables2.Table` rendering its body in :meth:`body_html` (see the module)."""

    fast_template_name = "core/fast_table.html"

    def __init__(self, *args, template_name=None, **kwargs):
        super().__init__(*args, template_name=template_name, **kwargs)
        # Unless a table (or its caller) picked its own template, use the one that calls body_html.
        if template_name is None and self._meta.template_name == getattr(
            settings, "DJANGO_TABLES2_TEMPLATE", "django_tables2/table.html"
        ):
            self.template_name = self.fast_template_name

    @cached_property
    def _url_templates(self) -> dict:
        return {}

    def detail_url(self, obj) -> str:
        """``obj.get_absolute_url()``, with one ``reverse()`` per model and page for kyoso models."""
        from .models import TrackedModel

        cls = type(obj)
        if getattr(cls, "get_absolute_url", None) is not TrackedModel.get_absolute_url or obj.pk is None:
            return obj.get_absolute_url()
        template = self._url_templates.get(cls)
        if template is None:
            meta = cls._meta
            try:
                url = reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[_SENTINEL_PK])
            except NoReverseMatch:
                url = ""
            template = tuple(url.split(str(_SENTINEL_PK))) if url.count(str(_SENTINEL_PK)) == 1 else ()
            self._url_templates[cls] = template
        if not template:
            return obj.get_absolute_url()
        return f"{template[0]}{obj.pk}{template[1]}"

    #: column name → ``f(record)`` true where the reader may not see that cell (see :func:`table_for`).
    hidden_cells: dict = {}

    def _hiding(self, name, render):
        """``render`` that shows :data:`~kyoso.core.surface.HIDDEN` on the rows hiding column ``name``."""
        hides = self.hidden_cells.get(name)
        if hides is None:
            return render
        from .surface import HIDDEN

        def hiding(row):
            return HIDDEN if hides(row.record) else render(row)

        return hiding

    def as_values(self, exclude_columns=None):
        """Rows for CSV/XLSX exports, hidden cells written as :data:`~kyoso.core.surface.HIDDEN`
        (see :func:`export_rows`)."""
        return export_rows(self, exclude_columns)

    def body_html(self) -> SafeString:
        """The ``<tr>`` rows of the current page (or the empty text), as django-tables2 would render them."""
        columns = list(self.columns)
        cells = [
            (self._hiding(column.name, _cell_renderer(self, column)), AttributeDict(column.attrs["td"]).as_html())
            for column in columns
        ]
        html = []
        for row in self.paginated_rows:
            html.append(f"<tr {row.attrs.as_html()}>")
            for (render, td_attrs) in cells:
                html.append(f"<td {td_attrs}>{conditional_escape(localize(render(row)))}</td>")
            html.append("</tr>")
        if not html and self.empty_text:
            html.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        return mark_safe("".join(html))


def _arguments(function) -> tuple[tuple[str, ...], bool] | None:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    names = tuple(p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    return names, any(p.kind == p.VAR_KEYWORD for p in parameters)


def _field_chain(model, bits):
    """The model fields along ``bits`` (``["agreement", "number"]``), or None if any is not a field."""
    chain = []
    for index, bit in enumerate(bits):
        if model is None:
            return None
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if field.many_to_many or field.one_to_many or (field.is_relation and not field.concrete and not field.one_to_one):
            return None
        chain.append(field)
        model = field.related_model if field.is_relation else None
        if model is None and index < len(bits) - 1:
            return None
    return chain


def _slow(table, column):
    name = column.name

    def render(row):
        return row.get_cell(name)

    return render


def _cell_renderer(table: FastTable, column):
    """A function ``row -> cell content`` equivalent to ``BoundRow.get_cell(column.name)``."""
    model = getattr(table._meta, "model", None)
    col = column.column
    if (
        model is None
        or col.localize is not None
        or isinstance(col, tables.ManyToManyColumn)
        or (isinstance(col, tables.TemplateColumn) and not isinstance(col, tables.DateColumn))
        or (isinstance(col, tables.DateColumn) and getattr(table, f"render_{column.name}", None) is not None)
        or any(callable(v) for v in (col.attrs.get("td") or col.attrs.get("cell") or {}).values())
    ):
        return _slow(table, column)
    if isinstance(col, BaseLinkColumn):
        return _slow(table, column)
    bits = [bit for bit in str(column.accessor).split("__") if bit]
    chain = _field_chain(model, bits) if bits else None
    if chain:
        attnames = bits[:-1]
        display = f"get_{bits[-1]}_display" if getattr(chain[-1], "choices", None) else None
        last_name = bits[-1]
        accessor = None
    elif bits:
        # Not a chain of model fields (a property, or nothing at all: a column computed by the
        # table's render_FOO); resolved as django-tables2 does, a failure giving None.
        accessor = Accessor(str(column.accessor))
    else:
        return _slow(table, column)
    empty_values = col.empty_values
    default = column.default
    link = column.link
    link_url = None
    if link is not None:
        if type(link) is not LinkTransform or link.attrs or link.reverse_args:
            return _slow(table, column)
        if callable(link.url):
            link_arguments = _arguments(link.url)
            if link_arguments is None:
                return _slow(table, column)
            link_url = link.url
        elif link.url is not None:
            return _slow(table, column)
        link_accessor_bits = [bit for bit in str(link.accessor if link.accessor is not None else column.name).split("__") if bit]

    if isinstance(col, tables.DateColumn):
        date_format = _date_format(col)
        if date_format is None:
            return _slow(table, column)

        def content(value, record, row):
            return conditional_escape(date_filter(value, date_format) or default)
    else:
        render_function = column.render
        arguments = _arguments(render_function)
        if arguments is None:
            return _slow(table, column)
        names, catch_all = arguments
        simple = type(col).render is tables.Column.render and not hasattr(table, f"render_{column.name}")

        def content(value, record, row):
            if simple:
                return value
            available = {"value": value, "record": record, "column": col, "bound_column": column, "bound_row": row, "table": table}
            if catch_all:
                return render_function(**available)
            if any(name not in available for name in names):
                return None
            return render_function(**{name: available[name] for name in names})

    def linked(html, value, record, row):
        if link is None:
            return html
        if link_url is not None:
            names, catch_all = link_arguments
            available = {"value": value, "record": record, "column": col, "bound_column": column, "bound_row": row, "table": table}
            if catch_all:
                href = link_url(**available)
            elif any(name not in available for name in names):
                href = None
            else:
                href = link_url(**{name: available[name] for name in names})
        else:
            target = record
            for bit in link_accessor_bits:
                target = getattr(target, bit, None)
                if target is None:
                    break
            if not hasattr(target, "get_absolute_url"):
                target = record
            href = table.detail_url(target)
        if href is None:
            return html
        return format_html('<a href="{}">{}</a>', href, html)

    def render(row):
        record = row.record
        if accessor is not None:
            try:
                value = accessor.resolve(record)
            except Exception:
                value = None
        else:
            obj = record
            for bit in attnames:
                obj = getattr(obj, bit)
                if obj is None:
                    break
            if obj is None:
                value = None
            elif display:
                value = getattr(obj, display)()
            else:
                value = getattr(obj, last_name)
        if value in empty_values:
            return default
        return linked(content(value, record, row), value, record, row)

    return render


def _date_format(column) -> str | None:
    """The ``date`` filter argument of a django-tables2 ``DateColumn`` (``SHORT_DATE_FORMAT``…)."""
    code = getattr(column, "template_code", "") or ""
    prefix, suffix = '{{ value|date:"', '"|default:default }}'
    if code.startswith(prefix) and code.endswith(suffix):
        return code[len(prefix):-len(suffix)]
    return None



def _column_field(name: str, column) -> str:
    """The model field a column shows: the first step of its accessor (``licence__number`` → ``licence``)."""
    return str(column.accessor or name).split("__")[0].split(".")[0]


def table_for(table_class, data, user, *, model=None, exclude=(), **kwargs):
    """``table_class(data)`` without the columns ``user`` may not see (the model's surface ``hidden``).

    Columns hidden on every row are left out, pages and exports alike; columns hidden on some rows
    (e.g. another licensee's licence on a co-owner's statement) show :data:`~kyoso.core.surface.HIDDEN`
    there, which only :class:`FastTable` knows how to do.
    """
    from .roles import actor_of
    from .surface import hidden_fields, surface_of

    model = model or getattr(table_class._meta, "model", None) or getattr(data, "model", None)
    if model is None:
        return table_class(data, exclude=exclude, **kwargs)
    actor = actor_of(user)
    always = hidden_fields(model, actor)
    columns = table_class.base_columns
    excluded = tuple(exclude) + tuple(name for name, column in columns.items()
                                      if name in always or _column_field(name, column) in always)
    table = table_class(data, exclude=excluded, **kwargs)
    rules = [rule for rule in surface_of(model).hidden if rule.unless is not None and actor.role in rule.roles]
    if rules:
        if not isinstance(table, FastTable):
            raise TypeError(f"{table_class.__name__} hides cells row by row: make it a FastTable")
        table.hidden_cells = {
            name: (lambda record, unless=rule.unless: not unless(actor, record))
            for rule in rules
            for name, column in columns.items()
            if name in rule.fields or _column_field(name, column) in rule.fields
        }
    return table


# --- Exports: the values of the declared columns, read with ``values_list`` -------------------------

#: Rows read from the database at a time by an export (memory stays flat in the number of rows).
EXPORT_CHUNK = 2000


class ExportValue:
    """How an export computes a column that is not a plain field from stored values.

    ``fields`` are ``values_list`` paths, the first being what the column's accessor reads (when
    it is one of the column's ``empty_values`` the cell is empty, as in django-tables2);
    ``compute(*values)`` returns what the column's ``value_FOO``/``render_FOO`` gives for a row
    with those values. A table names these in ``export_values`` (column name → :class:`ExportValue`)
    so its export never builds a model instance or renders a cell;
    ``kyoso/core/tests/test_export.py`` compares both for every list page.
    """

    __slots__ = ("fields", "compute")

    def __init__(self, fields, compute):
        self.fields = tuple(fields)
        self.compute = compute


def _identity(value):
    return value


def _boolean_text(value):
    return str(bool(value))


def _date_text(default):
    # DateColumn: ISO for a date; its template's ``|default:default`` for no date.
    def text(value):
        return value.isoformat() if value else default
    return text


def _datetime_text(default):
    def text(value):
        return value.isoformat(sep=" ") if value else default
    return text


def _queryset_under(data):
    """The queryset under django-tables2's data wrappers, or None (a list of dicts, say)."""
    from django.db.models import QuerySet

    while not isinstance(data, QuerySet) and hasattr(data, "data"):
        data = data.data
    return data if isinstance(data, QuerySet) else None


class _ExportPlan:
    """Each exported column as ``values_list`` paths and a function of their values."""

    def __init__(self, queryset, cells):
        self.queryset = queryset
        # [(values_list paths, compute(*values), related model named by the value or None,
        #   the column's empty values when its cell is the stored value as it is, else None)]
        self.cells = cells
        self.paths = [path for cell in cells for path in cell[0]]

    def rows(self):
        from django.utils.encoding import force_str

        slices, start = [], 0
        for paths, compute, related, as_stored in self.cells:
            slices.append((start, start + len(paths), compute, related, as_stored))
            start += len(paths)
        names = {related: {} for _begin, _end, _compute, related, _as_stored in slices if related is not None}
        from django.db.models import F

        # Expressions, not names: a selected column named like an ORDER BY term ("university") would
        # make the database sort by that column (the key) instead of the related model's ordering.
        values = self.queryset.values_list(*(F(path) for path in self.paths)).iterator(chunk_size=EXPORT_CHUNK)
        while chunk := _take(values, EXPORT_CHUNK):
            # A foreign key is shown as its record's name: read the names not seen yet, once per chunk.
            for begin, _end, _compute, related, _as_stored in slices:
                if related is None:
                    continue
                known = names[related]
                missing = {row[begin] for row in chunk if row[begin] is not None} - known.keys()
                if missing:
                    for pk, obj in related._base_manager.in_bulk(list(missing)).items():
                        known[pk] = str(obj)
            for row in chunk:
                out = []
                for begin, end, compute, related, as_stored in slices:
                    if end - begin == 1:
                        value = row[begin]
                        if related is not None and value is not None:
                            value = names[related].get(value, value)
                        # The hot loop of a large export: a stored value shown as it is needs no call.
                        value = (None if value in as_stored else value) if as_stored is not None else compute(value)
                    else:
                        value = compute(*row[begin:end])
                    out.append(value if type(value) in _AS_FORCE_STR_GIVES else force_str(value, strings_only=True))
                yield out


#: The types ``force_str(value, strings_only=True)`` returns as they are (checked before calling it).
_AS_FORCE_STR_GIVES = frozenset({str, int, bool, float, Decimal, datetime.date, datetime.datetime, datetime.time, type(None)})


def _take(iterator, count):
    chunk = []
    for item in iterator:
        chunk.append(item)
        if len(chunk) == count:
            break
    return chunk


def _column_value_function(table, bound):
    """``value -> exported value`` for a column whose value method adds nothing but formatting, or None."""
    col = bound.column
    if getattr(table, f"value_{bound.name}", None) is not None or getattr(table, f"render_{bound.name}", None) is not None:
        return None
    if getattr(col, "export_plain", False):  # e.g. YenColumn: renders ¥1,000, exports the number
        return _identity
    if isinstance(col, tables.BooleanColumn):
        return _boolean_text if type(col).value is tables.BooleanColumn.value else None
    if isinstance(col, tables.DateTimeColumn):
        return _datetime_text(bound.default) if type(col).value is tables.DateTimeColumn.value else None
    if isinstance(col, tables.DateColumn):
        return _date_text(bound.default) if type(col).value is tables.DateColumn.value else None
    if isinstance(col, BaseLinkColumn):  # e-mail and URL columns export their text as stored
        return _identity if col.text is None and type(col).value is BaseLinkColumn.value else None
    if isinstance(col, (tables.TemplateColumn, tables.ManyToManyColumn)):
        return None
    if type(col).value is tables.Column.value and type(col).render is tables.Column.render:
        return _identity
    return None


def _export_plan(table, columns) -> _ExportPlan | None:
    """The plan reading ``columns`` of ``table`` as values, or None when one needs a rendered cell."""
    from django.utils.encoding import force_str

    queryset = _queryset_under(table.data)
    if queryset is None or getattr(table, "hidden_cells", None):
        return None  # row-by-row hiding asks each record (a co-owner's statement: a short list)
    model = queryset.model
    declared = getattr(table, "export_values", {}) or {}
    cells = []
    for bound in columns:
        col = bound.column
        empty = col.empty_values
        if bound.name in declared:
            spec = declared[bound.name]

            def compute(*values, function=spec.compute, empty=empty):
                # As django-tables2: an empty accessor value (the first field) is an empty cell.
                return None if values[0] in empty else function(*values)

            cells.append((spec.fields, compute, None, None))
            continue
        function = _column_value_function(table, bound)
        bits = [bit for bit in str(bound.accessor).split("__") if bit]
        chain = _field_chain(model, bits) if function is not None and bits else None
        if not chain or not all(getattr(field, "concrete", False) for field in chain):
            return None
        last = chain[-1]
        related = last.related_model if last.is_relation else None
        labels = {} if related else {key: force_str(label, strings_only=True) for key, label in getattr(last, "flatchoices", ())}

        def compute(value, labels=labels, function=function, empty=empty):
            if labels:
                value = labels.get(value, value)
            return None if value in empty else function(value)

        as_stored = empty if function is _identity and not labels else None
        cells.append((("__".join(bits),), compute, related, as_stored))
    return _ExportPlan(queryset, cells)


def export_rows(table, exclude_columns=None):
    """The header, then each row of ``table`` as exported values, hidden cells as :data:`~kyoso.core.surface.HIDDEN`.

    The same values django-tables2's ``as_values`` gives (choice labels, a related record's name,
    ``value_FOO``), but read with ``values_list`` of the declared columns in chunks of
    :data:`EXPORT_CHUNK`: no model instance, no rendered cell, memory flat in the number of rows.
    A table whose columns cannot all be read so (a ``render_FOO`` without an :class:`ExportValue`,
    cells hidden row by row) is exported row by row as before.
    """
    from django.utils.encoding import force_str

    from .surface import HIDDEN

    exclude_columns = tuple(exclude_columns or ()) + tuple(getattr(table, "export_exclude", ()))
    columns = [c for c in table.columns.iterall() if not (c.column.exclude_from_export or c.name in exclude_columns)]
    yield [force_str(c.header, strings_only=True) for c in columns]
    plan = _export_plan(table, columns)
    if plan is not None:
        yield from plan.rows()
        return
    hidden_cells = getattr(table, "hidden_cells", None) or {}
    for row in table.rows:
        yield [
            HIDDEN if (hides := hidden_cells.get(c.name)) and hides(row.record)
            else force_str(row.get_cell_value(c.name), strings_only=True)
            for c in columns
        ]
