"""The upload form: which kind of records, and the file."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .readers import ImportFileError, check_size

__all__ = ["ImportForm"]

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
        try:
            check_size(upload.size)  # the settings' limit, named in the message
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
