"""Filters for documents: by record (the API's "documents of this record"), kind and title."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Document


class DocumentFilterSet(django_filters.FilterSet):
    """``?invention=12`` lists one record's documents; ``?kind=office_action`` one kind."""

    agreement = django_filters.NumberFilter(field_name="agreement_id", label=_("agreement"))
    invention = django_filters.NumberFilter(field_name="invention_id", label=_("invention"))
    filing = django_filters.NumberFilter(field_name="filing_id", label=_("filing"))
    licence = django_filters.NumberFilter(field_name="licence_id", label=_("licence"))
    licence_request = django_filters.NumberFilter(field_name="licence_request_id", label=_("licence request"))
    review_item = django_filters.NumberFilter(field_name="review_item_id", label=_("review right"))
    cost = django_filters.NumberFilter(field_name="cost_id", label=_("cost"))

    class Meta:
        model = Document
        fields = ["kind", "title", "agreement", "invention", "filing", "licence", "licence_request", "review_item", "cost"]
