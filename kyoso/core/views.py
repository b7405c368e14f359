"""Generic list, detail, edit and delete views over scoped querysets and service functions.

App views are declarative (model, table, filterset, form); every one of them starts from
``Model.objects.for_user(request.user, action)`` so a role sees the same rows on every page,
in every export and in the API.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from .activity import activity_for
from .export import export_response
from .panels import render_panels
from .roles import CHANGE, VIEW, actor_of
from .services import delete_object, save_object

__all__ = ["ObjectListView", "ObjectDetailView", "ObjectEditView", "ObjectDeleteView", "url_name"]


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


class ObjectListView(ObjectMixin, TemplateView):
    """A filterable, sortable, paginated list with CSV and XLSX export of the filtered rows."""

    template_name = "core/object_list.html"
    table_class = None
    filterset_class = None
    per_page = 50

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(request.GET or None, queryset=self.scoped(), request=request)
        queryset = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else self.filterset.queryset
        table = self.table_class(queryset)
        if export_format := request.GET.get("export"):
            return export_response(table, export_format, filename=str(self.model._meta.verbose_name_plural))
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(table)
        return self.render_to_response({**self.base_context(), "table": table, "filter": self.filterset})


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
        context = {
            **self.base_context(),
            "object": obj,
            "may_change": may_change,
            "edit_url": _reverse_or_empty(url_name(self.model, "edit"), obj.pk) if may_change else "",
            "delete_url": _reverse_or_empty(url_name(self.model, "delete"), obj.pk) if may_change else "",
            "fields": _displayed_fields(obj),
            "activity": activity_for(obj),
            "panels": render_panels(obj, request),
            **self.get_extra_context(obj),
        }
        return self.render_to_response(context)


def _displayed_fields(obj: models.Model) -> list[tuple[str, object]]:
    """(label, display value) of the editable fields, choices shown by their label."""
    rows = []
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in ("created", "modified"):
            continue
        display = getattr(obj, f"get_{field.name}_display", None)
        value = display() if display else getattr(obj, field.name)
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
        return self.form_class(data=data, instance=obj, user=self.request.user)

    def save(self, form):
        """Persist a valid form; override to call a domain service."""
        obj = save_object(form.instance, user=self.request.user)
        form.save_m2m()
        return obj

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
    """Confirm, then delete through the service (which checks scope and records the event)."""

    template_name = "core/object_delete.html"

    def get_object(self):
        obj = self.scoped(CHANGE).filter(pk=self.kwargs["pk"]).first()
        if obj is None:
            raise Http404
        return obj

    def parent_of(self, obj):
        return None

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.render_to_response({**self.base_context(), "object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        parent = self.parent_of(obj)
        label = str(obj)
        try:
            delete_object(obj, user=request.user, parent=parent)
        except models.ProtectedError:
            messages.error(request, _("%(name)s is still referred to by other records and cannot be deleted.") % {"name": label})
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(name)s.") % {"name": label})
        return HttpResponseRedirect(parent.get_absolute_url() if parent else self.base_context()["list_url"])


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
