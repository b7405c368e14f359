from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocketConfig(AppConfig):
    """Deadlines of every filing (computed from the rules, or typed in), reminders, the calendar
    feed, and the official fees each filing and the whole portfolio will owe."""

    name = "kyoso.docket"
    label = "docket"
    verbose_name = _("Docket")

    def ready(self):
        from . import charts

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        from kyoso.core import hooks
        from kyoso.core.context_processors import EXTRA_NAVIGATION

        from . import panels, work
        from .services import on_filing_changed, on_filings_importing, on_owners_changed
        from .services.tallies import on_owners_inserting

        # kyoso.ip announces changes through hooks; it never imports the docket.
        hooks.register("filing_changed", on_filing_changed)
        hooks.register("invention_owners_changed", on_owners_changed)
        hooks.register("filings_importing", on_filings_importing)
        hooks.register("owners_inserting", on_owners_inserting)
        panels.register()
        work.register_work()  # its section of "My work"
        for entry in ((_("Docket"), "docket:home"), (_("Fee forecast"), "docket:forecast")):
            if entry not in EXTRA_NAVIGATION:
                EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """Deadlines for every demo filing, a few completed, one manual, reminder preferences."""
        from .demo import build_docket

        build_docket(builder)
