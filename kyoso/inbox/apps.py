from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    """What reaches a user: their notifications (a bell, a list, e-mail by choice) and the
    "My work" page whose sections the apps above register (:mod:`kyoso.inbox.work`)."""

    name = "kyoso.inbox"
    label = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        from kyoso.core.context_processors import NAVIGATION

        from . import work

        entry = (_("My work"), "inbox:my_work")
        if entry not in NAVIGATION:
            NAVIGATION.insert(1, entry)  # right after the dashboard
        work.register_dashboard_card()
