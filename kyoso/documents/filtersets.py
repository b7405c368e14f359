"""Filters for documents: by record (the API's "documents of this record"), kind and title."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kyoso.core.filters import RecordFilter

from .models import Document


class DocumentFilterSet(django_filters.FilterSet):
    """``?invention=12`` lists one record's documents; ``?kind=office_action`` one kind."""

    agreement = RecordFilter(field_name="agreement_id", label=_("agreement"))
    invention = RecordFilter(field_name="invention_id", label=_("invention"))
    filing = RecordFilter(field_name="filing_id", label=_("filing"))
    licence = RecordFilter(field_name="licence_id", label=_("licence"))
    licence_request = RecordFilter(field_name="licence_request_id", label=_("licence request"))
    review_item = RecordFilter(field_name="review_item_id", label=_("review right"))
    cost = RecordFilter(field_name="cost_id", label=_("cost"))

    class Meta:
        model = Document
        fields = ["kind", "title", "agreement", "invention", "filing", "licence", "licence_request", "review_item", "cost"]
