"""Attach, download and delete documents from a record's page.

The role and the record are checked before the request body is read (an upload a user may not
make is refused without reading a byte of it), and a declared size over the limit is refused the
same way. Downloads go through :class:`DocumentDownloadView` only: the store is never served.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from kyoso.core.roles import CHANGE, VIEW

from .checks import check_size, max_bytes
from .forms import DocumentForm
from .models import Document
from .records import record_type
from .services import attach, delete_document, open_document

__all__ = ["DocumentAttachView", "DocumentDownloadView", "DocumentDeleteView", "download_response", "FORM_OVERHEAD"]

FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the other fields around the file


def record_for(user, type_name: str, pk: int, action: str = CHANGE):
    """The record ``type_name``/``pk`` if ``user`` may ``action`` it: 404 when they cannot see it,
    403 when they see it but may not change it."""
    kind = record_type(type_name)
    if kind is None:
        raise Http404
    record = get_object_or_404(kind.model.objects.for_user(user, VIEW), pk=pk)
    if action == CHANGE and not kind.model.objects.for_user(user, CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    return record


def declared_too_large(request) -> str:
    """The refusal for a request whose declared length is already over the limit, else ``""``."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > max_bytes() + FORM_OVERHEAD:
        try:
            check_size(declared)
        except ValidationError as error:
            return " ".join(error.messages)
    return ""


def download_response(document: Document) -> FileResponse:
    """The file as an attachment, never rendered inline by the browser."""
    response = FileResponse(open_document(document), as_attachment=True, filename=document.filename,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentAttachView(LoginRequiredMixin, View):
    """POST a file to a record's documents (the form is on the record's page)."""

    http_method_names = ["post"]

    def post(self, request, record_type_name: str, pk: int):
        record = record_for(request.user, record_type_name, pk)  # before request.POST / FILES
        back = record.get_absolute_url() + "#documents"
        refusal = declared_too_large(request)
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(back)
        form = DocumentForm(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        try:
            document = attach(record, data["file"], kind=data["kind"], title=data["title"], note=data["note"], user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attached %(name)s.") % {"name": document})
        return HttpResponseRedirect(back)


class DocumentDownloadView(LoginRequiredMixin, View):
    """The stored file, to those who may open its record."""

    def get(self, request, pk: int):
        return download_response(get_object_or_404(Document.objects.for_user(request.user, VIEW), pk=pk))


class DocumentDeleteView(LoginRequiredMixin, View):
    """POST: take a version out of the record's documents (who may change the record)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        document = get_object_or_404(Document.objects.for_user(request.user, VIEW), pk=pk)
        record = document.record
        delete_document(document, user=request.user)  # refuses (403) who may not change the record
        messages.success(request, _("Deleted %(name)s.") % {"name": document})
        return HttpResponseRedirect(record.get_absolute_url() + "#documents")
