"""Form base: model choices scoped to the user, dates as date pickers."""

from __future__ import annotations

from django import forms
from django.db import models

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
            self._keep_current_choices()
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def _keep_current_choices(self) -> None:
        """A record keeps the related records it already has, even ones its editor could not pick.

        E.g. a researcher editing their invention may keep its consortium and agreement, which only
        the CPO may attach inventions to; without this the unchanged form would not validate.
        """
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            current = getattr(self.instance, f"{name}_id", None)
            if current is None or not isinstance(field, forms.ModelChoiceField):
                continue
            scoped = field.queryset
            field.queryset = scoped.model._default_manager.filter(
                models.Q(pk__in=scoped.values("pk")) | models.Q(pk=current)
            )
