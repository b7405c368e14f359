from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Printable reports (PDF): a consortium's annual IP report and a company's rights statement."""

    name = "kyoso.reports"
    label = "reports"
    verbose_name = _("Printable reports")

    def ready(self):
        from . import panels

        panels.register()  # the download buttons on the consortium's and the company's pages
