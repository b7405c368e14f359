"""Form base: model choices scoped to the user, dates as date pickers."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .views import scoped_field_querysets

__all__ = ["ScopedModelForm", "DateInput", "LookAlikeCheck", "MoneyField", "MoneyInput", "RecordNumberInput",
           "MAX_SELECT_CHOICES", "parse_yen", "type_big_choices", "RecordNumbersInput"]

#: Above this many records a choice is typed as the record's number instead of picked from a
#: select: at national scale an agreement or filing select would hold 300,000 options (megabytes
#: of HTML, seconds to render). Validation is the field's own, so only scoped records are taken.
MAX_SELECT_CHOICES = 300


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


#: Yen as people type them: an optional minus, an optional yen sign, digits written plainly or
#: grouped by commas every three digits, an optional 円. Full-width characters are read as their
#: ASCII forms first (１，２３４ → 1,234; ￥ → ¥; − → -).
_YEN = re.compile(r"^(?P<minus>-)?[¥\\]?(?P<minus2>-)?(?P<digits>\d+|\d{1,3}(?:,\d{3})+)円?$")


def parse_yen(text: str) -> int:
    """An amount in yen typed with or without separators: "1,234,567", "１，２３４，５６７",
    "¥1,234,567", "-5,000", "1234567円" → an int. Commas must group by three ("1,23,4" is refused:
    it is more likely a typo than an amount); decimals are refused (yen has no fraction).

    Raises ``ValueError`` with nothing the user needs to read (the form field says what is wrong).
    """
    normalized = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").replace("\u2212", "-")
    match = _YEN.match(normalized)
    if not match or (match["minus"] and match["minus2"]):
        raise ValueError(text)
    value = int(match["digits"].replace(",", ""))
    return -value if match["minus"] or match["minus2"] else value


class MoneyInput(forms.TextInput):
    """A yen amount in a text box (a number box would refuse the commas people type), shown with
    its thousands separators; a rejected entry comes back exactly as typed."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", "class": "money", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return super().format_value(value)


