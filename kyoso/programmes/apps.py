from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Public funding programmes (A-STEP and gap funds): catalogue, navigator, applications, awards,
    and the duties of public money (reports, repayments, the Japanese Bayh-Dole notices and approvals)."""

    name = "kyoso.programmes"
    label = "programmes"
    verbose_name = _("Public funding")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from kyoso.core import hooks
        from kyoso.core.context_processors import EXTRA_NAVIGATION

        from . import panels
        from .models import Award
        from .services import on_filing_changed, on_filings_imported

        hooks.register("filing_changed", on_filing_changed)
        hooks.register("filings_imported", on_filings_imported)
        hooks.register("state_approval_missing", panels.approval_missing_answer)
        hooks.register("other_duties", panels.other_duties)
        m2m_changed.connect(panels.award_inventions_changed, sender=Award.inventions.through,
                            dispatch_uid="programmes-award-inventions")
        panels.register()
        entry = (_("Public funding"), "programmes:catalogue")
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """An A-STEP 実証研究 award on a pool invention and a commissioned-research invention with its notices."""
        from .demo import build_programmes

        build_programmes(builder)
