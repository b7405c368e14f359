from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kyoso.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from . import charts

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        from . import panels

        panels.register()  # its funding on a consortium's page, its count and money on the dashboard

        from kyoso.core import search as core_search

        from .search import KINDS as SEARCH_KINDS

        core_search.register(*SEARCH_KINDS)  # what the search box finds here

    def extend_demo(self, builder):
        """Sakura terms, drafts and a publication request on the demo agreements."""
        from .demo import build_sakura

        build_sakura(builder)
