from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "kyoso.parties"
    label = "parties"
    verbose_name = _("Parties")

    def ready(self):
        from kyoso.core import search

        from .search import KINDS

        search.register(*KINDS)  # organisations and people in the search box and the autocompletes