class MoneyField(forms.IntegerField):
    """Every yen amount of every form: accepts what :func:`parse_yen` reads, stores an int.

    The API keeps strict integers (its serializers are not forms).
    """

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Type an amount in yen: digits, with commas every three digits if you like (1,234,567)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return parse_yen(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("min", None), attrs.pop("max", None), attrs.pop("step", None)  # not a number box
        return attrs


def money_fields(form: forms.BaseForm) -> None:
    """Make each yen field of a model form (a big-integer model field) a :class:`MoneyField`."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None:
        return
    for name, field in list(form.fields.items()):
        if type(field) is not forms.IntegerField:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if isinstance(model_field, models.BigIntegerField):
            money = MoneyField(required=field.required, label=field.label, help_text=field.help_text,
                               initial=field.initial, min_value=field.min_value, max_value=field.max_value,
                               disabled=field.disabled)
            money.validators = list(field.validators)
            form.fields[name] = money


class RecordNumberInput(forms.NumberInput):
    """A record typed as its number (the one in its page's address, ``/agreements/<number>/``),
    followed by the name of the record currently chosen, so an edit shows what it points at."""

    def __init__(self, queryset, attrs=None):
        super().__init__(attrs={"min": 1, "class": "record-number", **(attrs or {})})
        self.queryset = queryset

    def autocomplete_attrs(self) -> dict:
        """With JavaScript, a search box suggests the user's records of the kind (``autocomplete.js``
        and the kind's endpoint in :mod:`kyoso.core.search_views`); without it, the number is typed."""
        from django.urls import reverse

        from .search import kind_for_model

        kind = kind_for_model(self.queryset.model)
        if kind is None:
            return {}
        return {"data-autocomplete": reverse("autocomplete", args=[kind.name]),
                "data-autocomplete-placeholder": _("Search by name or number")}

    def render(self, name, value, attrs=None, renderer=None):
        extra = self.autocomplete_attrs()
        html = super().render(name, value, {**(attrs or {}), **extra}, renderer)
        if extra:
            html = format_html('{}<script src="{}" defer></script>', html, static("kyoso/autocomplete.js"))
        chosen = None
        if value not in (None, "") and str(value).isdigit():
            chosen = self.queryset.model._default_manager.filter(pk=value).first()
        hint = _("Type the number in the record's address, e.g. 123 for …/123/.")
        if chosen is not None:
            return format_html('{} <span class="small">{} — <a href="{}">{}</a></span>', html, hint,
                               chosen.get_absolute_url() if hasattr(chosen, "get_absolute_url") else "", str(chosen))
        return format_html('{} <span class="small">{}</span>', html, hint)


class RecordNumbersInput(forms.TextInput):
    """Several records typed as their numbers, separated by commas or spaces (``12, 15, 300``),
    followed by the names of those currently chosen: a many-records choice among more records
    than a list box can hold (every invention of a national portfolio)."""

    #: Chosen records named beside the box; beyond, "and N more".
    NAMED = 20

    def __init__(self, queryset, attrs=None):
        super().__init__(attrs={"class": "record-numbers", "inputmode": "numeric", **(attrs or {})})
        self.queryset = queryset

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist") and len(data.getlist(name)) > 1:
            return data.getlist(name)  # several values posted (a script, or the API's form)
        text = data.get(name)
        if text is None:
            return None
        return [part for part in re.split(r"[\s,、，]+", str(text)) if part]

    def format_value(self, value):
        if not value:
            return ""
        values = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(str(getattr(v, "pk", v)) for v in values)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        hint = _("Type the numbers in the records' addresses, separated by commas (e.g. 12, 15).")
        keys = [str(getattr(v, "pk", v)) for v in (value or []) if str(getattr(v, "pk", v)).isdigit()]
        chosen = list(self.queryset.model._default_manager.filter(pk__in=keys[: self.NAMED]).order_by("pk"))
        if not chosen:
            return format_html('{} <span class="small">{}</span>', html, hint)
        names = format_html_join(", ", '<a href="{}">{}</a>', ((getattr(c, "get_absolute_url", str)(), str(c)) for c in chosen))
        more = len(keys) - len(chosen)
        if more > 0:
            names = format_html("{} {}", names, _("and %(count)s more") % {"count": more})
        return format_html('{} <span class="small">{} — {}</span>', html, hint, names)


def type_big_choices(*forms_: forms.BaseForm) -> None:
    """Make each plain model choice among more than ``MAX_SELECT_CHOICES`` records a number input
    (:class:`RecordNumberInput`), and each choice of several among as many a numbers input
    (:class:`RecordNumbersInput`): a list box of 100,000 inventions is neither usable nor quick.

    One bounded count per field name, shared by forms of the same kind (the rows of a formset),
    whatever the number of records.
    """
    big: dict[str, bool] = {}
    for form in forms_:
        for name, field in form.fields.items():
            single = type(field) is forms.ModelChoiceField and isinstance(field.widget, forms.Select)
            several = type(field) is forms.ModelMultipleChoiceField and isinstance(field.widget, forms.SelectMultiple)
            if not (single or several):
                continue
            if name not in big:
                big[name] = field.queryset.order_by()[: MAX_SELECT_CHOICES + 1].count() > MAX_SELECT_CHOICES
            if big[name]:
                field.widget = RecordNumberInput(field.queryset) if single else RecordNumbersInput(field.queryset)


class ScopedModelForm(forms.ModelForm):
    """A ModelForm that takes ``user`` and offers only the records that user may use."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            scoped_field_querysets(self, user)
            self._keep_current_choices()
            type_big_choices(self)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        money_fields(self)

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


class LookAlikeCheck:
    """"Did you mean …?" on a new record that looks like ones already recorded.

    Whether two records are the same organisation, person or agreement is a judgement, so it is
    asked, never refused: the first submission of a new record that :meth:`look_alikes` matches is
    sent back listing them (with links) and a "This is a different one" box; submitting again with
    the box ticked saves. Editing an existing record asks nothing. Mixed into a ScopedModelForm.
    """

    CONFIRM = "different_one"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and self.is_bound and self.CONFIRM in self.data:
            self._add_confirmation()

    def _add_confirmation(self) -> None:
        self.fields[self.CONFIRM] = forms.BooleanField(
            label=_("This is a different one"), required=False,
            help_text=_("Tick if the record you are adding is not one of those listed above."),
        )

    def look_alikes(self, data: dict) -> list[models.Model]:
        """Recorded records the new one may duplicate (the subclass says how it compares)."""
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None or data.get(self.CONFIRM) or self.errors:
            return data
        similar = self.look_alikes(data)
        if similar:
            self._add_confirmation()
            links = format_html_join(", ", '<a href="{}">{}</a>', ((row.get_absolute_url(), str(row)) for row in similar))
            raise forms.ValidationError(format_html(
                "{} {}", _("Did you mean one already recorded?"), links), code="look_alike")
        return data
