from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpConfig(AppConfig):
    name = "kyoso.ip"
    label = "ip"
    verbose_name = _("IP pool")

    def ready(self):
        from . import panels, work

        work.register_work()  # its section of "My work"
        panels.register()  # its tiles and latest inventions on the dashboard, its count on a consortium's page
