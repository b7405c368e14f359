"""Generic list, detail, edit and delete views over scoped querysets and service functions.

App views are declarative (model, table, filterset, form); every one of them starts from
``Model.objects.for_user(request.user, action)`` so a role sees the same rows on every page,
in every export and in the API.
"""

from __future__ import annotations

from functools import cached_property, partial
from html import escape as html_escape
from math import ceil

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, models
from django.forms.utils import flatatt
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator
from django_tables2.rows import BoundRows
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .activity import activity_for
from .bulk import (
    EXPORT,
    MAX_SELECTED,
    SELECT_NAME,
    BulkAction,
    BulkRefused,
    SelectColumn,
    delete_action,
    parse_pks,
    run_bulk,
)
from .conflicts import conflict_as_validation
from .export import EXPORT_FORMATS, export_response
from .facts import Facts
from .panels import render_panels
from .querysets import ScopedQuerySet
from .roles import CHANGE, VIEW, actor_of
from .services import delete_with_surface, save_with_surface
from .surface import editable_fields, hidden_on, may_delete, surface_of
from .tables import table_for

__all__ = [
    "ObjectListView", "ObjectDetailView", "ObjectEditView", "ObjectDeleteView", "url_name",
    "CappedCountPaginator", "CappedCountPagination", "KeysFirst", "displayed_fields", "limit_to_editable",
    "table_for",
]


def url_name(model: type[models.Model], action: str) -> str:
    """``app:model_action`` — the URL naming scheme every kyoso model follows."""
    return f"{model._meta.app_label}:{model._meta.model_name}_{action}"


class ObjectMixin(LoginRequiredMixin):
    model: type[models.Model]
    related: tuple[str, ...] = ()  # select_related paths for lists and detail

    def scoped(self, action: str = VIEW):
        queryset = self.model.objects.for_user(self.request.user, action)
        return queryset.select_related(*self.related) if self.related else queryset

    def base_context(self) -> dict:
        meta = self.model._meta
        return {
            "model_meta": meta,
            "verbose_name": meta.verbose_name,
            "verbose_name_plural": meta.verbose_name_plural,
            "list_url": _reverse_or_empty(url_name(self.model, "list")),
            "may_create": self.model.objects.get_queryset().may_create(self.request.user)
            and bool(_reverse_or_empty(url_name(self.model, "add"))),
        }


def _reverse_or_empty(name: str, *args) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _queryset_of(objects) -> models.QuerySet | None:
    """The queryset under django-tables2's rows (which wrap its data, which wraps the queryset)."""
    while not isinstance(objects, models.QuerySet) and hasattr(objects, "data"):
        objects = objects.data
    return objects if isinstance(objects, models.QuerySet) else None


class KeysFirst:
    """A paginator's object list whose slices read the page's primary keys first, then its rows.

    ``ORDER BY … LIMIT … OFFSET`` over whole rows (joined for ``select_related``) makes the
    database carry every wide row through the sort, or visit each one in order, to throw most of
    them away. Asking first for the keys alone lets it answer from an index (``(scope column,
    ordering columns)`` indexes hold everything it needs), and the ≤ 50 rows are then read by
    primary key, with their related rows. The same two queries on every page.
    """

    def __init__(self, data):
        self.data = data  # named like django-tables2's wrappers so _queryset_of finds the queryset

    def __len__(self):
        return len(self.data)

    def __getitem__(self, key):
        queryset = _queryset_of(self.data)
        if not isinstance(key, slice) or queryset is None or key.step is not None:
            return self.data[key]
        pks = list(queryset.values_list("pk", flat=True)[key])
        by_pk = {obj.pk: obj for obj in _rows_by_pk(queryset, pks)}
        records = [by_pk[pk] for pk in pks if pk in by_pk]
        if self.data is queryset:
            return records
        if isinstance(self.data, BoundRows):
            return BoundRows(data=records, table=self.data.table, pinned_data=self.data.pinned_data)
        return self.data[key]


def _rows_by_pk(queryset: models.QuerySet, pks: list) -> models.QuerySet:
    """The rows ``pks`` (already chosen by ``queryset``) with its related rows and deferrals.

    The keys came out of the scoped, filtered query, so the filters are not applied again: a
    company's scope is an ``IN`` over tens of thousands of inventions that SQLite would rebuild
    only to confirm 50 rows. Querysets with annotations or extra columns keep their filters.
    """
    query = queryset.query
    if query.annotations or query.extra or query.distinct_fields or query.combinator:
        return queryset.order_by().filter(pk__in=pks)
    rows = queryset.model._base_manager.using(queryset.db).filter(pk__in=pks)
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups
    return rows


