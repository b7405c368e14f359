from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocketConfig(AppConfig):
    name = "kyoso.docket"
    label = "docket"
    verbose_name = _("Docket")
