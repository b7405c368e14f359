from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsortiaConfig(AppConfig):
    name = "kyoso.consortia"
    label = "consortia"
    verbose_name = _("Consortia")

    def ready(self):
        from . import panels

        panels.register()  # its tile and card on the dashboard
