"""The licensing start page: what there is, in what the user may see."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from kyoso.core.roles import Role, actor_of

from ..models import (
    CompanyClassAssignment,
    DistributionRun,
    Licence,
    LicenceRequest,
    LicensingPolicy,
    RoyaltyReport,
    ShareClassScheme,
    StatementLine,
)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "licensing/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        actor = actor_of(user)
        return {
            **super().get_context_data(**kwargs),
            "is_company": actor.role == Role.COMPANY,
            "tiles": [
                (ShareClassScheme._meta.verbose_name_plural, ShareClassScheme.objects.for_user(user).count(), "licensing:shareclassscheme_list"),
                (CompanyClassAssignment._meta.verbose_name_plural, CompanyClassAssignment.objects.for_user(user).count(), "licensing:companyclassassignment_list"),
                (LicensingPolicy._meta.verbose_name_plural, LicensingPolicy.objects.for_user(user).count(), "licensing:licensingpolicy_list"),
                (LicenceRequest._meta.verbose_name_plural, LicenceRequest.objects.for_user(user).count(), "licensing:licencerequest_list"),
                (Licence._meta.verbose_name_plural, Licence.objects.for_user(user).count(), "licensing:licence_list"),
                (RoyaltyReport._meta.verbose_name_plural, RoyaltyReport.objects.for_user(user).count(), "licensing:royaltyreport_list"),
                (DistributionRun._meta.verbose_name_plural, DistributionRun.objects.for_user(user).count(), "licensing:distributionrun_list"),
                (StatementLine._meta.verbose_name_plural, StatementLine.objects.for_user(user).count(), "licensing:statement"),
            ],
        }
