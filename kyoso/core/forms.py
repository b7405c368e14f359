"""Form base: model choices scoped to the user, dates as date pickers."""

from __future__ import annotations

from django import forms

from .views import scoped_field_querysets

__all__ = ["ScopedModelForm", "DateInput"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A ModelForm that takes ``user`` and offers only the records that user may use."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            scoped_field_querysets(self, user)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
