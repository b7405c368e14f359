from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyoso.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from kyoso.core.context_processors import EXTRA_NAVIGATION
        from kyoso.core.roles import Role

        from . import signals  # noqa: F401 — connects the login receiver

        entry = (_("Users"), "accounts:user_list", (Role.IP_OFFICE,))
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)