class CappedCountPaginator(LazyPaginator):
    """A paginator that never counts more than :attr:`cap` rows.

    Up to ``cap`` rows (nearly every list a CPO or a company sees) it is an ordinary paginator with
    exact page numbers. Beyond that it turns lazy, like django-tables2's ``LazyPaginator``: a page
    reads one row past its end to know whether another follows. Either way a page costs the same
    bounded queries — never a ``COUNT(*)`` over millions of rows, which on a national-size table
    takes longer than the whole page budget — and reads its rows keys first (:class:`KeysFirst`).
    """

    cap = 10_000

    def __init__(self, object_list, per_page, *, counted: models.QuerySet | None = None, **kwargs):
        super().__init__(KeysFirst(object_list), per_page, **kwargs)
        #: The same rows in the shape that counts them fastest (``ScopedQuerySet.counted_for``).
        self.counted = counted

    @cached_property
    def count(self) -> int:
        """The number of rows, but at most ``cap + 1`` (see :attr:`exact`)."""
        # django-tables2 hands over its rows, which wrap its data, which wraps the queryset.
        queryset = self.counted if self.counted is not None else _queryset_of(self.object_list)
        if queryset is not None:
            # Counting needs no sorted rows; the slice keeps the count bounded (COUNT over LIMIT).
            return queryset.order_by()[: self.cap + 1].count()
        return len(self.object_list.data[: self.cap + 1])

    @property
    def exact(self) -> bool:
        """Whether :attr:`count` and :attr:`num_pages` are the real totals."""
        return self.count <= self.cap

    @property
    def num_pages(self):
        if not self.exact:
            return self._num_pages  # known up to the page after the current one
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return ceil(max(1, self.count - self.orphans) / self.per_page)

    def validate_number(self, number):
        return Paginator.validate_number(self, number) if self.exact else super().validate_number(number)

    def page(self, number):
        return Paginator.page(self, number) if self.exact else super().page(number)

    def is_last_page(self, number):
        return number == self.num_pages if self.exact else super().is_last_page(number)


