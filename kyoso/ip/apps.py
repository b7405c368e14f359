from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpConfig(AppConfig):
    name = "kyoso.ip"
    label = "ip"
    verbose_name = _("IP pool")

    def ready(self):
        from kyoso.core import hooks

        from . import charts, panels, work
        from .services import researcher_agreements

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        hooks.register("researcher_agreements", researcher_agreements)
        work.register_work()  # its section of "My work"
        panels.register()  # its tiles and latest inventions on the dashboard, its count on a consortium's page

        from kyoso.core import search as core_search

        from .search import KINDS as SEARCH_KINDS

        core_search.register(*SEARCH_KINDS)  # what the search box finds here
