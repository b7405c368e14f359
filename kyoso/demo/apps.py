from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo builder and its commands (``kyoso demo``, ``kyoso generate``): above every domain app."""

    name = "kyoso.demo"
    label = "demo"
    verbose_name = _("Demo")
