"""The 403, 404 and 500 pages: styled, in the reader's language, with a way back.

They extend ``error_base.html``, which needs nothing that can fail: no database, no context
processors, no static-file manifest (its style is inline). The 500 page is rendered without the
request, as Django's own handler does, so an error in a context processor cannot hide it.
"""

from __future__ import annotations

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token

__all__ = ["page_not_found", "permission_denied", "server_error"]


def _back(request) -> str:
    """Where the reader came from, when it is a page of this site; else nothing."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return referer
    return ""


def _render(name: str, **context) -> str:
    return loader.get_template(name).render(context)  # a plain context: no context processors


@requires_csrf_token
def permission_denied(request, exception=None):
    return HttpResponseForbidden(_render("403.html", back=_back(request), path=request.path))


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(_render("404.html", back=_back(request), path=request.path))


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(_render("500.html"))
