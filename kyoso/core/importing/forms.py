"""The upload form: which kind of records, and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["ImportForm", "MAX_UPLOAD_BYTES"]

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def __init__(self, *args, importers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.kind, i.verbose_name) for i in importers]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it."))
        return upload
