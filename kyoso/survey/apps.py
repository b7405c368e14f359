from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    """The MEXT survey of university–industry collaboration, prepared from kyoso's records."""

    name = "kyoso.survey"
    label = "survey"
    verbose_name = _("MEXT survey")

    def ready(self):
        from kyoso.core.context_processors import EXTRA_NAVIGATION, NAVIGATION_FOR
        from kyoso.core.roles import Role

        entry = (_("MEXT survey"), "survey:report")
        # The institution's own return: prepared by the IP office, read by the auditor (services.may_run_survey).
        NAVIGATION_FOR["survey:report"] = (Role.IP_OFFICE, Role.AUDITOR)
        if entry not in EXTRA_NAVIGATION:
            EXTRA_NAVIGATION.append(entry)

    def extend_demo(self, builder):
        """Kita-Nihon University's commissioned research, a 0-yen case and a spin-off (see demo.py)."""
        from .demo import build_survey_cases

        build_survey_cases(builder)
