"""Saved filters: "save this filter" on any list page, listed there for its owner and removable.

A saved filter is a personal setting (like reminder preferences): only its owner reads or removes
it, so no domain event is written for it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import SavedFilter

__all__ = ["save_filter", "delete_saved_filter", "saved_filters_for", "add_view", "delete_view", "clean_query"]

#: Query parameters that are not filters: the page of the list, an export or a bulk action.
NOT_FILTERS = {"page", "export", "background"}


def clean_query(query: str) -> str:
    """The query string without the page number and export switches, in the order given."""
    return urlencode([(key, value) for key, value in parse_qsl(query, keep_blank_values=False) if key not in NOT_FILTERS])


def _is_list_page(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return bool(match.url_name) and match.url_name.endswith("_list")


@transaction.atomic
def save_filter(path: str, name: str, query: str, *, user) -> SavedFilter:
    """Keep ``query`` on the list ``path`` under ``name`` for ``user`` (the same name again replaces it)."""
    if not getattr(user, "pk", None):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the filter a name."))
    if not _is_list_page(path):
        raise ValidationError(_("Filters are saved on list pages only."))
    saved, _created = SavedFilter.objects.update_or_create(
        owner=user, path=path, name=name[:100], defaults={"query": clean_query(query)[:2000]})
    return saved


@transaction.atomic
def delete_saved_filter(saved: SavedFilter, *, user) -> None:
    if not SavedFilter.objects.for_user(user).filter(pk=saved.pk).exists():
        raise PermissionDenied
    saved.delete()


def saved_filters_for(user, path: str) -> list[SavedFilter]:
    return list(SavedFilter.objects.for_user(user).filter(path=path))


def _back(request, path: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(path if _is_list_page(path) else "/")


@require_POST
@login_required
def add_view(request):
    path = request.POST.get("path") or "/"
    try:
        saved = save_filter(path, request.POST.get("name", ""), request.POST.get("query", ""), user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, path)
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
    return HttpResponseRedirect(saved.get_absolute_url())


@require_POST
@login_required
def delete_view(request, pk):
    saved = SavedFilter.objects.for_user(request.user).filter(pk=pk).first()
    if saved is None:
        raise Http404
    delete_saved_filter(saved, user=request.user)
    messages.success(request, _("Filter “%(name)s” removed.") % {"name": saved.name})
    return _back(request, saved.path)
