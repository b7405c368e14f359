"""*My exports*: the exports prepared in the background for the signed-in user, and their downloads."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from .export import CONTENT_TYPES, export_filename
from .models import PreparedExport
from .prepared_exports import delete_expired, keep_days

__all__ = ["PreparedExportListView", "PreparedExportDownloadView"]


class PreparedExportListView(LoginRequiredMixin, TemplateView):
    """The user's own prepared exports, newest first (expired ones are deleted on the way)."""

    template_name = "core/prepared_export_list.html"

    def get_context_data(self, **kwargs):
        delete_expired(owner=self.request.user)
        exports = PreparedExport.objects.for_user(self.request.user)
        waiting = exports.filter(status__in=(PreparedExport.Status.PENDING, PreparedExport.Status.RUNNING)).exists()
        return {**super().get_context_data(**kwargs), "exports": exports[:100], "keep_days": keep_days(), "waiting": waiting}


class PreparedExportDownloadView(LoginRequiredMixin, View):
    """The file of a ready export; 404 for anyone but its owner (the file holds the owner's scope)."""

    def get(self, request, pk):
        export = get_object_or_404(PreparedExport.objects.for_user(request.user), pk=pk, status=PreparedExport.Status.READY)
        if not export.file:
            raise Http404
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=export_filename(export.title or "export", export.format),
                            content_type=CONTENT_TYPES[export.format])
