from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    """Share classes, licensing policies, licences, royalties and distribution."""

    name = "kyoso.licensing"
    label = "licensing"
    verbose_name = _("Licensing")

    def ready(self):
        from . import charts

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        from kyoso.core import hooks
        from kyoso.core.context_processors import EXTRA_NAVIGATION

        from . import panels, work
        from .services import (
            contribution_removed,
            contributions_changed,
            contributions_imported,
            fee_payers,
            fee_payers_of,
        )
        from .services.usage import asset_usage, licensees

        # Lower apps announce changes through kyoso.core.hooks; they never import licensing.
        hooks.register("contribution_changed", contributions_changed)
        hooks.register("contribution_removed", contribution_removed)
        hooks.register("contributions_imported", contributions_imported)
        hooks.register("fee_payers", fee_payers)
        hooks.register("fee_payers_of", fee_payers_of)  # the same answer for a whole portfolio at once
        hooks.register("asset_usage", asset_usage)  # the portfolio review reads licence use
        hooks.register("licensees", licensees)  # US small-entity status (docket, budget)
        panels.register()
        work.register_work()  # its section of "My work"
        entry = (_("Licensing"), "licensing:home")
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

        from kyoso.core import search as core_search

        from .search import KINDS as SEARCH_KINDS

        core_search.register(*SEARCH_KINDS)  # what the search box finds here

    def extend_demo(self, builder):
        """Add the opera-demo consortium's classes, policies, licences, royalties and a distribution."""
        from .demo import build_licensing

        build_licensing(builder)
