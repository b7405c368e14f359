from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    """Portfolio review and the IP map with foreign-filing costs."""

    name = "kyoso.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from kyoso.core.context_processors import EXTRA_NAVIGATION, NAVIGATION_FOR
        from kyoso.core.roles import Role

        from . import charts, panels, work

        charts.register()  # its charts on the charts page (kyoso.core.figures.register_chart)
        panels.register()
        work.register_work()  # its section of "My work"
        entry = (_("Portfolio"), "portfolio:home")
        # Review rounds are the CPO's and the member companies' (ReviewRoundQuerySet); none for a researcher.
        NAVIGATION_FOR["portfolio:home"] = (Role.IP_OFFICE, Role.AUDITOR, Role.CPO, Role.COMPANY)
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """A review round of the opera-demo pool, ending with the committee's decisions."""
        from .demo import build_review

        build_review(builder)