class CappedCountPagination(PageNumberPagination):
    """API pagination over :class:`CappedCountPaginator`.

    ``count`` is exact up to the cap and ``null`` beyond it ("more than 10,000"); ``next`` and
    ``previous`` are always right, so clients page through any list by following ``next``.
    """

    django_paginator_class = CappedCountPaginator

    def paginate_queryset(self, queryset, request, view=None):
        counted = self.counted_rows(request, view)
        if counted is not None:
            self.django_paginator_class = partial(CappedCountPaginator, counted=counted)
        return super().paginate_queryset(queryset, request, view)

    @staticmethod
    def counted_rows(request, view) -> models.QuerySet | None:
        """The listed rows (the view's filters applied) in the shape that counts them fastest up
        to the cap, where the view's model has one (``ScopedQuerySet.counted_for``), as the web
        list counts them; ``None``: the listed rows themselves."""
        scoped = getattr(view, "queryset", None)
        if not (isinstance(scoped, ScopedQuerySet) and scoped.counts_otherwise()):
            return None
        return view.filter_queryset(scoped.model.objects.counted_for(request.user, up_to=CappedCountPaginator.cap))

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response({
            "count": paginator.count if paginator.exact else None,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"].update(
            nullable=True, description=f"Number of results; null when there are more than {CappedCountPaginator.cap:,}."
        )
        return response


class QuickSelect(forms.Select):
    """A ``<select>`` whose options are joined in Python instead of one template each.

    List filters offer every organisation and research topic (a thousand or more at national
    scale); Django's per-option templates made rendering those selects the slowest part of a page.
    When the options come from a queryset that can label its rows without building model instances
    (``choice_labels()``, e.g. :class:`kyoso.parties.querysets.OrganisationQuerySet`), it reads
    just the primary keys and labels.
    """

    def __init__(self, attrs=None, choices=(), field=None):
        super().__init__(attrs, choices)
        self.field = field

    def options_source(self):
        """(value, label) pairs: from ``queryset.choice_labels()`` when the field allows it."""
        field = self.field
        queryset = getattr(field, "queryset", None)
        if (
            field is not None
            and hasattr(queryset, "choice_labels")
            and type(field).label_from_instance is forms.ModelChoiceField.label_from_instance
            # django-filter names the key explicitly ("id") for filters generated from Meta.fields.
            and field.to_field_name in (None, queryset.model._meta.pk.name)
        ):
            head = [("", field.empty_label)] if field.empty_label is not None else []
            return head + list(queryset.choice_labels())
        return self.choices

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
        # The standard library's escape (what django.utils.html.escape wraps): a thousand lazy-aware
        # calls cost more than the rest of the select.
        options = "".join(
            f'<option value="{html_escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f'{label.__html__() if hasattr(label, "__html__") else html_escape(str(label))}</option>'
            for key, label in self.options_source()
        )
        return format_html("<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), mark_safe(options))


class ObjectListView(ObjectMixin, TemplateView):
    """A filterable, sortable, paginated list with CSV and XLSX export of the filtered rows."""

    template_name = "core/object_list.html"
    table_class = None
    filterset_class = None
    per_page = 50
    paginator_class = CappedCountPaginator
    #: Filters over tables too big for a ``<select>`` of every row (a select of 300,000 agreements
    #: costs seconds to render): typed as the record's number instead, e.g. from a detail page link.
    id_filters: tuple[str, ...] = ()

    #: The list's own bulk actions (:mod:`kyoso.core.bulk`), declared with its table: "mark done",
    #: "change status". "Export selected" and "Delete selected" (where the surface names a delete
    #: service) are added to every list.
    bulk_actions: tuple[BulkAction, ...] = ()

    def offered_bulk_actions(self) -> list[BulkAction]:
        """The action bar for this user: the list's actions, export, and delete where allowed."""
        declared = [*self.bulk_actions, EXPORT]
        if _reverse_or_empty(url_name(self.model, "delete"), 1):
            declared.append(delete_action())
        return [action for action in declared if action.offered(self.model, self.request.user)]

    def get(self, request, *args, **kwargs):
        if export_format := request.GET.get("export"):
            return self.export(export_format)
        self.filter_rows()
        actions = self.offered_bulk_actions()
        table = table_for(self.table_class, self.rows, request.user, **(self._select_column() if actions else {}))
        paginate = {"per_page": self.per_page, "paginator_class": self.paginator_class}
        if issubclass(self.paginator_class, CappedCountPaginator):
            paginate["counted"] = self.counted_rows()
        RequestConfig(request, paginate=paginate).configure(table)
        from .saved_filters import saved_filters_for

        return self.render_to_response({
            **self.base_context(), "table": table, "filter": self.filterset,
            "bulk_actions": [(action, action.options(self.model, request.user)) for action in actions],
            "saved_filters": saved_filters_for(request.user, request.path),
        })

    def _select_column(self) -> dict:
        """The row checkboxes as the table's first column (``extra_columns`` and ``sequence``)."""
        meta = self.table_class._meta
        base = tuple(meta.sequence) if meta.sequence else (*tuple(meta.fields or ()), "...")
        if "..." not in base:
            base = (*base, "...")
        return {"extra_columns": [(SELECT_NAME, SelectColumn())],
                "sequence": (SELECT_NAME, *(name for name in base if name != SELECT_NAME))}

    def post(self, request, *args, **kwargs):
        """Run a bulk action on the checked rows (:func:`kyoso.core.bulk.run_bulk`), then back to the list."""
        offered = {action.name: action for action in self.offered_bulk_actions()}
        if not offered:
            raise PermissionDenied
        action = offered.get(request.POST.get("bulk_action", ""))
        if action is None:  # not one this user's bar offers (a read-only role's "mark done")
            raise PermissionDenied
        back = request.get_full_path()
        value = request.POST.get(f"value_{action.name}", "")
        try:
            pks = parse_pks(request.POST.getlist(SELECT_NAME))
            if action is EXPORT:
                return self.export_selected(pks, value)
            if action.danger and request.POST.get("confirmed") != "1":
                return self.confirm_bulk(action, pks)
            count = run_bulk(self.model, pks, action, user=request.user, value=value)
        except BulkRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, ngettext("%(action)s: %(count)s record.", "%(action)s: %(count)s records.", count)
                             % {"action": action.label, "count": count})
        return HttpResponseRedirect(back)

    def export_selected(self, pks: list[int], export_format: str):
        """The list's export (its columns, sort and hidden cells) of the checked rows only."""
        if export_format not in EXPORT_FORMATS:
            raise BulkRefused(_("Choose CSV or XLSX."))
        if not pks:
            raise BulkRefused(_("Select at least one row."))
        self.filter_rows()
        self.rows = self.rows.filter(pk__in=pks[:MAX_SELECTED])
        table = table_for(self.table_class, self.rows, self.request.user)
        RequestConfig(self.request, paginate=False).configure(table)
        return export_response(table, export_format, filename=str(self.model._meta.verbose_name_plural))

    def confirm_bulk(self, action: BulkAction, pks: list[int]):
        """Ask before a destructive action, listing the rows (only those the user may see)."""
        if not pks:
            raise BulkRefused(_("Select at least one row."))
        rows = list(self.scoped().filter(pk__in=pks[:MAX_SELECTED]))
        return self.response_class(request=self.request, template=["core/bulk_confirm.html"], context={
            **self.base_context(), "action": action, "rows": rows, "select_name": SELECT_NAME,
            "back": self.request.get_full_path()})

    def filter_rows(self):
        """Set ``filterset`` and ``rows`` (the scoped rows the request's filters select)."""
        request = self.request
        self.filterset = self.filterset_class(request.GET or None, queryset=self.scoped(), request=request)
        actor = actor_of(request.user)
        for name, field in self.filterset.form.fields.items():
            if isinstance(field, forms.ModelChoiceField) and hasattr(field.queryset, "for_user"):
                # A filter offers only what the user may see: no other company's agreement numbers.
                field.queryset = field.queryset.for_user(actor)
            if name in self.id_filters:
                field.widget = forms.NumberInput(attrs={"min": 1})
            elif isinstance(field, forms.ModelChoiceField) and type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices, field=field)
        self.rows = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else self.filterset.queryset

    def counted_rows(self) -> models.QuerySet | None:
        """The filtered rows in the scope's shape for a count that stops at the paginator's cap
        (``counted_for(user, up_to=cap)``), filtered by the form already checked for the list;
        ``None`` when the scope has one shape for both."""
        scoped = self.filterset.queryset
        if not (isinstance(scoped, ScopedQuerySet) and scoped.counts_otherwise()):
            return None
        counted = scoped.model.objects.counted_for(self.request.user, up_to=self.paginator_class.cap)
        return self.filterset.filter_queryset(counted) if self.filterset.is_bound and self.filterset.is_valid() else counted

    def export_table(self):
        """The table an export writes: every filtered row, in the page's sort, the user's columns."""
        self.filter_rows()
        table = table_for(self.table_class, self.rows, self.request.user)
        RequestConfig(self.request, paginate=False).configure(table)  # the download keeps the page's sort
        return table

    def export(self, export_format: str):
        """Stream the export, or prepare it in the background when asked or larger than the threshold."""
        from .prepared_exports import background_threshold, request_export

        if export_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest("export must be one of: " + ", ".join(EXPORT_FORMATS))
        title = str(self.model._meta.verbose_name_plural)
        table = self.export_table()
        asked = self.request.GET.get("background") == "1"
        limit = background_threshold()
        if asked or self.rows.order_by()[: limit + 1].count() > limit:
            request_export(self.request, export_format, title=title)
            messages.info(self.request, _("The export is being prepared; it will be listed here, ready to download, in a moment."))
            return HttpResponseRedirect(reverse("prepared_export_list"))
        return export_response(table, export_format, filename=title)


