"""The import pages: choose a kind and upload → preview every row → confirm → result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import uploads
from .forms import ImportForm
from .registry import importers_for
from .runner import run_import
from .samples import TEMPLATE_FORMATS, template_file

__all__ = ["ImportStartView", "ImportConfirmView", "ImportTemplateView"]

REPORT_TEMPLATE = "importing/report.html"


def _importer_for(user, kind: str):
    """The importer of ``kind`` if ``user`` may run it; 404 otherwise (it does not exist for them)."""
    for importer in importers_for(user):
        if importer.kind == kind:
            return importer
    raise Http404


class ImportStartView(LoginRequiredMixin, View):
    """Upload a file; a valid upload is previewed (a dry run) and kept for the confirmation."""

    def get(self, request):
        form = ImportForm(importers=importers_for(request.user), initial={"kind": request.GET.get("kind")})
        return self.render_form(form)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES, importers=importers_for(request.user))
        if not form.is_valid():
            return self.render_form(form)
        importer = _importer_for(request.user, form.cleaned_data["kind"])(request.user)
        upload = form.cleaned_data["file"]
        content = upload.read()
        report = run_import(importer, content, upload.name, dry_run=True)
        # Only a clean preview can be confirmed; a file with errors is fixed and uploaded again.
        token = uploads.stash(content, user=request.user, kind=importer.kind, filename=upload.name) if report.ok else ""
        return render(request, REPORT_TEMPLATE, {
            "report": report, "importer": importer, "filename": upload.name, "token": token,
        })

    def render_form(self, form):
        return render(self.request, "importing/start.html", {
            "form": form, "importers": importers_for(self.request.user), "formats": TEMPLATE_FORMATS,
        })


class ImportConfirmView(LoginRequiredMixin, View):
    """Import the previewed file for real: every row or none."""

    def post(self, request):
        token = request.POST.get("token", "")
        stored = uploads.unstash(token, user=request.user)
        if stored is None:
            messages.error(request, _("That upload has expired or is not yours; upload the file again."))
            return redirect("importing:start")
        kind, filename, content = stored
        importer = _importer_for(request.user, kind)(request.user)
        report = run_import(importer, content, filename)
        uploads.discard(token)
        return render(request, REPORT_TEMPLATE, {"report": report, "importer": importer, "filename": filename})


class ImportTemplateView(LoginRequiredMixin, View):
    """An empty template (headers and a sample row) for one kind, as CSV or XLSX."""

    def get(self, request, kind: str, file_format: str):
        if file_format not in TEMPLATE_FORMATS:
            raise Http404
        content, content_type, filename = template_file(_importer_for(request.user, kind), file_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
