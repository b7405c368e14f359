"""The upload form on a record's documents panel (and its checks: size first, then the type)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .checks import allowed_extensions
from .choices import DocumentKind

__all__ = ["DocumentForm"]


class DocumentForm(forms.Form):
    """A file, its kind, an optional title (the file name without extension) and a note."""

    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ",".join(allowed_extensions())}))
    kind = forms.ChoiceField(label=_("kind of document"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    title = forms.CharField(label=_("title"), max_length=200, required=False,
                            help_text=_("The same title and kind again makes a new version."))
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
