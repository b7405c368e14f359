from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kyoso.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks  # noqa: F401 — registers the deployment checks

        _filter_labels_in_the_readers_language()


def _filter_labels_in_the_readers_language() -> None:
    """django-filter writes a filter's default label ("Status", from the field's verbose name) once,
    in the language active the first time anything reads it, and keeps it on the filter class: after
    an English request (or the API schema) read it, Japanese list pages showed "Status" and "Kind".
    The default label is made lazy instead, so each page reads it in its reader's language."""
    from django.utils.functional import lazy
    from django_filters.filters import Filter
    from django_filters.utils import label_for_filter

    if getattr(Filter, "_kyoso_lazy_label", False):
        return
    label_in_language = lazy(label_for_filter, str)

    def get_label(self):
        if self._label is None and hasattr(self, "model"):
            self._label = label_in_language(self.model, self.field_name, self.lookup_expr, self.exclude)
        return self._label

    from django_filters.conf import settings as filter_settings

    def get_field(self):
        # django-filter keeps the form field of the first read on the filter. The API schema reads
        # the fields of a filterset's own (unbound) filters, whose label is not known yet: kept there,
        # that field (labelled "Status" in English) would be copied into every later list page. An
        # unbound filter's field is therefore built afresh each time and never kept.
        if not hasattr(self, "_field"):
            field_kwargs = self.extra.copy()
            if filter_settings.DISABLE_HELP_TEXT:
                field_kwargs.pop("help_text", None)
            field = self.field_class(label=self.label, **field_kwargs)
            if not hasattr(self, "model"):
                return field
            self._field = field
        return self._field

    Filter.label = property(get_label, Filter.label.fset)
    Filter.field = property(get_field)
    Filter._kyoso_lazy_label = True