class ObjectDetailView(ObjectMixin, TemplateView):
    """A record, its related lists and its activity (field history and events)."""

    def get_template_names(self):
        meta = self.model._meta
        return [f"{meta.app_label}/{meta.model_name}_detail.html", "core/object_detail.html"]

    def get_object(self):
        return get_object_or_404(self.scoped(), pk=self.kwargs["pk"])

    def get_extra_context(self, obj) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        may_change = self.model.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists()
        deletable = may_change and may_delete(self.model, request.user)
        context = {
            **self.base_context(),
            "object": obj,
            "may_change": may_change,
            "edit_url": _reverse_or_empty(url_name(self.model, "edit"), obj.pk) if may_change else "",
            "delete_url": _reverse_or_empty(url_name(self.model, "delete"), obj.pk) if deletable else "",
            "fields": displayed_fields(obj, request.user),
            "activity": activity_for(obj, request.user),
            "panels": render_panels(obj, request),
            **self.get_extra_context(obj),
        }
        return self.render_to_response(context)


def displayed_fields(obj: models.Model, user, *, exclude=()) -> list[tuple[str, object]]:
    """(label, display value) of the editable fields, choices shown by their label.

    A related record the user may not see (e.g. another company's agreement behind a pooled
    invention) is named only as hidden, never by its number or title; fields the model's surface
    hides from the user are left out.
    """
    rows = []
    hidden = hidden_on(obj, user)
    internal = getattr(obj, "internal_fields", ())  # kept by the model for itself (search keys)
    for field in obj._meta.concrete_fields:
        if (field.primary_key or field.name in ("created", "modified") or field.name in hidden or field.name in exclude
                or field.name in internal):
            continue
        display = getattr(obj, f"get_{field.name}_display", None)
        value = display() if display else getattr(obj, field.name)
        if field.is_relation and value is not None and hasattr(type(value).objects, "for_user"):
            if not type(value).objects.for_user(user).filter(pk=value.pk).exists():
                value = _("(not visible to you)")
        if isinstance(value, dict | list):
            value = Facts(value)
        rows.append((field.verbose_name, value))
    return rows


