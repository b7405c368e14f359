from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyoso.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kyoso.core.context_processors import EXTRA_NAVIGATION, NAVIGATION_FOR
        from kyoso.core.roles import Role

        from . import signals  # noqa: F401 — connects the login receiver

        entry = (_("Users"), "accounts:user_list")
        NAVIGATION_FOR["accounts:user_list"] = (Role.IP_OFFICE,)  # users and roles are the IP office's
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)
