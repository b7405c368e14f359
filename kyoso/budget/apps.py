from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """The IP fund: ledger, funding-source rules, patent costs, forecast against the fund."""

    name = "kyoso.budget"
    label = "budget"
    verbose_name = _("IP budget")

    def ready(self):
        from . import charts

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        from kyoso.core import hooks
        from kyoso.core.context_processors import EXTRA_NAVIGATION, NAVIGATION_FOR
        from kyoso.core.roles import Role

        from .services.ledger import accruals_of_new_contributions, contribution_changed, contribution_removed

        # A saved or re-derived contribution re-derives its accrual at once, and a deleted one
        # reverses it; sync_accruals (page and CLI) catches anything older.
        hooks.register("contribution_changed", contribution_changed)
        hooks.register("contribution_removed", contribution_removed)
        # An import builds its contributions' accruals before its write transaction, writes them in it.
        hooks.register("contributions_importing", accruals_of_new_contributions)
        entry = (_("IP budget"), "budget:home")
        # The fund page shows nothing to a researcher (budget.views.FundView.consortia).
        NAVIGATION_FOR["budget:home"] = (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY)
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """Other fund sources, a JST A-STEP project, paid costs with invoices (one refused)."""
        from .demo import build_budget

        build_budget(builder)
