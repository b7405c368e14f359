"""The import pages: choose a kind and upload → preview every row → confirm → result.

Every upload path (this page, the royalty-report page, which is this page with its kind fixed)
checks the user's role before reading a byte of the request body: a user who may import nothing
gets 403, and a body larger than the size limit is refused, naming it, without being parsed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from . import uploads
from .forms import ImportForm
from .readers import ImportFileError, Limits, check_size, megabytes
from .registry import importers_for
from .runner import run_import
from .samples import TEMPLATE_FORMATS, template_file

__all__ = ["ImportStartView", "ImportConfirmView", "ImportTemplateView"]

REPORT_TEMPLATE = "importing/report.html"
FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the other fields around the file


def _importer_for(user, kind: str):
    """The importer of ``kind`` if ``user`` may run it; 404 otherwise (it does not exist for them)."""
    for importer in importers_for(user):
        if importer.kind == kind:
            return importer
    raise Http404


class ImportStartView(LoginRequiredMixin, View):
    """Upload a file; a valid upload is previewed (nothing written) and kept for the confirmation.

    ``kind`` fixes the kind (the royalty-report page); otherwise the form asks which.
    """

    kind: str | None = None

    def allowed(self, user) -> list:
        """The importers ``user`` may run here; checked before the request body is read."""
        allowed = importers_for(user)
        return [i for i in allowed if i.kind == self.kind] if self.kind else allowed

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied  # before request.POST / FILES: not a byte of the file is read
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = self.form(initial={"kind": self.kind or request.GET.get("kind")})
        return self.render_form(form)

    def form(self, *args, **kwargs) -> ImportForm:
        form = ImportForm(*args, importers=self.allowed(self.request.user), **kwargs)
        if self.kind:
            form.fields["kind"].initial = self.kind
        return form

    def post(self, request):
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        limits = Limits.from_settings()
        if declared > limits.max_bytes + FORM_OVERHEAD:
            try:
                check_size(declared, limits)
            except ImportFileError as error:
                return self.render_form(self.form(), status=413, upload_error=str(error))
        data = request.POST.copy()
        if self.kind:
            data["kind"] = self.kind
        form = self.form(data, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        importer = _importer_for(request.user, form.cleaned_data["kind"])(request.user)
        upload = form.cleaned_data["file"]
        report = run_import(importer, upload, upload.name, dry_run=True)
        # Only a clean preview can be confirmed; a file with errors is fixed and uploaded again.
        token = uploads.stash(upload, user=request.user, kind=importer.kind, filename=upload.name) if report.ok else ""
        return render(request, REPORT_TEMPLATE, {
            "report": report, "importer": importer, "filename": upload.name, "token": token,
        })

    def render_form(self, form, status: int = 200, upload_error: str = ""):
        return render(self.request, "importing/start.html", {
            "form": form, "upload_error": upload_error, "importers": self.allowed(self.request.user), "formats": TEMPLATE_FORMATS,
            "fixed_kind": self.kind, "limits": _limits_text(),
        }, status=status)


def _limits_text() -> dict[str, str]:
    limits = Limits.from_settings()
    return {"size": megabytes(limits.max_bytes), "rows": f"{limits.max_rows:,}", "cell": f"{limits.max_cell_chars:,}"}


class ImportConfirmView(LoginRequiredMixin, View):
    """Import the previewed file for real: every row or none."""

    def post(self, request):
        if not importers_for(request.user):
            raise PermissionDenied
        token = request.POST.get("token", "")
        stored = uploads.unstash(token, user=request.user)
        if stored is None:
            messages.error(request, _("That upload has expired or is not yours; upload the file again."))
            return redirect("importing:start")
        kind, filename, path = stored
        importer = _importer_for(request.user, kind)(request.user)
        with path.open("rb") as content:
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