class ObjectEditView(ObjectMixin, TemplateView):
    """Create or change a record through a form; the save goes through a service function."""

    template_name = "core/object_edit.html"
    form_class = None

    def get_object(self):
        if "pk" not in self.kwargs:
            if not self.model.objects.get_queryset().may_create(self.request.user):
                raise PermissionDenied
            return self.model(**self.initial_for_new())
        return get_object_or_404(self.scoped(CHANGE), pk=self.kwargs["pk"])

    def initial_for_new(self) -> dict:
        """Field values for a new record, e.g. the parent taken from ``?invention=…``."""
        return {}

    def get_form(self, obj, data=None):
        form = self.form_class(data=data, instance=obj, user=self.request.user)
        limit_to_editable(form, self.request.user)
        return form

    def save(self, form):
        """Persist a valid form through the model's save service, its many-to-many fields with it."""
        # ``form.save_m2m`` exists only after ``form.save(commit=False)``; the many-to-many fields
        # (e.g. a topic's participants) go to the service's transaction from the cleaned data.
        many_to_many = {
            field.name: form.cleaned_data[field.name]
            for field in form.instance._meta.many_to_many
            if field.name in form.cleaned_data
        }
        return save_with_surface(form.instance, user=self.request.user, many_to_many=many_to_many)

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def render_form(self, obj, form):
        return self.render_to_response(
            {**self.base_context(), "object": obj if obj.pk else None, "form": form, "cancel_url": obj.get_absolute_url() if obj.pk else self.base_context()["list_url"]}
        )

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_form(obj, self.get_form(obj))

    def is_valid(self, form) -> bool:
        """Validate the form (and anything riding on it, such as formsets)."""
        return form.is_valid()

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        form = self.get_form(obj, data=request.POST)
        if self.is_valid(form):
            try:
                obj = self.save(form)
            except ValidationError as error:
                _attach_errors(form, error)
            except IntegrityError as error:  # an identical submission saved first, between our check and our write
                _attach_errors(form, conflict_as_validation(form.instance, error))
            else:
                messages.success(request, _("Saved %(name)s.") % {"name": obj})
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(obj, form)


def _attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ObjectDeleteView(ObjectMixin, TemplateView):
    """Confirm, then delete through the model's delete service (which checks and records the event)."""

    template_name = "core/object_delete.html"

    def get_object(self):
        obj = self.scoped(CHANGE).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        if not may_delete(self.model, self.request.user):
            raise PermissionDenied
        return obj

    def parent_of(self, obj):
        """Where to go after the delete: the parent the model's surface names, else the list."""
        return surface_of(obj).parent_of(obj)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_to_response({**self.base_context(), "object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        parent = self.parent_of(obj)
        label = str(obj)
        try:
            delete_with_surface(obj, user=request.user)
        except models.ProtectedError:
            messages.error(request, _("%(name)s is still referred to by other records and cannot be deleted.") % {"name": label})
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(name)s.") % {"name": label})
        return HttpResponseRedirect(parent.get_absolute_url() if parent else self.base_context()["list_url"])


def limit_to_editable(form, user) -> None:
    """Drop the fields of an existing record that ``user``'s role may not change (its surface's ``editable``).

    Everything else about the record is listed in ``form.read_only`` as :func:`displayed_fields`
    shows it (records the user may not open named only as hidden); the edit template shows it as text.
    """
    form.read_only = []
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return
    allowed = editable_fields(type(instance), user)
    if allowed is None:
        return
    for name in [name for name in form.fields if name not in allowed]:
        del form.fields[name]
    form.read_only = displayed_fields(instance, user, exclude=allowed)


def scoped_field_querysets(form, user) -> None:
    """Limit every model choice in ``form`` to what ``user`` may attach records to.

    Directory rows (organisations, people, contract types) need only be visible; containers
    (consortia, agreements, inventions…) must be changeable by the user.
    """
    actor = actor_of(user)
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset, "for_user"):
            continue
        action = getattr(queryset, "reference_action", CHANGE)
        field.queryset = queryset.for_user(actor, action)
