from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kyoso.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from . import panels

        panels.register()  # its funding on a consortium's page, its count and money on the dashboard

        from kyoso.core import search as core_search

        from .search import KINDS as SEARCH_KINDS

        core_search.register(*SEARCH_KINDS)  # what the search box finds here
