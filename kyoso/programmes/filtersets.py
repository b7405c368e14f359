"""Filters for applications, awards and duties (shared by list pages, exports and the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kyoso.core.filters import RecordFilter

from .models import Application, Award, Duty


class ApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ["q", "consortium", "programme", "status", "applicant"]


class AwardFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Award
        fields = ["q", "consortium", "programme", "recipient", "commissioned"]


class DutyFilterSet(django_filters.FilterSet):
    # A number, not a list box of every invention (100,000 at national scale).
    invention = RecordFilter(label=_("Invention"), field_name="invention")

    class Meta:
        model = Duty
        fields = ["award", "duty", "state", "invention"]
