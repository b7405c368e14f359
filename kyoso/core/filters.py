"""Filters every filterset shares, so each list, export and API endpoint reads a parameter alike."""

import django_filters
from django import forms

__all__ = ["MAX_KEY", "RecordFilter"]

#: The largest key either database stores (a signed 64-bit integer); beyond it a filter refuses
#: the value (a 400 on the API, an error on the page) instead of overflowing the driver (a 500).
MAX_KEY = 2**63 - 1


class RecordFilter(django_filters.NumberFilter):
    """A record's key given as a number (``?invention=12``): a whole number from 1 to :data:`MAX_KEY`."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_KEY, **kwargs)
