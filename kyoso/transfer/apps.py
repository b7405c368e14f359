from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    """Technology transfer: technologies offered, prospects and deals, and the TLO training programme."""

    name = "kyoso.transfer"
    label = "transfer"
    verbose_name = _("Technology transfer")

    def ready(self):
        from kyoso.core.context_processors import EXTRA_NAVIGATION

        entry = (_("Transfer"), "transfer:home")
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """Technologies offered from both pools, deals at every stage, and the host TLO's trainees."""
        from .demo import build_transfer

        build_transfer(builder)
